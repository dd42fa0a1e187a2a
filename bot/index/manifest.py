"""Checksums of an index artifact: every file it holds and every input that went into it.

The manifest names each artifact file with its SHA-256 (`files`) and each input (raw corpus, rule
files, dictionaries, gazetteer data, intents, build code) with its SHA-256 (`inputs`), so a truncated,
edited or swapped file is found and named, and a stale artifact says which input changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.core.config import Settings

MANIFEST = "manifest.json"
CODE_FILES = ("corpus", "index", "text", "geo", "nlu")


class IndexProblem(Exception):
    """Why an index on disk cannot be used as it is (missing, stale, corrupt)."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _rel(settings: Settings, path: Path) -> str:
    return str(path.relative_to(settings.root) if path.is_relative_to(settings.root) else path)


def _files_under(folder: Path, pattern: str = "*") -> list[Path]:
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def runtime_inputs(settings: Settings) -> dict[str, str]:
    """Inputs that query-time code reads too (tokenizer dictionaries, gazetteer data), named relative to
    their folder: a replica serving a shipped artifact must have the same ones, or questions would be
    tokenised differently from the passages."""
    out = {}
    for tag, folder in (("dict", settings.dict_dir), ("data", settings.data_dir)):
        for p in _files_under(folder):
            out[f"{tag}/{p.relative_to(folder).as_posix()}"] = sha256_file(p)
    return out


def input_files(settings: Settings) -> list[Path]:
    files: list[Path] = []
    for folder in (settings.raw_dir, settings.dict_dir, settings.build_dir, settings.data_dir,
                   settings.intents_dir, settings.rules_dir):
        files += _files_under(folder)
    pkg = Path(__file__).resolve().parents[1]
    for sub in CODE_FILES:
        files += _files_under(pkg / sub, "*.py")
    return files


def input_hashes(settings: Settings, files: list[Path] | None = None) -> dict[str, str]:
    return {_rel(settings, p): sha256_file(p) for p in (input_files(settings) if files is None else files)}


def combined(hashes: dict[str, str], salt: str) -> str:
    h = hashlib.sha256(salt.encode())
    for name, digest in hashes.items():
        h.update(name.encode())
        h.update(bytes.fromhex(digest))
    return h.hexdigest()


def artifact_hashes(directory: Path) -> dict[str, str]:
    """SHA-256 of every file of an artifact except the manifest itself (paths relative, '/'-separated)."""
    directory = Path(directory)
    return {p.relative_to(directory).as_posix(): sha256_file(p)
            for p in _files_under(directory) if p.name != MANIFEST and not p.name.endswith(".tmp")}


def verify_files(directory: Path, manifest: dict) -> None:
    """Raise IndexProblem naming the first missing, unreadable or changed artifact file."""
    expected = manifest.get("files")
    if not isinstance(expected, dict) or not expected:
        raise IndexProblem(f"{directory / MANIFEST}: the manifest lists no file checksums")
    for name, digest in expected.items():
        path = Path(directory) / name
        try:
            actual = sha256_file(path)
        except OSError as exc:
            raise IndexProblem(f"{path}: missing or unreadable ({type(exc).__name__})") from exc
        if actual != digest:
            raise IndexProblem(f"{path}: checksum mismatch (the file was truncated or edited)")


def changed_inputs(settings: Settings, manifest: dict) -> list[str]:
    """Inputs added, removed or changed since the artifact was built (names, at most a few)."""
    before = manifest.get("inputs") or {}
    now = input_hashes(settings)
    changed = [n for n in now if before.get(n) != now[n]] + [n for n in before if n not in now]
    return changed


def check_runtime_inputs(settings: Settings, manifest: dict) -> None:
    """A shipped artifact must be served with the dictionaries it was built with."""
    before = manifest.get("runtime_inputs") or {}
    now = runtime_inputs(settings)
    for name in sorted(set(before) | set(now)):
        if before.get(name) != now.get(name):
            folder = settings.dict_dir if name.startswith("dict/") else settings.data_dir
            state = "missing" if name not in now else "not in the artifact" if name not in before else "differs"
            raise IndexProblem(f"{folder / name.split('/', 1)[1]}: {state} from the files the artifact was built "
                               f"with (query-time dictionaries must match)")
