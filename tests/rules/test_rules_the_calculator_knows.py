"""Class 3 (rules the calculator did not know): fixed packages with a fund share, 定额 packages, per-person
包干, several bills in one year under one deductible or one per stay, long-term residents treated as local."""

import pytest


@pytest.mark.parametrize("question, amount", [
    ("平阳县做老年性白内障手术,一只眼,医保基金出多少?", 1440),      # 1800 × 80%
    ("平阳县白内障两只眼都做了,医保出多少", 2880),                  # 1800 × 2 × 80%
    ("在平阳生孩子住院,医保给报多少?", 800),                        # 定额包干 800
    ("在赵家街道中心卫生医院顺产,合作医疗补多少钱", 200),            # 每例 200
    ("安吉县生孩子能补多少", 800),                                  # 定额补偿 800
    ("重庆一家三口普通门诊定额包干一共多少", 240),                  # 80元/人 × 3
    ("晋中居民医保,我在三级医院做透析,上半年政策内花了1.2万,下半年又花了1.8万,全年加起来能报多少?", 19175),
    ("平阳县县级医院住了两次院,一次8000一次1.2万,能报多少", 12740),  # (20000 − 900 × 2) × 70%
    ("晋中居民医保,办了长期异地居住,在外地三级医院做透析花了2万,能报多少?", 12675),  # no reduction
    ("平阳县县级医院住院花了15万能报多少", 101370),                 # (120000 − 900) × 70% + 30000 × 60%
])
def test_rules_the_calculator_knows(bot, question, amount):
    r = bot.ask(question)
    assert r.status == "answer" and r.calculation is not None, r.answer
    assert r.calculation.amount == amount, r.answer
    assert all(s.citation for s in r.calculation.steps if "标准" in s.label or "比例" in s.label)


def test_package_reply_states_the_amount_first(bot):
    r = bot.ask("平阳县白内障一只眼医保出多少")
    assert "1440元" in r.answer.split("\n")[0]
    assert "1800元/次(单侧)" in " ".join(c.quote for c in r.citations)


@pytest.mark.parametrize("messages, amount", [
    (("平阳县没从乡镇卫生院转诊,直接去县医院看门诊花了1000,能报多少",), 150),   # 县级医院, 未转诊 15%
    (("平阳县参保,没经过卫生院转诊直接去县医院看门诊,花了1000,能报多少?",), 150),
    (("重庆2017年没签约基层医疗机构,门诊统筹一年最多能报多少",), 60),          # the unsigned cap
    (("重庆2017年,我在签约的乡镇卫生院看普通门诊,门诊统筹一年最多能报多少?", "那没签约呢"), 60),
])
def test_stated_conditions_pick_the_rule(bot, messages, amount):
    """Conditions the asker states (没转诊, 没签约, where the referral came from) choose the rule applied."""
    context = None
    for m in messages:
        r = bot.ask(m, context)
        context = r.context
    assert r.calculation is not None and r.calculation.amount == amount, r.answer


def test_subsidy_question_leads_with_the_subsidy(bot):
    r = bot.ask("宁波的孩子读初二,医保财政补助多少钱?")
    assert r.status == "answer" and "370元" in r.answer.split("\n")[0]


@pytest.mark.parametrize("messages, amount", [
    (("镇上按江医保发[2020]40号的通知收2021年居民医保,我和老公交第二档,两个孩子一个初中一个小学,全家多少钱?",), 1320),
    (("我们是建档立卡贫困户,按江医保发[2020]40号的文件,2021年一家三口交第一档,个人要交多少钱?",), 0),
    (("我们这儿居民医保一档280、二档380,我爸是二级残疾,我和媳妇交二档,孩子上小学,全家自己一共掏多少?",), 1040),
    (("按江医保发[2020]40号的通知,2021年我和老公交第二档,儿子读初中,一家三口多少钱?", "再加上我妈呢,她是一级残疾"), 1040),
])
def test_a_text_the_asker_points_at_is_computed(bot, messages, amount):
    """A question that quotes a document (its number or its tiers) uses that document's rule file, exempt
    members matched by the asker's own words (一级残疾 -> 政府按第二档全额代缴人员, 0元)."""
    context = None
    for m in messages:
        r = bot.ask(m, context)
        context = r.context
    assert r.calculation is not None and r.calculation.amount == amount, r.answer


