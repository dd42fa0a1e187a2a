"""Pick the sentences that answer a question from the top passages (extractive, never rewritten)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from bot.answer.question_shape import answer_unit
from bot.retrieval.retriever import Hit

_SENTENCE = re.compile(r"[^。!?;!?;\n]+(?:[。!?;!?;]|$)", re.M)  # a line without end punctuation ("…包括:") is one too
_NUMBER_Q = re.compile(r"多少|几[个次年月天号成]|几|比例|金额|限额|起付|封顶|比率|%|百分")
_WHEN_Q = re.compile(r"什么时候|啥时候|何时|几月|哪天|几号|截止|期限|多久|多长时间|延期")
_DATE = re.compile(r"\d+\s*月|\d+\s*日|\d+\s*天|\d+\s*小时|之日起|随时|隨時|[\d一二三四五六七八九十两]+\s*个月|[一二三四五六七八九十]+日|次月|当月|次日|当天|立即生效|即时生效")
_INTRO = re.compile(r"[::]$")
_YES_NO = re.compile(r"吗|[不没][??]?$|是不是|能不能|有没有|一样不|是否|可不可以|会不会")
_HOW_MANY = re.compile(r"多少|几")


def _YES_NO_ONLY(norm: str) -> bool:
    """"报销比例跟本地一样不": a yes/no question about a rate is answered by the rule, not by a number."""
    return bool(_YES_NO.search(norm)) and not _HOW_MANY.search(norm)
_HOW = re.compile(r"怎么|怎样|如何|流程|步骤|手续|办理|哪里|在哪|哪儿|去哪|渠道|方式|途径|材料|带什么|带啥|咋弄|咋办|咋整|咋交|咋操作|咋搞|一步步|操作")
BLOCK_CHARS = 320
FOCUS = 2.0  # in a dated story, the words of the asked clause count more than the story's
OTHER_PASSAGE_STEPS = 1.5  # a lower passage's sentence this many times better starts the steps instead
_NUMERAL_WORD = re.compile(r"[\d一二两三四五六七八九十]")
OWN_EXCEPTION_WEIGHT = 3.0  # a rare question word only an exception says lifts its demotion
RELATIVE_FLOOR = 0.35  # a supporting sentence scores at least this share of the answering one
# Page formatting that is not part of a fact: "答:", "“擴”:", "(二)", "一、" at the start of a sentence.
_LABEL = re.compile(r"^(?:(?:以下是|下面是|具体如下|详细如下)[^::。]{0,12}[::]\s*|答\s*[::]\s*|“[^”]{1,4}”\s*[::]\s*|[((][一二三四五六七八九十\d]{1,2}[))]\s*|[一二三四五六七八九十]{1,2}、\s*|\d{1,2}\s*[.、.](?!\d)\s*)+")
# A heading or a question of the page, not an answer: "问:…?", "一、官方小程序", "特殊情况".
_HEADING = re.compile(r"^问\s*[::]|[??]$")
_LAYOUT = re.compile(r"\S\s{6,}\S|时间[::]\s*\d{4}[/-]\d")  # "潍坊市税务局      时间:2020/12/25": a page footer
_LEAD = "•·-*  \t"
MIN_SENTENCE = 8
MIN_LEAD = 16  # a lead sentence without a number shorter than this is a heading or a signature


@dataclass
class Sentence:
    hit: Hit
    hit_rank: int
    start: int  # offsets inside hit.text
    end: int
    score: float

    @property
    def text(self) -> str:
        return self.hit.text[self.start : self.end]


_SPLITS: dict[str, tuple[tuple[int, int], ...]] = {}
MAX_SPLITS = 4096  # passages whose sentence spans are kept (the corpus has a few hundred)


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence; kept per text, since the same passages are split for every
    question that retrieves them."""
    spans = _SPLITS.get(text)
    if spans is None:
        spans = tuple(_split(text))
        if len(_SPLITS) >= MAX_SPLITS:
            _SPLITS.clear()
        _SPLITS[text] = spans
    return spans


