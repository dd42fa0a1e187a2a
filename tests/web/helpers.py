"""Shared steps of the browser tests: open the widget, ask, serve a custom host page, measure."""

from __future__ import annotations

from playwright.sync_api import Page, expect

WIDGET = "yibao-chat-widget"
BOT_REPLIES = f"{WIDGET} .msg.bot[data-status]"


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="打开医保智能问答").click()
    expect(page.get_by_role("dialog", name="医保智能问答")).to_be_visible()
    expect(page.get_by_role("textbox", name="输入您的问题")).to_be_focused()


def ask(page: Page, question: str) -> dict:
    """Type a question, press Enter, wait for the reply to be rendered; returns the API reply."""
    before = page.locator(BOT_REPLIES).count()
    box = page.locator(f"{WIDGET} textarea")
    box.fill(question)
    with page.expect_response("**/api/chat") as resp:
        box.press("Enter")
    assert resp.value.ok, resp.value.text()
    expect(page.locator(BOT_REPLIES)).to_have_count(before + 1)
    return resp.value.json()


def host_page(page: Page, server: str, path: str, body: str, headers: dict | None = None, **attrs: str) -> str:
    """Serve a custom host page on the server's origin (so no network beyond loopback) and return its URL."""
    data = " ".join(f'data-{k.replace("_", "-")}="{v}"' for k, v in {"title": "医保智能问答", **attrs}.items())
    html = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>接入测试</title></head>'
            f'<body><main>{body}</main><script src="{server}/static/widget.js" {data} defer></script></body></html>')
    url = f"{server}{path}"
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html,
                                                headers=headers or {}))
    return url


def in_shadow(page: Page, js: str):
    """Evaluate `js` (a function body) with `root` bound to the widget's shadow root."""
    return page.evaluate(f"() => {{ const root = document.querySelector('{WIDGET}').shadowRoot; {js} }}")


SMALL_CONTROLS_JS = """
const out = [];
for (const n of root.querySelectorAll('button, a[href], textarea, summary, input, select')) {
  if (!n.getClientRects().length || n.closest('[hidden]')) continue;
  const r = n.getBoundingClientRect();
  if (r.width < 43.5 || r.height < 43.5)
    out.push(`${n.tagName.toLowerCase()}.${n.className} "${(n.getAttribute('aria-label') || n.textContent).trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
}
return out;
"""

FONT_SIZES_JS = """
const sizes = {};
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
let min = Infinity;
while (walker.nextNode()) {
  const t = walker.currentNode;
  const e = t.parentElement;
  if (!t.textContent.trim() || !e || !e.getClientRects().length || e.closest('.sr, [hidden], svg')) continue;
  const px = parseFloat(getComputedStyle(e).fontSize);
  if (px < min) { min = px; sizes.smallest = `${e.tagName.toLowerCase()}.${e.className}: ${t.textContent.trim().slice(0, 15)}`; }
}
sizes.min = min;
sizes.body = parseFloat(getComputedStyle(root.querySelector('.msg.bot[data-status] .para')).fontSize);
sizes.lineHeight = parseFloat(getComputedStyle(root.querySelector('.msg.bot[data-status] .para')).lineHeight);
return sizes;
"""

# Text that wraps (paragraphs, list items, buttons, notes) with a line height under 1.6; the one-line title
# and the big calculated amount are the only exceptions.
LINE_HEIGHTS_JS = """
const out = [];
for (const e of root.querySelectorAll('p, li, button, summary, textarea, td, th, .calc-std, .meta span')) {
  if (!e.getClientRects().length || e.closest('.sr, [hidden]') || e.matches('.title, .calc-amount')) continue;
  const cs = getComputedStyle(e);
  if (parseFloat(cs.lineHeight) < 1.6 * parseFloat(cs.fontSize) - 0.1)
    out.push(`${e.tagName.toLowerCase()}.${e.className}: ${cs.lineHeight} / ${cs.fontSize}`);
}
return out;
"""


def set_browser_font_size(page: Page, px: int) -> None:
    """The browser's default font size setting (Settings > Appearance > Font size), via CDP."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": px}})
