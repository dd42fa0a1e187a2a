"""Sentence extraction: page formatting is not part of a fact (class 1)."""

import pytest


@pytest.mark.parametrize("text, stripped", [
    ("3.灵活就业人员个人可以按规定参加职工医保。", "灵活就业人员个人可以按规定参加职工医保。"),
    ("以下是详细解答: 1. 总体原则 江苏省异地就医的报销比例", "总体原则 江苏省异地就医的报销比例"),
    ("3.5万元以上的部分", None),
])
def test_page_numbering_and_intros_are_not_part_of_a_fact(text, stripped):
    """Class 1: a list number or "以下是详细解答:" is page formatting; "3.5万" is a number."""
    from bot.answer.extract import _LABEL

    m = _LABEL.match(text)
    assert (text[m.end():] if m else None) == stripped


@pytest.mark.parametrize("question, n", [
    ("盐山县上小学的孩子居民医保在哪交?在家里已经交过了还要在学校交吗?", 2),
    ("我今年4月份才去盐山补办居民医保,要交多少、多久以后才能报销?", 2),
    ("孩子在秦皇岛上中学,医保是我们自己去交还是学校收?几月份收?", 2),
    ("重庆居民医保门诊包干的钱我今年没用完,明年还能接着用吗?", 1),
    ("潍坊居民医保交多少", 1),
])
def test_two_part_questions_are_split(question, n):
    """Class 1: a two-part question gets both parts; the context before the first part goes with each."""
    from bot.answer.question_shape import question_parts

    parts = question_parts(question)
    assert len(parts) == n
    if n > 1 and "盐山" in question:
        assert all("盐山" in p for p in parts[1:]) or "盐山" in parts[0]


@pytest.mark.parametrize("question, evidence", [
    ("盐山县上小学的孩子居民医保在哪交?在家里已经交过了还要在学校交吗?", ["统一代收代缴", "已随家庭参保缴费的不再重复参保缴费"]),
    ("潍坊居民医保能用支付宝交吗?在哪个地方点?", ["“市民中心”→“社保”→“社保缴费”"]),
])
def test_two_part_questions_get_both_parts(bot, question, evidence):
    reply = bot.ask(question)
    assert reply.status == "answer"
    for e in evidence:
        assert e in reply.answer


def test_a_bare_heading_takes_the_sentence_it_introduces(bot):
    """Class 1: "(2)支付宝缴费。" alone is a heading; the step it introduces comes with it."""
    assert "社保缴费”模块自行缴费" in bot.ask("潍坊居民医保能用支付宝交吗").answer


def test_an_example_does_not_lead_when_the_rule_is_there(bot):
    """Class 1: "例如,选择石岐街道…" illustrates; the rule (the whole 镇街 area) answers first."""
    first = bot.ask("中山选完门诊点以后,是不是只能在选的那一家社区医院看病?").answer.splitlines()[0]
    assert first.index("整个辖区范围内") < first.find("例如") or "例如" not in first


@pytest.mark.parametrize("question, clause", [
    ("我今年10月份在秦皇岛交了居民医保,从啥时候开始能用?", "从啥时候开始能用?"),
    ("晋中居民医保,办了长期异地居住,在外地做透析报销比例会降吗?", ""),
    ("潍坊居民医保交多少", ""),
    ("儿媳上个月生了个小子,孩子的医保得在多长时间以内办上", "孩子的医保得在多长时间以内办上"),
])
def test_a_dated_story_gives_way_to_the_question(question, clause):
    """Class 5: in "我今年10月份…交了,从啥时候开始能用" the asked clause carries the weight; a condition
    ("办了长期异地居住") stays part of the question."""
    from bot.answer.question_shape import asked_clause

    assert asked_clause(question) == clause


def test_when_does_it_start_after_a_dated_story(bot):
    reply = bot.ask("我今年10月份在秦皇岛交了居民医保,从啥时候开始能用?")
    assert "待遇享受期为缴费次年的1月1日至12月31日" in reply.answer


def test_a_page_footer_is_never_a_sentence():
    from bot.answer.extract import _LAYOUT

    assert _LAYOUT.search("潍坊市税务局              时间:2020/12/25")
    assert not _LAYOUT.search("集中缴费时间为2020年11月26日至12月31日")


