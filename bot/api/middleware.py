"""Reject oversized bodies before they are read (pure ASGI, so streaming stays cheap).

A declared Content-Length over the cap is refused at once; a chunked body is counted as it
arrives and refused with the same 413 the moment it passes the cap (raised as an HTTPException,
which FastAPI's body reader lets through instead of turning it into a 400). Either way the
connection is closed, so the client stops sending.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException

from bot.core.errors import PayloadTooLarge


class BodyLimit:
    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = True
                if too_big:
                    return await _reject(send)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await _reject(send)


class _TooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, headers={"Connection": "close"})


async def _reject(send) -> None:
    body = json.dumps({"error": PayloadTooLarge().to_dict()}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
