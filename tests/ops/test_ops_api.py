"""Request ids, index versions, the stored audit record, /ready, /metrics and hot reload (in-process)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.core.ids import is_issued

TOKEN = "reload-token-for-tests"


@pytest.fixture()
def app_settings(settings, tmp_path):
    return settings.model_copy(update={"feedback_db": tmp_path / "store.sqlite3", "admin_token": TOKEN})


@pytest.fixture()
def client(bot, app_settings):
    with TestClient(create_app(app_settings, bot=bot)) as c:
        yield c


def test_replies_carry_a_signed_request_id_and_the_index_version(client, bot):
    r = client.post("/api/chat", json={"message": "平阳县县级医院住院花了2万能报多少"})
    body = r.json()
    assert body["index_version"] == bot.index.version
    assert r.headers["x-request-id"] == body["request_id"]
    assert is_issued(body["request_id"], bot.secret) and not is_issued("0" * 32, bot.secret)


def test_stored_exchange_is_masked_and_records_what_the_answer_was_based_on(client, app_settings, bot):
    q = "我的手机13812345678,平阳县县级医院住院花了2万能报多少"
    body = client.post("/api/chat", json={"message": q}).json()
    assert client.app.state.writer.flush(10)
    record = client.app.state.store.get_exchange(body["request_id"])
    assert "13812345678" not in record.question and "平阳县" in record.question
    assert record.index_version == bot.index.version and record.status == body["status"]
    assert [c.passage_id for c in record.cited] == [c["passage_id"] for c in body["citations"]]
    assert all(len(c.sha256) == 64 for c in record.cited)
    assert record.rule_file and record.rule_file.endswith(".yaml")
    assert record.rule_sha256 == bot.index.manifest["files"][f"rules/{record.rule_file}"]
    assert "passages" not in record.reply and "context" not in record.reply
    assert stat.S_IMODE(app_settings.feedback_db.stat().st_mode) == 0o600


def test_feedback_reason_idempotency_and_masking(client, app_settings):
    rid = client.post("/api/chat", json={"message": "中山怎么选定点医院"}).json()["request_id"]
    body = {"request_id": rid, "rating": "down", "reason": "not_my_city", "comment": "我的身份证110101199003071234"}
    first = client.post("/api/feedback", json=body, headers={"Idempotency-Key": "abc-1"})
    again = client.post("/api/feedback", json=body, headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 200
    assert first.json()["feedback_id"] == again.json()["feedback_id"]
    with sqlite3.connect(app_settings.feedback_db) as db:
        rows = db.execute("SELECT reason, comment FROM feedback WHERE request_id = ?", (rid,)).fetchall()
    assert len(rows) == 1 and rows[0][0] == "not_my_city" and "110101199003071234" not in rows[0][1]
    bad = client.post("/api/feedback", json={**body, "reason": "boring"})
    assert bad.status_code == 422


def test_ready_reports_each_part_and_health_stays_simple(client, bot):
    r = client.get("/ready")
    assert r.status_code == 200
    checks = r.json()["checks"]
    assert checks["index"]["version"] == bot.index.version and checks["rules"]["files"] > 0
    assert checks["store"]["backend"] == "sqlite" and checks["store"]["ok"]
    assert client.get("/health").json()["index_version"] == bot.index.version


def test_metrics_count_requests_replies_and_refusals(client):
    client.post("/api/chat", json={"message": "今天天气怎么样,股票涨不涨"})
    client.post("/api/chat", json={"message": "中山怎么选定点医院"})
    text = client.get("/metrics").text
    assert 'yibao_http_requests_total{method="POST",route="/api/chat",status="200"}' in text
    assert "yibao_http_request_duration_seconds_bucket" in text
    assert 'yibao_replies_total{intent="policy_qa",status="answer"}' in text
    assert "yibao_refusals_total{reason=" in text
    assert "yibao_index_info{version=" in text


def test_reload_needs_the_token(client):
    assert client.post("/admin/reload").status_code == 401
    assert client.post("/admin/reload", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_reload_refuses_a_broken_artifact_and_keeps_serving(client, bot, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(bot.index.directory, broken)
    data = json.loads((broken / "passages.json").read_text(encoding="utf-8"))
    data[0]["text"] = data[0]["text"][:-1] + "。"
    (broken / "passages.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = client.post("/admin/reload", json={"index_dir": str(broken)}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 409 and "passages.json" in r.json()["error"]["detail"]
    assert client.post("/api/chat", json={"message": "中山怎么选定点医院"}).json()["index_version"] == bot.index.version


def test_reload_switches_to_a_new_artifact(client, bot, second_artifact):
    r = client.post("/admin/reload", json={"index_dir": str(second_artifact)},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    new = r.json()["index_version"]
    assert new != bot.index.version and r.json()["previous"] == bot.index.version
    reply = client.post("/api/chat", json={"message": "潍坊医保服务热线什么时候人工接听"}).json()
    assert reply["index_version"] == new
    assert client.get("/health").json()["index_version"] == new
    assert client.app.state.store.events("reload")[0]["detail"]["index_version"] == new


def test_admin_endpoint_is_off_without_a_token(bot, settings, tmp_path):
    s = settings.model_copy(update={"feedback_db": tmp_path / "s.sqlite3", "admin_token": None})
    with TestClient(create_app(s, bot=bot)) as c:
        assert c.post("/admin/reload", headers={"Authorization": "Bearer x"}).status_code == 404


def test_unreachable_postgresql_degrades_the_store_not_the_answers(bot, settings):
    from bot.bench.server import free_port

    s = settings.model_copy(update={"database_url": f"postgresql://yibao@127.0.0.1:{free_port()}/postgres",
                                    "database_connect_seconds": 1.0})
    with TestClient(create_app(s, bot=bot)) as c:
        assert c.post("/api/chat", json={"message": "中山怎么选定点医院"}).status_code == 200
        ready = c.get("/ready").json()
        assert ready["status"] == "degraded" and "store not open" in ready["checks"]["store"]["reason"]
        rid = c.post("/api/chat", json={"message": "中山怎么选定点医院"}).json()["request_id"]
        fb = c.post("/api/feedback", json={"request_id": rid, "rating": "up"})
        assert fb.status_code == 503 and fb.json()["error"]["code"] == "store_unavailable"
