"""The widget on the four screens older residents use: phone portrait, phone landscape, desktop and a
desktop at 200 % zoom (1280x800 at 200 % is a 640x400 CSS-px viewport at device scale 2).

For each: no control under 44x44, the message area at least 60 % of the panel, no horizontal scroll,
font sizes that follow the browser's default, 0 serious/critical axe-core violations with an answer, a
clarify and a refusal shown, and a focus trap while the panel covers the screen. Screenshots per
viewport go to test-artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.web.conftest import SCREENSHOTS
from tests.web.helpers import (BOT_REPLIES, FONT_SIZES_JS, LINE_HEIGHTS_JS, SMALL_CONTROLS_JS, WIDGET, ask, in_shadow, open_widget,
                               set_browser_font_size)

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "phone-360x740": {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
                      "has_touch": True},
    "landscape-844x390": {"viewport": {"width": 844, "height": 390}, "device_scale_factor": 3, "is_mobile": True,
                          "has_touch": True},
    "desktop-1280x800": {"viewport": {"width": 1280, "height": 800}},
    "zoom200-1280x800": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}
MODAL = {"phone-360x740", "landscape-844x390", "zoom200-1280x800"}  # full-screen panel


@pytest.fixture(params=list(VIEWPORTS))
def viewport_name(request) -> str:
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport_name):
    return {**browser_context_args, **VIEWPORTS[viewport_name]}


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def layout(page: Page) -> dict:
    return in_shadow(page, """
        const panel = root.querySelector('.panel').getBoundingClientRect();
        const log = root.querySelector('.log');
        return {panelH: panel.height, panelW: panel.width, panelX: panel.x, panelY: panel.y,
                logH: log.getBoundingClientRect().height, logScrollW: log.scrollWidth, logClientW: log.clientWidth,
                docScrollW: document.documentElement.scrollWidth, innerW: innerWidth, innerH: innerHeight,
                modal: root.querySelector('.panel').getAttribute('aria-modal')};
    """)


def test_sizes_layout_and_accessibility(page: Page, server: str, viewport_name: str):
    open_widget(page, server)
    ask(page, "中山怎么选定点医院")
    ask(page, "居民医保一家三口一年交多少钱")
    ask(page, "北京医保交多少")
    statuses = page.locator(BOT_REPLIES).evaluate_all("els => els.map(e => e.dataset.status)")
    assert statuses == ["answer", "clarify", "refuse"]
    page.locator(f"{WIDGET} .msg.bot[data-status=refuse] summary").click()  # the covered places, opened
    page.wait_for_timeout(100)

    assert in_shadow(page, SMALL_CONTROLS_JS) == []
    sizes = in_shadow(page, FONT_SIZES_JS)
    assert sizes["body"] == pytest.approx(17, abs=0.1) and sizes["min"] >= 14 - 0.05, sizes
    assert in_shadow(page, LINE_HEIGHTS_JS) == []
    box = layout(page)
    print(f"{viewport_name}: panel {box['panelW']:.0f}x{box['panelH']:.0f}, message area {box['logH'] / box['panelH']:.0%}")
    assert box["logH"] >= 0.6 * box["panelH"], box
    assert box["docScrollW"] <= box["innerW"] and box["logScrollW"] <= box["logClientW"], box
    assert box["panelX"] >= 0 and box["panelY"] >= 0
    assert box["panelX"] + box["panelW"] <= box["innerW"] and box["panelY"] + box["panelH"] <= box["innerH"] + 0.5
    if viewport_name in MODAL:
        assert box["modal"] == "true" and box["panelW"] == box["innerW"] and box["panelH"] == box["innerH"]
    else:
        assert box["modal"] == "false" and box["panelW"] < box["innerW"]

    results = Axe().run(page)  # the axe-core script bundled with axe-playwright-python: no network
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()
    shot(page, f"viewport-{viewport_name}-conversation")

    # The citation viewer fits too: no small controls and no horizontal scroll inside it.
    page.locator(f"{BOT_REPLIES} .sources .src").first.click()
    expect(page.locator(f"{WIDGET} .sheet mark")).to_be_visible()
    assert in_shadow(page, SMALL_CONTROLS_JS) == []
    assert in_shadow(page, "const b = root.querySelector('.sheet-body'); return b.scrollWidth <= b.clientWidth;")
    shot(page, f"viewport-{viewport_name}-passage")


def test_font_sizes_follow_the_browser_setting_and_large_text(page: Page, server: str, viewport_name: str):
    page.goto(server)
    set_browser_font_size(page, 24)
    page.get_by_role("button", name="打开医保智能问答").click()
    ask(page, "平阳县县级医院住院花了2万能报多少")
    sizes = in_shadow(page, FONT_SIZES_JS)
    # 17px and 14px at the default 16px, scaled to a 24px default: 25.5px body, nothing under 21px.
    assert sizes["body"] == pytest.approx(25.5, abs=0.1), sizes
    assert sizes["min"] >= 21 - 0.1, sizes
    assert sizes["lineHeight"] >= 1.6 * sizes["body"] - 0.1, sizes

    set_browser_font_size(page, 16)
    page.wait_for_timeout(50)
    sizes = in_shadow(page, FONT_SIZES_JS)
    assert sizes["body"] == pytest.approx(17, abs=0.1) and sizes["min"] >= 14 - 0.05, sizes
    large = page.get_by_role("button", name="大字模式")
    large.click()
    expect(large).to_have_attribute("aria-pressed", "true")
    sizes = in_shadow(page, FONT_SIZES_JS)
    assert sizes["body"] >= 22 and sizes["min"] >= 18, sizes
    assert in_shadow(page, SMALL_CONTROLS_JS) == []
    box = layout(page)
    assert box["docScrollW"] <= box["innerW"] and box["logH"] >= 0.6 * box["panelH"], box
    shot(page, f"viewport-{viewport_name}-large-text")

    page.reload()  # remembered
    expect(page.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "true")
    assert in_shadow(page, FONT_SIZES_JS)["body"] >= 22


def test_focus_trap_and_focus_return(page: Page, server: str, viewport_name: str):
    open_widget(page, server)
    box = page.locator(f"{WIDGET} textarea")
    ask(page, "中山怎么选定点医院")
    expect(box).to_be_focused()  # focus stays in the input after sending
    inside = "() => document.activeElement === document.querySelector('yibao-chat-widget')"
    if viewport_name in MODAL:
        count = in_shadow(page, """const sel = '.panel button, .panel a[href], .panel textarea, .panel summary, .panel [tabindex="0"]';
            return [...root.querySelectorAll(sel)].filter(n => n.getClientRects().length && !n.disabled).length;""")
        for _ in range(count + 3):  # more than a full cycle: focus never reaches the host page
            page.keyboard.press("Tab")
            assert page.evaluate(inside)
        for _ in range(count + 3):
            page.keyboard.press("Shift+Tab")
            assert page.evaluate(inside)
        page.locator(f"{WIDGET} .head button").first.focus()
        page.keyboard.press("Shift+Tab")  # from the first control back round to the last one
        assert page.evaluate(inside)
        expect(page.get_by_role("dialog", name="医保智能问答")).to_have_attribute("aria-modal", "true")
    else:
        expect(page.get_by_role("dialog", name="医保智能问答")).to_have_attribute("aria-modal", "false")

    # Retry puts focus back into the input (the button itself disappears).
    page.route("**/api/chat", lambda route: route.abort("connectionrefused"))
    box.fill("异地就医怎么备案")
    box.press("Enter")
    retry = page.get_by_role("button", name="重试")
    retry.focus()
    page.unroute("**/api/chat")
    with page.expect_response("**/api/chat"):
        page.keyboard.press("Enter")
    expect(page.locator(BOT_REPLIES)).to_have_count(2)
    expect(box).to_be_focused()