def test_a_question_ending_in_bu_is_a_part():
    """"…能报销吗?要多交钱不": the A-not-A ending asks a second question."""
    from bot.answer.question_shape import question_parts

    assert len(question_parts("潍坊这边补完马上能报销吗?要多交钱不")) == 2


def test_the_asked_place_counts_once_in_a_sentence():
    """Class 1: "盐山县" segments into 盐山/山县/盐山县; a sentence naming the place must not outscore the one
    that answers by the place's three tokens (the passages are that place's already)."""
    from bot.answer.extract import select_sentences
    from bot.retrieval.retriever import Hit

    text = "盐山县医保经办机构的地址在政务服务中心一楼大厅。低保对象只办理参保登记,个人不缴费,由政府全额补助。"
    hit = Hit(passage_id="p", doc_id="d", score=10.0, source="s", title="t", region="盐山县", region_name="盐山县",
              year=2017, text=text, start=0, end=len(text))
    cut = text.index("。") + 1
    rows = [(0, cut, frozenset({"盐山", "山县", "盐山县", "医保", "经办"})),
            (cut, len(text), frozenset({"低保", "缴费", "个人"}))]
    weights = {"盐山": 3.0, "山县": 3.0, "盐山县": 3.0, "低保": 3.0, "缴费": 2.0}
    args = (["盐山", "山县", "盐山县", "低保", "缴费"], "盐山县低保要缴费吗", [hit], lambda pid: rows,
            lambda t: weights.get(t, 1.0))
    assert select_sentences(*args, max_sentences=1)[0].text.startswith("盐山县")
    best = select_sentences(*args, max_sentences=1, place_words={"盐山", "山县", "盐山县"})[0]
    assert best.text.startswith("低保")


def test_a_line_ending_in_a_colon_is_a_sentence_and_brings_its_list():
    """Class 1: "…由 区社会保险事业局… 负责管理,具体业务包括:" has no end punctuation but answers "哪个部门管";
    its bullet list follows it."""
    from bot.answer.extract import Sentence, extend_intro, split_sentences
    from bot.retrieval.retriever import Hit

    text = "区本级由 区社会保险事业局 负责管理,具体业务包括:\n\n  • 参保登记\n\n  • 费用报销审核。\n\n三、服务范围\n\n医保卡仅能在本区使用。"
    spans = split_sentences(text)
    assert text[spans[0][0]:spans[0][1]].endswith("包括:")
    hit = Hit(passage_id="p", doc_id="d", score=1.0, source="s", title="t", region=None, region_name=None,
              year=None, text=text, start=0, end=len(text))
    full = extend_intro(Sentence(hit, 0, *spans[0], 1.0))
    assert full.text.endswith("费用报销审核。") and "服务范围" not in full.text


def test_who_manages_meets_the_texts_word_for_it(bot):
    """"哪个部门管" is answered by the sentence saying who 负责管理."""
    assert "区社会保险事业局" in bot.ask("医保区本级归哪个部门管").answer.splitlines()[0]


def test_when_is_answered_by_a_relative_date_too(bot):
    """"选点多久生效" is answered by "首次选点立即生效,变更选点次月生效" (no digit, still a when)."""
    assert bot.ask("中山选点以后什么时候开始生效").answer.startswith("首次选点立即生效,变更选点次月生效")


def test_a_baby_just_born_is_the_texts_newborn(bot):
    """"刚生了娃" meets the text's 新生儿: the newborn's own registration counter answers."""
    assert bot.ask("女儿刚在潍坊生了孩子,宝宝的医保在哪登记?").answer.startswith("新生儿可在分娩医疗机构医保服务窗口进行参保登记")


def test_collected_by_the_school_is_a_way_of_paying(bot):
    """"学校统一代收" answers "上学的孩子医保咋交": 代收 is a way of paying (synonyms: 缴)."""
    assert "由所在学校统一代收" in bot.ask("秦皇岛上中学的孩子医保怎么交").answer.split("来源:")[0]


