"""`yibao audit REQUEST_ID` prints what an answer was based on and notices a changed passage;
`yibao store purge` deletes what is kept."""

from __future__ import annotations

import json
import shutil

from fastapi.testclient import TestClient

from bot.api.app import create_app
from tests.ops.conftest import server_env
from tests.ops.test_artifact_faults import _yibao


def test_audit_then_change_then_purge(bot, settings, tmp_path):
    db = tmp_path / "audit.sqlite3"
    s = settings.model_copy(update={"feedback_db": db})
    with TestClient(create_app(s, bot=bot)) as client:
        reply = client.post("/api/chat", json={"message": "平阳县县级医院住院花了2万能报多少"}).json()
        assert client.app.state.writer.flush(10)
    rid = reply["request_id"]
    env = server_env(s)

    out = _yibao(env, "audit", rid, "--json")
    assert out.returncode == 0, out.stderr
    audit = json.loads(out.stdout)
    assert audit["index_version"] == bot.index.version and audit["status"] == reply["status"]
    assert [p["passage_id"] for p in audit["passages"]] == [c["passage_id"] for c in reply["citations"]]
    assert all(p["state"] == "unchanged" and len(p["stored_sha256"]) == 64 for p in audit["passages"])
    assert audit["rule_file"] and audit["rule_sha256"]

    changed = tmp_path / "changed"
    shutil.copytree(bot.index.directory, changed)
    passages = json.loads((changed / "passages.json").read_text(encoding="utf-8"))
    cited = audit["passages"][0]["passage_id"]
    for p in passages:
        if p["passage_id"] == cited:
            p["text"] = p["text"] + "(已修订)"
    (changed / "passages.json").write_text(json.dumps(passages, ensure_ascii=False), encoding="utf-8")
    out = _yibao(env, "audit", rid, "--index", str(changed))
    assert out.returncode == 4 and "changed" in out.stdout and cited in out.stdout

    assert _yibao(env, "audit", "0" * 32).returncode == 1
    stats = json.loads(_yibao(env, "store", "stats").stdout)
    assert stats["exchanges"] == 1
    purge = _yibao(env, "store", "purge", "--all")
    assert purge.returncode == 0 and "purged 1 exchange" in purge.stdout
    assert json.loads(_yibao(env, "store", "stats").stdout)["exchanges"] == 0
