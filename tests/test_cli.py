import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def env(bot, settings):
    return {**os.environ, "YIBAO_INDEX_DIR": str(settings.index_dir), "YIBAO_DERIVED_DIR": str(settings.derived_dir),
            "YIBAO_CACHE_DIR": str(settings.cache_dir), "YIBAO_SECRET": "test-secret-for-the-suite-0123456789abcdef"}


def yibao(env, *args):
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, capture_output=True, text=True, timeout=120)


def test_ask_json_has_the_contract_keys(env):
    out = yibao(env, "ask", "--json", "平阳县县级医院住院花了2万能报多少")
    assert out.returncode == 0, out.stderr
    reply = json.loads(out.stdout)
    assert {"status", "answer", "intent", "confidence", "citations", "passages", "clarify", "calculation",
            "context"} <= set(reply)
    assert reply["calculation"]["amount"] == 13370


def test_ask_with_context(env):
    first = json.loads(yibao(env, "ask", "--json", "平阳县住院花了2万能报多少").stdout)
    second = yibao(env, "ask", "--json", "--context", json.dumps(first["context"], ensure_ascii=False), "县级医院")
    assert json.loads(second.stdout)["calculation"]["amount"] == 13370


def test_ask_for_people(env):
    out = yibao(env, "ask", "中山怎么选定点医院")
    assert out.returncode == 0 and "来源" in out.stdout and "001_a208fd011230c34d.txt" in out.stdout


def test_bad_input_is_a_clear_error(env):
    out = yibao(env, "ask", "--json", "   ")
    assert out.returncode == 2 and json.loads(out.stdout)["error"]["code"] == "empty_message"
    out = yibao(env, "ask", "--context", "{not json", "你好")
    assert out.returncode == 2 and "not valid JSON" in out.stderr


def test_index_check(env):
    out = yibao(env, "index", "--check")
    assert out.returncode == 0 and "index ok" in out.stdout


def test_rules_check(env):
    out = yibao(env, "rules", "check")
    assert out.returncode == 0 and "problem" not in out.stdout


def test_feedback_export(env, settings, tmp_path):
    from fastapi.testclient import TestClient

    from bot.api.app import create_app
    from bot.evaluation.dataset import load_dataset

    db = tmp_path / "fb.sqlite3"
    s = settings.model_copy(update={"feedback_db": db})
    with TestClient(create_app(s)) as c:
        rid = c.post("/api/chat", json={"message": "潍坊居民医保怎么缴费"}).json()["request_id"]
        c.post("/api/feedback", json={"request_id": rid, "rating": "down", "comment": "太长"})
        rid2 = c.post("/api/chat", json={"message": "中山怎么选点"}).json()["request_id"]
        c.post("/api/feedback", json={"request_id": rid2, "rating": "up"})
    out = tmp_path / "fb.jsonl"
    result = yibao({**env, "YIBAO_FEEDBACK_DB": str(db)}, "feedback", "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    cases = load_dataset(out)
    assert [c.question for c in cases.cases] == ["潍坊居民医保怎么缴费"] and not cases.problems
