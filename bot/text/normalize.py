"""Normalisation used for matching only (display always keeps the original characters).

Traditional -> Simplified (OpenCC t2s), full-width -> half-width (NFKC), lower-case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")


@lru_cache(maxsize=None)
def _opencc(config: str):
    from opencc import OpenCC

    return OpenCC(config)


def to_simplified(text: str) -> str:
    return _opencc("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _opencc("s2t").convert(text)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """NFKC (full-width -> half-width), Traditional -> Simplified, lower-case."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def squash_ws(text: str) -> str:
    """Collapse all whitespace runs to nothing (Chinese text has no word spaces)."""
    return _WS.sub("", text)


def is_traditional(text: str) -> bool:
    """True when the text contains characters that OpenCC would change to Simplified.

    Mixed text counts as Traditional when at least one Han character differs, which is how a
    resident who types Traditional Chinese writes.
    """
    if unicodedata.is_normalized("NFKC", text) and text == text.lower():
        # Then normalize(text) is just its Simplified form (already computed for the question).
        return normalize(text) != text
    return to_simplified(text) != text
