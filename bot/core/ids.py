"""Request ids that prove they were issued by this deployment (HMAC with the shared secret).

Feedback for a request id can then be accepted by any replica without reading the database, even
before the exchange has been written by the replica that answered (exchange logging is asynchronous).
"""

from __future__ import annotations

import hmac
import os

_RANDOM_HEX = 24
_TAG_HEX = 8


def _tag(random_part: str, key: bytes) -> str:
    return hmac.digest(key, random_part.encode(), "sha256").hex()[:_TAG_HEX]  # one-shot C HMAC


def new_request_id(key: bytes) -> str:
    random_part = os.urandom(_RANDOM_HEX // 2).hex()  # what secrets.token_hex does, minus two calls
    return random_part + _tag(random_part, key)


def is_issued(request_id: str, key: bytes) -> bool:
    if len(request_id) != _RANDOM_HEX + _TAG_HEX or not request_id.isascii():
        return False
    random_part, tag = request_id[:_RANDOM_HEX], request_id[_RANDOM_HEX:]
    return hmac.compare_digest(_tag(random_part, key), tag)
