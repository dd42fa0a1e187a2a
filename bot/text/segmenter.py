"""Load jieba fast: the fully prepared dictionary (jieba's 500k words + the user dictionary + synonym
forms + place names) is kept in one marshal file per configuration, in 256 shards by first character
that are unpacked when first needed (a question needs a few dozen).

jieba's own start-up reads its cache with `marshal.load(file)`, which pulls the 9 MB file in many
small reads (~0.9 s here), then adds thousands of words one by one; `marshal.loads(bytes)` of the
finished table takes a fraction of that. The file name carries a hash of everything that shapes the
table (jieba version, dictionary files, added words), so any change builds a fresh one.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

log = logging.getLogger("yibao.text")


def import_jieba():
    """Import jieba without pkg_resources (jieba only uses it to open its own data files and falls
    back to plain open(); importing pkg_resources costs ~80 ms)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import` raise ImportError
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba


@contextmanager
def _gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def state_key(jieba, files: list[Path], words: list[tuple[str, int]]) -> str:
    main_dict = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    h = hashlib.sha256(f"jieba={jieba.__version__};dict={main_dict.stat().st_size}".encode())
    for path in files:
        h.update(path.read_bytes())
    for word, freq in words:
        h.update(f"{word}\t{freq}\n".encode())
    return h.hexdigest()[:16]


SHARDS = 256  # by the code point of a word's first character
TABLE_FORMAT = 2


class ShardedFreq:
    """jieba's word table (word or prefix -> frequency) in shards by first character, each unpacked the
    first time a word starting with one of its characters is looked up. A question needs the shards of
    its own characters only, so a process answers its first question without unpacking the whole
    500k-entry table (~0.4 s); `fill()` unpacks the rest. Lookups give what the full dict gives."""

    __slots__ = ("_packed", "_shards", "_lock")

    def __init__(self, packed: tuple[bytes, ...]) -> None:
        self._packed = list(packed)
        self._shards: list[dict | None] = [None] * len(packed)
        self._lock = threading.Lock()

    def _shard(self, word: str) -> dict:
        i = ord(word[0]) % SHARDS
        shard = self._shards[i]
        if shard is None:
            with self._lock:
                shard = self._shards[i]
                if shard is None:
                    shard = marshal.loads(self._packed[i])
                    self._shards[i] = shard
                    self._packed[i] = b""
        return shard

    def get(self, word: str, default=None):
        return self._shard(word).get(word, default) if word else default

    def __getitem__(self, word: str):
        if not word:
            raise KeyError(word)
        return self._shard(word)[word]

    def __contains__(self, word) -> bool:
        return bool(word) and word in self._shard(word)

    def __setitem__(self, word: str, freq: int) -> None:
        self._shard(word)[word] = freq

    def __len__(self) -> int:
        self.fill()
        return sum(len(s) for s in self._shards)

    def fill(self) -> None:
        """Unpack every shard not unpacked yet."""
        for i in range(len(self._shards)):
            if self._shards[i] is None:
                self._shard(chr(i))


def pack_table(freq: dict, total: int) -> bytes:
    shards: list[dict] = [{} for _ in range(SHARDS)]
    for word, f in freq.items():
        if word:
            shards[ord(word[0]) % SHARDS][word] = f
    return marshal.dumps((TABLE_FORMAT, total, tuple(marshal.dumps(s) for s in shards)))


def unpack_table(data: bytes) -> tuple[ShardedFreq, int]:
    fmt, total, packed = marshal.loads(data)
    if fmt != TABLE_FORMAT or len(packed) != SHARDS:
        raise ValueError("unknown jieba table format")
    return ShardedFreq(packed), total


def load_segmenter(cache_dir: Path | None, key_parts: tuple[list[Path], list[tuple[str, int]]],
                   prepare: Callable) -> object:
    """A ready jieba.Tokenizer: from the cached table when there is one (its shards unpacked on first
    use), else `prepare(seg)` builds the table (initialise, add words) and it is cached for the next
    start."""
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    seg = jieba.Tokenizer()
    path = None
    if cache_dir:
        cache_dir.mkdir(parents=True, exist_ok=True)
        seg.tmp_dir = str(cache_dir)
        path = cache_dir / f"yibao-jieba-{state_key(jieba, *key_parts)}.shards.marshal"
        try:
            seg.FREQ, seg.total = unpack_table(path.read_bytes())
            seg.initialized = True
            return seg
        except FileNotFoundError:
            pass
        except (OSError, EOFError, ValueError, TypeError) as exc:
            log.warning("jieba table cache %s unreadable (%s): rebuilding it", path, exc)
    prepare(seg)
    if path is not None:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pack_table(seg.FREQ, seg.total))
        tmp.replace(path)
    return seg
