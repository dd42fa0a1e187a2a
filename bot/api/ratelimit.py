"""Per-client rate limit for the API (/api/*, /v1/*): a token bucket per client address.

Each client may send `rate_limit_per_minute` requests in a burst, refilled at that rate; beyond
it the answer is 429 with Retry-After and a Chinese message. The client is the peer address;
`X-Forwarded-For` is read only when the peer is one of `trusted_proxies` (then the right-most
address in it that is not a trusted proxy is the client). Buckets live in each worker process,
so with N workers a client may get up to N times the limit. 0 turns the limit off.
"""

from __future__ import annotations

import ipaddress
import json
import math
import time

from bot.core.errors import RateLimited

PATHS = ("/api/", "/v1/")
MAX_CLIENTS = 50_000  # buckets kept; full (idle) ones are dropped first when there are more


class TokenBucket:
    def __init__(self, per_minute: int, max_clients: int = MAX_CLIENTS) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.max_clients = max_clients
        self.buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str, now: float) -> float:
        """0 when a request of `key` may go ahead now, else the seconds until it may."""
        tokens, last = self.buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + max(0.0, now - last) * self.rate)
        if tokens >= 1:
            self.buckets[key] = (tokens - 1, now)
            if len(self.buckets) > self.max_clients:
                self._prune(now)
            return 0.0
        self.buckets[key] = (tokens, now)
        return (1 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        full_after = self.capacity / self.rate
        self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < full_after}
        if len(self.buckets) > self.max_clients:  # all busy: keep the most recent half
            recent = sorted(self.buckets.items(), key=lambda kv: kv[1][1])[len(self.buckets) // 2:]
            self.buckets = dict(recent)


def _networks(values: list[str]) -> list:
    return [ipaddress.ip_network(v, strict=False) for v in values]


def _trusted(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(scope, proxies: list) -> str:
    peer = (scope.get("client") or ("unknown", 0))[0]
    if not proxies or not _trusted(peer, proxies):
        return peer
    forwarded = b",".join(v for k, v in scope.get("headers", ()) if k == b"x-forwarded-for")
    hops = [h.strip() for h in forwarded.decode("latin-1").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop[:64]
    return hops[0][:64] if hops else peer


class RateLimit:
    """Pure ASGI middleware, so a refused request costs no routing or body parsing."""

    def __init__(self, app, per_minute: int, trusted_proxies: list[str] | None = None) -> None:
        self.app = app
        self.bucket = TokenBucket(per_minute) if per_minute > 0 else None
        self.proxies = _networks(trusted_proxies or [])

    async def __call__(self, scope, receive, send):
        if self.bucket is None or scope["type"] != "http" or not scope["path"].startswith(PATHS):
            return await self.app(scope, receive, send)
        wait = self.bucket.take(client_address(scope, self.proxies), time.monotonic())
        if not wait:
            return await self.app(scope, receive, send)
        err = RateLimited(math.ceil(wait))
        body = json.dumps({"error": err.to_dict()}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": err.status,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                                (b"retry-after", str(err.retry_after).encode())]})
        await send({"type": "http.response.body", "body": body})
