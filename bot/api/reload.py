"""Hot reload of the index artifact: load the new one beside the old, switch atomically, drop the old.

A request holds the Bot it started with, so requests in flight finish on their version. A broken
artifact (checksum mismatch, unreadable file, missing rules) is refused and the old one keeps serving.
Triggered by SIGHUP (each worker reloads itself) or POST /admin/reload with the admin token.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from pathlib import Path

import anyio

from bot.api import metrics
from bot.core.errors import BotError, DataFileError
from bot.index.manifest import IndexProblem

log = logging.getLogger("yibao.reload")


class ReloadRefused(BotError):
    status = 409
    code = "reload_refused"
    message = "新的索引无法使用,仍在使用原来的索引。"


async def reload_index(app, directory: Path | None = None) -> dict:
    lock = app.state.reload_lock
    async with lock:
        old = app.state.bot
        target = Path(directory or app.state.settings.index_dir)
        t0 = time.perf_counter()
        try:
            new = await anyio.to_thread.run_sync(old.with_artifact, target.resolve())
        except (IndexProblem, DataFileError, OSError, ValueError) as exc:
            metrics.RELOADS.labels("refused").inc()
            log.error("reload refused, still serving %s: %s", old.index.version, exc)
            _event(app, "reload_refused", {"directory": str(target), "serving": old.index.version, "problem": str(exc)})
            raise ReloadRefused(detail=str(exc)) from exc
        app.state.bot = new  # one assignment: the next request gets the new Bot
        metrics.set_index_version(new.index.version, old.index.version)
        metrics.RELOADS.labels("ok").inc()
        result = {"ok": True, "index_version": new.index.version, "previous": old.index.version,
                  "passages": len(new.index.passages), "seconds": round(time.perf_counter() - t0, 3)}
        log.info("index reloaded", extra=result)
        _event(app, "reload", {"directory": str(target), **result})
        return result


def _event(app, kind: str, detail: dict) -> None:
    store = getattr(app.state, "store", None)
    if store is None:
        return
    try:
        store.record_event(kind, detail)
    except Exception as exc:  # the audit event must not decide whether a reload happens
        log.warning("could not record %s event: %s", kind, exc)


def install_sighup(app) -> None:
    """SIGHUP reloads the artifact at settings.index_dir (re-resolved, so a `current` symlink works)."""
    loop = asyncio.get_running_loop()

    def on_hup() -> None:
        async def run():
            try:
                await reload_index(app)
            except ReloadRefused:
                pass
        loop.create_task(run())

    try:
        loop.add_signal_handler(signal.SIGHUP, on_hup)
    except (NotImplementedError, RuntimeError, ValueError):
        log.warning("SIGHUP reload is not available in this process")
