"""`yibao serve` as a real process: SIGHUP swaps the artifact behind a `current` symlink, metrics of
several workers are merged (prometheus multi-process mode), logs are JSON lines with the request id."""

from __future__ import annotations

import json
import re
import shutil
import signal
import time

import httpx

from tests.ops.conftest import server_env
from tests.ops.server import Server


def _wait_version(url: str, version: str, timeout: float = 60) -> str:
    deadline = time.time() + timeout
    seen = None
    while time.time() < deadline:
        seen = httpx.get(f"{url}/health", timeout=5).json()["index_version"]
        if seen == version:
            return seen
        time.sleep(0.2)
    return seen


def test_sighup_reloads_the_artifact_behind_the_symlink(bot, settings, second_artifact, tmp_path):
    shutil.copytree(bot.index.directory, tmp_path / "first")
    current = tmp_path / "current"
    current.symlink_to(tmp_path / "first")
    env = server_env(settings, YIBAO_FEEDBACK_DB=tmp_path / "s.sqlite3")
    server = Server(env, "--index", str(current)).start()
    try:
        assert httpx.get(f"{server.url}/health").json()["index_version"] == bot.index.version
        new_version = json.loads((second_artifact / "manifest.json").read_text())["version"]
        tmp_link = tmp_path / "current.new"
        tmp_link.symlink_to(second_artifact)
        tmp_link.replace(current)
        server.proc.send_signal(signal.SIGHUP)
        assert _wait_version(server.url, new_version) == new_version
        reply = httpx.post(f"{server.url}/api/chat", json={"message": "中山怎么选定点医院"}).json()
        assert reply["index_version"] == new_version
    finally:
        server.stop()
    log = server.proc.stderr.read().decode()
    assert "index reloaded" in log


def test_two_workers_report_merged_metrics_and_json_logs(settings, tmp_path):
    env = server_env(settings, YIBAO_FEEDBACK_DB=tmp_path / "s.sqlite3", YIBAO_ACCESS_LOG="1")
    server = Server(env, "--workers", "2").start()
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            rids = [http.post("/api/chat", json={"message": "中山怎么选定点医院"}, headers={"Connection": "close"})
                    .json()["request_id"] for _ in range(20)]
            text = http.get("/metrics").text
    finally:
        server.stop()
    counts = re.findall(r'yibao_http_requests_total\{method="POST",route="/api/chat",status="200"\} (\S+)', text)
    assert sum(float(c) for c in counts) == 20
    lines = [json.loads(line) for line in server.proc.stderr.read().decode().splitlines() if line.startswith("{")]
    access = [entry for entry in lines if entry.get("msg") == "request" and entry.get("path") == "/api/chat"]
    assert {entry["request_id"] for entry in access} >= set(rids)
