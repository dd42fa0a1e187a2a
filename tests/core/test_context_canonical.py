"""The signed form of a context must stay byte-for-byte what json.dumps wrote, so contexts signed
before the orjson switch (or by a replica not yet upgraded) still verify."""

from __future__ import annotations

import hashlib
import hmac
import json
import random

import pytest

from bot.core.context import _canonical, sign, verify
from bot.core.errors import InvalidContext

KEY = b"k" * 32
CHARS = ([chr(i) for i in range(0, 0x250)] + list("医保报销\u2028\u2029\ufeff😀𠀀\\\"/")
         + [chr(0x7F), chr(0x85), chr(0xFFFF)])


def _json_form(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(0, n)))


def test_canonical_bytes_equal_json_dumps():
    rng = random.Random(3)
    for _ in range(3000):
        data = {"history": [_text(rng, 30) for _ in range(rng.randint(0, 4))], "intent": _text(rng, 8),
                "places": [str(rng.randint(0, 999999))], "iat": rng.randint(-2**62, 2**62),
                "pending": {"question": _text(rng, 20), "slot": "region", "thread": [_text(rng, 5)]},
                _text(rng, 4): rng.choice([None, True, False, 0, [], {}])}
        assert _canonical(data) == _json_form(data)


def test_a_context_signed_the_old_way_verifies():
    data = {"history": ["潍坊居民医保交多少"], "intent": "contribution", "places": ["370700"], "iat": 1_763_900_000}
    old_sig = hmac.new(KEY, _json_form(data), hashlib.sha256).hexdigest()
    assert verify({"v": 1, "data": data, "sig": old_sig}, KEY) == data
    assert sign({k: v for k, v in data.items() if k != "iat"}, KEY, now=1_763_900_000)["sig"] == old_sig


@pytest.mark.parametrize("data", [{"history": ["\ud800"]}, {"n": 2**70}, {1: "a"}])
def test_what_orjson_refuses_goes_through_json(data):
    if any(isinstance(v, list) and "\ud800" in v for v in data.values()):
        with pytest.raises(InvalidContext):
            _canonical(data)
    else:
        assert _canonical(data) == _json_form(data)
