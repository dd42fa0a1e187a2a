"""Build, save and load the index artifacts; detect missing, stale or corrupt ones.

var/index/
  manifest.json   version, input fingerprint, counts
  passages.json   the indexed passages (same records as corpus/derived/passages.jsonl)
  documents.json  document metadata
  bm25.npz        sparse BM25 term-impact matrix + vocabulary
  (later stages add their own files, e.g. the intent model)
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from bot.core.config import Settings
from bot.corpus.build import build_corpus, write_derived
from bot.geo.gazetteer import Gazetteer
from bot.index.bm25 import SparseBM25
from bot.text.tokenizer import Tokenizer

log = logging.getLogger("yibao.index")

ARTIFACT_VERSION = 2
CODE_FILES = ("corpus", "index", "text", "geo", "nlu")


class IndexProblem(Exception):
    """Why an index on disk cannot be used as it is (missing, stale, corrupt)."""


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


def _input_files(settings: Settings) -> list[Path]:
    files: list[Path] = []
    for folder in (settings.raw_dir, settings.dict_dir, settings.build_dir, settings.data_dir,
                   settings.intents_dir):
        if folder.exists():
            files += sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    pkg = Path(__file__).resolve().parents[1]
    for sub in CODE_FILES:
        if (pkg / sub).exists():
            files += sorted((pkg / sub).rglob("*.py"))
    return files


def fingerprint(settings: Settings, tokenizer: Tokenizer) -> str:
    h = hashlib.sha256(f"v{ARTIFACT_VERSION};{tokenizer.config_fingerprint()}".encode())
    for path in _input_files(settings):
        h.update(str(path.relative_to(settings.root) if path.is_relative_to(settings.root) else path).encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def passage_index_text(p: dict) -> str:
    """What BM25 sees for a passage: its document title and place, then its text."""
    return f"{p['title']} {p.get('region_name') or ''}\n{p['text']}"


def build_index(settings: Settings, tokenizer: Tokenizer, gazetteer: Gazetteer, *, write_corpus: bool = True) -> Index:
    t0 = time.perf_counter()
    build = build_corpus(settings.raw_dir, settings.build_dir, tokenizer, gazetteer)
    if write_corpus:
        write_derived(build, settings.derived_dir)
    passages = [p.to_dict() for p in build.passages]
    documents = [d.meta() for d in build.documents]
    bm25 = SparseBM25.fit(
        [tokenizer.tokens(passage_index_text(p)) for p in passages],
        k1=settings.bm25_k1, b=settings.bm25_b, epsilon=settings.bm25_epsilon,
    )
    out = settings.index_dir
    out.mkdir(parents=True, exist_ok=True)
    bm25.save(out / "bm25.npz")
    classifier = train_classifier(settings, tokenizer)
    classifier.save(out)
    _dump(out / "passages.json", passages)
    _dump(out / "documents.json", documents)
    manifest = {
        "intents": classifier.labels,
        "artifact_version": ARTIFACT_VERSION,
        "fingerprint": fingerprint(settings, tokenizer),
        "tokenizer": tokenizer.config_fingerprint(),
        "counts": build.report()["counts"],
        "vocabulary": len(bm25.vocab),
        "build_seconds": round(time.perf_counter() - t0, 3),
    }
    # The manifest is written last: a build that died half-way leaves no valid manifest.
    _dump(out / "manifest.json", manifest)
    return Index(manifest, passages, documents, bm25, out)


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


def read_index(settings: Settings, tokenizer: Tokenizer) -> Index:
    """Load the index as it is on disk, or raise IndexProblem saying why it cannot be used."""
    d = settings.index_dir
    manifest_path = d / "manifest.json"
    if not manifest_path.exists():
        raise IndexProblem(f"no index at {d}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("artifact_version") != ARTIFACT_VERSION:
            raise IndexProblem(
                f"index format v{manifest.get('artifact_version')} is not the current v{ARTIFACT_VERSION}"
            )
        if manifest.get("fingerprint") != fingerprint(settings, tokenizer):
            raise IndexProblem("index is stale: the corpus, dictionaries or build code changed since it was built")
        passages = json.loads((d / "passages.json").read_text(encoding="utf-8"))
        documents = json.loads((d / "documents.json").read_text(encoding="utf-8"))
        bm25 = SparseBM25.load(d / "bm25.npz")
    except IndexProblem:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexProblem(f"index files are corrupt or incomplete ({type(exc).__name__}: {exc})") from exc
    if bm25.n_docs != len(passages):
        raise IndexProblem("index files are corrupt: passage count and matrix size disagree")
    if not (d / "intent_model.npz").exists() or not (d / "intent_model.json").exists():
        raise IndexProblem("index is incomplete: the intent model is missing")
    return Index(manifest, passages, documents, bm25, d)


def load_or_build(settings: Settings, tokenizer: Tokenizer, gazetteer: Gazetteer) -> Index:
    """Use the index on disk when it is current; otherwise say why and rebuild it."""
    try:
        return read_index(settings, tokenizer)
    except IndexProblem as problem:
        log.warning("%s - rebuilding the index", problem)
        return build_index(settings, tokenizer, gazetteer)
