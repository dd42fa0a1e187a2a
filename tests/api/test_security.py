"""Security headers, CSP, CORS, self-hosted docs, rate limit, feedback idempotency, context expiry,
liveness without the database."""

from __future__ import annotations

import base64
import hashlib
import re
import sqlite3
import time

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.api.ratelimit import TokenBucket, _networks, client_address
from bot.core.context import sign

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def client(bot, settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("sec") / "feedback.sqlite3"
    with TestClient(create_app(settings.model_copy(update={"feedback_db": db}), bot=bot)) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/static/widget.js", "/docs", "/docs/init.js",
                                  "/docs/assets/swagger-ui-bundle.js", "/health", "/nope"])
def test_security_headers_on_every_response(client, path):
    h = client.get(path).headers
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    csp = h["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'self'" in csp and "object-src 'none'" in csp


def test_csp_allows_exactly_the_demo_page_inline_style(client):
    page = client.get("/")
    styles = re.findall(r"<style>(.*?)</style>", page.text, re.S)
    assert styles and "<script>" not in page.text  # no inline script at all
    csp = page.headers["content-security-policy"]
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_frame_ancestors_from_settings(bot, settings):
    app = create_app(settings.model_copy(update={"frame_ancestors": "https://www.example.gov.cn"}), bot=bot)
    with TestClient(app) as c:
        h = c.get("/").headers
    assert "frame-ancestors https://www.example.gov.cn" in h["content-security-policy"]
    assert "x-frame-options" not in h  # the legacy header cannot name another origin


def test_docs_are_self_hosted(client):
    page = client.get("/docs").text
    refs = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert refs and all(ref.startswith("/") and not ref.startswith("//") for ref in refs)
    for ref in refs:
        r = client.get(ref)
        assert r.status_code == 200 and len(r.content) > 100
    assert client.get("/docs/assets/swagger-ui-bundle.js").headers["content-type"].startswith("text/javascript")
    assert "/api/chat" in client.get("/openapi.json").json()["paths"]


def test_docs_can_be_switched_off(bot, settings):
    with TestClient(create_app(settings.model_copy(update={"docs_enabled": False}), bot=bot)) as c:
        assert c.get("/docs").status_code == 404
        assert c.get("/openapi.json").status_code == 404
        assert c.get("/health").status_code == 200


def test_rate_limit_answers_429_with_retry_after(bot, settings):
    with TestClient(create_app(settings.model_copy(update={"rate_limit_per_minute": 3}), bot=bot)) as c:
        codes = [c.post("/api/chat", json={"message": "潍坊医保怎么交"}).status_code for _ in range(3)]
        refused = c.post("/api/chat", json={"message": "潍坊医保怎么交"})
        assert c.get("/health").status_code == 200  # liveness is never limited
    assert codes == [200, 200, 200]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"]["code"] == "too_many_requests" and HAN.search(refused.json()["error"]["message"])


def test_token_bucket_refills_at_the_configured_rate():
    bucket = TokenBucket(per_minute=60)
    assert all(bucket.take("a", 100.0) == 0 for _ in range(60))
    assert bucket.take("a", 100.0) == pytest.approx(1.0)
    assert bucket.take("b", 100.0) == 0  # another client has its own bucket
    assert bucket.take("a", 101.0) == 0  # one token back after a second
    assert bucket.take("a", 101.0) > 0


def test_token_bucket_memory_is_bounded():
    bucket = TokenBucket(per_minute=10, max_clients=100)
    for i in range(1000):
        bucket.take(f"10.0.{i // 250}.{i % 250}", float(i))
    assert len(bucket.buckets) <= 101


def scope(peer: str, forwarded: str | None = None) -> dict:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"client": (peer, 5000), "headers": headers}


def test_forwarded_for_is_used_only_from_a_trusted_proxy():
    proxies = _networks(["10.0.0.0/8"])
    assert client_address(scope("203.0.113.9", "1.2.3.4"), proxies) == "203.0.113.9"  # not a proxy: ignored
    assert client_address(scope("10.0.0.2", "1.2.3.4"), proxies) == "1.2.3.4"
    assert client_address(scope("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.7"), proxies) == "1.2.3.4"  # spoofed left
    assert client_address(scope("10.0.0.2", "1.2.3.4"), []) == "10.0.0.2"  # no proxies configured


def test_feedback_idempotency_key(client, settings):
    rid = client.post("/api/chat", json={"message": "潍坊居民医保怎么缴费"}).json()["request_id"]
    body = {"request_id": rid, "rating": "down", "comment": "重试", "idempotency_key": "k-1"}
    first, again = client.post("/api/feedback", json=body).json(), client.post("/api/feedback", json=body).json()
    by_header = [client.post("/api/feedback", json={"request_id": rid, "rating": "up"},
                             headers={"Idempotency-Key": "k-2"}).json() for _ in range(2)]
    other = client.post("/api/feedback", json={**body, "idempotency_key": "k-3"}).json()
    assert first == again and by_header[0] == by_header[1]
    assert len({first["feedback_id"], by_header[0]["feedback_id"], other["feedback_id"]}) == 3
    db_path = client.app.state.settings.feedback_db
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM feedback WHERE request_id = ?", (rid,)).fetchone()[0] == 3


def test_expired_context_is_refused(client, bot):
    old = sign({"history": ["平阳县县级医院住院能报多少"]}, bot.secret, now=time.time() - 25 * 3600)
    r = client.post("/api/chat", json={"message": "2万", "context": old})
    assert r.status_code == 400 and r.json()["error"]["code"] == "context_expired"
    future = sign({"history": ["平阳县县级医院住院能报多少"]}, bot.secret, now=time.time() + 3600)
    assert client.post("/api/chat", json={"message": "2万", "context": future}).status_code == 400
    fresh = sign({"history": ["平阳县县级医院住院能报多少"]}, bot.secret)
    assert client.post("/api/chat", json={"message": "2万", "context": fresh}).status_code == 200


def test_health_is_liveness_only_and_never_touches_the_store(bot, settings, tmp_path):
    class Broken:
        def __getattr__(self, name):
            raise AssertionError(f"/health used the store ({name})")

    with TestClient(create_app(settings.model_copy(update={"feedback_db": tmp_path / "f.sqlite3"}), bot=bot)) as c:
        c.app.state.feedback = Broken()
        assert c.get("/health").status_code == 200
