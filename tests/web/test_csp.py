"""The Content-Security-Policy in a real browser: the demo page, the widget and the self-hosted
/docs work with it and Chromium reports no violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def csp_violations(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    return seen


def test_demo_page_and_widget_under_csp(page: Page, server: str):
    violations = csp_violations(page)
    page.goto(server)
    page.get_by_role("button", name="打开医保智能问答").click()
    expect(page.get_by_role("dialog", name="医保智能问答")).to_be_visible()
    box = page.get_by_role("textbox", name="输入您的问题")
    box.fill("中山怎么选定点医院")
    with page.expect_response("**/api/chat") as resp:
        box.press("Enter")
    assert resp.value.ok
    assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).backgroundColor") == "rgb(11, 95, 165)"
    assert not violations, violations


def test_docs_render_from_local_assets(page: Page, server: str):
    violations = csp_violations(page)
    remote: list[str] = []
    page.on("request", lambda req: remote.append(req.url) if not req.url.startswith(server) else None)
    page.goto(f"{server}/docs")
    expect(page.get_by_text("/api/chat").first).to_be_visible(timeout=15_000)
    assert not remote, remote
    assert not violations, violations
