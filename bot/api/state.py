"""What the app holds besides the Bot: the store, the exchange writer, the reload lock, signal handlers.

A store that cannot be opened (locked, read-only, PostgreSQL down) does not stop the server: answers
still go out, feedback says it cannot be saved, and /ready reports the store as degraded."""

from __future__ import annotations

import asyncio
import logging
import os

from bot.api import metrics
from bot.api.reload import install_sighup
from bot.core.config import Settings
from bot.store import StoreUnavailable, describe, open_store
from bot.store.writer import ExchangeWriter

log = logging.getLogger("yibao.store")


def _count_failure(kind: str, n: int) -> None:
    metrics.STORE_FAILURES.labels(kind).inc(n)


def start_exchange_writer(settings: Settings):
    """The exchange writer process, started before the Bot loads so its own start overlaps the bot's
    (None when exchanges are written by a thread, or not at all)."""
    if settings.exchange_writer != "process" or not settings.store_exchanges:
        return None
    from bot.store.process_writer import ProcessWriter

    return ProcessWriter(settings, on_failure=_count_failure)


async def open_state(app, settings: Settings, *, signals: bool, writer=None) -> None:
    app.state.request_key = app.state.bot.secret
    app.state.reload_lock = asyncio.Lock()
    app.state.store = app.state.writer = None
    app.state.store_error = None
    try:
        app.state.store = open_store(settings)
    except (StoreUnavailable, OSError, ValueError) as exc:
        app.state.store_error = getattr(exc, "detail", None) or str(exc)
        log.error("store %s not available, answering without it: %s", describe(settings), app.state.store_error)
    except Exception as exc:  # sqlite3 errors at migration time (locked, read-only, not a database)
        app.state.store_error = f"{type(exc).__name__}: {exc}"
        log.error("store %s not available, answering without it: %s", describe(settings), app.state.store_error)
    if app.state.store is not None and settings.exchange_writer == "process":
        app.state.writer = writer or start_exchange_writer(settings) or _thread_writer(app.state.store, settings)
        if hasattr(app.state.writer, "wait_ready"):
            await asyncio.to_thread(app.state.writer.wait_ready, 15.0)
    elif app.state.store is not None:
        app.state.writer = _thread_writer(app.state.store, settings)
    if writer is not None and app.state.writer is not writer:
        writer.close()  # started early, but the store did not open
    metrics.set_index_version(app.state.bot.index.version)
    if signals:
        install_sighup(app)


def _thread_writer(store, settings: Settings) -> ExchangeWriter:
    return ExchangeWriter(
        store, maxsize=settings.store_queue_size, report_seconds=settings.store_report_seconds,
        maintenance_seconds=settings.maintenance_seconds,
        retention={"days": settings.retention_days, "rows": settings.retention_rows,
                   "max_bytes": int(settings.store_max_mb * 1024 * 1024)},
        on_failure=_count_failure,
    )


def close_state(app) -> None:
    if app.state.writer is not None:
        app.state.writer.close()
    if app.state.store is not None:
        app.state.store.close()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())  # drop this worker's live gauges (index version)
