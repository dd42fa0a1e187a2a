"""Session fixtures: one freshly built index (in a temp dir) and one Bot shared by the suite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.config import ROOT, Settings
from bot.core.resources import make_gazetteer, make_tokenizer

DEV_SET = ROOT / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("yibao")


@pytest.fixture(scope="session")
def settings(tmp_root) -> Settings:
    return Settings(
        index_dir=tmp_root / "index",
        derived_dir=tmp_root / "derived",
        cache_dir=tmp_root / "cache",
        feedback_db=tmp_root / "feedback.sqlite3",
        secret="test-secret-for-the-suite-0123456789abcdef",
        rate_limit_per_minute=0,
        current_year=2026,
    )


@pytest.fixture(scope="session")
def gazetteer(settings):
    return make_gazetteer(settings)


@pytest.fixture(scope="session")
def tokenizer(settings, gazetteer):
    return make_tokenizer(settings, gazetteer)


@pytest.fixture(scope="session")
def bot(settings):
    from bot.pipeline import Bot

    return Bot.load(settings)


@pytest.fixture(scope="session")
def dev_set() -> list[dict]:
    return [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
