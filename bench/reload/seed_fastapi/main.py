"""The seed's FastAPI app: a process pool created at startup, shut down at shutdown, and a
request that hands the pool a small task. Run with: python3 -m uvicorn main:app --reload"""
import asyncio
import concurrent.futures
import contextlib
import inspect

from fastapi import FastAPI

pool = None


def task():
    """The small task: runs in the pool's child process."""
    return 6 * 7


def start_pool():
    global pool
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=1)


def stop_pool():
    pool.shutdown()


if "lifespan" in inspect.signature(FastAPI.__init__).parameters:

    @contextlib.asynccontextmanager
    async def lifespan(app):
        start_pool()
        yield
        stop_pool()

    app = FastAPI(lifespan=lifespan)
else:
    app = FastAPI()

    @app.on_event("startup")
    async def startup():
        start_pool()

    @app.on_event("shutdown")
    async def shutdown():
        stop_pool()


@app.get("/")
async def root():
    await asyncio.get_running_loop().run_in_executor(pool, task)
    return {"message": "Hello World"}
