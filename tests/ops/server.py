"""Start `yibao serve` as a real process group on a free loopback port (for fault and cluster tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx

from bot.bench.server import free_port
from bot.core.config import ROOT


class Server:
    def __init__(self, env: dict, *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env, self.args = env, args
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> "Server":
        cmd = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(self.port), "--quiet",
               *self.args]
        self.proc = subprocess.Popen(cmd, env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        deadline = time.time() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.time() > deadline:
                self.kill()
                raise RuntimeError("server did not start in time")
            time.sleep(0.2)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


@contextmanager
def serving(env: dict, *args: str):
    server = Server(env, *args).start()
    try:
        yield server
    finally:
        server.stop()
