"""Browser-test fixtures: the real server in a subprocess, Debian Chromium for pytest-playwright.

Never run `playwright install` here: Playwright drives the system Chromium (CHROMIUM_PATH, `chromium` on
PATH, or /usr/bin/chromium).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def feedback_db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("widget") / "feedback.sqlite3"


@pytest.fixture(scope="session")
def server(feedback_db) -> str:
    """`yibao serve` on a free loopback port; yields its base URL, stops it at the end of the session."""
    port = free_port()
    env = {**os.environ, "YIBAO_FEEDBACK_DB": str(feedback_db), "YIBAO_CORS_ORIGINS": '["*"]'}
    cmd = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # the first start may build the index
        while True:
            if proc.poll() is not None:
                raise RuntimeError("server exited: " + proc.stderr.read().decode(errors="replace")[-2000:])
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer /health in time")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    return free_port()


@pytest.fixture
def dialogs(page):
    """Every JS dialog (alert/confirm/prompt) the page opens; each test asserts there were none."""
    seen: list[str] = []

    def on_dialog(dialog):
        seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


@pytest.fixture(autouse=True)
def _screenshot_and_no_dialogs(request, page, dialogs):
    """Save a screenshot of the final state of every browser test; fail on any JS dialog or page error."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
    except Exception:  # a screenshot must never hide the real failure
        pass
    assert not dialogs, f"unexpected JS dialog(s): {dialogs}"
    assert not errors, f"uncaught page error(s): {errors}"
