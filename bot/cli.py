"""The `yibao` command: index, ask, serve (and later eval, bench, feedback)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot.core.errors import BotError, DataFileError, SecretProblem


def _cmd_index(args) -> int:
    from bot.cli_ops import cmd_index

    return cmd_index(args)


def _cmd_ask(args) -> int:
    from bot.pipeline import Bot

    context = None
    if args.context:
        try:
            context = json.loads(args.context)
        except json.JSONDecodeError as exc:
            print(f"--context is not valid JSON: {exc}", file=sys.stderr)
            return 2
    bot = Bot.load()
    try:
        reply = bot.ask(args.question, context)
    except BotError as err:
        if args.json:
            print(json.dumps({"error": err.to_dict()}, ensure_ascii=False))
        else:
            print(err.message, file=sys.stderr)
        return 2
    if args.json:
        print(reply.model_dump_json())
        return 0
    from bot.render import render_text

    print(render_text(reply))
    return 0


def _cmd_serve(args) -> int:
    import os

    import uvicorn

    from bot.cli_ops import check_serving_artifact, cleanup_serve_env, prepare_serve_env
    from bot.core.config import get_settings
    from bot.core.context import load_secret
    from bot.core.logs import log_config

    if args.index and check_serving_artifact(Path(args.index)):
        return 1
    prepare_serve_env(args)
    settings = get_settings()
    load_secret(settings.secret, settings.secret_file, settings.min_secret_bytes)  # SecretProblem: refuse now
    os.environ.pop("YIBAO_SUPERVISOR_PID", None)  # never inherited from whoever started us
    if args.workers > 1:  # workers watch this process and exit when it is gone (bot.api.supervision)
        os.environ["YIBAO_SUPERVISOR_PID"] = str(os.getpid())
    try:
        uvicorn.run(
            "bot.api.app:create_app",
            factory=True,
            host=args.host or settings.host,
            port=args.port or settings.port,
            workers=args.workers,
            log_level="warning" if args.quiet else "info",
            log_config=log_config(settings.log_format, "WARNING" if args.quiet else "INFO"),
            access_log=False,  # the app writes its own JSON access line with the request id
            http="bot.api.protocol:GuardedHttpToolsProtocol",
            timeout_keep_alive=settings.timeout_keep_alive,
            limit_concurrency=settings.limit_concurrency,
            h11_max_incomplete_event_size=settings.max_header_bytes,
            timeout_graceful_shutdown=settings.graceful_shutdown_seconds,
            server_header=False,
        )
    finally:
        cleanup_serve_env()
    return 0


def _derived_passages() -> dict[str, str]:
    from bot.core.config import get_settings

    path = get_settings().derived_dir / "passages.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["passage_id"]: r["text"] for r in rows}


def _cmd_rules(args) -> int:
    from bot.core.config import get_settings
    from bot.rules.loader import check_rule_file, load_rule_file
    from bot.text.normalize import squash_ws

    passages = _derived_passages()
    if args.action == "find":
        needle = squash_ws(args.text)
        found = [pid for pid, text in passages.items() if needle in squash_ws(text)]
        for pid in found:
            print(pid)
        return 0 if found else 1
    files = [p for p in sorted(get_settings().rules_dir.glob("*.yaml"))]
    bad = 0
    for path in files:
        problems = check_rule_file(load_rule_file(path), passages)
        print(f"{path.name}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        for problem in problems:
            print(f"  - {problem}")
        bad += bool(problems)
    return 1 if bad else 0


def _cmd_eval(args) -> int:
    from bot.core.config import get_settings
    from bot.evaluation.runner import missed, print_report, run, write_report

    settings = get_settings()
    ablations = {"use_synonyms": not args.no_synonyms, "use_userdict": not args.no_userdict,
                 "use_region_boost": not args.no_region_boost}
    if not all(ablations.values()):
        tag = "-".join(k[4:] for k, v in ablations.items() if not v)
        settings = settings.model_copy(update=ablations | {"index_dir": settings.index_dir.with_name(f"index-no-{tag}"),
                                                           "derived_dir": settings.root / "var" / f"derived-no-{tag}"})
    if args.judged:
        from bot.evaluation.judging import tally

        print(json.dumps(tally(args.judged), ensure_ascii=False))
        return 0
    if args.data is None:
        print("yibao eval: --data is required", file=sys.stderr)
        return 2
    report = run(args.data, k=args.k, url=args.url, settings=settings, progress=not args.quiet)
    print_report(report)
    if args.judge_sample:
        from bot.evaluation.judging import sample_for_judging, write_sample

        rows = sample_for_judging(report["_cases"], report["_replies"], args.judge_size, args.judge_seed)
        write_sample(rows, args.judge_sample)
        print(f"{len(rows)} replies for a judge written to {args.judge_sample}")
    if args.out:
        write_report(report, args.out)
        print(f"report written to {args.out}")
    floors = {"intent": args.fail_under_intent, "recall5": args.fail_under_recall,
              "amount": args.fail_under_amount, "status": args.fail_under_status}
    problems = missed(report, floors)
    for p in problems:
        print(f"below threshold: {p}", file=sys.stderr)
    return 1 if problems else 0


def _cmd_bench(args) -> int:
    from bot.bench.report import print_report
    from bot.bench.runner import run
    from bot.core.config import get_settings

    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    report = run(get_settings(), sizes, rank_bm25_max=args.rank_bm25_max, budget=args.query_budget,
                 http=not args.no_http, workers=args.workers, connections=args.connections,
                 duration=args.duration, rounds=args.rounds, profile=args.profile)
    print_report(report)
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"written to {args.out}")
    return 0


def _cmd_feedback(args) -> int:
    from bot.core.config import get_settings
    from bot.feedback.store import export_eval_jsonl
    from bot.store import open_store

    settings = get_settings()
    if not settings.database_url and not settings.feedback_db.exists():
        print(f"no feedback yet ({settings.feedback_db} does not exist)", file=sys.stderr)
        return 1
    store = open_store(settings)
    try:
        n = export_eval_jsonl(store, args.out)
    finally:
        store.close()
    print(f"wrote {n} thumbs-down exchange(s) to {args.out} (eval JSONL; add `expect`/`evidence` to make them tests)")
    return 0


def _cmd_store(args) -> int:
    from bot.cli_ops import cmd_store

    return cmd_store(args)


def _cmd_audit(args) -> int:
    from bot.cli_ops import cmd_audit

    return cmd_audit(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yibao", description="医保问答机器人 (medical-insurance QA bot)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build the corpus passages and index artifacts")
    p.add_argument("--check", action="store_true",
                   help="only verify the index on disk (checksums of every file and input)")
    p.add_argument("--out", type=Path, help="write a shippable artifact to this directory")
    p.add_argument("--index", type=Path, help="with --check: verify this shipped artifact (files and dictionaries)")
    p.set_defaults(func=_cmd_index)

    p = sub.add_parser("ask", help="ask one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the reply as one JSON object")
    p.add_argument("--context", help="the `context` object of an earlier reply (JSON)")
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser("rules", help="check rule files' citations, or find the passage holding a quote")
    p.add_argument("action", choices=["check", "find"])
    p.add_argument("text", nargs="?", default="", help="quote to find (for `find`)")
    p.set_defaults(func=_cmd_rules)

    p = sub.add_parser("eval", help="evaluate answer quality on a JSONL question set")
    p.add_argument("--data", type=Path, help="the eval JSONL file (required unless --judged)")
    p.add_argument("--out", type=Path)
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--url", help="evaluate a running server over HTTP instead of in-process")
    p.add_argument("--judge-sample", type=Path, help="also write a seeded sample of replies for a judge to read")
    p.add_argument("--judge-size", type=int, default=80, help="size of the judging sample")
    p.add_argument("--judge-seed", type=int, default=1, help="seed of the judging sample")
    p.add_argument("--judged", type=Path, help="print the tally of a judge's verdict file (no evaluation run)")
    p.add_argument("--no-synonyms", action="store_true", help="ablation: tokenizer without synonyms")
    p.add_argument("--no-userdict", action="store_true", help="ablation: jieba without the domain dictionary")
    p.add_argument("--no-region-boost", action="store_true", help="ablation: ignore the place in retrieval")
    p.add_argument("--fail-under-intent", type=float)
    p.add_argument("--fail-under-recall", type=float, help="Recall@5 floor")
    p.add_argument("--fail-under-amount", type=float)
    p.add_argument("--fail-under-status", type=float)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("bench", help="measure start-up, latency, scaling and HTTP throughput (prints figures)")
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--out", type=Path)
    p.add_argument("--rank-bm25-max", type=int, default=100_000, help="largest corpus to run rank_bm25 on")
    p.add_argument("--query-budget", type=float, default=20.0, help="seconds of queries per engine and size")
    p.add_argument("--rounds", type=int, default=50, help="rounds of the per-route question set")
    p.add_argument("--no-http", action="store_true")
    p.add_argument("--profile", action="store_true", help="per-stage breakdown of an ask (cProfile)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--duration", type=int, default=15)
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser("feedback", help="export thumbs-down answers as evaluation cases")
    p.add_argument("action", choices=["export"])
    p.add_argument("--out", type=Path, default=Path("feedback.jsonl"))
    p.set_defaults(func=_cmd_feedback)

    p = sub.add_parser("serve", help="start the web server (chat widget + API)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--index", type=Path, help="serve this index artifact read-only (never build; exit if broken)")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("store", help="what is stored, and purging it")
    p.add_argument("action", choices=["purge", "stats"])
    p.add_argument("--all", action="store_true", help="purge every exchange and feedback row")
    p.add_argument("--older-than", type=float, metavar="DAYS", help="purge rows older than DAYS days")
    p.add_argument("--request-id", help="purge one exchange and its feedback")
    p.set_defaults(func=_cmd_store)

    p = sub.add_parser("audit", help="what a stored answer was based on, and whether its passages changed since")
    p.add_argument("request_id")
    p.add_argument("--index", type=Path, help="compare with this artifact instead of the configured index")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_audit)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataFileError as err:
        print(f"data file error: {err}", file=sys.stderr)
        return 3
    except SecretProblem as problem:
        print(f"refusing to start: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
