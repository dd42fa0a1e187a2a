"""The `yibao` command: index, ask, serve (and later eval, bench, feedback)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot.core.errors import BotError, DataFileError


def _cmd_index(args) -> int:
    from bot.core.config import get_settings
    from bot.core.resources import make_gazetteer, make_tokenizer
    from bot.index.artifacts import IndexProblem, build_index, read_index

    settings = get_settings()
    gazetteer = make_gazetteer(settings)
    tokenizer = make_tokenizer(settings, gazetteer)
    if args.check:
        try:
            index = read_index(settings, tokenizer)
        except IndexProblem as problem:
            print(f"index not usable: {problem}", file=sys.stderr)
            return 1
        print(f"index ok: version {index.version}, {len(index.passages)} passages")
        return 0
    index = build_index(settings, tokenizer, gazetteer)
    c = index.manifest["counts"]
    print(
        f"built index {index.version}: {c['documents_indexed']} documents "
        f"({c['documents_excluded']} excluded), {c['passages']} passages, "
        f"{c['duplicates_removed']} duplicates removed, {index.manifest['vocabulary']} terms "
        f"in {index.manifest['build_seconds']}s"
    )
    print(f"report: {settings.derived_dir / 'build_report.md'}")
    return 0


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
    import uvicorn

    from bot.core.config import get_settings

    settings = get_settings()
    uvicorn.run(
        "bot.api.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        log_level="warning" if args.quiet else "info",
        access_log=not args.quiet,
    )
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
    from bot.feedback.store import FeedbackStore, export_eval_jsonl

    settings = get_settings()
    if not settings.feedback_db.exists():
        print(f"no feedback yet ({settings.feedback_db} does not exist)", file=sys.stderr)
        return 1
    n = export_eval_jsonl(FeedbackStore(settings.feedback_db), args.out)
    print(f"wrote {n} thumbs-down exchange(s) to {args.out} (eval JSONL; add `expect`/`evidence` to make them tests)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yibao", description="医保问答机器人 (medical-insurance QA bot)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build the corpus passages and index artifacts")
    p.add_argument("--check", action="store_true", help="only check that the index on disk is current")
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
    p.set_defaults(func=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataFileError as err:
        print(f"data file error: {err}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
