"""The chat widget in a real browser (Playwright + Debian Chromium) against the real server.

Playwright's CSS and role locators pierce the widget's open Shadow DOM, so the tests address elements
inside it directly.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from playwright.sync_api import Page, Route, expect

from tests.web.helpers import BOT_REPLIES, WIDGET, ask, host_page, open_widget

pytestmark = pytest.mark.browser

# -- tests ----------------------------------------------------------------------------------------
def test_suggestions_then_answer_with_citation_chip(page: Page, server: str):
    open_widget(page, server)
    suggestions = page.locator(f"{WIDGET} .welcome .chip")
    expect(suggestions).to_have_count(4)
    expect(page.get_by_role("button", name="中山怎么选定点医院")).to_be_visible()
    expect(page.get_by_role("log", name="对话记录")).to_have_attribute("aria-live", "polite")

    reply = ask(page, "中山怎么选定点医院")
    assert reply["status"] == "answer" and reply["citations"]
    last = page.locator(BOT_REPLIES).last
    expect(last).to_contain_text("定点医院")
    expect(last).to_contain_text(reply["citations"][0]["quote"][:10])
    chips = last.locator("button.cite")
    expect(chips.first).to_be_visible()
    expect(chips.first).to_have_accessible_name(f"查看引用来源 1:{reply['citations'][0]['title']}")
    expect(last.get_by_role("button", name="回答有帮助")).to_be_visible()


def test_citation_opens_passage_with_highlighted_quote(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "中山怎么选定点医院")
    citation = reply["citations"][0]
    chip = page.locator(BOT_REPLIES).last.locator("button.cite").first
    with page.expect_response(f"**/api/passages/{citation['passage_id']}"):
        chip.click()
    sheet = page.get_by_role("region", name="政策原文")
    expect(sheet).to_be_visible()
    expect(sheet.locator(".p-title")).to_have_text(citation["title"])
    expect(sheet.locator(".p-meta")).to_contain_text(citation["region"])
    # the highlight is the answer text the chip closes: the quote, or its last line for a multi-line block
    expect(sheet.locator("mark")).to_be_visible()
    marked = "".join(sheet.locator("mark").inner_text().split())
    assert marked and marked in "".join(citation["quote"].split())
    assert marked.endswith("".join(citation["quote"].split())[-10:])
    expect(page.get_by_role("button", name="返回对话")).to_be_focused()
    page.keyboard.press("Escape")  # Esc closes the passage first, focus returns to the chip
    expect(sheet).to_be_hidden()
    expect(chip).to_be_focused()
    chip.click()
    expect(sheet.locator("mark")).to_be_visible()  # reopened for the screenshot


def test_clarify_option_is_sent_with_context(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "居民医保一家三口一年交多少钱")
    options = (reply.get("clarify") or {}).get("options") or []
    if reply["status"] != "clarify" or not options:
        pytest.xfail("clarify not produced yet")
    group = page.locator(BOT_REPLIES).nth(0).locator(".options")
    expect(group.get_by_role("button")).to_have_count(len(options))
    option = options[-1]
    with page.expect_request("**/api/chat") as req:
        group.get_by_role("button", name=option, exact=True).click()
    sent = req.value.post_data_json
    assert sent == {"message": option, "context": reply["context"]}
    expect(page.locator(BOT_REPLIES)).to_have_count(2)
    expect(page.locator(f"{WIDGET} .msg.user").last).to_have_text(f"您:{option}")
    expect(group.get_by_role("button", name=option, exact=True)).to_be_disabled()
    # The follow-up (another clarify, e.g. the tier, or the calculation) is answered in turn.
    follow = page.locator(BOT_REPLIES).last
    expect(follow).to_contain_text(option.rstrip("市县"))


def test_calculation_breakdown_table(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "平阳县县级医院住院花了2万能报多少")
    calc = reply.get("calculation")
    if not calc:
        pytest.skip("the calculator did not answer this question")
    box = page.locator(BOT_REPLIES).last.locator(".calc")
    expect(box.locator("table caption")).to_have_text("计算明细")
    expect(box.locator("tbody tr")).to_have_count(len(calc["steps"]))
    expect(box.locator(".calc-std")).to_contain_text(calc["region"])
    expect(box.locator("tbody tr").first).to_contain_text(calc["steps"][0]["label"])
    for a in calc["assumptions"]:
        expect(box.locator(".assume")).to_contain_text(a)


def stored_feedback(feedback_db, request_id: str) -> list[tuple]:
    with sqlite3.connect(feedback_db) as conn:
        return conn.execute("SELECT rating, comment, reason FROM feedback WHERE request_id = ?", (request_id,)).fetchall()


def test_thumbs_down_asks_why_and_stores_the_reason(page: Page, server: str, feedback_db):
    open_widget(page, server)
    reply = ask(page, "异地就医怎么备案")
    last = page.locator(BOT_REPLIES).last
    last.get_by_role("button", name="回答没有帮助").click()
    why = last.get_by_role("group", name="哪里不满意?(可选)")
    expect(why.get_by_role("button")).to_have_text(["答案不对", "政策过时了", "不是我的城市", "看不懂", "跳过"])
    expect(why.get_by_role("button", name="答案不对")).to_be_focused()
    with page.expect_request("**/api/feedback") as req, page.expect_response("**/api/feedback") as resp:
        why.get_by_role("button", name="不是我的城市").click()
    assert req.value.post_data_json == {"request_id": reply["request_id"], "rating": "down", "reason": "not_my_city"}
    assert resp.value.json()["ok"] is True
    expect(last.get_by_text("谢谢反馈")).to_be_visible()
    expect(last.get_by_role("button", name="回答没有帮助")).to_have_count(0)
    assert stored_feedback(feedback_db, reply["request_id"]) == [("down", None, "not_my_city")]


def test_thumbs_down_reason_is_optional(page: Page, server: str, feedback_db):
    open_widget(page, server)
    reply = ask(page, "中山怎么选定点医院")
    last = page.locator(BOT_REPLIES).last
    last.get_by_role("button", name="回答没有帮助").click()
    with page.expect_response("**/api/feedback"):
        last.get_by_role("button", name="跳过").click()
    expect(last.get_by_text("谢谢反馈")).to_be_visible()
    assert stored_feedback(feedback_db, reply["request_id"]) == [("down", None, None)]


def test_xss_payload_is_shown_literally(page: Page, server: str, dialogs):
    payload = "<img src=x onerror=alert(1)>"
    open_widget(page, server)
    ask(page, payload)
    expect(page.locator(f"{WIDGET} .msg.user").last).to_have_text(f"您:{payload}")

    # A reply that itself carries markup: answer text, citation, calculation and clarify option.
    evil = '<img src=x onerror="window.__xss=1">'
    fake = {
        "request_id": "x" * 32, "status": "clarify", "answer": f"答复 {evil} 见[1],[9]不是引用",
        "intent": "policy_qa", "confidence": 0.9,
        "citations": [{"n": 1, "passage_id": "p1", "source": "s.txt", "title": evil, "quote": evil,
                       "region": evil, "year": 2024}],
        "passages": [],
        "clarify": {"question": evil, "slot": "region", "options": [evil]},
        "calculation": {"kind": "contribution", "amount": 1, "region": evil, "year": 2024,
                        "steps": [{"label": evil, "formula": evil, "value": 1, "citation": 1}],
                        "assumptions": [evil]},
        "context": {}, "region": None, "year": None, "suggestions": [evil],
    }
    page.route("**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json",
                                                          body=json.dumps(fake, ensure_ascii=False)))
    ask(page, "测试")
    last = page.locator(BOT_REPLIES).last
    expect(last).to_contain_text(f"答复 {evil} 见")
    expect(last).to_contain_text("[9]不是引用")  # no citation 9, so it stays text
    expect(last.locator("button.cite")).to_have_count(2)  # [1] in the answer + the step's citation
    expect(last.get_by_role("button", name=evil, exact=True).first).to_be_visible()
    page.wait_for_timeout(300)  # give any onerror handler the chance to fire
    assert page.locator(f"{WIDGET} img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert dialogs == []


def test_phone_layout_360px(page: Page, server: str):
    page.set_viewport_size({"width": 360, "height": 740})
    open_widget(page, server)
    ask(page, "平阳县县级医院住院花了2万能报多少")
    panel = page.get_by_role("dialog", name="医保智能问答").bounding_box()
    assert panel is not None
    assert panel["x"] >= 0 and panel["y"] >= 0
    assert panel["x"] + panel["width"] <= 360 and panel["y"] + panel["height"] <= 740
    assert panel["width"] == 360  # full width on a phone
    widths = page.evaluate("""() => {
        const root = document.querySelector('yibao-chat-widget').shadowRoot;
        const log = root.querySelector('.log');
        return {doc: document.documentElement.scrollWidth, log: log.scrollWidth, logClient: log.clientWidth};
    }""")
    assert widths["doc"] <= 360, widths
    assert widths["log"] <= widths["logClient"], widths
    send = page.get_by_role("button", name="发送").bounding_box()
    assert send is not None and send["x"] + send["width"] <= 360


def test_server_unreachable_shows_friendly_error_and_retry(page: Page, server: str, closed_port: int):
    url = host_page(page, server, "/embed-down", "<h1>接入测试页</h1>", api=f"http://127.0.0.1:{closed_port}")
    page.goto(url)
    page.get_by_role("button", name="打开医保智能问答").click()
    box = page.get_by_role("textbox", name="输入您的问题")
    box.fill("中山怎么选定点医院")
    box.press("Enter")
    alert = page.locator(f"{WIDGET} .msg.error")
    expect(alert).to_contain_text("暂时无法连接到医保问答服务")
    expect(alert.get_by_role("button", name="重试")).to_be_visible()


def test_retry_after_network_failure_succeeds(page: Page, server: str):
    open_widget(page, server)
    page.route("**/api/chat", lambda route: route.abort("connectionrefused"))
    box = page.get_by_role("textbox", name="输入您的问题")
    box.fill("中山怎么选定点医院")
    box.press("Enter")
    retry = page.get_by_role("button", name="重试")
    expect(retry).to_be_visible()
    page.unroute("**/api/chat")
    with page.expect_response("**/api/chat"):
        retry.click()
    expect(page.locator(BOT_REPLIES)).to_have_count(1)
    expect(page.locator(BOT_REPLIES).last).to_contain_text("定点医院")
    expect(page.locator(f"{WIDGET} .msg.user")).to_have_count(1)  # the question is not repeated
    expect(page.locator(f"{WIDGET} .msg.error")).to_have_count(0)


def test_slow_server_times_out_with_retry(page: Page, server: str):
    pending: list[Route] = []
    url = host_page(page, server, "/embed-slow", "<p>慢速测试</p>", timeout="1500")
    page.route("**/api/chat", lambda route: pending.append(route))  # never answered
    page.goto(url)
    page.get_by_role("button", name="打开医保智能问答").click()
    box = page.get_by_role("textbox", name="输入您的问题")
    box.fill("异地就医怎么备案")
    box.press("Enter")
    expect(page.locator(f"{WIDGET} .typing")).to_contain_text("正在查询")
    expect(page.get_by_role("button", name="发送")).to_be_disabled()
    alert = page.locator(f"{WIDGET} .msg.error")
    expect(alert).to_contain_text("服务响应较慢", timeout=5000)
    expect(alert.get_by_role("button", name="重试")).to_be_visible()
    expect(page.locator(f"{WIDGET} .typing")).to_have_count(0)
    expect(page.get_by_role("button", name="发送")).to_be_enabled()


def test_reload_keeps_conversation_and_context(page: Page, server: str):
    open_widget(page, server)
    first = ask(page, "居民医保一家三口一年交多少钱")
    page.reload()
    dialog = page.get_by_role("dialog", name="医保智能问答")
    expect(dialog).to_be_visible()  # the open panel is restored too
    expect(page.locator(f"{WIDGET} .msg.user")).to_have_text(["您:居民医保一家三口一年交多少钱"])
    expect(page.locator(BOT_REPLIES)).to_have_count(1)
    expect(page.locator(BOT_REPLIES).last).to_contain_text(first["answer"].split("\n")[0][:12])
    box = page.get_by_role("textbox", name="输入您的问题")
    box.fill("潍坊市")
    with page.expect_request("**/api/chat") as req:
        box.press("Enter")
    assert req.value.post_data_json == {"message": "潍坊市", "context": first["context"]}
    expect(page.locator(BOT_REPLIES)).to_have_count(2)


def test_keyboard_only_flow(page: Page, server: str):
    page.goto(server)
    launcher = page.get_by_role("button", name="打开医保智能问答")
    for _ in range(30):
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el.getRootNode().activeElement === el"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="输入您的问题")
    expect(box).to_be_focused()

    page.keyboard.type("中山")
    page.keyboard.press("Shift+Enter")  # newline, not send
    expect(box).to_have_value("中山\n")
    page.keyboard.press("Backspace")
    page.keyboard.type("怎么选定点医院")
    with page.expect_response("**/api/chat"):
        page.keyboard.press("Enter")
    expect(page.locator(BOT_REPLIES)).to_have_count(1)
    expect(box).to_have_value("")
    expect(box).to_be_focused()

    # Focus order: Shift+Tab from the input reaches the last control of the latest answer.
    page.keyboard.press("Shift+Tab")
    expect(page.locator(BOT_REPLIES).last.get_by_role("button", name="回答没有帮助")).to_be_focused()

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="医保智能问答")).to_be_hidden()
    expect(page.get_by_role("button", name="打开医保智能问答")).to_be_focused()
    page.keyboard.press("Enter")  # reopen for the screenshot
    expect(box).to_be_focused()


def test_host_css_cannot_break_the_widget(page: Page, server: str):
    hostile = ("<style>*{font-size:40px !important;color:red !important;line-height:5 !important}"
               "button{display:none !important}div,section{display:none !important}"
               "yibao-chat-widget{display:none !important;opacity:0 !important}</style><p>有冲突样式的宿主页面</p>")
    url = host_page(page, server, "/embed-hostile", hostile)
    page.goto(url)
    launcher = page.get_by_role("button", name="打开医保智能问答")
    expect(launcher).to_be_visible()
    box = launcher.bounding_box()
    assert box is not None and box["height"] < 80
    launcher.click()
    reply = ask(page, "中山怎么选定点医院")
    assert reply["status"] == "answer"
    size = page.locator(BOT_REPLIES).last.locator("p.para").first.evaluate("el => getComputedStyle(el).fontSize")
    assert size == "17px"  # 40px host text does not reach in; the browser's 16px default makes 17px
