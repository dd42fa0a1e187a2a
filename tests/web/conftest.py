"""Browser-test fixtures: the real server in a subprocess, Debian Chromium for pytest-playwright.

Never run `playwright install` here: Playwright drives the system Chromium (CHROMIUM_PATH, `chromium` on
PATH, or /usr/bin/chromium).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.bench.server import free_port, running_server

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


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
def server(bot, settings, feedback_db) -> str:
    """`yibao serve` on a free loopback port (the session's index, a fresh feedback DB); yields its URL."""
    with running_server(settings.model_copy(update={"feedback_db": feedback_db}), timeout=180) as url:
        yield url


@pytest.fixture(scope="session")
def closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    return free_port()


def _watch_dialogs(page) -> list[str]:
    """Every JS dialog (alert/confirm/prompt) the page opens; each browser test asserts there were none."""
    seen: list[str] = []

    def on_dialog(dialog):
        seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


@pytest.fixture
def dialogs(page):
    return page._yibao_dialogs if hasattr(page, "_yibao_dialogs") else _watch_dialogs(page)


@pytest.fixture(autouse=True)
def _screenshot_and_no_dialogs(request):
    """Browser tests: save a screenshot of the final state; fail on any JS dialog or page error."""
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    page = request.getfixturevalue("page")
    page._yibao_dialogs = _watch_dialogs(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
    except Exception:  # a screenshot must never hide the real failure
        pass
    assert not page._yibao_dialogs, f"unexpected JS dialog(s): {page._yibao_dialogs}"
    assert not errors, f"uncaught page error(s): {errors}"
