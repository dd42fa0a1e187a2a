"""Bad input of every kind: a 4xx JSON error {code, Chinese message} (or a normal answer where the
input is cleaned), never a 500, never a plain-text error."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app

HAN = re.compile(r"[\u4e00-\u9fff]")
SIG = "0" * 64


@pytest.fixture(scope="module")
def client(bot, settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("bad") / "feedback.sqlite3"
    with TestClient(create_app(settings.model_copy(update={"feedback_db": db}), bot=bot),
                    raise_server_exceptions=False) as c:
        yield c


def raw(obj) -> bytes:
    """JSON with \\uXXXX escapes, so lone surrogates reach the server as they would from a browser."""
    return json.dumps(obj).encode()


def chat(body):
    return ("POST", "/api/chat", {"json": body})


def chat_raw(content: bytes, ctype: str = "application/json"):
    return ("POST", "/api/chat", {"content": content, "headers": {"content-type": ctype}})


def feedback(body):
    return ("POST", "/api/feedback", {"json": body})


def oai(body):
    return ("POST", "/v1/chat/completions", {"json": body})


def user(content):
    return oai({"messages": [{"role": "user", "content": content}]})


def ctx(context):
    return chat({"message": "潍坊医保怎么交", "context": context})


CASES = [
    # /api/chat: message
    ("empty message", chat({"message": ""}), 400, "empty_message"),
    ("blank message", chat({"message": " \n\t "}), 400, "empty_message"),
    ("ideographic spaces only", chat({"message": "\u3000\u3000"}), 400, "empty_message"),
    ("message too long", chat({"message": "医" * 501}), 413, "message_too_long"),
    ("message int", chat({"message": 123}), 422, "invalid_input"),
    ("message null", chat({"message": None}), 422, "invalid_input"),
    ("message bool", chat({"message": True}), 422, "invalid_input"),
    ("message list", chat({"message": ["a"]}), 422, "invalid_input"),
    ("message object", chat({"message": {"a": 1}}), 422, "invalid_input"),
    ("no message", chat({}), 422, "invalid_input"),
    ("unknown field", chat({"message": "你好", "extra": 1}), 422, "invalid_input"),
    ("body is a list", chat([1, 2]), 422, "invalid_input"),
    ("body is null", chat_raw(b"null"), 422, "invalid_input"),
    ("body is a string", chat_raw(b'"hi"'), 422, "invalid_input"),
    ("message NaN", chat_raw(b'{"message": NaN}'), 422, "invalid_input"),
    ("message 1e999", chat_raw(b'{"message": 1e999}'), 422, "invalid_input"),
    ("lone high surrogate message", chat_raw(raw({"message": "\ud800"})), 200, None),
    ("lone low surrogate in a question", chat_raw(raw({"message": "潍坊\udc00医保怎么交"})), 200, None),
    # /api/chat: context
    ("context string", ctx("abc"), 422, "invalid_input"),
    ("context number", ctx(5), 422, "invalid_input"),
    ("context list", ctx([1]), 422, "invalid_input"),
    ("forged signature", ctx({"v": 1, "data": {}, "sig": "forged"}), 400, "invalid_context"),
    ("wrong hex signature", ctx({"v": 1, "data": {"history": ["x"]}, "sig": SIG}), 400, "invalid_context"),
    ("non-ASCII signature", ctx({"v": 1, "data": {}, "sig": "é" * 64}), 400, "invalid_context"),
    ("CJK signature", ctx({"v": 1, "data": {}, "sig": "签" * 64}), 400, "invalid_context"),
    ("signature not a string", ctx({"v": 1, "data": {}, "sig": 5}), 400, "invalid_context"),
    ("unknown context version", ctx({"v": 2, "data": {}, "sig": SIG}), 400, "invalid_context"),
    ("context data not an object", ctx({"v": 1, "data": "x", "sig": SIG}), 400, "invalid_context"),
    ("surrogate in signed data", chat_raw(raw({"message": "你好", "context": {
        "v": 1, "data": {"history": ["\ud800"]}, "sig": SIG}})), 400, "invalid_context"),
    ("history not a list", ctx({"history": "abc"}), 400, "invalid_context"),
    ("history of numbers", ctx({"history": [1, 2]}), 400, "invalid_context"),
    ("history plus other keys", ctx({"history": ["a"], "x": 1}), 400, "invalid_context"),
    ("surrogate in unsigned history", chat_raw(raw({"message": "那门诊呢", "context": {
        "history": ["\udfff住院报销"]}})), 200, None),
    # /api/chat: bodies that are not JSON
    ("binary body", chat_raw(b"\xff\xfe\x00binary"), 400, "invalid_input"),
    ("truncated JSON", chat_raw(b'{"message": "\xe5\x8c\xbb'), 422, "invalid_input"),
    ("form body", chat_raw(b"message=hi", "application/x-www-form-urlencoded"), 422, "invalid_input"),
    ("text/plain JSON", chat_raw(b'{"message": "hi"}', "text/plain"), 422, "invalid_input"),
    ("empty body", chat_raw(b""), 422, "invalid_input"),
    ("deeply nested JSON", chat_raw(b"[" * 5000 + b"]" * 5000), 400, "invalid_input"),
    ("body over the cap", chat_raw(b'{"message": "' + b"a" * 20000 + b'"}'), 413, "payload_too_large"),
    ("chunked body over the cap", ("POST", "/api/chat", {
        "content": (b"x" * 4096 for _ in range(8)), "headers": {"content-type": "application/json"}}),
     413, "payload_too_large"),
    # methods and paths
    ("GET on a POST route", ("GET", "/api/chat", {}), 405, "method_not_allowed"),
    ("PUT on a POST route", ("PUT", "/api/chat", {"json": {}}), 405, "method_not_allowed"),
    ("DELETE feedback", ("DELETE", "/api/feedback", {}), 405, "method_not_allowed"),
    ("POST health", ("POST", "/health", {}), 405, "method_not_allowed"),
    ("POST models", ("POST", "/v1/models", {}), 405, "method_not_allowed"),
    ("unknown path", ("GET", "/nope", {}), 404, "not_found"),
    ("unknown passage", ("GET", "/api/passages/nope-1", {}), 404, "not_found"),
    ("passage id too long", ("GET", "/api/passages/" + "a" * 65, {}), 422, "invalid_input"),
    ("passage id with NUL", ("GET", "/api/passages/%00", {}), 404, "not_found"),
    ("passage id with CJK", ("GET", "/api/passages/医保", {}), 404, "not_found"),
    ("static path traversal", ("GET", "/static/../pyproject.toml", {}), 404, "not_found"),
    ("encoded static traversal", ("GET", "/static/..%2F..%2Fpyproject.toml", {}), 404, "not_found"),
    ("missing static file", ("GET", "/static/none.js", {}), 404, "not_found"),
    # /api/feedback
    ("feedback empty", feedback({}), 422, "invalid_input"),
    ("feedback empty request id", feedback({"request_id": "", "rating": "up"}), 422, "invalid_input"),
    ("feedback long request id", feedback({"request_id": "x" * 65, "rating": "up"}), 422, "invalid_input"),
    ("feedback bad rating", feedback({"request_id": "x", "rating": "meh"}), 422, "invalid_input"),
    ("feedback rating int", feedback({"request_id": "x", "rating": 1}), 422, "invalid_input"),
    ("feedback long comment", feedback({"request_id": "x", "rating": "up", "comment": "好" * 1001}), 422,
     "invalid_input"),
    ("feedback comment int", feedback({"request_id": "x", "rating": "up", "comment": 5}), 422, "invalid_input"),
    ("feedback unknown request", feedback({"request_id": "unknown", "rating": "up"}), 404, "not_found"),
    ("feedback extra field", feedback({"request_id": "x", "rating": "up", "x": 1}), 422, "invalid_input"),
    ("feedback empty idempotency key", feedback({"request_id": "x", "rating": "up", "idempotency_key": ""}),
     422, "invalid_input"),
    ("feedback long idempotency key", feedback({"request_id": "x", "rating": "up", "idempotency_key": "k" * 129}),
     422, "invalid_input"),
    ("feedback surrogate comment", ("POST", "/api/feedback", {
        "content": raw({"request_id": "unknown", "rating": "down", "comment": "\ud800"}),
        "headers": {"content-type": "application/json"}}), 404, "not_found"),
    # /v1/chat/completions
    ("content int", user(5), 400, "invalid_input"),
    ("content object", user({"a": 1}), 400, "invalid_input"),
    ("content list of ints", user([1, 2]), 400, "invalid_input"),
    ("content list of strings", user(["你好"]), 400, "invalid_input"),
    ("content part of unknown type", user([{"type": "bogus"}]), 400, "invalid_input"),
    ("text part without text", user([{"type": "text"}]), 400, "invalid_input"),
    ("text part with int text", user([{"type": "text", "text": 5}]), 400, "invalid_input"),
    ("no messages", oai({"messages": []}), 400, "invalid_input"),
    ("messages a string", oai({"messages": "hi"}), 400, "invalid_input"),
    ("unknown role", oai({"messages": [{"role": "wizard", "content": "hi"}]}), 400, "invalid_input"),
    ("stream a string", oai({"messages": [{"role": "user", "content": "hi"}], "stream": "yes"}), 400,
     "invalid_input"),
    ("missing messages", oai({"model": "yibao"}), 400, "invalid_input"),
    ("OpenAI body a list", oai([]), 400, "invalid_input"),
    ("content null", user(None), 200, None),
    ("content parts", user([{"type": "text", "text": "中山怎么选"}, {"type": "text", "text": "定点医院"},
                            {"type": "image_url", "image_url": {"url": "data:,"}}]), 200, None),
    ("surrogate content", ("POST", "/v1/chat/completions", {
        "content": raw({"messages": [{"role": "user", "content": "\udbff医保"}]}),
        "headers": {"content-type": "application/json"}}), 200, None),
]


def test_table_is_large_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize("name, request_, status, code", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_a_json_4xx_never_a_500(client, name, request_, status, code):
    method, path, kwargs = request_
    r = client.request(method, path, **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(("application/json", "text/event-stream"))
    body = r.json()
    if code is None:
        assert "error" not in body
        return
    assert body["error"]["code"] == code
    assert HAN.search(body["error"]["message"]), body  # the message is for a person: Chinese
    if status == 405:
        assert r.headers["allow"]
