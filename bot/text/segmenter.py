"""Load jieba fast: the fully prepared dictionary (jieba's 500k words + the user dictionary + synonym
forms + place names) is kept in one marshal file per configuration and read back in one call.

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


def load_segmenter(cache_dir: Path | None, key_parts: tuple[list[Path], list[tuple[str, int]]],
                   prepare: Callable) -> object:
    """A ready jieba.Tokenizer: from the cached table when there is one, else `prepare(seg)` builds
    the table (initialise, add words) and it is cached for the next start."""
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    seg = jieba.Tokenizer()
    path = None
    if cache_dir:
        cache_dir.mkdir(parents=True, exist_ok=True)
        seg.tmp_dir = str(cache_dir)
        path = cache_dir / f"yibao-jieba-{state_key(jieba, *key_parts)}.marshal"
        try:
            with _gc_paused():
                seg.FREQ, seg.total = marshal.loads(path.read_bytes())
            seg.initialized = True
            return seg
        except FileNotFoundError:
            pass
        except (OSError, EOFError, ValueError, TypeError) as exc:
            log.warning("jieba table cache %s unreadable (%s): rebuilding it", path, exc)
    prepare(seg)
    if path is not None:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((seg.FREQ, seg.total)))
        tmp.replace(path)
    return seg
