"""Questions outside public medical insurance that still carry a place name or a 医保-sounding word.

A covered city named in a weather question, 百万医疗险 "报销", or "感冒吃什么药" must not reach retrieval:
commercial insurance, medical advice and everyday topics are out of scope whatever else they mention.
"""

from __future__ import annotations

import re

# Commercial (private) insurance: out of scope even when the question says 报销/理赔/住院.
_COMMERCIAL = re.compile(
    r"百万医疗|重疾险|重大疾病保险|商业(医疗)?保险|商业险|商保|车险|交强险|三者险|意外险|寿险|年金险|养老年金|"
    r"e生保|好医保|众民保|平安福|国寿福|惠民保|学平险|学生平安险|少儿险|保险公司|理赔|退保|保单|保费多少|投保|能赔|赔多少|赔几")
# Public schemes whose names contain 保险 words: these keep a question in scope.
_PUBLIC = re.compile(r"大病保险|城乡居民|职工医保|居民医保|基本医疗|医疗救助|长护险|长期护理")
# Medical advice: what to take, how to treat, what a symptom means.
_MEDICAL = re.compile(
    r"吃什么药|吃啥药|用什么药|怎么治|如何治|治疗方法|偏方|症状|怎么办才好|严重吗|要不要紧|挂什么科|挂哪个科|"
    r"血压高怎么|血糖高怎么|发烧怎么|咳嗽怎么|感冒了怎么|头疼怎么|能治好|能根治|哪家医院好|哪个医院好|推荐.{0,4}医院|"
    r"医院.{0,4}(好不好|怎么样|靠谱)|专家推荐|治得好|疗法|治疗效果|哪家.{0,8}医院|"
    r"能吃|能不能吃|吃东西|饮食|忌口|吃什么好|"
    r"停药|药[^,。,;??]{0,4}(能不能停|能停吗|停了)|减药|加药|副作用|吃了[^,。,;??]{0,6}(头晕|难受|不舒服|过敏)")
# Everyday topics that a city name drags in.
_EVERYDAY = re.compile(
    r"天气|下雨|下雪|气温|温度多少|带伞|穿什么|好吃|美食|早茶|小吃|餐厅|饭店|菜谱|怎么做菜|怎么做饭|做法|"
    r"景点|旅游|好玩|门票|酒店|高铁|机票|火车票|股票|基金涨|股价|房价|买房|彩票|油价|限行|限号|尾号|违章|快递|"
    r"养老金|退休金|公积金|失业金|个税|个人所得税|驾照|护照|签证|户口迁移|结婚登记|"
    r"风筝节|啤酒节|庙会|演唱会|电影|展会|比赛|节日活动|台风|暴雨|大风|雾霾|空气质量|地震|天气预报|降温|升温")
# Other social insurances: their contributions and benefits are not 医保 ("城乡居民养老保险交多少").
_OTHER_SOCIAL = re.compile(r"养老保险|失业保险|工伤保险|住房公积金")
_MEDICAL_SCHEME = re.compile(r"医疗|医保|报销|住院|看病|门诊|就医")
# Words that make an otherwise everyday question a 医保 one ("公积金" stays out; "异地就医" stays in).
_INSURANCE = re.compile(r"医保|医疗保险|参保|报销|缴费|起付|封顶|统筹|定点|备案|新农合|合作医疗|社保卡|医保卡")


# Treatment or insurance abroad: no text covers it ("海外" alone stays in: 中山 speaks of 海外 residents).
_ABROAD = re.compile(r"境外|美国|纽约|日本|东京|英国|伦敦|法国|德国|加拿大|澳大利亚|澳洲|新加坡|韩国|泰国|国外|出国")
# "百万医疗险和居民医保哪个划算": comparing a commercial product with the public scheme is advice on buying it.
_COMPARE = re.compile(r"哪个更?(好|划算|合算|值|便宜|实惠)|都买|两个都|值不值|值得买|划不划算|还用买|区别|对比|比较|"
                      r"(有必要|需要|需不需要|还要|要不要|该不该|用不用|值得)(再)?(买|配|加|补)|再买|买不买")


# "吃哪种退烧药效果好": which medicine works is advice whatever the question adds about 医保.
_MEDICINE_CHOICE = re.compile(r"(哪种|哪个|什么|啥)[^,。,;??]{0,3}药[^,。,;??]{0,8}(效果|管用|好使|见效|比较好|更好|最好|好一些|好点)|疗效")
_ASKING = re.compile(r"吗|呢|什么|啥|怎么|咋|哪|几|多少|能不能|是不是|有没有|会不会")


def off_topic_reason(norm: str) -> str | None:
    """Why a question is out of scope, or None: 'commercial_insurance', 'medical_advice', 'everyday',
    'other_insurance', 'abroad'."""
    if _COMMERCIAL.search(norm) and (not _PUBLIC.search(norm) or _COMPARE.search(norm)):
        return "commercial_insurance"
    if _MEDICINE_CHOICE.search(norm):
        return "medical_advice"
    if _MEDICAL.search(norm) and not _INSURANCE.search(norm):
        return "medical_advice"
    if _EVERYDAY.search(norm) and not _INSURANCE.search(norm):
        return "everyday"
    if _EVERYDAY.search(norm) and _only_everyday_asked(norm):
        return "everyday"  # "明天会下雨吗?我打算去医保窗口办事": the weather is what is asked
    if _OTHER_SOCIAL.search(norm) and not _MEDICAL_SCHEME.search(norm):
        return "other_insurance"
    if _ABROAD.search(norm):
        return "abroad"
    return None


def _only_everyday_asked(norm: str) -> bool:
    """Every clause that asks something is an everyday one; 医保 words sit only in the asker's story."""
    clauses = [c for c in re.split(r"[??。!!;;]", norm) if c.strip()]
    asking = [c for c in clauses if _ASKING.search(c)]
    return bool(asking) and all(_EVERYDAY.search(c) and not _INSURANCE.search(c) for c in asking)