@pytest.mark.parametrize("question, words", [
    ("天津灵活就业的参加职工医保,交了多久以后看病才能报?", "自连续缴费满六个月起"),  # 六个月 is a duration too
    ("重庆刚出生的小孩单独办居民医保,待遇从什么时候开始?", "新生儿独立参保缴费"),  # 单独 = the text's 独立
    ("安徽稳定脱贫户以前医保都是政府帮交的,今年还帮交吗?", "不再享受医疗救助资助参保政策"),  # 帮交 = 资助
    ("潍坊居民医保一直连着交有啥好处没有", "连续缴费满3年"),  # 连着 = 连续
    ("我在长沙上班交的医保,现在换工作要去外地了,医保这块要办什么手续?", "职工流动时需办理医保关系转移"),  # 换工作 = 流动
    # 证件 / 材料 are what the texts list: 户口簿、身份证 (not the office's address page)
    ("盐山县参加城乡居民医保,要拿啥证件去哪儿登记?", "以家庭(户)为单位持户口簿、身份证到户籍地村(居)委会"),
    # 去补 = 补缴, 马上能报销 = the text's 等待期
    ("去年集中交费的时候忘了,今年3月份才想起来去补,潍坊这边补完马上能报销吗?要多交钱不", "有3个月的待遇享受等待期"),
    ("平阳这边尿毒症做血透,门诊的费用是按门诊报还是按住院报啊", "十种特殊门诊病种医疗待遇视同住院"),  # 血透 = 血液透析
    ("今年刚嫁到平阳县户口迁过来了,年中间还能参加居民医保吗?", "可以在3个月内办理参保缴费手续"),  # 嫁到 = 婚嫁, 年中间 = 中途
])
def test_residents_words_meet_the_texts(bot, question, words):
    assert words in bot.ask(question).answer.split("来源:")[0]


@pytest.mark.parametrize("question, lead", [
    ("俺娘在潍坊农村,70多了不会用手机,居民医保咋交费", "对不便于线上缴费的居民,可持本人有效身份证件到社保税务征收窗口"),
    ("我不会用手机,中山怎么选点", "不擅长手机操作的长者和小孩等人群可以凭本人身份证"),
])
def test_procedure_for_someone_who_cannot_use_a_phone(bot, question, lead):
    """Class 1 (procedures): "不会用手机" is the texts' 不便于线上 / 不擅长手机操作: their way for such askers
    leads, not the app's steps."""
    assert bot.ask(question).answer.startswith(lead)


def test_which_rule_applies_is_answered_without_a_number(bot):
    """Class 1: "算门诊报还是按住院报" asks which rule applies; 平阳's "…血液透析…等十种特殊门诊病种医疗待遇视同
    住院" answers it although it holds no digit (money questions otherwise prefer sentences with numbers)."""
    first = bot.ask("我爸在平阳做血液透析,这个算门诊报还是按住院报?").answer.splitlines()[0]
    assert "血液透析" in first and "视同住院" in first


def test_a_narrowing_clause_does_not_lead_the_rule_it_narrows(bot):
    """Class 1: "交了多久以后看病才能报" is answered by 天津's rule (满六个月起…按规定报销), not by the "其中,…"
    exception for people who changed jobs, which narrows the sentence before it."""
    first = bot.ask("天津灵活就业的参加职工医保,交了多久以后看病才能报?").answer.splitlines()[0]
    assert first.startswith("自连续缴费满六个月起")


@pytest.mark.parametrize("question, lead", [
    # the asker was let go: the 其中 exception for those who were is their answer, not the general wait
    ("我上个月刚跟公司解除合同,这个月在天津自己交职工医保了,是要等半年才能报吗", "从参保缴费之月起即可享受医保待遇"),
    # the exception for those who stop paying is not the answer to "can it carry over"
    ("重庆门诊定额包干没用完的钱能结转吗", "当年未使用的余额可跨年度结转使用"),
])
def test_an_exception_leads_only_when_the_asker_is_in_it(bot, question, lead):
    first = bot.ask(question).answer.split("[", 1)[0]
    assert lead in first


def test_a_resident_s_words_for_the_yearly_cap_find_it(bot):
    """"基金最多能给一个人付多少…加一块算还是分开算" is the text's 最高支付限额 and 合并计算."""
    reply = bot.ask(
        "秦皇岛城乡居民医保一年里面基金最多能给一个人付多少钱,门诊住院加一块算还是分开算")
    assert "各项基金支出合并计算,每人每年基金最高支付限额15万元" in reply.answer.splitlines()[0]


