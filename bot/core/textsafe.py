"""Text that cannot be encoded: JSON allows escapes like "\\ud800" that decode to a lone UTF-16
surrogate, which no UTF-8 encoder (SQLite, orjson, a log file) accepts."""

from __future__ import annotations

import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_surrogates(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (the replacement character)."""
    return _LONE_SURROGATE.sub("\ufffd", text) if has_lone_surrogate(text) else text
