"""Factories for the shared, expensive-to-load text resources (built from one Settings)."""

from __future__ import annotations

from bot.core.config import Settings
from bot.geo.gazetteer import Gazetteer
from bot.text.tokenizer import Tokenizer


def make_gazetteer(settings: Settings) -> Gazetteer:
    return Gazetteer.load(settings.data_dir)


def make_tokenizer(settings: Settings, gazetteer: Gazetteer) -> Tokenizer:
    return Tokenizer(
        settings.dict_dir,
        settings.cache_dir,
        use_userdict=settings.use_userdict,
        use_synonyms=settings.use_synonyms,
        extra_words=gazetteer.names(),
    )
