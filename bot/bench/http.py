"""HTTP figures measured in one run: a bare FastAPI route and POST /api/chat on 1 worker (the ratio
is the figure that matters on a shared machine), /api/chat on 1 worker without the exchange log (what
logging costs) and with the old in-process writer thread, then /api/chat on N workers. Load is wrk against
127.0.0.1 only, bounded in time."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from bot.bench.server import free_port, running_server

RATIO_TARGET = 0.35
P99_TARGET_MS = 20.0

WRK_LUA = """
local bodies = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, bodies[(i %% #bodies) + 1])
end
"""


@contextmanager
def bare_server(timeout: float = 30):
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "bot.bench.bare_app:app", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"bare server exited: {proc.stderr.read().decode()[-2000:]}")
            try:
                httpx.post(f"{url}/api/chat", json={"message": "x"}, timeout=1)
                break
            except httpx.HTTPError:
                if time.time() > deadline:
                    raise RuntimeError("bare server did not start in time")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def parse_wrk(out: str) -> dict:
    def ms(value: str) -> float:
        num, unit = re.match(r"([\d.]+)(\w+)", value).groups()
        return float(num) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    result = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for p in ("50", "99"):
        m = re.search(rf"\s{p}%\s+([\d.]+\w+)", out)
        if m:
            result[f"p{p}_ms"] = round(ms(m.group(1)), 3)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    return result


def _wrk(url: str, script: Path, connections: int, duration: int) -> dict:
    subprocess.run(["wrk", "-t2", "-c4", "-d2s", "-s", str(script), url], capture_output=True)  # warm
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    return {"connections": connections, "duration_s": duration, **parse_wrk(out)}


def bench_http(settings, questions: list[str], workers: int, connections: int, duration: int) -> dict:
    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    bodies = ", ".join(json.dumps(json.dumps({"message": q}, ensure_ascii=False), ensure_ascii=False)
                       for q in questions)
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "post.lua"
        script.write_text(WRK_LUA % bodies, encoding="utf-8")
        s = settings.model_copy(update={"feedback_db": Path(tmp) / "feedback.sqlite3"})
        with bare_server() as url:
            out["bare_fastapi_1_worker"] = _wrk(url, script, connections, duration)
        with running_server(s, workers=1) as url:
            out["chat_1_worker"] = _wrk(url, script, connections, duration)
        # the exchange log written by a thread in the server process (the writer before the separate process)
        with running_server(s, workers=1, env={"YIBAO_EXCHANGE_WRITER": "thread"}) as url:
            out["chat_1_worker_thread_writer"] = _wrk(url, script, connections, duration)
        # the same without the exchange log: what logging costs the request path
        with running_server(s, workers=1, env={"YIBAO_STORE_EXCHANGES": "0"}) as url:
            out["chat_1_worker_no_exchange_log"] = _wrk(url, script, connections, duration)
        if workers > 1:
            with running_server(s, workers=workers) as url:
                out[f"chat_{workers}_workers"] = {"workers": workers, **_wrk(url, script, connections, duration)}
    bare = out["bare_fastapi_1_worker"]["requests_per_s"]
    out["ratio_chat_to_bare"] = round(out["chat_1_worker"]["requests_per_s"] / bare, 3) if bare else None
    unlogged = out["chat_1_worker_no_exchange_log"]["requests_per_s"]
    logged = out["chat_1_worker"]["requests_per_s"]
    out["exchange_log_throughput_cost"] = round(1 - logged / unlogged, 3) if unlogged else None
    threaded = out["chat_1_worker_thread_writer"]["requests_per_s"]
    out["thread_writer_throughput_cost"] = round(1 - threaded / unlogged, 3) if unlogged else None
    out["targets"] = {"ratio": RATIO_TARGET, f"p99_ms_{workers}_workers": P99_TARGET_MS}
    return out
