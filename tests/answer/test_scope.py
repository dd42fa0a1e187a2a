"""Class 7 (out of scope that mentions a place or a generic word) and class 9 (capability small talk)."""

import pytest

from bot.nlu.topics import off_topic_reason


@pytest.mark.parametrize("question, reason", [
    ("潍坊这两天下不下雨?出门要带伞不?", "everyday"),
    ("中山有啥好吃的早茶", "everyday"),
    ("重庆的股票怎么买", "everyday"),
    ("百万医疗险一年几百块,值不值得买?", "commercial_insurance"),
    ("重疾险怎么报销", "commercial_insurance"),
    ("交强险理赔要多久", "commercial_insurance"),
    ("感冒吃什么药", "medical_advice"),
    ("血压高怎么办", "medical_advice"),
    ("安徽城乡居民养老保险每年可以交多少钱?", "other_insurance"),
    ("潍坊风筝节一般是几月份办?", "everyday"),
    ("透析的人平时吃东西要注意什么,能吃香蕉吗", "medical_advice"),
    ("潍坊哪家白癜风医院治得好?用什么疗法", "medical_advice"),
    ("潍坊明天台风来吗", "everyday"),
    ("百万医疗险和居民医保哪个划算", "commercial_insurance"),
    ("有了居民医保还有必要买重疾险吗", "commercial_insurance"),  # buying advice, whatever public scheme it names
    ("交了城乡居民医保,还需要再买个百万医疗险不", "commercial_insurance"),
    ("有了居民医保还用买商业保险吗", "commercial_insurance"),
    ("纽约看病医保怎么报", "abroad"),
    ("出国旅游生病了国内医保能报吗", "abroad"),
    ("潍坊后天会下雨吗?我打算去医保窗口办事", "everyday"),  # the weather is what is asked
    ("咳嗽吃哪种止咳药医保能报还见效快", "medical_advice"),  # which medicine works is advice
    ("我买了平安福,住院能赔多少", "commercial_insurance"),  # 赔 is what an insurer does
    ("潍坊明天限号吗", "everyday"),
    ("孩子学校发单子让买学平险,一年100块,值不值得买", "commercial_insurance"),
    ("我在湖南,血压一直偏高,吃哪种降压药比较好", "medical_advice"),
    ("重疾险和居民医保哪个更划算,要不要都买", "commercial_insurance"),  # 更 between 哪个 and 划算
    ("医生给开的降压药吃了老是头晕,我能不能自己先停了", "medical_advice"),
    ("境外就医能用居民医保报销吗", "abroad"),
])
def test_out_of_scope_even_with_a_place_or_a_generic_word(bot, question, reason):
    assert off_topic_reason(bot.analyse(question).norm) == reason
    r = bot.ask(question)
    assert r.status == "refuse" and r.intent == "out_of_scope"
    if reason == "medical_advice":
        assert "医生" in r.answer or "就诊" in r.answer


@pytest.mark.parametrize("question", ["大病保险怎么报销", "潍坊居民医保交多少", "异地就医怎么备案", "血压高吃药医保能报吗",
                                      "异地就医要注意什么", "户籍在海外,在中山参保能享受社区门诊吗",
                                      "下雨天能去医保窗口办事吗"])
def test_insurance_questions_stay_in_scope(bot, question):
    assert off_topic_reason(bot.analyse(question).norm) is None


@pytest.mark.parametrize("question", ["你都能回答些啥?", "你能帮我干啥", "你是干什么的"])
def test_capability_small_talk(bot, question):
    r = bot.ask(question)
    assert r.status == "answer" and r.intent == "chitchat"
    assert "交多少" in r.answer and "报多少" in r.answer


def test_rates_are_answered_without_an_ask_back(bot):
    """Class 6: no tier and nobody counted: the cited rates are the answer."""
    r = bot.ask("潍坊居民医保交多少")
    assert r.status == "answer"
    first = r.answer.split("\n")[0]
    assert "390元" in first and "260元" in first and r.citations
    # groups one sentence of the text covers are said in its words once, benefit tier included
    assert first.count("学生、儿童统一按低档缴费,享受高档待遇[2]") == 1


