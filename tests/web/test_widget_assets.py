"""Serving the widget (compressed, cached, revalidated) and the API fields it relies on."""

from __future__ import annotations

import gzip
import sqlite3

import brotli
import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.api.widget_bundle import build_script, texts
from bot.core.config import ROOT

WEB_DIR = ROOT / "web"


@pytest.fixture(scope="module")
def client(bot, settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("assets") / "feedback.sqlite3"
    with TestClient(create_app(settings.model_copy(update={"feedback_db": db}), bot=bot)) as c:
        c.feedback_db = db
        yield c


@pytest.mark.parametrize("path", ["/widget.js", "/static/widget.js"])
@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)], ids=["br", "gzip"])
def test_widget_js_is_compressed_and_cacheable(client, path, encoding, decode):
    r = client.get(path, headers={"Accept-Encoding": f"{encoding}"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == encoding
    assert r.headers["content-type"].startswith("text/javascript")
    assert "max-age=" in r.headers["cache-control"] and "Accept-Encoding" in r.headers["vary"]
    body = decode(r.content) if r.content[:1] != b"/" else r.content  # httpx may already have decoded it
    assert body.decode() == build_script(WEB_DIR)
    assert int(r.headers["content-length"]) < len(body) / 3
    again = client.get(path, headers={"Accept-Encoding": encoding, "If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_identity_and_css(client):
    plain = client.get("/widget.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text.startswith("/*!") and plain.headers["etag"]
    css = client.get("/static/widget.css", headers={"Accept-Encoding": "br, gzip"})
    assert css.headers["content-type"].startswith("text/css") and css.headers["content-encoding"] == "br"
    assert ".launcher{" in css.text


def test_interface_texts_have_a_traditional_twin():
    t = texts(WEB_DIR / "widget")
    assert t["zh-Hans"].keys() == t["zh-Hant"].keys()
    assert t["zh-Hant"]["inputLabel"] == "輸入您的問題"
    assert "醫" in t["hantChars"] and "医" in t["hansChars"]
    assert not set(t["hantChars"]) & set(t["hansChars"])


def test_feedback_reason_is_validated_and_stored(client):
    rid = client.post("/api/chat", json={"message": "中山怎么选定点医院"}).json()["request_id"]
    bad = client.post("/api/feedback", json={"request_id": rid, "rating": "down", "reason": "boring"})
    assert bad.status_code == 422
    ok = client.post("/api/feedback", json={"request_id": rid, "rating": "down", "reason": "outdated"})
    assert ok.status_code == 200
    with sqlite3.connect(client.feedback_db) as conn:
        assert conn.execute("SELECT rating, reason FROM feedback WHERE request_id = ?", (rid,)).fetchall() == [
            ("down", "outdated")]


def test_feedback_store_adds_the_reason_column_to_an_older_database(tmp_path):
    from bot.feedback.store import FeedbackStore

    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL, "
                     "rating TEXT NOT NULL, comment TEXT, created_at REAL NOT NULL)")
    store = FeedbackStore(db)
    store.add("r1", "down", None, "hard_to_read")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT rating, reason FROM feedback").fetchall() == [("down", "hard_to_read")]


def test_passage_carries_the_front_matter_url(client, bot, monkeypatch):
    hit = bot.index.passages[0]
    doc = next(d for d in bot.index.documents if d["doc_id"] == hit["doc_id"])
    assert client.get(f"/api/passages/{hit['passage_id']}").json()["url"] is None  # the seeds have none
    monkeypatch.setitem(doc, "url", "https://ybj.example.gov.cn/a")
    assert client.get(f"/api/passages/{hit['passage_id']}").json()["url"] == "https://ybj.example.gov.cn/a"
    monkeypatch.setitem(doc, "url", "javascript:alert(1)")
    assert client.get(f"/api/passages/{hit['passage_id']}").json()["url"] is None
