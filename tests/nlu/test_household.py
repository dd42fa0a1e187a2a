"""Class 2 (households are miscounted): any wording becomes members by category."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.household import extract_people
from bot.text.normalize import normalize


@pytest.mark.parametrize("text, kinds", [
    ("全家三口人交多少", {}),
    ("五口之家交多少", {}),
    ("我和老伴都交高档,再加上上小学的孙子", {"成人": 2, "学生": 1}),
    ("五口之家:爷爷奶奶、我们两口子都选高档,闺女上初中", {"成人": 4, "学生": 1}),
    ("我跟老婆俩,再加上读大专、在学校参保的儿子", {"成人": 2, "大学生": 1}),
    ("我们两口子加我妈,还有今年刚上户口的小孙子", {"成人": 3, "新生儿": 1}),
    ("低保家庭,一家三口参加居民医保", {"困难群体": 3}),
    ("低保户,一家四口", {"困难群体": 4}),
    ("一家三口,其中我妈是低保户,交高档", {"成人": 2, "困难群体": 1}),  # the household word names one member
    ("我哥是特困户,家里4口人", {"成人": 3, "困难群体": 1}),
    ("我家是低保户,一家三口", {"困难群体": 3}),
    # two sons told apart by 大/小; the one born this year is a newborn, the other a pupil
    ("家里6口人,公公婆婆、我们两口子、大儿子上高中、小儿子是今年生的", {"成人": 4, "学生": 1, "新生儿": 1}),
    ("我们两口子加上闺女在汕头读中专(学校统一交)", {"成人": 2, "大学生": 1}),  # 中专 is a 大中专学生
    ("我爸是二级残疾,我和媳妇交二档,孩子上小学", {"成人": 2, "困难群体": 1, "学生": 1}),
    ("两个大人交高档,一个小学生,一个三岁的娃", {"成人": 2, "学生": 1, "儿童": 1}),
    ("夫妻俩加两个娃", {"成人": 2, "儿童": 2}),
    ("一家四口,两个孩子都在上学", {"成人": 2, "学生": 2}),
])
def test_households_are_counted(text, kinds):
    people = extract_people(normalize(text))
    assert people.explicit
    if kinds:
        assert people.kinds == kinds
    assert people.total == (sum(kinds.values()) if kinds else people.total)


@pytest.mark.parametrize("text, total", [("全家三口人交多少", 3), ("五口之家交多少", 5), ("我家4口人", 4)])
def test_family_size_alone(text, total):
    assert extract_people(normalize(text)).total == total


def test_exempt_household_states_its_assumption():
    people = extract_people(normalize("低保家庭一家三口交多少"))
    assert people.kinds == {"困难群体": 3} and people.assumptions


@pytest.mark.parametrize("text, kinds", [
    ("两个大人交高档,还有一个小学生和一个刚上幼儿园的娃", {"成人": 2, "学生": 1, "儿童": 1}),
    ("2019年刚生了娃,我和老公加上宝宝都参加居民医保", {"成人": 2, "新生儿": 1}),
    ("我和太太两个人都交低档,再加一个读小学的女儿", {"成人": 2, "学生": 1}),
    ("宁波的孩子读初二", {"学生": 1}),
    ("我和老公加上大女儿三个人,今年又刚生了个二宝", {"成人": 2, "儿童": 1, "新生儿": 1}),  # 二宝 is a second child
    ("我们小两口加上今年刚出生上了户口的宝宝", {"成人": 2, "新生儿": 1}),
    ("家里两口子都交高档,再加一个上初中的闺女", {"成人": 2, "学生": 1}),  # 家里两口子 is no family of two
    ("家里我跟老公还有我婆婆,今年又添了个宝宝,户口也上了", {"成人": 3, "新生儿": 1}),
    # each counted child is what their own clause says; the two are not the same child
    ("一家四口,两个大人交高档,一个孩子上初中,一个在潍坊读大专", {"成人": 2, "学生": 1, "大学生": 1}),
    ("再加一个上初中的和一个上幼儿园的孩子", {"学生": 1, "儿童": 1}),  # two children, each counted once
    ("我和老婆,加上我爸妈,我爸是一级残疾", {"成人": 3, "困难群体": 1}),  # 我爸 is one of 爸妈
    ("爷爷奶奶俩都按低档交,爸妈按高档,还有个读初中的弟弟", {"成人": 4, "学生": 1}),
    ("老伴让我问问城乡居民医保个人一年交多少钱", {}),  # the one who sent the question is not a member
    # the story names the mother; the question is about the child alone
    ("我儿媳今年3月生了孩子,户口也上好了,那今年到底要不要给孩子交", {"新生儿": 1}),
    ("儿媳今年生了孩子,我和儿媳都交,还要给孩子交吗,我们一共交多少", {"成人": 2, "新生儿": 1}),
])
def test_more_household_wordings(text, kinds):
    assert extract_people(normalize(text)).kinds == kinds


@pytest.mark.parametrize("text, kinds", [
    ("家里俩孩子,一个上初中一个上小学", {"学生": 2}),
    ("两个孩子,一个上大学一个上小学", {"大学生": 1, "学生": 1}),
    ("一家三口,孩子上小学", {"成人": 2, "学生": 1}),
    ("我们家是稳定脱贫户,不是低保也不是特困,三口人", {}),
    ("我家四口,非低保户", {}),
])
def test_households_are_counted_once_and_negations_ignored(text, kinds):
    """Class 2: a child named twice ("俩孩子…一个上初中") is one member; "不是低保" is not an exempt member."""
    people = extract_people(normalize(text))
    assert people.kinds == kinds


@pytest.mark.parametrize("text, whole", [("一共五个人", 5), ("全家四口", 4), ("加上三个人", None)])
def test_households_state_a_whole_or_an_addition(text, whole):
    assert extract_people(normalize(text)).whole == whole


def test_grown_children_are_adults_when_there_are_grandchildren():
    """Class 2: "儿子儿媳…孙子" - the son and his wife are adults, the grandson the child."""
    people = extract_people(normalize("我跟老伴交低档,儿子儿媳交高档,孙子上幼儿园,一家五口"))
    assert people.kinds == {"成人": 4, "儿童": 1}


def test_a_graduate_is_not_a_student():
    assert "大学生" not in extract_people(normalize("我儿子大学毕业回来中途想参保")).kinds


_PIECES = ["一家四口", "两个大人", "一个孩子上初中", "一个在潍坊读大专", "俩孩子", "一个上小学", "刚出生的宝宝",
           "我妈是低保户", "我和老伴", "大儿子上高中", "小儿子是今年生的", "孙子", "读大专的闺女", "三岁的娃",
           "五口之家", "不是低保", "两口子", "老伴让我问问", "给孩子交", "一共", "还有个读初中的弟弟",
           "加上我爸妈", "我爸是一级残疾"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6))
def test_any_wording_gives_members_and_never_fails(pieces):
    """Whatever the pieces and their order, the parser returns non-negative counts that add up."""
    people = extract_people(normalize(",".join(pieces)))
    assert all(n > 0 for n in people.kinds.values())
    if people.kinds:
        assert people.total == sum(people.kinds.values())