def test_no_needless_ask_back_when_no_figure_is_asked(bot):
    """Class 6: a question naming a place with rules but asking no amount is not asked for a tier."""
    r = bot.ask("在赵家街道中心卫生医院住院,晚上能回家睡吗")
    assert r.status == "answer" and r.clarify is None


def test_a_signature_line_is_not_the_answer(bot):
    r = bot.ask("赵家街道卫生院出院带药有天数限制吗")
    assert not r.answer.startswith("赵家街道中心卫生医院医保办")


@pytest.mark.parametrize("question, amount, lead", [
    # members the file prices are computed; the others are named as not counted, never a refusal
    ("伊春的,家里4口人,其中我哥是特困人员,2025年居民医保一家要交多少?", 1200, "不含困难群体1人"),
    ("宁波的,家里俩孩子,一个上初中一个上小学,2025年医保个人部分一共交多少?", 580, "学生2人"),
    ("宁波一家三口,孩子上小学,2025年交多少", 290, "不含成人2人"),
])
def test_households_with_members_the_file_does_not_price(bot, question, amount, lead):
    """Class 2: a member without a rate in the file is left out of the total and said so."""
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.calculation.amount == amount
    first = reply.answer.splitlines()[0]
    assert lead in first
    assert ("没有计入合计" in reply.answer) == ("不含" in lead)


def test_exempt_member_the_file_only_says_is_funded_gets_that_sentence(bot):
    """Class 2: 潍坊's text says 低保对象 are 资助参保 by the government, with no amount: that cited sentence
    answers a 低保 asker (no made-up 0, no unrelated passage), and a family's other members are computed."""
    alone = bot.ask("潍坊低保户交居民医保要自己出钱吗")
    assert alone.status == "answer" and alone.calculation is None
    first = alone.answer.splitlines()[0]
    assert "由政府按规定标准资助参保[1]" in first and "低保对象" in first
    assert "没有写" in alone.answer and "0元" not in alone.answer
    family = bot.ask("潍坊一家三口,其中我妈是低保户,交高档一共多少")
    assert family.calculation.amount == 780
    note = next(c for c in family.citations if "资助参保" in c.quote)
    assert f"资助参保[{note.n}],没有写个人缴费金额" in family.answer


def test_out_of_pocket_leads_when_asked(bot):
    """Class 1: "报完自己还得出多少" is answered by the self-paid part in the first sentence."""
    reply = bot.ask("俺在晋中二级医院透析,今年花了两万,居民医保报完自己还得出多少?")
    assert reply.calculation.amount == 5375
    assert reply.answer.startswith("按晋中市(2025年)的规定估算:个人自付约5375元")


@pytest.mark.parametrize("question, first", [
    ("平阳县2019年居民医保个人交多少,财政补多少?", "个人缴费"),
    ("平阳县的城乡居民医保,个人自己要掏多少钱,政府补多少", "个人缴费"),  # 掏 is how much the asker pays
    ("重庆2017年度居民医保,要是7月以后才交,除了个人那份还要交财政补助,财政补助那部分是多少钱?", "财政补助标准为420元"),  # the late rule states it
    ("宁波2025年中小学生参加居民医保,政府财政补助多少钱?", "财政补助每人370元"),  # "2025年中" is not 年中
    ("潍坊居民医保高档一年多少钱?家里孩子上学的能交高档吗?", "高档每人每年390元"),  # "家里" counts nobody
])
def test_the_rate_asked_first_leads(bot, question, first):
    assert first in bot.ask(question).answer.splitlines()[0]


def test_a_bill_in_the_year_story_is_not_refused(bot):
    """Class 5: "今年到现在政策内才花了450" is a story, not a demand for this year's rules."""
    reply = bot.ask("晋中居民医保,刚开始透析,今年到现在政策内才花了450块,能报吗?")
    assert reply.status == "answer" and reply.calculation.amount == 0


