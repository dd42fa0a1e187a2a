import json

import pytest

from bot.core.config import ROOT
from bot.corpus.build import build_corpus
from bot.text.normalize import squash_ws


@pytest.fixture(scope="module")
def build(settings, tokenizer, gazetteer):
    return build_corpus(settings.raw_dir, settings.build_dir, tokenizer, gazetteer)


def test_raw_files_are_the_seeds_unchanged(settings):
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/seeds not beside the repository")
    for seed in sorted(seeds.iterdir()):
        assert (settings.raw_dir / seed.name).read_bytes() == seed.read_bytes()


def test_ids_are_stable_across_builds(build, settings, tokenizer, gazetteer):
    again = build_corpus(settings.raw_dir, settings.build_dir, tokenizer, gazetteer)
    assert [p.passage_id for p in again.passages] == [p.passage_id for p in build.passages]
    assert len({p.passage_id for p in build.passages}) == len(build.passages)


def test_committed_derived_files_are_current(build):
    committed = [json.loads(line) for line in (ROOT / "corpus" / "derived" / "passages.jsonl").read_text("utf-8").splitlines()]
    assert [p["passage_id"] for p in committed] == [p.passage_id for p in build.passages], \
        "corpus/derived is stale: run `yibao index` and commit it"


def test_offsets_point_at_original_text(build):
    raw = {s.name: s.text for s in build.sources}
    for p in build.passages:
        assert raw[p.source][p.start : p.end] == p.text
        assert 15 <= len(p.text) <= 420


def test_phone_lists_are_junk_unless_they_are_医保_offices():
    from bot.corpus.cleaning import CleaningRules

    rules = CleaningRules.load(ROOT / "corpus" / "build" / "cleaning.yaml")
    ads = "预约电话 0531-1234567 0531-7654321 0532-1234567"
    offices = "医保经办机构电话 市直机构 0668-3386959 茂南区:0668-2155790 电白区:0668-5118023"
    assert len(rules.phone.findall(ads)) >= rules.phone_min and not rules.phone_keep.search(ads)
    assert rules.phone_keep.search(offices)


def test_junk_is_dropped_and_reported(build):
    report = build.report()
    kept = "\n".join(p.text for p in build.passages)
    for junk in ["国产精品", "主站蜘蛛池", "当前位置", "范文范本可以帮助", "健康新闻", "点击查看完整版",
                 "白癜风医院", "將本文", "返回頂部"]:
        assert junk not in kept, junk
    reasons = report["dropped_lines_by_reason"]
    for reason in ["spam / advert", "navigation", "related-snippet date footer",
                   "news headline list", "site boilerplate"]:
        assert reasons.get(reason), reason
    assert all(ln["reason"] for ln in report["dropped_lines"])


@pytest.mark.parametrize("marker", ["风电", "三角洲", "营口", "种牙", "克孜勒苏", "养老金", "胡杨河"])
def test_off_topic_material_is_excluded_and_listed(build, marker):
    assert marker not in "".join(p.text + p.title for p in build.passages)
    excluded = build.report()["excluded_documents"]
    assert any(marker in d["title"] or marker in doc_text(build, d["doc_id"]) for d in excluded)


def doc_text(build, doc_id):
    return next(d.body_text() for d in build.documents if d.doc_id == doc_id)


