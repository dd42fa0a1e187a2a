"""Build, save and load the index artifacts; detect missing, stale or corrupt ones.

An artifact is one directory, built once (`yibao index [--out DIR]`) and shipped to every replica:
  manifest.json   version, input fingerprint, counts, SHA-256 of every file and of every input
  passages.json   the indexed passages (same records as corpus/derived/passages.jsonl)
  documents.json  document metadata
  bm25.npz        sparse BM25 term-impact matrix + vocabulary
  intent_model.*  the compiled intent classifier
  rules/*.yaml    the calculator's rule files, so a replica needs nothing else from the corpus
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.core.config import Settings
from bot.core.errors import DataFileError
from bot.geo.gazetteer import Gazetteer
from bot.index.bm25 import SparseBM25
from bot.index.manifest import (MANIFEST, IndexProblem, artifact_hashes, changed_inputs, check_runtime_inputs,
                                combined, input_hashes, runtime_inputs, verify_files)
from bot.text.tokenizer import Tokenizer

log = logging.getLogger("yibao.index")

ARTIFACT_VERSION = 3
__all__ = ["IndexProblem", "Index", "build_index", "read_index", "load_or_build", "load_classifier"]


@dataclass
class Index:
    manifest: dict
    passages: list[dict]
    documents: list[dict]
    bm25: SparseBM25
    directory: Path

    @property
    def version(self) -> str:
        return self.manifest["fingerprint"][:12]

    @property
    def rules_dir(self) -> Path:
        return self.directory / "rules"


def fingerprint(settings: Settings, tokenizer: Tokenizer, hashes: dict[str, str] | None = None) -> str:
    hashes = input_hashes(settings) if hashes is None else hashes
    return combined(hashes, f"v{ARTIFACT_VERSION};{tokenizer.config_fingerprint()}")


def passage_index_text(p: dict) -> str:
    """What BM25 sees for a passage: its document title and place, then its text."""
    return f"{p['title']} {p.get('region_name') or ''}\n{p['text']}"


def build_index(settings: Settings, tokenizer: Tokenizer, gazetteer: Gazetteer, *, write_corpus: bool = True,
                out: Path | None = None) -> Index:
    """Build an artifact into a fresh directory beside `out` (default: settings.index_dir), then swap it in."""
    t0 = time.perf_counter()
    if not settings.rules_dir.is_dir():
        raise DataFileError(settings.rules_dir, "the rules folder is missing (the calculator needs it)")
    inputs = input_hashes(settings)
    from bot.corpus.build import build_corpus, write_derived  # only when building: not on a replica's start

    build = build_corpus(settings.raw_dir, settings.build_dir, tokenizer, gazetteer)
    if write_corpus:
        write_derived(build, settings.derived_dir)
    passages = [p.to_dict() for p in build.passages]
    documents = [d.meta() for d in build.documents]
    bm25 = SparseBM25.fit(
        [tokenizer.tokens(passage_index_text(p)) for p in passages],
        k1=settings.bm25_k1, b=settings.bm25_b, epsilon=settings.bm25_epsilon,
    )
    final = Path(out or settings.index_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{final.name}.build-", dir=final.parent))
    bm25.save(work / "bm25.npz")
    classifier = train_classifier(settings, tokenizer)
    classifier.save(work)
    _dump(work / "passages.json", passages)
    _dump(work / "documents.json", documents)
    (work / "rules").mkdir()
    for rule_file in sorted(settings.rules_dir.glob("*.yaml")):
        shutil.copy2(rule_file, work / "rules" / rule_file.name)
    fp = fingerprint(settings, tokenizer, inputs)
    manifest = {
        "artifact_version": ARTIFACT_VERSION,
        "version": fp[:12],
        "fingerprint": fp,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "intents": classifier.labels,
        "tokenizer": tokenizer.config_fingerprint(),
        "counts": build.report()["counts"],
        "vocabulary": len(bm25.vocab),
        "build_seconds": round(time.perf_counter() - t0, 3),
        "files": artifact_hashes(work),
        "inputs": inputs,
        "runtime_inputs": runtime_inputs(settings),
    }
    _dump(work / MANIFEST, manifest)
    os.chmod(work, 0o755)
    _swap_in(work, final)
    return Index(manifest, passages, documents, bm25, final)


def _swap_in(work: Path, final: Path) -> None:
    """Replace `final` by the finished build; a reader sees the old or the new artifact, never half of one."""
    old = None
    if final.exists() or final.is_symlink():
        old = final.with_name(f".{final.name}.old-{os.getpid()}-{time.time_ns()}")
        final.rename(old)
    work.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() and not old.is_symlink() else old.unlink()


def train_classifier(settings: Settings, tokenizer: Tokenizer):
    from bot.nlu.classifier import IntentClassifier
    from bot.nlu.training_data import load_training_data
    from bot.text.tokenizer import load_wordlist

    data = load_training_data(settings.intents_dir)
    domain = frozenset(load_wordlist(settings.dict_dir / "domain_terms.txt"))
    return IntentClassifier.train(data.pairs(), tokenizer, domain, settings.intent_threshold, settings.intent_margin)


def load_classifier(settings: Settings, index: Index, tokenizer: Tokenizer):
    from bot.nlu.classifier import CompiledIntentModel

    try:
        return CompiledIntentModel(index.directory, tokenizer, settings.intent_threshold, settings.intent_margin)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexProblem(f"intent model is missing or corrupt ({type(exc).__name__})") from exc


def _dump(path: Path, obj) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def read_index(settings: Settings, tokenizer: Tokenizer, *, directory: Path | None = None,
               check_inputs: bool = True) -> Index:
    """Load an artifact as it is on disk, or raise IndexProblem saying why it cannot be used.

    Every file is checked against the manifest's SHA-256. With check_inputs the inputs in this checkout
    (corpus, rules, dictionaries, intents, build code) must be the ones it was built from; a shipped
    artifact (`serve --index DIR`) only needs the same query-time dictionaries."""
    d = Path(directory or settings.index_dir)
    manifest_path = d / MANIFEST
    if not manifest_path.exists():
        raise IndexProblem(f"no index at {d}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexProblem(f"{manifest_path}: unreadable ({type(exc).__name__})") from exc
    if not isinstance(manifest, dict) or manifest.get("artifact_version") != ARTIFACT_VERSION:
        found = manifest.get("artifact_version") if isinstance(manifest, dict) else None
        raise IndexProblem(f"index format v{found} is not the current v{ARTIFACT_VERSION}")
    if manifest.get("tokenizer") != tokenizer.config_fingerprint():
        raise IndexProblem(f"index was built with tokenizer settings {manifest.get('tokenizer')}")
    if check_inputs and manifest.get("fingerprint") != fingerprint(settings, tokenizer):
        changed = changed_inputs(settings, manifest)
        names = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        raise IndexProblem(f"index is stale: {names or 'the build settings'} changed since it was built")
    if not check_inputs:
        check_runtime_inputs(settings, manifest)
    verify_files(d, manifest)
    try:
        passages = json.loads((d / "passages.json").read_text(encoding="utf-8"))
        documents = json.loads((d / "documents.json").read_text(encoding="utf-8"))
        bm25 = SparseBM25.load(d / "bm25.npz")
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        raise IndexProblem(f"index files are corrupt or incomplete ({type(exc).__name__}: {exc})") from exc
    if not passages:
        raise IndexProblem(f"{d / 'passages.json'}: holds no passages")
    if bm25.n_docs != len(passages):
        raise IndexProblem("index files are corrupt: passage count and matrix size disagree")
    if not (d / "intent_model.npz").exists() or not (d / "intent_model.json").exists():
        raise IndexProblem("index is incomplete: the intent model is missing")
    if not (d / "rules").is_dir():
        raise IndexProblem(f"{d / 'rules'}: the artifact holds no rules folder")
    return Index(manifest, passages, documents, bm25, d)


def load_or_build(settings: Settings, tokenizer: Tokenizer, gazetteer: Gazetteer) -> Index:
    """Use the index on disk when it is current and intact; otherwise say why and rebuild it.
    A read-only deployment (settings.index_readonly) never builds: the problem is raised instead."""
    try:
        return read_index(settings, tokenizer, check_inputs=not settings.index_readonly)
    except IndexProblem as problem:
        if settings.index_readonly:
            raise
        log.warning("%s - rebuilding the index", problem)
        return build_index(settings, tokenizer, gazetteer)