def test_a_rate_stated_without_a_rule_file_answers_first(bot):
    """Class 1 and 6: "个人缴费比例是多少" is answered by the sentence stating 8%, first; the note that no
    rule file exists follows instead of leading."""
    reply = bot.ask("天津灵活就业人员参加职工医保,个人缴费比例是多少?")
    assert reply.status == "answer"
    assert "8%" in reply.answer.splitlines()[0]
    assert reply.answer.index("8%") < reply.answer.find("说明:以上是当地资料的原文内容")


def test_a_yes_no_question_about_a_rate_gets_the_rule(bot):
    """Class 1: "报销比例跟本地一样不" is answered by the principle, not by an example's numbers."""
    first = bot.ask("江苏的医保在省内异地看病,报销比例跟在本地一样不?").answer.splitlines()[0]
    assert "与参保地的报销比例保持一致" in first[:150]


@pytest.mark.parametrize("question, status, amount", [
    ("伊春这边,2024年老两口的居民医保一共交了多少钱来着?", "answer", 800),
    ("伊春2023年交多少", "refuse", None),
])
def test_a_year_the_text_says_was_the_same(bot, question, status, amount):
    """Class 5: 伊春's 2025 text says 2024 had the same standard, so 2024 is computed with that citation;
    a year the text says nothing about is still refused."""
    reply = bot.ask(question)
    assert reply.status == status
    if amount is not None:
        assert reply.calculation.amount == amount and "与2024年相同" in reply.answer
        assert "您说的是2024年的事" not in reply.answer  # the text covers 2024: no "only 2025" note


@pytest.mark.parametrize("turns, status, lead", [
    (["安吉县2014年住院一年最多报多少"], "answer", "2014年该限额提高到26万元"),
    (["安吉县2015年城乡居民医保住院一年最多报多少?", "那2014年呢"], "answer", "2014年该限额提高到26万元"),
    (["安吉县2013年住院一年最多报多少"], "refuse", None),  # the text names no 2013 figure
    (["安吉县2014年居民医保交多少"], "refuse", None),  # 2014 is named, but not with a contribution
])
def test_a_year_without_its_own_text_but_with_its_figure_stated(bot, turns, status, lead):
    """Class 5 (over-strict year refusals): 安吉's 2015 text states 2014's limit, so that sentence answers a
    2014 question, saying that no 2014 text is held; any other figure of a year without a text is refused."""
    reply = None
    for t in turns:
        reply = bot.ask(t, context=reply.context) if reply else bot.ask(t)
    assert reply.status == status
    if lead:
        assert lead in reply.answer.splitlines()[0]
        assert "资料库里没有安吉县2014年的政策文件" in reply.answer


@pytest.mark.parametrize("question, amount", [
    ("在潍坊交居民医保,选高档比选低档一个人一年要多掏多少钱?", 130),
    ("潍坊一家三口选高档比低档多交多少", 390),
    ("潍坊居民医保高档比低档贵多少", 130),
])
def test_the_difference_between_tiers_is_computed(bot, question, amount):
    """Class 3: the neighbouring question (how much more the high tier costs) gets its own computation."""
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.calculation.amount == amount


def test_rates_stated_in_one_sentence_are_quoted(bot):
    """Class 1: the text's own sentence stating every tier leads the rates reply, without its "答:" label."""
    first = bot.ask("重庆2017年居民医保一档二档分别多少钱?").answer.splitlines()[0]
    assert "一档:140元/人.年,二档:350元/人.年[1]" in first and "答:" not in first


@pytest.mark.parametrize("question, shown", [
    ("河南2017年城乡居民医保个人交多少?大学生呢", ["150元", "90元"]),
    ("濰坊2021年居民醫保高檔跟低檔各是多少錢?", ["390元", "260元"]),
])
def test_two_rates_asked_together_are_both_answered(bot, question, shown):
    """Class 1 and 6: "个人交多少?大学生呢" asks two rates; neither is computed for one assumed person."""
    reply = bot.ask(question)
    assert reply.calculation is None
    assert all(x in reply.answer.splitlines()[0] for x in shown)


