"""Conversation context handed to the client and sent back with the next message.

The server keeps no per-user state. The context it returns is signed with HMAC-SHA256 so a client
cannot forge what the bot understood earlier; a tampered context is rejected, and so is one older
than `context_max_age_seconds` (the signed data carries its issue time `iat`). A client may instead
send an unsigned {"history": ["earlier question", ...]}: plain text the bot re-reads as if typed.

The HMAC key comes from YIBAO_SECRET or the secret file. A key shorter than 32 bytes (or an empty
file) is refused, never used; a missing file is created 0600 and published with a hard link, which
fails when another worker got there first, so concurrent workers always end up with the same key.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import secrets
import tempfile
import time
from pathlib import Path

import orjson

from bot.core.errors import ContextExpired, InvalidContext, SecretProblem
from bot.core.textsafe import clean_surrogates

CONTEXT_VERSION = 1
MAX_HISTORY = 4
MAX_TEXT = 500
MIN_SECRET_BYTES = 32
CLOCK_SKEW = 300  # seconds an issue time may lie in the future (clocks of several servers)
_HEX_SIG = re.compile(r"[0-9a-f]{64}")


def load_secret(secret: str | None, secret_file: Path, min_bytes: int = MIN_SECRET_BYTES) -> bytes:
    """The HMAC key. Raises SecretProblem when it is empty or shorter than `min_bytes`."""
    if secret is not None:
        key = secret.encode("utf-8")
        if len(key) < min_bytes:
            raise SecretProblem(f"YIBAO_SECRET has {len(key)} bytes; at least {min_bytes} are required "
                                f"(for example: python3 -c 'import secrets; print(secrets.token_hex(32))')")
        return key
    secret_file = Path(secret_file)
    if not secret_file.exists():
        _create_secret_file(secret_file)
    key = secret_file.read_bytes().strip()
    if len(key) < min_bytes:
        raise SecretProblem(f"{secret_file} holds {len(key)} bytes; at least {min_bytes} are required "
                            f"(delete the file to have a new key generated)")
    return key


def _create_secret_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        os.write(fd, secrets.token_hex(32).encode())
        os.fsync(fd)
        os.close(fd)
        try:
            os.link(tmp, path)  # atomic and never replaces a key another worker already published
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


def _canonical(data: dict) -> bytes:
    """Sorted-key compact UTF-8 JSON. orjson writes the very bytes json.dumps(ensure_ascii=False,
    sort_keys=True, separators=(",", ":")) writes for what contexts hold (string keys, strings, ints,
    lists), ~15x faster (tested equal); anything it refuses (lone surrogates, huge ints, non-string
    keys) goes through json, which either writes it as before or refuses it too."""
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    except (TypeError, ValueError, RecursionError):
        pass
    try:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:  # incl. UnicodeEncodeError (lone surrogates)
        raise InvalidContext(detail="context data is not valid JSON text") from exc


def _mac(key: bytes, message: bytes) -> str:
    return hmac.digest(key, message, "sha256").hex()  # == hmac.new(key, message, sha256).hexdigest()


def sign(data: dict, key: bytes, now: float | None = None) -> dict:
    data = {**data, "iat": int(time.time() if now is None else now)}
    mac = _mac(key, _canonical(data))
    return {"v": CONTEXT_VERSION, "data": data, "sig": mac}


def verify(context: dict | None, key: bytes, max_age: float | None = None, now: float | None = None) -> dict:
    """The trusted state inside a context ({} for none). Raises InvalidContext when tampered and
    ContextExpired when it was issued more than `max_age` seconds ago."""
    if not context:
        return {}
    if not isinstance(context, dict):
        raise InvalidContext(detail="context must be a JSON object")
    if "sig" not in context:
        return _unsigned(context)
    data, sig = context.get("data"), context.get("sig")
    if context.get("v") != CONTEXT_VERSION or not isinstance(data, dict) or not isinstance(sig, str):
        raise InvalidContext(detail="unknown context format")
    if not _HEX_SIG.fullmatch(sig):
        raise InvalidContext(detail="context signature does not match")
    expected = _mac(key, _canonical(data))
    if not hmac.compare_digest(expected, sig):
        raise InvalidContext(detail="context signature does not match")
    if max_age:
        now = time.time() if now is None else now
        iat = data.get("iat")
        if type(iat) is not int or iat > now + CLOCK_SKEW or now - iat > max_age:
            raise ContextExpired()
    return data


def _unsigned(context: dict) -> dict:
    history = context.get("history")
    extra = set(context) - {"history"}
    if extra or not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise InvalidContext(detail='an unsigned context may only be {"history": ["earlier question", ...]}')
    return {"history": [clean_surrogates(h[:MAX_TEXT]) for h in history[-MAX_HISTORY:] if h.strip()]}
