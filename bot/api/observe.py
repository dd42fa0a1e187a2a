"""Pure-ASGI middleware: a signed request id per request (state, `X-Request-ID`, every log line),
Prometheus request counts and latency by route, and one JSON access-log line per request."""

from __future__ import annotations

import logging
import time

from bot.api.metrics import LATENCY, REQUESTS, labelled
from bot.core.ids import new_request_id
from bot.core.logs import request_id_var

log = logging.getLogger("yibao.access")


def _route(scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path:
        return path
    return "/static" if scope.get("path", "").startswith("/static/") else "unmatched"


class Observe:
    def __init__(self, app, access_log: bool = False) -> None:
        self.app = app
        self.access_log = access_log

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        state = scope["app"].state
        rid = new_request_id(getattr(state, "request_key", b"-"))
        scope.setdefault("state", {})["request_id"] = rid
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 500
        header = (b"x-request-id", rid.encode())

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route(scope)
            labelled(REQUESTS, route, scope["method"], str(status)).inc()
            labelled(LATENCY, route).observe(elapsed)
            if self.access_log:
                log.info("request", extra={"method": scope["method"], "path": scope["path"], "status": status,
                                           "ms": round(elapsed * 1000, 2)})
            request_id_var.reset(token)