def test_an_alias_member_is_labelled_by_what_they_are(bot):
    reply = bot.ask("平阳县新生儿出生当年要交医保费吗")
    assert "新生儿(困难群体)" in reply.answer and reply.calculation.amount == 0


def test_adults_on_different_tiers_are_priced_by_their_own_tier(bot):
    """Class 2: "我跟老伴交低档,儿子儿媳交高档,孙子上幼儿园" = 2×260 + 2×390 + 260 (children pay 低档)."""
    reply = bot.ask("潍坊的,我跟老伴交低档,儿子儿媳交高档,孙子上幼儿园,一家五口一年医保一共得多少钱?")
    assert reply.calculation.amount == 1560
    assert "成人(低档):260元 × 2人" in reply.answer and "成人(高档):390元 × 2人" in reply.answer


@pytest.mark.parametrize("question, shown", [
    ("2025年城乡居民医保个人一年大概交多少?国家财政补多少?", ["大约为每人每年400元", "不低于670元"]),
    ("听说有的地方居民医保分高档低档,2025年高档一般一年交多少?", ["1030元"]),
])
def test_general_questions_are_answered_from_general_texts(bot, question, shown):
    """Class 6: "一般/大概/国家" questions without a place are answered from national or placeless texts of
    the asked year, not asked back for a city."""
    reply = bot.ask(question)
    assert reply.status == "answer" and all(s in reply.answer for s in shown)


def test_a_plain_contribution_question_without_place_is_still_asked_back(bot):
    assert bot.ask("居民医保一年交多少钱").status == "clarify"


@pytest.mark.parametrize("question", ["伊春一家三口2026年交多少", "明年伊春一家三口交多少"])
def test_a_year_the_texts_lack_is_refused_with_the_year_they_have_labelled(bot, question):
    """Class 5: an explicit year the texts lack, or next year, is refused; the 2025 standard follows, labelled
    as not the asked year."""
    reply = bot.ask(question)
    assert reply.status == "refuse"
    first, second = reply.answer.splitlines()[:2]
    assert "没有伊春市20" in first and "不是20" in second
    assert reply.calculation is None or reply.calculation.year == 2025


@pytest.mark.parametrize("question", ["伊春一家三口今年交多少", "我在伊春,去年居民医保交了400,今年是不是涨价了?"])
def test_this_year_is_answered_by_the_newest_standard_labelled_with_its_year(bot, question):
    """Class 5: "今年交多少" asks for the standard in force: the newest one the texts state answers, and the
    line after the headline says this year's own standard is not in the texts (no over-strict refusal)."""
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.calculation.year == 2025
    assert reply.answer.splitlines()[1] == "说明:资料里最新的是2025年的标准;2026年的标准资料里没有,请以当地医保部门公布为准。"


@pytest.mark.parametrize("question, computed", [
    ("俺娘在潍坊农村,70多了不会用手机,居民医保咋交费", False),
    ("潍坊一家三口怎么交高档", True),
    ("在重庆赵家街道中心卫生医院住院,出院报销得拿哪些东西?", False),  # papers to bring, not an ask-back for the tier
])
def test_how_to_pay_is_a_procedure_how_much_is_a_computation(bot, question, computed):
    """Class 6: "咋交费" asks the ways to pay; "一家三口怎么交高档" still asks an amount."""
    assert (bot.ask(question).calculation is not None) == computed


@pytest.mark.parametrize("question, says", [
    ("你好,我想问问医保的事", "医保智能问答助手"),
    ("哈哈", "谢谢夸奖"),
    ("你真棒", "谢谢夸奖"),
    ("你们这个能查哪些地方的医保", "潍坊市"),
    ("你能帮我算医保吗", "交多少"),
    ("能用语音吗", "文字"),
    ("有人吗", "医保智能问答助手"),
    ("问你个事", "医保智能问答助手"),
    ("你們好", "醫保智能問答助手"),
    ("麻烦你了", "不客气"),
    ("你会算报销吗", "报多少"),
    ("我不懂医保,能教教我吗", "怎么办"),
])
def test_capability_and_small_talk_in_residents_words(bot, question, says):
    """Class 9: small talk and questions about the bot (incl. which places it covers) are chitchat."""
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.intent == "chitchat" and says in reply.answer