@pytest.mark.parametrize("question, amount", [
    ("我家仨孩子都在上小学,潍坊的居民医保一共要交多少?", 780),                          # 仨 = 3 pupils × 260
    ("宁波一个小学生2025年医保个人交的加上政府补的，一共是多少？", 660),                  # 290 + 370
    ("重庆合作医疗一档,在一级医院剖宫产花了4000,能报多少?还能再领200块分娩补助吗?", 3120),  # 剖宫产: inpatient rule
    ("盐山县的,家里就我跟老伴俩人,都是低保户,参加居民医保要交多少钱?", 0),              # 政府全额补助
])
def test_households_and_packages_second_round(bot, question, amount):
    r = bot.ask(question)
    assert r.status == "answer" and r.calculation is not None and r.calculation.amount == amount, r.answer


@pytest.mark.parametrize("question, amount", [
    ("安吉县2015年,我住院已经报了25万了,年底又住院,最多还能报多少?", 30000),
    ("赵家街道卫生医院住院,一档的,今年前面几次已经补了68000了,这次又花了五千,还能补多少?", 2000),
    ("赵家街道卫生医院住院,一档的,今年已经补了1万,这次又花了五千,还能补多少?", 3920),
])
def test_what_the_fund_already_paid_counts_against_the_cap(bot, question, amount):
    """Class 3: "已经报了25万" is not a bill; it uses up part of the year's cap."""
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.calculation.amount == amount, reply.answer


@pytest.mark.parametrize("messages, amount", [
    (("我在湖南连着交了6年居民医保了,大病保险的报销上限能往上涨多少?",), 10000),
    (("我今年是连着第5年在湖南交居民医保了,大病保险的报销限额能多出来多少?",), 5000),
    (("我在湖南连续交了3年居民医保,大病保险限额能提高多少?",), 0),
    (("我去年在湖南一整年都没用医保报过销,今年按时交了,听说大病保险有奖励,能加多少?",), 5000),
    (("湖南居民医保连续参保跟零报销那两个奖励额度,加起来最多能提高多少钱?",), 80000),
    (("我在湖南连续交了5年居民医保,大病保险限额能多多少?", "那要是连续交了8年呢?"), 20000),
    (("湖南居民医保连续参保7年了,大病保险限额能多多少?", "那要是去年一分钱都没报销过呢?"), 20000),
    (("湖南居民医保连续参保30年,大病保险限额能提高多少?",), 80000),
])
def test_a_limit_raised_for_continuous_enrolment(bot, messages, amount):
    """Class 3: 湖南's two 大病保险 rewards (per year after 4 years, a claim-free year, capped in total)."""
    context = None
    for m in messages:
        reply = bot.ask(m, context)
        context = reply.context
    assert reply.status == "answer" and reply.calculation.amount == amount, reply.answer


@pytest.mark.parametrize("question, lead", [
    ("我去年在湖南居民医保一分钱都没报过,今年集中缴费期按时交了,有啥奖励吗?", "次年同樣提高居民大病保險支付限額5000元[1]"),
    ("湖南居民医保那个连续参保、零报销的奖励额度,加起来最多能加多少?", "總額不超過大病保險原封頂線的20%(即8萬元)[1]"),
])
def test_a_reward_asked_without_years_is_answered_by_its_rule(bot, question, lead):
    """Class 1: with no number of years to compute, the rule in the text's words leads, cited, and the
    amount follows it."""
    reply = bot.ask(question)
    first = reply.answer.splitlines()[0]
    assert first.startswith("根据湖南省(2025年)的规定:") and lead in first
    assert "计算过程" not in reply.answer


