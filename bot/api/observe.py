"""Pure-ASGI middleware: a signed request id per request (state, `X-Request-ID`, every log line),
Prometheus request counts and latency by route, and one JSON access-log line per request."""

from __future__ import annotations

import logging
import time

from bot.api.metrics import LATENCY, REQUESTS
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
        self._series: dict[tuple, tuple] = {}  # (route, method, status) -> its counter and histogram

    def _metrics(self, route: str, method: str, status: int) -> tuple:
        key = (route, method, status)
        series = self._series.get(key)
        if series is None:  # prometheus-client's labels() takes a lock and builds a key on every call
            series = (REQUESTS.labels(route, method, str(status)), LATENCY.labels(route))
            if len(self._series) < 1024:
                self._series[key] = series
        return series

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
            requests, latency = self._metrics(route, scope["method"], status)
            requests.inc()
            latency.observe(elapsed)
            if self.access_log:
                log.info("request", extra={"method": scope["method"], "path": scope["path"], "status": status,
                                           "ms": round(elapsed * 1000, 2)})
            request_id_var.reset(token)
