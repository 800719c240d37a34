"""The benchmark's JSON hello endpoint on FastAPI (the seed demo's stack)."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def root():
    return {"message": "Hello World"}
