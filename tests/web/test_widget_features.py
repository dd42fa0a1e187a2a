"""Structured answers, checkable citations, ways out, the embed options, the JS API, voice and the
Traditional interface, in a real browser against the real server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.helpers import BOT_REPLIES, WIDGET, ask, host_page, in_shadow, open_widget

pytestmark = pytest.mark.browser


def test_procedure_answer_renders_numbered_steps_as_a_list(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "中山怎么用粤医保小程序办门诊选点")
    steps = [b for b in reply["blocks"] if b["type"] == "steps"]
    assert steps, reply["blocks"]
    items = page.locator(BOT_REPLIES).last.locator("ol.steps").first.locator("li")
    expect(items).to_have_count(len(steps[0]["items"]))
    expect(items.first).to_contain_text(re.sub(r"\[\d+\]", "", steps[0]["items"][0])[:12])
    assert not re.match(r"\d", items.first.inner_text())  # the list numbers it, the marker text is gone


def test_phone_numbers_and_urls_become_links(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "伊春医保局在哪,电话多少")
    assert "0454-3607164" in reply["answer"]
    last = page.locator(BOT_REPLIES).last
    expect(last.locator('a[href="tel:04543607164"]')).to_have_text("0454-3607164")
    assert last.locator('a[href^="tel:153000"]').count() == 0  # the post code is not a phone number
    reply = ask(page, "中山选点能在广东政务服务网上办吗")
    assert "http://www.gdzwfw.gov.cn" in reply["answer"]
    link = page.locator(BOT_REPLIES).last.locator('a[href="http://www.gdzwfw.gov.cn"]')
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_attribute("target", "_blank")


def test_money_is_never_a_phone_link(page: Page, server: str):
    open_widget(page, server)
    ask(page, "平阳县县级医院住院花了2万能报多少")
    assert page.locator(f"{BOT_REPLIES} a").count() == 0


def test_citation_highlight_covers_only_the_quoted_sentence(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "平阳县县级医院住院花了2万能报多少")
    citation = reply["citations"][0]
    chip = page.locator(BOT_REPLIES).last.locator("button.cite").first
    with page.expect_response(f"**/api/passages/{citation['passage_id']}") as resp:
        chip.click()
    passage = resp.value.json()
    sheet = page.get_by_role("region", name="政策原文")
    expect(sheet.locator("mark")).to_have_text(citation["quote"])
    assert len(citation["quote"]) < len(passage["text"]) / 2  # only the sentence, not the passage
    expect(sheet.locator(".p-title")).to_have_text(citation["title"])
    expect(sheet.locator(".p-meta")).to_contain_text(citation["region"])
    expect(sheet.locator(".p-meta")).to_contain_text(f"{citation['year']}年")
    # The seed corpus has no front matter url: the file name is shown plainly instead of a link.
    assert passage["url"] is None
    expect(sheet.locator(".p-file")).to_contain_text(citation["source"])
    expect(sheet.locator("a.p-link")).to_have_count(0)


def test_each_source_under_yiju_opens_its_passage(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "平阳县县级医院住院花了2万能报多少")
    sources = page.locator(BOT_REPLIES).last.locator(".sources .src")
    titles = list(dict.fromkeys(c["title"] for c in reply["citations"]))
    expect(sources).to_have_count(len(titles))
    sources.first.click()
    sheet = page.get_by_role("region", name="政策原文")
    expect(sheet.locator(".p-title")).to_have_text(titles[0])
    expect(sheet.locator("mark")).to_have_text(reply["citations"][0]["quote"])
    page.get_by_role("button", name="返回对话").click()
    expect(sources.first).to_be_focused()


def test_front_matter_url_is_linked_in_the_viewer(page: Page, server: str):
    page.route("**/api/passages/*", lambda route: route.fulfill(json={
        **route.fetch().json(), "url": "https://ybj.example.gov.cn/notice/1"}))
    open_widget(page, server)
    ask(page, "中山怎么选定点医院")
    page.locator(f"{BOT_REPLIES} .sources .src").first.click()
    link = page.get_by_role("link", name=re.compile("打开原网页"))
    expect(link).to_have_attribute("href", "https://ybj.example.gov.cn/notice/1")
    expect(page.locator(f"{WIDGET} .p-file")).to_have_count(0)


def test_refusal_is_short_with_places_folded_and_ways_out(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "北京医保交多少")
    assert reply["status"] == "refuse"
    last = page.locator(BOT_REPLIES).last
    places = [b for b in reply["blocks"] if b["type"] == "places"][0]["items"]
    summary = last.locator("details.places summary")
    expect(summary).to_have_text(f"查看已收录的 {len(places)} 个地区")
    expect(last.locator("details.places li").first).to_be_hidden()  # folded: the refusal reads in one line
    summary.click()
    expect(last.locator("details.places li")).to_have_count(len(places))
    expect(last.get_by_role("link", name="拨打医保服务热线 12393")).to_have_attribute("href", "tel:12393")
    expect(last.get_by_role("link", name=re.compile("国家医保服务平台"))).to_have_attribute("href", "https://fuwu.nhsa.gov.cn/")


def test_new_conversation_can_be_undone(page: Page, server: str):
    open_widget(page, server)
    first = ask(page, "中山怎么选定点医院")
    page.get_by_role("button", name="开始新对话").click()
    expect(page.locator(BOT_REPLIES)).to_have_count(0)
    undo = page.get_by_role("button", name="撤销")
    expect(undo).to_be_focused()
    undo.click()
    expect(page.locator(BOT_REPLIES)).to_have_count(1)
    expect(page.locator(f"{WIDGET} textarea")).to_be_focused()
    box = page.locator(f"{WIDGET} textarea")
    box.fill("平阳县")
    with page.expect_request("**/api/chat") as req:
        box.press("Enter")
    assert req.value.post_data_json["context"] == first["context"]  # the context came back too
    page.get_by_role("button", name="开始新对话").click()
    ask(page, "异地就医怎么备案")  # asking again drops the undo offer
    expect(page.get_by_role("button", name="撤销")).to_have_count(0)


def test_traditional_question_switches_the_interface(page: Page, server: str):
    open_widget(page, server)
    reply = ask(page, "中山選點以後多久生效?")
    assert "選點" in reply["answer"]
    expect(page.get_by_role("textbox", name="輸入您的問題")).to_be_visible()
    expect(page.get_by_role("button", name="開始新對話")).to_be_visible()
    last = page.locator(BOT_REPLIES).last
    expect(last).to_have_attribute("lang", "zh-Hant")
    expect(page.locator(f"{WIDGET} .msg.user").last).to_have_attribute("lang", "zh-Hant")
    last.get_by_role("button", name="回答沒有幫助").click()
    expect(last.get_by_role("group", name="哪裏不滿意?(可選)").get_by_role("button").first).to_have_text("答案不對")
    ask(page, "异地就医怎么备案")
    expect(page.get_by_role("textbox", name="输入您的问题")).to_be_visible()
    expect(page.locator(BOT_REPLIES).last).to_have_attribute("lang", "zh-Hans")
    expect(page.locator(BOT_REPLIES).first).to_have_attribute("lang", "zh-Hant")  # each message keeps its own


def test_embed_options_from_data_attributes(page: Page, server: str):
    url = host_page(page, server, "/embed-options", "<h1>配置测试</h1>", title="某市医保问答", accent="#8a1538",
                    position="left", starters="门诊怎么报销|生育保险怎么办", open="true", large_text="true")
    page.goto(url)
    dialog = page.get_by_role("dialog", name="某市医保问答")
    expect(dialog).to_be_visible()  # open on load
    expect(page.locator(f"{WIDGET} .welcome .chip")).to_have_text(["门诊怎么报销", "生育保险怎么办"])
    expect(page.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "true")
    launcher = page.locator(f"{WIDGET} .launcher")
    assert launcher.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(138, 21, 56)"
    box = dialog.bounding_box()
    assert box is not None and box["x"] < 100  # left-hand side
    page.get_by_role("button", name="大字模式").click()  # the reader's choice beats the page default
    page.reload()
    expect(page.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "false")


def test_light_accent_keeps_text_readable(page: Page, server: str):
    url = host_page(page, server, "/embed-light", "<p>浅色主题</p>", accent="#ffd54f", open="true")
    page.goto(url)
    colour = page.locator(f"{WIDGET} .send").evaluate("el => getComputedStyle(el).color")
    assert colour == "rgb(17, 24, 39)"  # dark text on the light accent, not white


def test_js_api_open_ask_close(page: Page, server: str):
    page.goto(server)
    expect(page.get_by_role("dialog", name="医保智能问答")).to_be_hidden()
    with page.expect_response("**/api/chat"):
        page.evaluate("YibaoWidget.ask('异地就医怎么备案')")
    expect(page.get_by_role("dialog", name="医保智能问答")).to_be_visible()
    expect(page.locator(BOT_REPLIES)).to_have_count(1)
    page.evaluate("YibaoWidget.close()")
    expect(page.get_by_role("dialog", name="医保智能问答")).to_be_hidden()
    page.evaluate("YibaoWidget.open()")
    expect(page.locator(f"{WIDGET} textarea")).to_be_focused()
    assert sorted(page.evaluate("Object.keys(YibaoWidget)")) == ["ask", "close", "open", "setLargeText"]


def test_read_aloud_uses_speech_synthesis(page: Page, server: str):
    page.add_init_script("""
        window.__spoken = [];
        window.speechSynthesis.speak = u => { window.__spoken.push([u.text, u.lang]); };
    """)
    open_widget(page, server)
    reply = ask(page, "中山怎么选定点医院")
    button = page.locator(BOT_REPLIES).last.get_by_role("button", name="朗读")
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken == [[re.sub(r"\[\d+\]", "", reply["answer"]), "zh-CN"]]
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_accessible_name("停止朗读")


def test_read_aloud_is_hidden_without_speech_synthesis(page: Page, server: str):
    page.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    open_widget(page, server)
    ask(page, "中山怎么选定点医院")
    expect(page.locator(BOT_REPLIES).last.get_by_role("button", name="回答有帮助")).to_be_visible()
    expect(page.locator(f"{WIDGET} .speak")).to_have_count(0)


STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'"
NO_CONSTRUCTABLE = "delete ShadowRoot.prototype.adoptedStyleSheets; delete Document.prototype.adoptedStyleSheets;"


@pytest.mark.parametrize("nonce", [None, "r4nd0m"])
def test_strict_csp_without_constructable_stylesheets_is_still_styled(page: Page, server: str, nonce):
    csp = STRICT_CSP.replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'" if nonce else "style-src 'self'")
    attrs = {"nonce": nonce} if nonce else {}
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(NO_CONSTRUCTABLE)
    url = host_page(page, server, f"/embed-csp-{nonce or 'link'}", "<p>严格 CSP</p>",
                    headers={"Content-Security-Policy": csp}, **attrs)
    page.goto(url)
    assert page.evaluate("'adoptedStyleSheets' in ShadowRoot.prototype") is False
    launcher = page.get_by_role("button", name="打开医保智能问答")
    expect(launcher).to_have_css("background-color", "rgb(11, 95, 165)")
    expect(launcher).to_have_css("position", "fixed")
    launcher.click()
    ask(page, "中山怎么选定点医院")
    assert in_shadow(page, "return getComputedStyle(root.querySelector('.send')).minHeight") == "44.2px"
    kind = "style" if nonce else "link"
    assert in_shadow(page, f"return root.querySelectorAll('{kind}').length") == 1
    assert violations == []


CONTRAST_JS = """
const lum = c => { const v = c.match(/[\\d.]+/g).slice(0, 3).map(x => { x /= 255;
  return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const bg = n => { for (; n; n = n.parentElement) { const c = getComputedStyle(n).backgroundColor;
  if (c !== 'rgba(0, 0, 0, 0)') return c; } return 'rgb(255, 255, 255)'; };
const q = s => root.querySelector(s);
const box = q('textarea'); box.focus();
const out = {
  input_border: ratio(getComputedStyle(box).borderTopColor, bg(box.parentElement)),
  input_focus: ratio(getComputedStyle(box).outlineColor, bg(box.parentElement)),
  chip_border: ratio(getComputedStyle(q('.chip')).borderTopColor, bg(q('.chip').parentElement)),
  cite_border: ratio(getComputedStyle(q('.cite span')).borderTopColor, bg(q('.cite').parentElement)),
  option_border: ratio(getComputedStyle(q('.option')).borderTopColor, bg(q('.option').parentElement)),
  action_border: ratio(getComputedStyle(q('.act')).borderTopColor, bg(q('.act').parentElement)),
};
const close = q('.head .hbtn:last-child'); close.focus({focusVisible: true});
out.header_focus = ratio(getComputedStyle(close).outlineColor, bg(close.parentElement));
return out;
"""


def test_borders_and_focus_rings_have_3_to_1_contrast(page: Page, server: str):
    open_widget(page, server)
    ask(page, "中山怎么选定点医院")
    ask(page, "居民医保一家三口一年交多少钱")  # a clarify with options
    ratios = in_shadow(page, CONTRAST_JS)
    print("contrast ratios", {k: round(v, 2) for k, v in ratios.items()})
    assert all(r >= 3 for r in ratios.values()), ratios


def test_only_real_phone_numbers_and_urls_are_links(page: Page, server: str):
    from bot.answer.blocks import answer_blocks

    answer = ("办理步骤:\n1. 拨打热线12393或95518咨询\n2. 登录http://a.gov.cn/x?id=1,按提示填写\n"
              "· 起付线12000,最高报销95000,2024年12月起执行\n· 手机13800138000,电话(0571)87654321")
    fake = {"request_id": "f" * 32, "status": "answer", "answer": answer, "blocks": answer_blocks(answer),
            "intent": "policy_qa", "confidence": 0.9, "citations": [], "passages": [], "clarify": None,
            "calculation": None, "context": {}}
    page.route("**/api/chat", lambda route: route.fulfill(json=fake))
    open_widget(page, server)
    ask(page, "怎么办")
    last = page.locator(BOT_REPLIES).last
    expect(last.locator("ol.steps > li")).to_have_count(2)
    expect(last.locator("ul.list > li")).to_have_count(2)
    hrefs = last.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs == ["tel:12393", "tel:95518", "http://a.gov.cn/x?id=1", "tel:13800138000", "tel:057187654321"]