@pytest.mark.parametrize("question, amount, lead", [
    ("平阳的,老年性白内障在指定医院做手术,做一只眼自己还要掏多少钱?", 0, "个人自付0元"),
    ("平阳县老年性白内障手术,残联出多少?", 180, "残疾人联合会支付180元"),
    ("平阳县白内障一只眼医保出多少", 1440, "医保基金支付1440元"),
    ("平阳县老年性白内障做一只眼睛,医保基金出多少?自己还要出钱吗?", 1440, "医保基金支付1440元,个人自付0元"),
])
def test_a_package_shared_with_other_payers(bot, question, amount, lead):
    """Class 3: 白内障 1800元 per eye: the fund 80%, 残联 and 慈善 10% each; the asker pays nothing."""
    reply = bot.ask(question)
    assert reply.calculation.amount == amount and lead in reply.answer.splitlines()[0]


def test_the_part_above_the_cost_cap_needs_no_hospital_level(bot):
    """Class 3 and 6: "超出12万的那3万还能报吗" is paid at 60% whatever the level; no ask-back."""
    reply = bot.ask("平阳县参保,今年住院政策范围内一共花了15万,超出12万的那3万还能报吗?报多少?")
    assert reply.status == "answer" and reply.calculation.amount == 18000


def test_two_parameters_asked_together_are_both_given(bot):
    """Class 1: "起付线和报销比例是多少" gets both, not just the first."""
    context = bot.ask("住院起付线和报销比例是多少?").context
    reply = bot.ask("平阳县的,在县级医院", context)
    first = reply.answer.splitlines()[0]
    assert "900元" in first and "70%" in first


def test_a_used_up_package_is_not_a_bill(bot):
    """Class 3: "80块包干的钱早用完了,又花了300" - 80 is the package, 300 the bill for 门诊统筹 (capped 100)."""
    reply = bot.ask("重庆2017年,我签约了村卫生室,80块包干的钱早用完了,后来又在那看门诊花了300,统筹能报多少")
    assert reply.calculation.amount == 100 and "300元" in reply.answer.splitlines()[0]


def test_a_question_about_a_package_rule_is_not_computed(bot):
    """Class 6: "包干的钱没用完能留到明年吗" asks the carry-over rule, answered from the text."""
    reply = bot.ask("重庆居民医保那个80块门诊包干钱没用完能留到明年吗?")
    assert reply.calculation is None and "结转" in reply.answer.splitlines()[0] + reply.answer


def test_a_looked_up_parameter_quotes_the_text(bot):
    """Class 1: "一年最多给报多少" leads with the text's own sentence (15万), then our restatement."""
    first = bot.ask("秦皇岛的城乡居民医保一年最多给报多少钱?").answer.splitlines()[0]
    assert "每人每年基金最高支付限额15万元[1]" in first


@pytest.mark.parametrize("question, cut", [
    ("晋中居民医保的透析病人,没办转诊自己跑外地去透析,报销比列要降多少?", "28%"),
    ("晋中透析办了转诊去外地,比例降多少", "18%"),
    ("平阳县没转诊去市外住院报销比例降多少", "5%"),
])
def test_a_referral_cut_is_looked_up_without_a_hospital_level(bot, question, cut):
    """Class 6: "没办转诊…比例降多少" asks the reduction itself; no ask-back for the level."""
    reply = bot.ask(question)
    assert reply.status == "answer" and cut in reply.answer.splitlines()[0]


@pytest.mark.parametrize("question, amount", [
    ("平阳县县级医院住院花了2万,其中3000是自费药,能报多少", 11270),
    ("平阳县乡镇卫生院住院一共花了1万2,有2000块是自费的,医保报多少", 7520),
    ("平阳县县级医院住院花了2万5,能报多少", 16870),
])
def test_the_bill_as_the_asker_states_it(bot, question, amount):
    """Class 3, safety: a self-paid part (自费药) is never reimbursed; "2万5" is 25000, not 20000 and 5."""
    assert bot.ask(question).calculation.amount == amount


