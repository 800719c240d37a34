"""The benchmark's JSON hello endpoint as a bare ASGI callable: uvicorn's own ceiling."""
BODY = b'{"message":"Hello World"}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
