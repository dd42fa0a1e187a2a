"""A real server whose store is locked, full or killed: answers still go out, nothing acknowledged is lost."""

from __future__ import annotations

import sqlite3
import threading
import time

import httpx

from tests.ops.conftest import server_env
from tests.ops.server import Server, serving

QUESTIONS = ["中山怎么选定点医院", "平阳县县级医院住院花了2万能报多少", "潍坊居民医保高档一家三口交多少", "异地就医怎么备案"]


def test_held_database_lock_does_not_touch_answers(settings, tmp_path):
    db = tmp_path / "locked.sqlite3"
    env = server_env(settings, YIBAO_FEEDBACK_DB=db, YIBAO_STORE_BUSY_MS=200)
    with serving(env) as server, httpx.Client(base_url=server.url, timeout=5) as http:
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            statuses = [http.post("/api/chat", json={"message": QUESTIONS[i % 4]}).status_code for i in range(30)]
            t0 = time.perf_counter()
            health = http.get("/health", timeout=2)
            print(f"/health with the database locked: {1000 * (time.perf_counter() - t0):.1f} ms")
            time.sleep(0.5)  # let the writer try its batch against the lock
            ready = http.get("/ready", timeout=2).json()
            rid = http.post("/api/chat", json={"message": QUESTIONS[0]}).json()["request_id"]
            fb = http.post("/api/feedback", json={"request_id": rid, "rating": "up"})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert statuses == [200] * 30 and health.status_code == 200
        assert ready["status"] == "degraded" and "locked" in ready["checks"]["store"]["reason"]
        assert fb.status_code == 503 and fb.json()["error"]["code"] == "store_unavailable"
        assert http.post("/api/feedback", json={"request_id": rid, "rating": "up"}).status_code == 200
        assert 'yibao_store_write_failures_total{kind="locked"}' in http.get("/metrics").text


def test_full_store_keeps_answering_and_says_so(settings, tmp_path):
    db = tmp_path / "capped.sqlite3"
    env = server_env(settings, YIBAO_FEEDBACK_DB=db, YIBAO_STORE_MAX_MB=0.08, YIBAO_MAINTENANCE_SECONDS=3600)
    with serving(env) as server, httpx.Client(base_url=server.url, timeout=5) as http:
        statuses = [http.post("/api/chat", json={"message": QUESTIONS[i % 4] + "?" * (i % 7)}).status_code
                    for i in range(120)]
        time.sleep(1.0)
        ready = http.get("/ready", timeout=2).json()
        health = http.get("/health", timeout=2)
        metrics = http.get("/metrics").text
    assert statuses == [200] * 120 and health.status_code == 200
    assert ready["status"] == "degraded" and "full" in ready["checks"]["store"]["reason"]
    assert ready["checks"]["store"]["failed"] > 0 and ready["checks"]["store"]["written"] > 0
    assert 'yibao_store_write_failures_total{kind="full"}' in metrics
    assert db.stat().st_size <= 0.08 * 1024 * 1024 + 8192


def test_kill_9_mid_burst_loses_no_acknowledged_feedback(settings, tmp_path):
    db = tmp_path / "kill.sqlite3"
    env = server_env(settings, YIBAO_FEEDBACK_DB=db)
    server = Server(env, "--workers", "2").start()
    acknowledged: list[int] = []
    stop = threading.Event()
    rid = httpx.post(f"{server.url}/api/chat", json={"message": QUESTIONS[0]}, timeout=10).json()["request_id"]

    def burst(n: int) -> None:
        with httpx.Client(base_url=server.url, timeout=5) as http:
            i = 0
            while not stop.is_set() and i < 5000:
                i += 1
                try:
                    r = http.post("/api/feedback", json={"request_id": rid, "rating": "down", "comment": f"{n}-{i}"})
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    acknowledged.append(r.json()["feedback_id"])

    threads = [threading.Thread(target=burst, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    deadline = time.time() + 30
    while len(acknowledged) < 150 and time.time() < deadline:
        time.sleep(0.05)
    server.kill()  # SIGKILL to the whole process group, mid-burst
    stop.set()
    for t in threads:
        t.join(10)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM feedback")}
    print(f"acknowledged {len(acknowledged)} feedback rows before SIGKILL; {len(stored)} rows in the database")
    assert len(acknowledged) >= 150
    assert set(acknowledged) <= stored
