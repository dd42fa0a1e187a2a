"""Operations commands of the `yibao` CLI: index artifacts, serve from one, store purge, audit."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path


def cmd_index(args) -> int:
    from bot.core.config import get_settings
    from bot.core.resources import make_gazetteer, make_tokenizer
    from bot.index.artifacts import IndexProblem, build_index, read_index

    settings = get_settings()
    gazetteer = make_gazetteer(settings)
    tokenizer = make_tokenizer(settings, gazetteer)
    if args.check:
        directory = args.index or args.out
        try:
            index = read_index(settings, tokenizer, directory=directory, check_inputs=directory is None)
        except IndexProblem as problem:
            print(f"index not usable: {problem}", file=sys.stderr)
            return 1
        print(f"index ok: version {index.version}, {len(index.passages)} passages, "
              f"{len(index.manifest['files'])} files verified")
        return 0
    index = build_index(settings, tokenizer, gazetteer, out=args.out)
    c = index.manifest["counts"]
    print(
        f"built index {index.version}: {c['documents_indexed']} documents "
        f"({c['documents_excluded']} excluded), {c['passages']} passages, "
        f"{c['duplicates_removed']} duplicates removed, {index.manifest['vocabulary']} terms "
        f"in {index.manifest['build_seconds']}s"
    )
    if args.out:
        print(f"artifact: {index.directory} ({len(index.manifest['files'])} files, manifest.json)")
    print(f"report: {settings.derived_dir / 'build_report.md'}")
    return 0


def check_serving_artifact(directory: Path) -> int:
    """`serve --index DIR`: verify the artifact before any worker starts; name the broken file."""
    from bot.core.config import get_settings
    from bot.core.resources import make_gazetteer, make_tokenizer
    from bot.index.artifacts import IndexProblem, read_index

    settings = get_settings()
    try:
        tokenizer = make_tokenizer(settings, make_gazetteer(settings))
        index = read_index(settings, tokenizer, directory=directory, check_inputs=False)
    except IndexProblem as problem:
        print(f"cannot serve the index artifact: {problem}", file=sys.stderr)
        return 1
    print(f"serving index artifact {index.version} from {directory} (read-only)", file=sys.stderr)
    return 0


def prepare_serve_env(args) -> None:
    """Settings for the worker processes (they read YIBAO_* from the environment)."""
    if args.index:
        os.environ["YIBAO_INDEX_DIR"] = str(Path(args.index).absolute())  # a `current` symlink is re-read on reload
        os.environ["YIBAO_INDEX_READONLY"] = "1"
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # prometheus-client multi-process mode: every worker writes its figures here, /metrics merges them
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="yibao-metrics-")
    if not args.quiet:
        os.environ.setdefault("YIBAO_ACCESS_LOG", "1")
    from bot.core.config import get_settings

    get_settings.cache_clear()


def cleanup_serve_env() -> None:
    d = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if d and Path(d).name.startswith("yibao-metrics-"):
        shutil.rmtree(d, ignore_errors=True)


def cmd_store(args) -> int:
    from bot.core.config import get_settings
    from bot.store import describe, open_store

    settings = get_settings()
    store = open_store(settings)
    try:
        if args.action == "stats":
            print(json.dumps({"store": describe(settings), "exchanges": store.count_exchanges(),
                              "feedback": store.count(), "bytes": store.size_bytes()}, ensure_ascii=False))
            return 0
        if not (args.all or args.older_than is not None or args.request_id):
            print("say what to purge: --all, --older-than DAYS or --request-id ID", file=sys.stderr)
            return 2
        counts = store.purge(older_than_days=args.older_than, request_id=args.request_id)
        store.record_event("purge", {"all": args.all, "older_than_days": args.older_than,
                                     "request_id": args.request_id, **counts})
        print(f"purged {counts['exchanges']} exchange(s) and {counts['feedback']} feedback row(s) "
              f"from {describe(settings)}")
        return 0
    finally:
        store.close()


def cmd_audit(args) -> int:
    from bot.core.config import get_settings
    from bot.store import open_store
    from bot.store.audit import check_passages

    settings = get_settings()
    store = open_store(settings)
    try:
        record = store.get_exchange(args.request_id)
    finally:
        store.close()
    if record is None:
        print(f"no stored exchange with request id {args.request_id}", file=sys.stderr)
        return 1
    passages = _current_passages(settings, args.index)
    checks = check_passages(record, passages)
    changed = [c for c in checks if c["state"] != "unchanged"]
    out = {"request_id": record.request_id, "created_at": record.created_at, "index_version": record.index_version,
           "status": record.status, "intent": record.intent, "question": record.question, "answer": record.answer,
           "rule_file": record.rule_file, "rule_sha256": record.rule_sha256, "passages": checks,
           "changed_since": len(changed)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(f"request {record.request_id}  index {record.index_version}  status {record.status}  "
              f"intent {record.intent}")
        print(f"question: {record.question}\nanswer:   {record.answer}")
        if record.rule_file:
            print(f"rule file: {record.rule_file} (sha256 {record.rule_sha256})")
        for c in checks:
            print(f"  [{c['n']}] {c['passage_id']} {c['stored_sha256'][:16]}  {c['state']}")
        print("every cited passage is unchanged" if not changed else
              f"{len(changed)} cited passage(s) changed or missing since the answer")
    return 0 if not changed else 4


def _current_passages(settings, index_dir) -> dict[str, str]:
    d = Path(index_dir or settings.index_dir)
    rows = json.loads((d / "passages.json").read_text(encoding="utf-8"))
    return {r["passage_id"]: r["text"] for r in rows}
