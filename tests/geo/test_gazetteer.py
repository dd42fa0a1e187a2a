import pytest

from bot.text.normalize import normalize


def places(gazetteer, tokenizer, text):
    norm = normalize(text)
    return [m.division.name for m in gazetteer.find(norm, normalized=True, boundaries=tokenizer.boundaries(norm))]


@pytest.mark.parametrize("text, expected", [
    ("潍坊居民医保交多少", ["潍坊市"]),
    ("平阳二级医院住院", ["平阳县"]),
    ("平阳县县级医院", ["平阳县"]),
    ("中山怎么选定点医院", ["中山市"]),
    ("濰坊醫保", ["潍坊市"]),
    ("2025山西晋中异地透析", ["山西省", "晋中市"]),
    ("北京医保交多少", ["北京市"]),
    ("确保定点医院服务", []),       # 保定 inside 确保定点 is not a place
    ("合作医疗怎么报", []),         # 合作 (合作市) is a stoplisted short form
    ("健康保险", []),
    ("惠民政策", []),
    ("北戴河这边的居民医保", ["北戴河区"]),  # a district's three-character short form
    ("去山海关看病", ["山海关区"]),
    ("城里的新区交医保", []),  # two-character district stems are ordinary words
])
def test_place_recognition(gazetteer, tokenizer, text, expected):
    assert places(gazetteer, tokenizer, text) == expected


def test_hierarchy(gazetteer):
    pingyang, wenzhou, zhejiang = gazetteer.get("平阳县"), gazetteer.get("温州市"), gazetteer.get("浙江省")
    assert gazetteer.contains(wenzhou, pingyang) and gazetteer.contains(zhejiang, pingyang)
    assert not gazetteer.contains(pingyang, wenzhou)
    assert gazetteer.display(pingyang) == "浙江省温州市平阳县"
    assert gazetteer.common_ancestor([gazetteer.get("开封市"), gazetteer.get("巩义市")]).name == "河南省"


def test_hospital_level_words_are_not_places(gazetteer):
    assert [m.division.name for m in gazetteer.find("换成县级医院呢")] == []
    assert [m.division.name for m in gazetteer.find("换成县医院呢")] == []
    assert "成县" in [m.division.name for m in gazetteer.find("甘肃成县的医保")]


@pytest.mark.parametrize("text", ["换成县内的县级医院呢", "换成县外的医院呢", "改成市里的医院"])
def test_a_changed_hospital_is_not_a_county_named_cheng(gazetteer, text):
    """Class 4: "换成县内的医院" changes the level; 成县 (Gansu) is not named."""
    assert not [m for m in gazetteer.find(text) if m.surface in ("成县", "成市")]


def test_a_county_named_at_the_start_is_still_found(gazetteer):
    assert [m.surface for m in gazetteer.find("成县医保交多少")] == ["成县"]