def _split(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _SENTENCE.finditer(text):
        a, b = m.start(), m.end()
        while a < b and (text[a].isspace() or text[a] in _LEAD):
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b - a >= 2:
            out.append((a, b))
    return out


def select_sentences(
    query_tokens: list[str],
    query_norm: str,
    hits: list[Hit],
    sentence_tokens,
    weight,
    max_sentences: int = 3,
    per_passage: int = 2,
    prefer_numbers: bool = False,
    focus: set[str] | frozenset[str] = frozenset(),
    place_words: set[str] | frozenset[str] = frozenset(),
) -> list[Sentence]:
    """Best sentences by the idf weight of the question words they contain, favouring higher-ranked
    passages and, for "how much" questions, sentences with numbers. Returned in reading order."""
    if not hits:
        return []
    wants_number = (prefer_numbers or bool(_NUMBER_Q.search(query_norm))) and not _YES_NO_ONLY(query_norm)
    wants_date = bool(_WHEN_Q.search(query_norm))
    unit = answer_unit(query_norm)
    wants_steps = bool(_HOW.search(query_norm))
    wants_place = bool(_WHERE_Q.search(query_norm))
    qset = {t for t in query_tokens if not t.isdigit()}  # "3月份" in a story does not match "满3年"
    groups_asked = {g for g, words in GROUPS.items() if words.search(query_norm)}
    opposites = [(a, b) for a, b in _OPPOSITES if a in query_norm and b not in query_norm]
    top = hits[0].score or 1.0
    scored: list[Sentence] = []
    narrowed: list[tuple[int, set[str], float]] = []  # (index in scored, words found, its demotion)
    said_elsewhere: set[str] = set()  # question words the plain sentences say
    for rank, hit in enumerate(hits):
        rank_factor = (hit.score / top) ** 0.5
        # a sentence's own features (skip rules, label cut, flags) are computed once per passage: _candidates
        for a, b, toks, text, f in _candidates(hit, sentence_tokens):
            found = qset.intersection(toks)
            if not found:
                continue
            # Long sentences collect common words by sheer length: damp that.
            in_place = found & place_words  # the asked place's name counts once (盐山/山县/盐山县 are one word)
            score = (sum(weight(t) * (FOCUS if t in focus else 1.0) for t in found - in_place)
                     + max((weight(t) for t in in_place), default=0.0)) / f.damping
            if wants_number and f.has_digit:
                score *= 1.3
            if wants_date and f.has_date:
                score *= 1.6
            if unit and unit.search(text):
                score *= 1.6  # "要交满多少年" is answered by "25年", "能改几次" by "一次"
            if wants_place and f.names_place:
                score *= WHERE_BOOST  # "在哪里交" is answered by a sentence naming an office, a counter, a bank
            if wants_steps and f.first_step:
                score *= STEP_BOOST  # "怎么弄" is answered from step 1 of the listed steps
            if f.example < 1.0 and text.startswith(_NARROWING):
                narrowed.append((len(scored), {t for t in found if not _NUMERAL_WORD.search(t)}, f.example))
            else:
                said_elsewhere |= found
            score *= f.example  # "例如,选择石岐街道…" illustrates a rule; the rule itself answers
            if any(b in text and a not in text for a, b in opposites):
                score *= OPPOSITE_CASE  # "办入院手续要带什么" is not answered by "出院时凭…"
            if _negated_case(text, found, query_norm):
                score *= NEGATED_CASE  # "单独参保" is not answered by "未独立参保缴费的…"
            if f.group and f.group not in groups_asked:
                score *= OTHER_GROUP  # "在校学生…由学校代收" does not answer when everyone pays
            scored.append(Sentence(hit, rank, a, b, score * rank_factor))
    for i, found, demotion in narrowed:
        # "其中,与用人单位解除劳动合同的人员…" when the asker says they were let go: the exception is theirs
        if any(weight(t) >= OWN_EXCEPTION_WEIGHT for t in found - said_elsewhere - place_words):
            x = scored[i]
            scored[i] = Sentence(x.hit, x.hit_rank, x.start, x.end, x.score / demotion)
    scored.sort(key=lambda s: (-s.score, s.hit_rank, s.start))
    _rarest_first(scored, qset - place_words, weight, sentence_tokens)
    if wants_number and any(_has_number(x.text) for x in scored if x.hit_rank == 0):
        scored = [x for x in scored if _has_number(x.text)]  # "how much" is answered by a number
    if wants_date and any(_DATE.search(x.text) for x in scored):
        scored = [x for x in scored if _DATE.search(x.text)]  # "when" is answered by a date
    if scored and _HOW.search(query_norm):
        # a signature or a bare heading ("赵家街道中心卫生医院医保办。") does not start the steps
        body = [x for x in scored if len(_LABEL.sub("", x.text)) >= MIN_LEAD or _has_number(x.text)] or scored
        top = [x for x in body if x.hit_rank == 0]
        # the steps start in the best passage, unless a lower one's sentence answers far better
        start = top[0] if top and top[0].score * OTHER_PASSAGE_STEPS >= body[0].score else body[0]
        return _block(start, sentence_tokens)
    chosen: list[Sentence] = []
    per: dict[str, int] = {}
    for s in scored:
        if len(chosen) >= max_sentences:
            break
        if s.score < RELATIVE_FLOOR * scored[0].score:
            break
        if per.get(s.hit.passage_id, 0) >= per_passage:
            continue
        if any(s.text in c.text or c.text in s.text for c in chosen):
            continue  # the same sentence again (a near-duplicate passage or a repeated paragraph)
        if not chosen and len(s.text) < MIN_LEAD and not _has_number(s.text) and len(scored) > 1:
            continue  # "赵家街道中心卫生医院医保办。" is a signature, not an answer
        full = extend_intro(s)
        if chosen and _INTRO.search(s.text) and len(_LABEL.sub("", s.hit.text[s.end:full.end].strip())) < MIN_LEAD:
            continue  # "具体说明如下:" + a heading adds nothing to the answer
        per[s.hit.passage_id] = per.get(s.hit.passage_id, 0) + 1
        chosen.append(full)
    # The answering sentence leads; the ones that add to it follow in reading order.
    lead, rest = chosen[:1], sorted(chosen[1:], key=lambda s: (s.hit_rank, s.start))
    return _merge_overlaps(lead + rest)


class _Features(NamedTuple):
    """What scoring asks of a sentence that does not depend on the question."""

    damping: float  # 1 + length / 150
    has_digit: bool
    has_date: bool
    names_place: bool  # _PLACE_WORDS
    first_step: bool  # _FIRST_STEP at the start of the sentence, label included
    example: float  # 0.6 for 例如/比如… (illustrates a rule) and 其中,… (narrows one), else 1
    group: str | None  # the group of people the sentence opens with ("在校学生(含大学生)于每年9月…"), if any


_CANDIDATES: dict[tuple[str, str], tuple] = {}


def _candidates(hit: Hit, sentence_tokens) -> tuple:
    """The passage's sentences that can answer, as (start, end, tokens, text, _Features): page labels
    ("答:", "(二)") cut off the start, headings and fragments left out. Kept per passage (the tokens
    come from the one tokenizer of the process), so a question only intersects tokens and weighs."""
    key = (hit.passage_id, hit.text)
    rows = _CANDIDATES.get(key)
    if rows is None:
        out = []
        for a, b, toks in sentence_tokens(hit.passage_id):
            text = hit.text[a:b]
            if len(text) < MIN_SENTENCE or _HEADING.search(text) or _LAYOUT.search(text):
                continue
            a0 = a
            label = _LABEL.match(text)
            if label and b - a - label.end() >= MIN_SENTENCE:
                a += label.end()
                text = hit.text[a:b]
            out.append((a, b, toks, text, _Features(
                1 + len(text) / 150, any(c.isdigit() for c in text), bool(_DATE.search(text)),
                bool(_PLACE_WORDS.search(text)), bool(_FIRST_STEP.match(hit.text[a0:b])), _demotion(text),
                _group_of(text))))
        rows = tuple(out)
        if len(_CANDIDATES) >= MAX_SPLITS:
            _CANDIDATES.clear()
        _CANDIDATES[key] = rows
    return rows


# Groups of people a sentence may open with, and the words that bring each into a question (also the
# answer's focus: the group a dated story names).
GROUPS = {
    "学生": re.compile(r"学生|上学|读书|念书|学校|小学|初中|高中|中学|大学|大专|中专"),
    "新生儿": re.compile(r"新生儿|出生|生了|刚生|宝宝|娃|孩子|婴儿|生孩子|满月"),
    "军人": re.compile(r"军人|退伍|退役|复员|转业|部队|复转"),
    "困难群体": re.compile(r"低保|特困|五保|孤儿|残疾|困难|贫困|脱贫|救助"),
}
_GROUP_OPENING = re.compile(r"^[((]?[一二三四五六七八九十\d]*[))、.]?\s*(?:对|凡|其中,?)?"
                            r"(在校学生|大中专学生|大学生|中小学生|学生|新生儿|复转军人|退役军人|低保对象|特困人员|五保|孤儿|残疾人)")
_GROUP_NAME = {"在校学生": "学生", "大中专学生": "学生", "大学生": "学生", "中小学生": "学生", "学生": "学生",
               "新生儿": "新生儿", "复转军人": "军人", "退役军人": "军人", "低保对象": "困难群体", "特困人员": "困难群体",
               "五保": "困难群体", "孤儿": "困难群体", "残疾人": "困难群体"}
_NEGATIONS = ("未", "不", "没有", "非")
NEGATED_CASE = 0.6  # a sentence about the negated case of a question word the question does not negate
# Words whose opposite names the other case: a question about one is not answered by a sentence of the other
_OPPOSITES = [(a, b) for x, y in (("入院", "出院"), ("县内", "县外"), ("市内", "市外"), ("省内", "省外"),
                                  ("线上", "线下"), ("门诊", "住院")) for a, b in ((x, y), (y, x))]
OPPOSITE_CASE = 0.6
CLOSE_SECOND = 0.9  # a second-best sentence this close may lead if it says the rarest question word
OTHER_GROUP = 0.8  # a sentence about a group the question does not name


def _rarest_first(scored: list, words: set[str], weight, sentence_tokens) -> None:
    """Of two near-equal best sentences, the one that says the question's rarest word leads ("区本级是啥意思"
    is answered by the sentence about 区本级, not its neighbour about 市本级)."""
    if len(scored) < 2 or scored[1].score < CLOSE_SECOND * scored[0].score or not words:
        return
    rarest = max(sorted(words), key=weight)  # sorted: a tie between equal weights is broken the same way every run
    if weight(rarest) <= 0:
        return
    first, second = scored[0], scored[1]
    if rarest not in _tokens_of(first, sentence_tokens) and rarest in _tokens_of(second, sentence_tokens):
        scored[0], scored[1] = second, first


def _tokens_of(sentence, sentence_tokens) -> set[str]:
    for a, b, toks in sentence_tokens(sentence.hit.passage_id):
        if a <= sentence.start < b or (sentence.start <= a < sentence.end):
            return set(toks)
    return set()


def _negated_case(text: str, found: set[str], query_norm: str) -> bool:
    """The sentence states the rule for the case where a question word does NOT hold ("未独立参保缴费的,…")
    and the question does not ask about that case."""
    if not any(n in text for n in _NEGATIONS):
        return False
    for t in found:
        if len(t) < 2:
            continue
        for n in _NEGATIONS:
            at = text.find(n + t)
            if at >= 0 and "的" in text[at:at + len(n) + len(t) + 6] and n + t not in query_norm \
                    and n + t not in found:  # "没用完" is the text's 未使用: the question is about that case
                return True
    return False


def _group_of(text: str) -> str | None:
    m = _GROUP_OPENING.match(text)
    return _GROUP_NAME[m.group(1)] if m else None


# "…湖南医保政策进行了精准优化", "…印发《…》,做出了一系列重大调整": news that a rule changed, not the rule
_ANNOUNCES = re.compile(r"(进行了|進行了|做出了|作出了|出台了|印发|印發|推出了)[^。]{0,16}?(优化|優化|调整|調整|改革|举措|舉措|措施)")


def _demotion(text: str) -> float:
    if text.startswith(_EXAMPLE) or text.startswith(_NARROWING):
        return 0.6
    return 0.6 if _ANNOUNCES.search(text) and not any(c.isdigit() for c in text) else 1.0


def strip_label(text: str) -> str:
    """A sentence without its page label ("答:", "(二)", "3.")."""
    return _LABEL.sub("", text)


def _has_number(text: str) -> bool:
    return bool(re.search(r"\d", text))


_SECTION = re.compile(r"(?:^|\n)\s*[一二三四五六七八九十]{1,2}、|(?:^|\n|[。;;])\s*问\s*[::]")  # a new section, or the next Q of a Q&A page


def starts_section(text: str) -> bool:
    """A new top-level section of the page ("六、参保缴费方式") ends a block of steps; `text` is what
    lies between the block so far and the next sentence, that sentence included."""
    return bool(_SECTION.search(text))


def _block(best: Sentence, sentence_tokens) -> list[Sentence]:
    """For "how do I" questions: the best sentence and those following it in the same passage (the
    steps of a procedure read in order), up to BLOCK_CHARS, never into the next section."""
    end = best.end
    for a, b, _ in sentence_tokens(best.hit.passage_id):
        if a < end:
            continue
        if b - best.start > BLOCK_CHARS or starts_section(best.hit.text[end:b]):
            break
        end = b
    return [Sentence(best.hit, best.hit_rank, best.start, end, best.score)]


def extend_intro(s: Sentence) -> Sentence:
    """A sentence ending in a colon, or a bare heading ("(2)支付宝缴费。"), introduces what follows; a
    sentence followed by "其中,…" is qualified by it: take the next sentence too."""
    core = _LABEL.sub("", s.text)
    heading = len(core) < MIN_LEAD and not _has_number(core)
    text = s.hit.text
    end = s.end
    for a, b in split_sentences(text):
        if a < s.end:
            continue
        if end == s.end:  # the sentence right after
            qualifies = text[a:b].startswith(_QUALIFIERS)
            if not ((_INTRO.search(s.text) or heading or qualifies) and b - s.start <= 260):
                break
            end = b
        elif _INTRO.search(s.text) and _ITEM.match(text[text.rfind("\n", 0, a) + 1:b]) and b - s.start <= 200:
            end = b  # "具体业务包括:" is followed by its whole list of items
        else:
            break
    return Sentence(s.hit, s.hit_rank, s.start, end, s.score) if end != s.end else s


_ITEM = re.compile(r"\s*(?:[•·\-*]|\d{1,2}\s*[.、.](?!\d)|[((][一二三四五六七八九十\d]{1,2}[))])")
_FIRST_STEP = re.compile(r"\s*(?:1\s*[.、.](?!\d)|[((]1[))]|[((]一[))]|第一步|首先|步骤一)")
STEP_BOOST = 1.5  # the first of listed steps, for a "how" question
_WHERE_Q = re.compile(r"哪里|在哪|哪儿|去哪|哪个地方|什么地方|啥地方|哪些地方|找谁|哪个部门|哪个单位")
_PLACE_WORDS = re.compile(r"社保所|窗口|服务中心|事业局|代理中心|社保局|人社局|经办机构|村委会|居委会|社区|银行|网点|大厅|地址|医保局|政务|营业厅|收费室|医保办|税务|学校|户籍地|就业地|常住地|居住地")
WHERE_BOOST = 2.0  # a sentence naming an office or a counter, for a "where" question
_EXAMPLE = ("例如", "比如", "譬如", "举例")
# "其中,…", "对没有连续参保的…": an exception, not the rule; "过去,…": how it was before the rule
_NARROWING = ("其中,", "其中,", "对没有", "对未", "过去,", "过去,", "過去,", "過去,", "以往,", "以往,")
_QUALIFIERS = ("其中,", "其中,", "但", "但是")


def _merge_overlaps(sentences: list[Sentence]) -> list[Sentence]:
    out: list[Sentence] = []
    for s in sentences:
        if out and out[-1].hit.passage_id == s.hit.passage_id and s.start < out[-1].end:
            prev = out[-1]
            out[-1] = Sentence(prev.hit, prev.hit_rank, prev.start, max(prev.end, s.end), prev.score)
        else:
            out.append(s)
    return out
