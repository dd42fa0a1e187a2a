"""The HMAC secret: refused when empty or short, created 0600 and atomically (concurrent workers agree)."""

from __future__ import annotations

import multiprocessing
import stat

import pytest

from bot.core.context import load_secret
from bot.core.errors import SecretProblem


@pytest.mark.parametrize("secret", ["", "a", "x" * 31, "密" * 10])  # "密" * 10 is 30 bytes
def test_short_env_secret_is_refused(secret, tmp_path):
    with pytest.raises(SecretProblem):
        load_secret(secret, tmp_path / "secret.key")


@pytest.mark.parametrize("content", [b"", b"\n", b"   \n", b"short"])
def test_empty_or_short_secret_file_is_refused(content, tmp_path):
    path = tmp_path / "secret.key"
    path.write_bytes(content)
    with pytest.raises(SecretProblem, match="secret.key"):
        load_secret(None, path)
    assert path.read_bytes() == content  # never silently replaced


def test_missing_file_is_created_0600(tmp_path):
    path = tmp_path / "var" / "secret.key"
    key = load_secret(None, path)
    assert len(key) == 64 and int(key, 16) >= 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret(None, path) == key
    assert [p.name for p in path.parent.iterdir()] == ["secret.key"]  # no temp file left behind


def _load(path, barrier, queue):
    barrier.wait()
    queue.put(load_secret(None, path))


def test_concurrent_first_start_agrees_on_one_key(tmp_path):
    path = tmp_path / "secret.key"
    ctx = multiprocessing.get_context("fork")
    n = 8
    barrier, queue = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_load, args=(path, barrier, queue)) for _ in range(n)]
    for p in procs:
        p.start()
    keys = [queue.get(timeout=30) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert len(set(keys)) == 1 and keys[0] == path.read_bytes()
