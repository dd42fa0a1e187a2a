"""uvicorn's httptools protocol with the limits a public server needs (`yibao serve` uses it).

- a whole request (request line, headers and body) must arrive within `request_read_timeout`
  seconds of its first byte, or of the connection opening: else 408 and the connection is closed,
  so slow or idle clients cannot hold connections (uvicorn itself only times out idle keep-alive);
- request line + headers larger than `max_header_bytes` -> 431 and close (httptools has no cap);
- more than `limit_concurrency` open connections or running requests -> 503;
- every such answer, and uvicorn's own "invalid HTTP request", is JSON {"error": {code, message}}.
"""

from __future__ import annotations

import asyncio
import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from bot.core.config import get_settings

_REASONS = {400: b"Bad Request", 408: b"Request Timeout", 431: b"Request Header Fields Too Large",
            503: b"Service Unavailable"}
_ERRORS = {
    400: ("invalid_http", "请求格式不正确,无法解析。"),
    408: ("request_timeout", "请求发送超时,请检查网络后重试。"),
    431: ("headers_too_large", "请求头过大。"),
    503: ("server_busy", "当前咨询人数较多,请稍后再试。"),
}


def error_bytes(status: int) -> bytes:
    code, message = _ERRORS[status]
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    head = (f"HTTP/1.1 {status} ".encode() + _REASONS[status] + b"\r\n"
            b"content-type: application/json; charset=utf-8\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"connection: close\r\n\r\n")
    return head + body


def _error_app(status: int):
    """An ASGI app answering every request with the JSON error for `status` and closing."""
    code, message = _ERRORS[status]
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json; charset=utf-8"),
               (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    if status == 503:
        headers.append((b"retry-after", b"1"))

    async def app(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
    return app


_BUSY, _HEADERS_TOO_LARGE = _error_app(503), _error_app(431)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, config, server_state, app_state, _loop=None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        settings = get_settings()
        self.read_timeout = settings.request_read_timeout
        self.max_header_bytes = settings.max_header_bytes
        self.max_concurrency = config.limit_concurrency
        self.limit_concurrency = None  # checked here, so the 503 is JSON
        self._deadline: asyncio.TimerHandle | None = None
        self._header_bytes = 0  # bytes received while the headers were incomplete
        self._header_size = 0  # request line + headers as parsed
        self._in_headers = True
        self._refused = False

    # -- deadline for receiving one whole request ---------------------------------------------
    def _arm(self) -> None:
        if self._deadline is None and self.read_timeout:
            self._deadline = self.loop.call_later(self.read_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if self.cycle is not None and self.cycle.response_started:
            self.transport.close()
        else:
            self._refuse(408)

    def _refuse(self, status: int) -> None:
        self._refused = True
        self._disarm()
        if not self.transport.is_closing():
            self.transport.write(error_bytes(status))
            self.transport.close()

    # -- uvicorn protocol hooks -------------------------------------------------------------
    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._arm()
        if self._in_headers:
            self._header_bytes += len(data)
        super().data_received(data)
        if self._in_headers and self._header_bytes > self.max_header_bytes and not self.transport.is_closing():
            self._refuse(431)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_headers = True
        self._header_size = 0

    def on_url(self, url: bytes) -> None:
        self._header_size += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_size += len(name) + len(value) + 4
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_headers = False
        self._header_bytes = 0
        if self._header_size > self.max_header_bytes:  # all of it arrived at once: answer, then close
            return self._answer_with(_HEADERS_TOO_LARGE)
        too_many = self.max_concurrency is not None and (
            len(self.connections) > self.max_concurrency or len(self.tasks) >= self.max_concurrency)
        if too_many:
            return self._answer_with(_BUSY)
        super().on_headers_complete()

    def _answer_with(self, error_app) -> None:
        app, self.app = self.app, error_app
        try:
            super().on_headers_complete()
        finally:
            self.app = app

    def on_message_complete(self) -> None:
        self._disarm()
        self._header_bytes = 0
        self._in_headers = True  # whatever arrives next starts a new request
        super().on_message_complete()

    def send_400_response(self, msg: str) -> None:
        self._refuse(400)
