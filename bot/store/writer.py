"""Exchange logging off the request path: a bounded queue drained in batches by one writer thread.

`submit` never blocks and never raises: when the queue is full the record is dropped and counted.
A write that fails (database locked, full, read-only, unreachable) is counted and logged at most once
per interval; the answer has long gone out. The same thread applies retention and the size cap.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field

from bot.store.base import ExchangeRecord, Store, StoreUnavailable

log = logging.getLogger("yibao.store")
BATCH = 256
# After the first record of a batch arrives the writer waits this long for more (unless a full batch
# is already queued): under load one transaction carries dozens of records instead of one, so the
# thread wakes, takes the GIL and commits far less often. Records reach the database at most this late.
LINGER_SECONDS = 0.1


@dataclass
class WriterStatus:
    written: int = 0
    failed: int = 0
    dropped: int = 0
    last_error: str | None = None
    last_error_at: float = 0.0
    last_ok_at: float = 0.0
    failures_since_report: int = field(default=0, repr=False)


class ExchangeWriter:
    def __init__(self, store: Store, *, maxsize: int = 10_000, report_seconds: float = 60.0,
                 maintenance_seconds: float = 300.0, retention: dict | None = None,
                 on_failure=None, linger: float = LINGER_SECONDS) -> None:
        self.store = store
        self.linger = linger
        self.queue: queue.Queue[ExchangeRecord | None] = queue.Queue(maxsize=max(1, maxsize))
        self.report_seconds = report_seconds
        self.maintenance_seconds = maintenance_seconds
        self.retention = retention or {}
        self.on_failure = on_failure or (lambda kind, n: None)
        self.status = WriterStatus()
        self._last_report: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="yibao-exchange-writer", daemon=True)
        self._thread.start()

    # -- request path -----------------------------------------------------------------------------
    def submit(self, record) -> bool:
        """Queue an ExchangeRecord, or a function that makes one (built on the writer thread, so masking
        and hashing stay off the request path)."""
        try:
            self.queue.put_nowait(record)
            return True
        except queue.Full:
            self.status.dropped += 1
            self._fail("queue_full", 1, "the exchange queue is full (the store is too slow or down)")
            return False

    def log_exchange(self, bot, question: str, reply: dict) -> bool:
        from bot.store.audit import exchange_record

        return self.submit(lambda: exchange_record(bot, question, reply))

    # -- writer thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        next_maintenance = time.monotonic()
        while True:
            try:
                first = self.queue.get(timeout=1.0)
            except queue.Empty:
                first = ...
            if first is None:
                self._drain_now()
                return
            if first is not ... and self.linger and self.queue.qsize() < BATCH - 1:
                self._stop.wait(self.linger)  # let a batch gather (returns at once when closing)
            batch = [] if first is ... else [first]
            while len(batch) < BATCH:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._write(batch)
                    self._drain_now()
                    return
                batch.append(item)
            self._write(batch)
            if time.monotonic() >= next_maintenance:
                self._maintain()
                next_maintenance = time.monotonic() + self.maintenance_seconds

    def _drain_now(self) -> None:
        rest = []
        while True:
            try:
                item = self.queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                rest.append(item)
        for i in range(0, len(rest), BATCH):
            self._write(rest[i:i + BATCH])

    def _write(self, batch: list) -> None:
        if not batch:
            return
        try:
            records = [item if isinstance(item, ExchangeRecord) else item() for item in batch]
        except Exception as exc:  # a writer thread must survive anything a record builder throws
            records = None
            self.status.failed += len(batch)
            self._fail("error", len(batch), f"{type(exc).__name__}: {exc}")
        try:
            if records is not None:
                self._store(records)
        finally:
            for _ in batch:
                self.queue.task_done()

    def _store(self, records: list[ExchangeRecord]) -> bool:
        """Write records in one transaction. When the store is full, a batch is written in halves so
        the records that still fit are kept (a batch is all-or-nothing, and batches grow under load);
        once a half does not fit, the records after it are counted as failed without more tries.
        Returns False when the store turned out to be full."""
        try:
            self.store.write_exchanges(records)
            self.status.written += len(records)
            self.status.last_ok_at = time.time()
            return True
        except StoreUnavailable as exc:
            if exc.detail == "full" and len(records) > 1:
                half = len(records) // 2
                if self._store(records[:half]):
                    return self._store(records[half:])
                self.status.failed += len(records) - half
                self._fail("full", len(records) - half, exc.detail)
                return False
            self.status.failed += len(records)
            self._fail(exc.detail or "unavailable", len(records), exc.detail)
            return exc.detail != "full"
        except Exception as exc:  # a writer thread must survive anything the driver throws
            self.status.failed += len(records)
            self._fail("error", len(records), f"{type(exc).__name__}: {exc}")
            return True

    def _maintain(self) -> None:
        if not any(self.retention.values()):
            return
        try:
            deleted = self.store.apply_retention(**self.retention)
            if deleted:
                log.info("retention removed %d exchange(s)", deleted)
        except StoreUnavailable as exc:
            self._fail("retention", 0, f"retention failed: {exc.detail}")
        except Exception as exc:
            self._fail("retention", 0, f"retention failed: {type(exc).__name__}: {exc}")

    def _fail(self, kind: str, n: int, detail: str | None) -> None:
        self.status.last_error = detail or kind
        self.status.last_error_at = time.time()
        self.status.failures_since_report += n
        self.on_failure(kind, n)
        now = time.monotonic()
        if self._last_report is None or now - self._last_report >= self.report_seconds:
            log.warning("exchange store: %s (%d record(s) not stored since the last report)",
                        self.status.last_error, self.status.failures_since_report)
            self.status.failures_since_report = 0
            self._last_report = now

    def note_failure(self, kind: str, detail: str | None) -> None:
        """A store failure seen elsewhere (a feedback write): counted and reported like the writer's own."""
        self._fail(kind, 1, detail)

    def note_ok(self) -> None:
        self.status.last_ok_at = time.time()

    # -- status and shutdown ----------------------------------------------------------------------
    def healthy(self, window: float = 30.0) -> tuple[bool, str]:
        s = self.status
        if s.last_error_at and s.last_error_at > s.last_ok_at and time.time() - s.last_error_at < window:
            return False, f"exchange writes failing: {s.last_error}"
        if self.queue.qsize() > 0.9 * self.queue.maxsize:
            return False, "exchange queue almost full"
        return True, "ok"

    def poll(self) -> WriterStatus:
        return self.status

    def queued(self) -> int:
        return self.queue.qsize()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far has been attempted (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.queue.unfinished_tasks <= (1 if self._stop.is_set() else 0):
                return True
            time.sleep(0.01)
        return False

    def close(self, timeout: float = 5.0) -> None:
        self._stop.set()
        try:
            self.queue.put(None, timeout=timeout)
        except queue.Full:
            pass
        self._thread.join(timeout)
