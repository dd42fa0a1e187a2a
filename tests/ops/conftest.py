"""Fixtures for operations tests: a second artifact built from a changed corpus, server environments."""

from __future__ import annotations

import os
import shutil

import pytest

from bot.core.config import ROOT

EXTRA_DOC = """---
title: 某市2026年度医保服务热线调整通知
region: 潍坊市
year: 2026
---
自2026年1月1日起,潍坊市医保服务热线调整为工作日8:30至17:30人工接听,节假日由自助语音服务答复参保咨询。
"""


@pytest.fixture(scope="session")
def second_artifact(settings, tmp_path_factory, tokenizer, gazetteer):
    """A real artifact with a different version: the corpus plus one more article."""
    from bot.index.artifacts import build_index

    root = tmp_path_factory.mktemp("artifact2")
    raw = root / "raw"
    shutil.copytree(settings.raw_dir, raw)
    (raw / "zz_hotline_2026.md").write_text(EXTRA_DOC, encoding="utf-8")
    s = settings.model_copy(update={"raw_dir": raw, "derived_dir": root / "derived"})
    return build_index(s, tokenizer, gazetteer, write_corpus=False, out=root / "artifact").directory


def server_env(settings, **extra) -> dict:
    env = {**os.environ, "YIBAO_INDEX_DIR": str(settings.index_dir), "YIBAO_DERIVED_DIR": str(settings.derived_dir),
           "YIBAO_CACHE_DIR": str(settings.cache_dir), "YIBAO_FEEDBACK_DB": str(settings.feedback_db),
           "YIBAO_SECRET": settings.secret or "test-secret", "YIBAO_RATE_LIMIT_PER_MINUTE": "0",
           "PYTHONPATH": str(ROOT)}
    env.pop("YIBAO_DATABASE_URL", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env
