"""answer_blocks: the plain answer as paragraphs, numbered steps, lists, covered places and sources."""

from __future__ import annotations

from bot.answer.blocks import answer_blocks


def test_numbered_steps_in_every_style_group_into_one_block():
    text = "办理流程如下:\n1. 登录国家医保服务平台[1]\n2、选择异地就医备案\n（3）填写信息并提交\n第四步:等待审核"
    assert answer_blocks(text) == [
        {"type": "paragraph", "text": "办理流程如下:"},
        {"type": "steps", "items": ["登录国家医保服务平台[1]", "选择异地就医备案", "填写信息并提交", "等待审核"]},
    ]


def test_bullets_paragraphs_and_trailing_source():
    text = "需要带:\n· 身份证\n- 医保卡[2]\n其他材料以窗口要求为准。\n来源:\n  [1] 《通知》 潍坊市"
    assert answer_blocks(text) == [
        {"type": "paragraph", "text": "需要带:"},
        {"type": "list", "items": ["身份证", "医保卡[2]"]},
        {"type": "paragraph", "text": "其他材料以窗口要求为准。"},
        {"type": "source", "text": "来源:\n[1] 《通知》 潍坊市"},
    ]


def test_numbers_that_are_not_markers_stay_in_the_paragraph():
    text = "1.5万元以下报销50%\n-5%的调整\n2024年起执行"
    assert [b["type"] for b in answer_blocks(text)] == ["paragraph"] * 3


def test_a_paragraph_between_steps_starts_a_new_list():
    blocks = answer_blocks("1. 甲\n说明\n1. 乙")
    assert [b["type"] for b in blocks] == ["steps", "paragraph", "steps"]


def test_refusal_places_become_a_list_and_the_rest_stays_short():
    text = "抱歉,资料库里没有北京市的医保政策。目前收录的地区有:天津市、上海市、平阳县。北京市的政策请咨询当地医保部门。"
    assert answer_blocks(text) == [
        {"type": "paragraph", "text": "抱歉,资料库里没有北京市的医保政策。"},
        {"type": "places", "label": "目前收录的地区有", "items": ["天津市", "上海市", "平阳县"]},
        {"type": "paragraph", "text": "北京市的政策请咨询当地医保部门。"},
    ]


def test_traditional_answers_are_structured_too():
    blocks = answer_blocks("目前收錄的地區有:天津市、上海市。\n依據:[1]")
    assert blocks[0] == {"type": "places", "label": "目前收錄的地區有", "items": ["天津市", "上海市"]}
    assert blocks[1]["type"] == "source"


def test_empty_answer_has_no_blocks():
    assert answer_blocks("") == [] and answer_blocks("\n \n") == []


def test_every_reply_carries_blocks_built_from_its_answer(bot):
    for question in ("北京医保交多少", "平阳县县级医院住院花了2万能报多少", "中山怎么選定點醫院"):
        reply = bot.ask(question)
        assert reply.blocks == answer_blocks(reply.answer)
        assert reply.blocks
    refusal = bot.ask("北京医保交多少")
    assert any(b["type"] == "places" and "平阳县" in b["items"] for b in refusal.blocks)