def test_a_greeting_before_a_real_question_is_not_small_talk(bot):
    assert bot.ask("你好,潍坊居民医保交多少").intent == "contribution"
    assert bot.ask("你懂不懂异地就医备案怎么办").intent == "policy_qa"


@pytest.mark.parametrize("question", ["在吗?", "在吗", "你好!"])
def test_a_bare_greeting_with_a_question_mark_is_small_talk(bot, question):
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.intent == "chitchat"


def test_a_two_part_question_whose_amount_the_text_lacks_answers_the_other_part(bot):
    """Class 1 and 6: "要交多少、多久以后才能报销" in 盐山 (amount blanked on the page): the other part is
    answered from the text and the missing amount is said, instead of refusing the whole question."""
    reply = bot.ask("我今年4月份才去盐山补办居民医保,要交多少、多久以后才能报销?")
    assert reply.status == "answer" and "没有写明您问的金额" in reply.answer
    assert reply.answer.count("说明:") == 1


def test_who_may_join_is_not_a_computation(bot):
    """Class 6: "交了职工医保,还能再参加居民医保不" asks who may join; the rule answers, not a 210元 sum."""
    reply = bot.ask("平阳县我在单位交了两个月职工医保,还能再参加城乡居民医保不")
    assert reply.calculation is None and "不得再参加城乡居民基本医疗保险" in reply.answer.splitlines()[0]


def test_discharge_medicine_is_a_rule_of_the_hospital_not_medical_advice(bot):
    """Class 8: "出院能带几天的药" after naming the 赵家街道 hospital is answered from its rules."""
    first = bot.ask("我爸在重庆赵家街道中心卫生医院住院")
    reply = bot.ask("出院能带几天的药啊", first.context)
    assert reply.status == "answer" and "慢性病不得超过7日" in reply.answer


def test_did_it_go_up_is_answered_by_what_the_text_says_about_the_change(bot):
    """Class 5: "去年交400,今年2025年涨了没" gets 伊春's own "这一标准与2024年保持一致" right after the
    headline; 2025 was named, so no note about this year's standard."""
    lines = bot.ask("伊春的,去年交的居民医保是400,今年2025年涨了没?").answer.splitlines()
    assert lines[1].startswith("资料写明:这一标准与2024年保持一致")
    assert not any("2026年的标准资料里没有" in line for line in lines)


def test_next_years_reward_in_a_claim_free_story_is_not_a_demand_for_next_years_rules(bot):
    """Class 5: "今年一分钱没报销过,明年额度能涨吗?最多涨到多少" asks the reward the rule gives next year."""
    reply = bot.ask("我从2021年起每年都在湖南交居民医保,今年一分钱没报销过,明年大病保险额度能涨吗?最多涨到多少")
    head = reply.answer.splitlines()[0]
    assert reply.status == "answer" and "5000元" in head and "(即8萬元)" in head  # both rules, quoted
    assert "最多提高80000元" in reply.answer.splitlines()[1]
    assert bot.ask("湖南明年的居民医保一个人要交多少钱?").status == "refuse"


def test_a_story_year_other_than_the_rules_year_is_said_under_the_headline(bot):
    """Class 5 (judge round 6): "我妈去年在平阳县医院住院" is computed with the 2019 rule, and the reply says
    right away that last year's own rule is not in the texts."""
    lines = bot.ask("我妈去年在平阳县医院住了次院,医保范围内花了1万2,按规定能报多少?").answer.splitlines()
    assert lines[0].startswith("按平阳县(2019年)的规定估算") and "7770元" in lines[0]
    assert lines[1].startswith("说明:您说的是2025年的事,资料里只有2019年的标准")