@pytest.mark.parametrize("text, group", [
    ("在校学生(含大学生)于每年9月至10月由所在学校统一代收城乡居民医疗保险费。", "学生"),
    ("(3)新生儿自出生之日起90日内办理参保缴费手续的", "新生儿"),
    ("参保居民于每年9月1日至12月20日进行参保登记", None),
])
def test_the_group_a_sentence_opens_with(text, group):
    from bot.answer.extract import _group_of

    assert _group_of(text) == group


def test_a_sentence_about_a_group_not_asked_about_gives_way(bot):
    """"什么时候交" asked for everyone is answered by the residents' dates, not the students' ones."""
    lines = bot.ask("秦皇岛居民医保一个人交多少钱,什么时候交").answer.splitlines()
    assert "参保居民于每年9月1日至12月20日" in lines[1]


def test_news_that_a_rule_changed_gives_way_to_the_rule(bot):
    """"…湖南医保政策进行了精准优化" announces; "儿童福利机构接收的儿童,可…随时参保缴费" is the rule."""
    first = bot.ask("兒童福利機構收留的小孩,在湖南什麼時候可以參保?從哪天開始能用醫保").answer.split("[", 1)[0]
    assert "隨時參保繳費" in first and "精準優化" not in first


def test_hours_answer_how_long(bot):
    """"合作医疗证落家里没带,要在多长时间里交过去" is answered by "请你在24小时内交到收费室登记"."""
    first = bot.ask("赵家街道中心卫生医院住院,合作医疗证落家里没带,要在多长时间里交过去").answer.split("\n")[0]
    assert "24小时内交到收费室登记" in first


def test_from_the_day_of_answers_when(bot):
    """"自进入儿童福利机构之日起" and "随时参保" answer "什么时候…从哪天开始"."""
    first = bot.ask("湖南儿童福利院接收的孩子什么时候能参保 从哪天开始有待遇").answer.split("[", 1)[0]
    assert "隨時參保繳費" in first and "之日起就能享受醫保待遇" in first


def test_the_rule_for_the_negated_case_does_not_lead(bot):
    """"单独办" is answered by "新生儿独立参保缴费的…", not by "新生儿未独立参保缴费的…"."""
    first = bot.ask("重庆刚出生的小孩单独办居民医保,待遇从什么时候开始?").answer.split("[", 1)[0]
    assert first.startswith("新生儿独立参保缴费的")


def test_of_two_close_sentences_the_one_saying_the_rarest_word_leads():
    """Unit test of the tie-break: the second sentence says the rarest question word, the first does not."""
    from bot.answer.extract import Sentence, _rarest_first
    from bot.retrieval.retriever import Hit

    hit = Hit("p", "d", 1.0, "s", "t", None, None, None, "市本级医保是市直单位的。区本级医保由区里管。", 0, 22)
    spans = [(0, 10, ["市本级", "医保"]), (10, 22, ["区本级", "医保"])]
    scored = [Sentence(hit, 0, 0, 10, 1.0), Sentence(hit, 0, 10, 22, 0.95)]
    weights = {"区本级": 5.0, "医保": 1.0}
    _rarest_first(scored, {"区本级", "医保"}, lambda t: weights.get(t, 0.0), lambda pid: spans)
    assert scored[0].start == 10
    scored = [Sentence(hit, 0, 0, 10, 1.0), Sentence(hit, 0, 10, 22, 0.5)]  # not close: order kept
    _rarest_first(scored, {"区本级", "医保"}, lambda t: weights.get(t, 0.0), lambda pid: spans)
    assert scored[0].start == 0


@pytest.mark.parametrize("question, lead", [
    ("在赵家街道中心卫生医院住院,办入院手续要带什么", "办理入院手续时,请您凭住院证"),
    ("赵家街道卫生院出院要带什么", "出院时凭合作医疗证"),
])
def test_a_sentence_about_the_opposite_case_does_not_lead(bot, question, lead):
    """入院 is not answered by 出院's papers, nor the other way round."""
    assert lead in bot.ask(question).answer.split("[", 1)[0]
