"""Start the real server (`yibao serve`) on a free 127.0.0.1 port (benchmarks and socket tests)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server_process(settings, *, workers: int = 1, timeout: float = 60, env: dict | None = None):
    """(process, url) of `yibao serve` on a free port. Its own clients are the only ones, so the
    rate limit is off unless `env` sets YIBAO_RATE_LIMIT_PER_MINUTE."""
    port = free_port()
    env = {**os.environ,
           "YIBAO_INDEX_DIR": str(settings.index_dir), "YIBAO_DERIVED_DIR": str(settings.derived_dir),
           "YIBAO_CACHE_DIR": str(settings.cache_dir), "YIBAO_FEEDBACK_DB": str(settings.feedback_db),
           "YIBAO_SECRET": settings.secret or secrets.token_hex(32), "YIBAO_RATE_LIMIT_PER_MINUTE": "0",
           **(env or {})}
    cmd = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--quiet"]
    log = tempfile.TemporaryFile()  # not a pipe: a chatty server must never block on a full pipe
    proc = subprocess.Popen(cmd, env=env, cwd=Path(__file__).resolve().parents[2],
                            stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited: {log.read().decode(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline:
                raise RuntimeError("server did not start in time")
            time.sleep(0.2)
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


@contextmanager
def running_server(settings, *, workers: int = 1, timeout: float = 60, env: dict | None = None):
    with server_process(settings, workers=workers, timeout=timeout, env=env) as (_, url):
        yield url
