"""The exchange writer process: `python -m bot.store.writer_child IN_FD OUT_FD`.

The server hands each exchange to this process through a pipe (see `bot.store.process_writer`), so
masking, record building and the database write never take the server's GIL. Frames are a 4-byte
little-endian length, a 1-byte kind and a payload: the first is the settings (S), then records (R:
orjson [question, reply, cited, rule_file, rule_sha256, created_at]) and flush markers (F: a sequence
number). End of file (the server closed its end, or died) means: write what is left and exit, so an
orderly shutdown loses nothing. SIGINT/SIGTERM are ignored for the same reason (a service manager
signals the whole group; the pipe's end of file is the one way to stop this process).

Back to the server goes a cumulative status snapshot (one JSON line, written without blocking; a newer
one replaces a skipped one): written / failed / dropped counts, failures by kind, the last error and
the last flush marker done.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import struct
import sys
import threading
import time

import orjson

HEADER = struct.Struct("<IB")
SETTINGS, RECORD, FLUSH = ord("S"), ord("R"), ord("F")
log = logging.getLogger("yibao.store")
READ_LINGER_SECONDS = 0.05


def frame(kind: int, payload: bytes) -> bytes:
    return HEADER.pack(len(payload), kind) + payload


class FrameReader:
    """Whole frames from a blocking file descriptor; None at end of file."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buf = bytearray()

    def frames(self, timeout: float) -> list[tuple[int, bytes]] | None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return None
            self.buf += chunk
        out, pos, buf = [], 0, self.buf
        while len(buf) - pos >= HEADER.size:
            size, kind = HEADER.unpack_from(buf, pos)
            if len(buf) - pos - HEADER.size < size:
                break
            start = pos + HEADER.size
            out.append((kind, bytes(buf[start:start + size])))
            pos = start + size
        del buf[:pos]
        return out


class Reporter:
    """Cumulative status snapshots to the server, never blocking this process."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        os.set_blocking(fd, False)
        self.lock = threading.Lock()
        self.failures: dict[str, int] = {}
        self.acked = 0
        self.dirty = False

    def failed(self, kind: str, n: int) -> None:
        with self.lock:
            self.failures[kind] = self.failures.get(kind, 0) + n

    def send(self, writer) -> None:
        with self.lock:
            s = writer.status
            snap = {"written": s.written, "failed": s.failed, "dropped": s.dropped, "queued": writer.queue.qsize(),
                    "last_error": s.last_error, "last_error_at": s.last_error_at, "last_ok_at": s.last_ok_at,
                    "failures": self.failures, "acked": self.acked}
            try:
                os.write(self.fd, orjson.dumps(snap) + b"\n")  # < PIPE_BUF: written whole or not at all
                self.dirty = False
            except BlockingIOError:
                self.dirty = True  # the server has not read the last ones yet; the next snapshot follows
            except BrokenPipeError:
                pass


def _settings(payload: bytes):
    from bot.core.config import Settings

    return Settings(**orjson.loads(payload))


class ReopeningStore:
    """The store, opened on first use and opened again after a failed open: a database that is locked,
    unreachable or missing while this process starts is a failure of the writes it delays (counted and
    reported like any other), not a reason to stop writing for good."""

    backend = "writer"

    def __init__(self, settings) -> None:
        self.settings = settings
        self.store = None

    def _open(self):
        if self.store is None:
            import sqlite3

            from bot.store import StoreUnavailable, open_store

            try:
                self.store = open_store(self.settings)
            except StoreUnavailable:
                raise
            except sqlite3.OperationalError as exc:
                from bot.store.sqlite import _reason

                raise StoreUnavailable(detail=_reason(exc)) from exc
            except Exception as exc:
                raise StoreUnavailable(detail=f"{type(exc).__name__}: {exc}") from exc
        return self.store

    def write_exchanges(self, records) -> None:
        self._open().write_exchanges(records)

    def apply_retention(self, **kw) -> int:
        return self._open().apply_retention(**kw)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def run(in_fd: int, out_fd: int) -> None:
    from bot.store import StoreUnavailable
    from bot.store.audit import record_from_facts
    from bot.store.writer import ExchangeWriter

    reader, reporter = FrameReader(in_fd), Reporter(out_fd)
    first = []
    while not first:
        got = reader.frames(1.0)
        if got is None:
            return
        first = got
    kind, payload = first.pop(0)
    if kind != SETTINGS:
        raise SystemExit("the first frame must carry the settings")
    settings = _settings(payload)
    store = ReopeningStore(settings)

    class ReportingWriter(ExchangeWriter):
        def _write(self, batch: list) -> None:
            super()._write(batch)
            reporter.send(self)

    writer = ReportingWriter(
        store, maxsize=settings.store_queue_size, report_seconds=settings.store_report_seconds,
        maintenance_seconds=settings.maintenance_seconds,
        retention={"days": settings.retention_days, "rows": settings.retention_rows,
                   "max_bytes": int(settings.store_max_mb * 1024 * 1024)},
        on_failure=reporter.failed)
    try:
        store._open()
    except StoreUnavailable as exc:  # tried again with the first batch
        log.warning("exchange store not open yet: %s", exc.detail)
    reporter.send(writer)  # the first snapshot: this process is ready

    def handle(kind: int, payload: bytes) -> None:
        if kind == RECORD:
            question, reply, cited, rule_file, rule_sha, created_at = orjson.loads(payload)
            writer.submit(lambda: record_from_facts(question, reply, cited, rule_file, rule_sha, created_at))
        elif kind == FLUSH:
            writer.flush(30.0)
            reporter.acked = int(payload)
            reporter.send(writer)

    for kind, payload in first:
        handle(kind, payload)
    while True:
        got = reader.frames(0.5)
        if got is None:
            break
        for kind, payload in got:
            handle(kind, payload)
        if reporter.dirty:
            reporter.send(writer)
        if got:
            # Let frames gather in the pipe: a server writing to a pipe nobody waits on pays no wake-up
            # (waking this process on every frame cost the server ~30 us of CPU per request).
            time.sleep(READ_LINGER_SECONDS)
    writer.close(timeout=60.0)
    store.close()
    reporter.send(writer)


def _yield_to_servers() -> None:
    """Run as a batch task (Linux SCHED_BATCH: the same CPU share, but waking up does not preempt a running
    process), so storing a batch of records does not interrupt a server in the middle of an answer."""
    try:
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    except (AttributeError, OSError):
        pass  # not Linux, or not allowed: the default policy


def main() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    _yield_to_servers()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s[writer %(process)d]: %(message)s")
    run(int(sys.argv[1]), int(sys.argv[2]))


if __name__ == "__main__":
    main()