@pytest.mark.parametrize("region, year, phrase", [
    ("汕头市", None, "150元/人的新标准"),
    ("秦皇岛市", 2017, "大学生待遇享受期为缴费当年的9月1日至次年8月31日"),
    ("盐山县", 2017, "2016年10月20日至2016年12月20日"),
    ("重庆市", None, "一级定点医疗机构住院医疗费用补助起付线为100元"),
    ("重庆市", 2017, "普通门诊定额包干标准为80元/人"),
    ("安吉县", 2015, "县内二级及以上医保定点医疗机构门诊报销30%"),
    ("平阳县", 2019, "县内县级医院起付线从600元调整为900元"),
    ("天津市", None, "按大病统筹模式(个人缴费8%)"),
    ("东营市", None, "对于外伤且无第三方赔付的给予报销"),
    ("安徽省", 2021, "每人320元的费用将由其本人承担"),
    ("河南省", 2017, "大中专院校学生个人筹资标准为90元"),
    ("潍坊市", 2021, "高档每人每年390元"),
    ("中山市", None, "首次选点立即生效"),
    ("长沙市", None, "区本级"),
    ("湖南省", 2025, "靈活就業人員可自主選擇在戶籍地、就業地、常住地參保"),
    ("晋中市", 2025, "起付线 500 元 / 年"),
    ("全国", 2019, "六统一"),
    (None, 2021, "第一档280元/人·年"),
    (None, None, "30元门诊费可列抵30元参保费"),
])
def test_no_relevant_sub_article_lost(build, region, year, phrase):
    """Every sub-article of the multi-article page (and the others) survives with its place and year."""
    hits = [p for p in build.passages if squash_ws(phrase) in squash_ws(p.text)]
    assert hits, phrase
    assert any(p.region_name == region and p.year == year for p in hits), [(p.region_name, p.year) for p in hits]


def test_duplicates_removed_keep_richer_copy(build):
    report = build.report()
    assert report["counts"]["duplicates_removed"] >= 5
    texts = [squash_ws(p.text) for p in build.passages]
    assert len(texts) == len(set(texts))
    qhd = [p for p in build.passages if "秦皇岛市全面实施城乡居民基本医疗保险市级统筹" in p.text]
    assert qhd and all(p.year == 2017 for p in qhd)


def test_duplicates_keep_the_copy_the_page_did_not_damage(build):
    """The 秦皇岛 article is printed twice; one copy lost its year as a bare "20" ("秦皇岛市20城乡居民").
    The clean copy is kept, and dated like the copy it duplicates."""
    kept = [p for p in build.passages if "城乡居民个人缴费标准为每人150元" in p.text]
    assert len(kept) == 1
    assert "秦皇岛市城乡居民个人缴费标准" in kept[0].text and kept[0].year == 2017


def test_blanked_years_stay_unknown(build):
    shantou = [d for d in build.documents if d.region_name == "汕头市"]
    assert shantou and all(d.year is None for d in shantou)


def test_new_article_with_front_matter_is_picked_up(tmp_path, settings, tokenizer, gazetteer):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "900_test.md").write_text(
        "---\ntitle: 测试市居民医保缴费通知\nregion: 潍坊市\nyear: 2023\n---\n"
        "2023年度城乡居民医保个人缴费标准为每人每年380元,集中缴费期为当年9月至12月,逾期缴费有三个月等待期。\n",
        encoding="utf-8",
    )
    build = build_corpus(raw, settings.build_dir, tokenizer, gazetteer)
    assert len(build.passages) == 1
    p = build.passages[0]
    assert (p.title, p.region_name, p.year) == ("测试市居民医保缴费通知", "潍坊市", 2023)


def test_content_users_need_is_not_dropped_as_junk(bot):
    """Class 8: a 医保 office phone list (茂名 异地就医备案, seed 000) is on-topic and answerable."""
    r = bot.ask("茂名办异地就医备案打啥电话?")
    assert r.status == "answer" and "0668-5118023" in r.answer


def test_named_facilities_map_to_their_place(bot):
    """Class 8: a facility named in the corpus brings its place's rules without naming the city."""
    r = bot.ask("我是一档的,在赵家街道中心卫生医院住院,政策内花了5000,合作医疗能补多少?")
    assert r.status == "answer" and r.calculation.region == "重庆市" and r.calculation.amount == 3920
    r = bot.ask("从县里转到温医附二医住院,报销比例是多少?")
    assert r.status == "answer" and "55%" in r.answer.split("\n")[0]


def test_facility_file_rows_are_quoted_from_their_passage(bot, settings, tmp_path):
    from bot.core.errors import DataFileError
    from bot.geo.facilities import Facilities

    bad = tmp_path / "facilities.tsv"
    bad.write_text("某某\t某某医院\t002-9e6662fd\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        Facilities.load(bad, {"002-9e6662fd": "002-d09"}, {}, {"002-9e6662fd": "赵家街道中心卫生医院"})
