"""The committed question sets stay usable: every line parses, ids are unique, and every evidence span is
verbatim text of the seeds (so answer-hit can be met by quoting the articles)."""

from pathlib import Path

import pytest

from bot.core.config import ROOT
from bot.evaluation.dataset import load_dataset
from bot.text.normalize import squash_ws

SPLITS = sorted((ROOT / "eval").glob("*.jsonl"))


@pytest.fixture(scope="module")
def raw_text() -> str:
    return "".join(squash_ws(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus/raw").glob("*")))


def test_the_held_out_split_and_the_tuning_splits_are_there():
    names = {p.name for p in SPLITS}
    assert "test.jsonl" in names and "dev.jsonl" in names and len(names) >= 8


@pytest.mark.parametrize("path", SPLITS, ids=lambda p: Path(p).name)
def test_every_line_is_a_case_with_verbatim_evidence(path, raw_text):
    data = load_dataset(path)
    assert data.problems == [] and data.cases
    assert len({c.id for c in data.cases}) == len(data.cases)
    missing = [(c.id, e) for c in data.cases for e in c.evidence if squash_ws(e) not in raw_text]
    assert missing == []
    for c in data.cases:
        assert not c.turns or c.turns[-1] == c.question
