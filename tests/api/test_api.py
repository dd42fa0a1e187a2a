"""Every route and error through the ASGI app."""

import sqlite3

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app


@pytest.fixture(scope="module")
def client(bot, settings):
    with TestClient(create_app(settings, bot=bot)) as c:
        yield c


def test_chat_reply_shape(client):
    r = client.post("/api/chat", json={"message": "潍坊居民医保高档一家三口交多少"})
    assert r.status_code == 200
    body = r.json()
    for key in ["status", "answer", "intent", "confidence", "citations", "passages", "clarify", "calculation",
                "context", "request_id"]:
        assert key in body
    assert body["calculation"]["amount"] == 1170
    assert {"n", "passage_id", "source", "title", "quote"} <= set(body["citations"][0])


def test_chat_follow_up_through_api(client):
    first = client.post("/api/chat", json={"message": "平阳县县级医院住院能报多少"}).json()
    second = client.post("/api/chat", json={"message": "2万", "context": first["context"]}).json()
    assert second["calculation"]["amount"] == 13370


@pytest.mark.parametrize("body, status, code", [
    ({"message": ""}, 400, "empty_message"),
    ({"message": "   \n "}, 400, "empty_message"),
    ({"message": "医" * 501}, 413, "message_too_long"),
    ({"message": 123}, 422, "invalid_input"),
    ({"message": None}, 422, "invalid_input"),
    ({}, 422, "invalid_input"),
    ({"message": "你好", "extra": 1}, 422, "invalid_input"),
    ({"message": "你好", "context": "abc"}, 422, "invalid_input"),
    ({"message": "你好", "context": {"v": 1, "data": {}, "sig": "forged"}}, 400, "invalid_context"),
    ([1, 2], 422, "invalid_input"),
])
def test_chat_bad_input(client, body, status, code):
    r = client.post("/api/chat", json=body)
    assert r.status_code == status
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["message"]


@pytest.mark.parametrize("content, ctype", [
    (b"\xff\xfe\x00binary", "application/json"),
    (b'{"message": "\xe5\x8c\xbb', "application/json"),
    ("message=hi".encode(), "application/x-www-form-urlencoded"),
    (b"", "application/json"),
])
def test_chat_undecodable_bodies(client, content, ctype):
    r = client.post("/api/chat", content=content, headers={"content-type": ctype})
    assert r.status_code in (400, 422) and r.json()["error"]["code"] == "invalid_input"


def test_body_size_cap(client):
    r = client.post("/api/chat", content=b'{"message": "' + b"a" * 20000 + b'"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def test_passage_route(client):
    body = client.post("/api/chat", json={"message": "中山怎么选定点医院"}).json()
    pid = body["citations"][0]["passage_id"]
    p = client.get(f"/api/passages/{pid}").json()
    assert p["passage_id"] == pid and p["title"] and p["source"].startswith("001_")
    assert body["citations"][0]["quote"] in p["text"]
    assert p["previous"] or p["next"]


def test_unknown_passage_is_404(client):
    r = client.get("/api/passages/nope-123")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_feedback_is_stored(client, settings):
    rid = client.post("/api/chat", json={"message": "潍坊居民医保怎么缴费"}).json()["request_id"]
    r = client.post("/api/feedback", json={"request_id": rid, "rating": "down", "comment": "没说清楚"})
    assert r.status_code == 200 and r.json()["ok"]
    with sqlite3.connect(settings.feedback_db) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        row = db.execute("SELECT rating, comment FROM feedback WHERE request_id = ?", (rid,)).fetchone()
    assert row == ("down", "没说清楚")


@pytest.mark.parametrize("body, status", [
    ({"request_id": "unknown", "rating": "up"}, 404),
    ({"request_id": "x", "rating": "meh"}, 422),
    ({"rating": "up"}, 422),
])
def test_feedback_errors(client, body, status):
    assert client.post("/api/feedback", json=body).status_code == status


def test_health(client, bot):
    h = client.get("/health").json()
    assert h == {"status": "ok", "index_loaded": True, "index_version": bot.index.version,
                 "passages": len(bot.index.passages)}


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    assert "/api/chat" in client.get("/openapi.json").json()["paths"]


def test_demo_page_autoescapes(client):
    r = client.get("/")
    assert r.status_code == 200 and "widget.js" in r.text and "医保" in r.text


def test_unknown_route_and_method(client):
    assert client.get("/nope").json()["error"]["code"] == "not_found"
    assert client.get("/api/chat").json()["error"]["code"] == "method_not_allowed"


def test_cors_same_origin_only_by_default(client):
    r = client.options("/api/chat", headers={"Origin": "https://www.example.gov.cn",
                                              "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_allow_list(bot, settings):
    allowed = "https://www.example.gov.cn"
    with TestClient(create_app(settings.model_copy(update={"cors_origins": [allowed]}), bot=bot)) as c:
        for origin, expected in ((allowed, allowed), ("https://evil.example", None)):
            r = c.options("/api/chat", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
            assert r.headers.get("access-control-allow-origin") == expected


def test_openai_non_streaming(client):
    r = client.post("/v1/chat/completions", json={"model": "yibao", "messages": [
        {"role": "user", "content": "中山怎么选定点医院"}]})
    body = r.json()
    assert body["object"] == "chat.completion"
    assert "来源" in body["choices"][0]["message"]["content"]


def test_openai_streaming(client):
    with client.stream("POST", "/v1/chat/completions", json={"model": "yibao", "stream": True, "messages": [
            {"role": "user", "content": "中山怎么选定点医院"}]}) as r:
        text = "".join(r.iter_text())
    assert r.headers["content-type"].startswith("text/event-stream")
    assert text.strip().endswith("data: [DONE]")


def test_openai_models(client):
    assert client.get("/v1/models").json()["data"][0]["id"] == "yibao"


def test_openai_without_user_message(client):
    r = client.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "hi"}]})
    assert r.status_code == 200  # answered, as OpenAI does: the reply asks for a question
    assert r.json()["choices"][0]["message"]["content"] == "请输入您想咨询的医保问题。"
    assert r.json()["yibao"]["error"]["code"] == "empty_message"
