"""The yardstick for the HTTP figures: a bare FastAPI POST route with a small pydantic body and a
small JSON reply, served by the same uvicorn as `yibao serve` (`--quiet`)."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Body(BaseModel):
    message: str


@app.post("/api/chat")
async def chat(body: Body) -> dict:
    return {"status": "answer", "answer": body.message}
