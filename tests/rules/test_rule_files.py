"""Every number in every rule file is cited: the quote is in its passage and the number in its quote."""

import json
from decimal import Decimal

import pytest

from bot.core.config import ROOT
from bot.core.errors import DataFileError
from bot.rules.loader import check_rule_file, iter_cited, load_rule_file

RULE_FILES = sorted((ROOT / "corpus" / "rules").glob("*.yaml"))


@pytest.fixture(scope="module")
def passages(bot):
    return {p["passage_id"]: p["text"] for p in bot.index.passages}


def test_rule_files_exist():
    assert len(RULE_FILES) >= 2


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_citation_checks_out(path, passages):
    rules = load_rule_file(path)
    assert list(iter_cited(rules)), "a rule file without a single cited parameter"
    assert check_rule_file(rules, passages) == []


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_rule_file_points_at_its_document(path, bot):
    rules = load_rule_file(path)
    docs = {d["doc_id"]: d for d in bot.index.documents}
    assert rules.document in docs
    # The article's passages, in this document or in a reprint of it on the same page (same title and
    # place) whose copy of a passage the build kept because the page damaged the other one.
    doc = docs[rules.document]
    copies = {d for d, m in docs.items() if (m["title"], m["region_code"]) == (doc["title"], doc["region_code"])}
    own = {p["passage_id"] for p in bot.index.passages if p["doc_id"] in copies}
    cited = {c.passage for _, c in iter_cited(rules)}
    assert cited <= own, f"{path.name} cites passages of another document: {cited - own}"
    if rules.year is not None:
        assert docs[rules.document]["year"] == rules.year


def test_check_catches_a_wrong_number(passages):
    rules = load_rule_file(ROOT / "corpus/rules/weifang-2021.yaml")
    rules.contribution.tiers["高档"].amount = Decimal(380)
    assert any("380" in p for p in check_rule_file(rules, passages))


def test_check_catches_a_quote_not_in_passage(passages):
    rules = load_rule_file(ROOT / "corpus/rules/weifang-2021.yaml")
    rules.contribution.tiers["高档"].quote = "高档每人每年390元整"
    assert any("quote not in passage" in p for p in check_rule_file(rules, passages))


def test_malformed_rule_file_names_the_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(json.dumps({"region": "x", "year": 2020, "document": "d", "title": "t",
                               "contribution": {"tiers": {"高档": {"amount": 1}}}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="passage"):
        load_rule_file(bad)
