"""Conversation context handed to the client and sent back with the next message.

The server keeps no per-user state. The context it returns is signed with HMAC-SHA256 so a client
cannot forge what the bot understood earlier; a tampered context is rejected. A client may instead
send an unsigned {"history": ["earlier question", ...]}: plain text the bot re-reads as if typed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from bot.core.errors import InvalidContext

CONTEXT_VERSION = 1
MAX_HISTORY = 4
MAX_TEXT = 500


def load_secret(secret: str | None, secret_file: Path) -> bytes:
    if secret:
        return secret.encode("utf-8")
    try:
        return secret_file.read_bytes().strip()
    except FileNotFoundError:
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_hex(32).encode()
        fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, value)
        finally:
            os.close(fd)
        return value
    except FileExistsError:  # another process created it meanwhile
        return secret_file.read_bytes().strip()


def _canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(data: dict, key: bytes) -> dict:
    mac = hmac.new(key, _canonical(data), hashlib.sha256).hexdigest()
    return {"v": CONTEXT_VERSION, "data": data, "sig": mac}


def verify(context: dict | None, key: bytes) -> dict:
    """The trusted state inside a context ({} for none). Raises InvalidContext when tampered."""
    if not context:
        return {}
    if not isinstance(context, dict):
        raise InvalidContext(detail="context must be a JSON object")
    if "sig" not in context:
        return _unsigned(context)
    data, sig = context.get("data"), context.get("sig")
    if context.get("v") != CONTEXT_VERSION or not isinstance(data, dict) or not isinstance(sig, str):
        raise InvalidContext(detail="unknown context format")
    expected = hmac.new(key, _canonical(data), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, sig):
        raise InvalidContext(detail="context signature does not match")
    return data


def _unsigned(context: dict) -> dict:
    history = context.get("history")
    extra = set(context) - {"history"}
    if extra or not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise InvalidContext(detail='an unsigned context may only be {"history": ["earlier question", ...]}')
    return {"history": [h[:MAX_TEXT] for h in history[-MAX_HISTORY:] if h.strip()]}
