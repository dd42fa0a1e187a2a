"""`yibao serve` as a process: refuses a bad secret, closes slow clients, caps headers, drains on
SIGTERM, and its workers exit when the supervisor is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bot.bench.server import server_process

ROOT = Path(__file__).resolve().parents[2]
READ_TIMEOUT = 1.5
LIMITS = {"YIBAO_REQUEST_READ_TIMEOUT": str(READ_TIMEOUT), "YIBAO_TIMEOUT_KEEP_ALIVE": "1",
          "YIBAO_MAX_HEADER_BYTES": "8192"}


def serve_env(settings, **extra) -> dict:
    env = {**os.environ, "YIBAO_INDEX_DIR": str(settings.index_dir), "YIBAO_DERIVED_DIR": str(settings.derived_dir),
           "YIBAO_CACHE_DIR": str(settings.cache_dir)}
    env.pop("YIBAO_SECRET", None)
    return {**env, **extra}


def run_serve(env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "serve", "--port", "1", "--quiet"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_empty_secret_file_refuses_to_start(settings, tmp_path):
    key = tmp_path / "secret.key"
    key.write_bytes(b"")
    result = run_serve(serve_env(settings, YIBAO_SECRET_FILE=str(key)))
    assert result.returncode == 2 and "refusing to start" in result.stderr and str(key) in result.stderr


def test_short_secret_refuses_to_start(settings):
    result = run_serve(serve_env(settings, YIBAO_SECRET="a"))
    assert result.returncode == 2 and "at least 32" in result.stderr


def connect(url: str) -> socket.socket:
    u = urlparse(url)
    s = socket.create_connection((u.hostname, u.port))
    s.settimeout(READ_TIMEOUT + 10)  # a bound for the test, not a timing assertion
    return s


def read_all(s: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := s.recv(65536):
            data += chunk
    except (ConnectionResetError, BrokenPipeError):
        pass
    return data


@pytest.fixture(scope="module")
def limited_server(settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("limits") / "feedback.sqlite3"
    with server_process(settings.model_copy(update={"feedback_db": db}), env=LIMITS) as (proc, url):
        yield url


def test_idle_connection_is_closed_with_408(limited_server):
    s = connect(limited_server)
    assert read_all(s).startswith(b"HTTP/1.1 408 ")


def test_trickling_headers_are_cut_off(limited_server):
    s = connect(limited_server)
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    reply = b""
    try:
        for _ in range(40):  # one header byte every 0.25 s would keep a naive server busy forever
            s.sendall(b"X")
            time.sleep(0.25)
    except (BrokenPipeError, ConnectionResetError):
        pass
    reply = read_all(s)
    assert reply.startswith(b"HTTP/1.1 408 ") or reply == b""


def test_partial_body_is_cut_off(limited_server):
    s = connect(limited_server)
    s.sendall(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 100\r\n\r\n{\"message\":")
    assert read_all(s).startswith(b"HTTP/1.1 408 ")


def test_idle_keep_alive_connection_is_closed(limited_server):
    s = connect(limited_server)
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    data = read_all(s)  # returns once the server closes the idle connection
    assert data.startswith(b"HTTP/1.1 200 ") and data.count(b"HTTP/1.1") == 1


@pytest.mark.parametrize("size", [9000, 2_000_000])
def test_oversized_headers_get_431(limited_server, size):
    s = connect(limited_server)
    try:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * size + b"\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert read_all(s).startswith(b"HTTP/1.1 431 ")


def test_normal_requests_still_work(limited_server):
    s = connect(limited_server)
    body = '{"message":"潍坊医保怎么交"}'.encode()
    s.sendall(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
              b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    assert read_all(s).startswith(b"HTTP/1.1 200 ")


def children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_workers_exit_when_the_supervisor_is_killed(settings, tmp_path):
    db = tmp_path / "feedback.sqlite3"
    with server_process(settings.model_copy(update={"feedback_db": db}), workers=2) as (proc, url):
        workers = [pid for pid in children(proc.pid)
                   if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()]
        assert len(workers) == 2
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.time() + 5
        while any(alive(pid) for pid in workers) and time.time() < deadline:
            time.sleep(0.1)
        left = [pid for pid in workers if alive(pid)]
        for pid in left:  # do not leave them behind if the test fails
            os.kill(pid, signal.SIGKILL)
        assert not left, f"workers still running 5 s after the supervisor died: {left}"


def test_sigterm_lets_an_in_flight_request_finish(settings, tmp_path):
    db = tmp_path / "feedback.sqlite3"
    with server_process(settings.model_copy(update={"feedback_db": db}), workers=2,
                        env={"YIBAO_REQUEST_READ_TIMEOUT": "20"}) as (proc, url):
        s = connect(url)
        body = '{"message":"中山怎么选定点医院"}'.encode()
        head = (b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        s.sendall(head + body[:5])
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        time.sleep(1.0)  # the shutdown has begun while the request is still arriving
        s.sendall(body[5:])
        reply = read_all(s)
        assert reply.startswith(b"HTTP/1.1 200 ") and "中山".encode() in reply
        assert proc.wait(timeout=30) == 0