@pytest.mark.parametrize("question, amount", [
    ("天津的灵活就业,想按大病统筹模式参加职工医保,缴费基数一个月5000,一个月自己交多少医保费?", 400),
    ("天津灵活就业,工资4000,一年医保自己交多少", 3840),
])
def test_a_rate_of_a_stated_base(bot, question, amount):
    """Class 3: 天津 灵活就业 (大病统筹) pays 8% of the base the asker states; without a base nothing is
    computed."""
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.calculation.amount == amount


def test_a_rate_without_a_base_is_not_computed(bot):
    reply = bot.ask("天津居民医保一家三口交多少")
    assert reply.calculation is None and reply.status == "refuse"


@pytest.mark.parametrize("question, amount", [
    # (8000 − 500) × 75% + 12000 × 65%: the yearly 透析 deductible once, each bill at its level
    ("晋中居民医保透析,上半年在二级医院花了8000,下半年转到三级医院又花了1.2万,全年一共能报多少?", 13425),
    # (5000 − 600) × 80% + (20000 − 900) × 70%: a deductible per stay, each at its level
    ("平阳县今年住了两次院,一次在乡镇卫生院花了5000,一次在县医院花了2万,一共能报多少", 16890),
])
def test_several_bills_at_different_levels(bot, question, amount):
    """Class 3: several bills in one year, each at the ratio of the hospital it was run up at."""
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.calculation.amount == amount, reply.answer


def test_a_cap_over_every_kind_of_care_answers_for_outpatient_claims_too(bot):
    """Class 3: 秦皇岛's 15万 cap counts 各项基金支出合并计算, so 门诊慢性病 + 住院 already paid count against it."""
    reply = bot.ask("秦皇岛居民医保,我今年门诊慢性病和住院加起来已经报了13万了,最多还能再报多少?")
    assert reply.status == "answer" and reply.calculation.amount == 20000, reply.answer
    assert "合并计算" in reply.answer.splitlines()[0]


@pytest.mark.parametrize("question, amount", [
    ("平阳我家小孩5岁,先天性心脏病在指定医院住院,限价内结算6万,医保报多少?", 42000),  # 60000 × 70%
    ("平阳县的小孩5岁,先天性心脏病在指定医院做手术,限价内结算8万,我们家自己要出多少?", 8000),  # − 70% − 民政 20%
])
def test_a_named_treatment_with_its_own_ratio_and_another_payer(bot, question, amount):
    """Class 3: 平阳's 儿童"两病": 70% of the settled amount from the fund, 20% from 民政救助, no deductible."""
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.calculation.amount == amount, reply.answer


def test_a_named_special_benefit_is_not_used_for_other_treatments(bot):
    """平阳's only special benefit is the children's "两病": a 透析 bill is not computed with its 70%."""
    reply = bot.ask("平阳县血液透析花了2万能报多少")
    assert reply.calculation is None and "两病" not in reply.answer


def test_a_level_with_only_a_yearly_limit_answers_at_most_that_limit(bot):
    """Class 3: 重庆 未签约: "全年只能享受60元/人的限额报销", no ratio: a 300元 bill is paid at most 60元."""
    reply = bot.ask("重庆居民医保没签约,在乡镇卫生院看门诊一年花了300,最多能报多少?")
    assert reply.calculation.amount == 60 and "最多报销60元" in reply.answer.splitlines()[0]
    assert any("报销比例" in a for a in reply.calculation.assumptions)


@pytest.mark.parametrize("question, words", [
    ("晋中透析起付线是多少", "起付线 500 元 / 年"),  # a long table row: the rule's own quote leads
    ("重庆那边2017年居民医保,在签约的村卫生室看门诊,一年最多能统筹报多少?", "全年报销限额为100元/人"),
])
def test_a_looked_up_parameter_leads_in_the_texts_own_words(bot, question, words):
    """Class 1: the fact in the first sentence, verbatim with its marker."""
    assert words in bot.ask(question).answer.splitlines()[0]
