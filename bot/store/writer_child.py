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
        self.store_error: str | None = None
        self.dirty = False

    def failed(self, kind: str, n: int) -> None:
        with self.lock:
            self.failures[kind] = self.failures.get(kind, 0) + n

    def send(self, writer) -> None:
        with self.lock:
            s = writer.status if writer is not None else None
            snap = {"written": s.written if s else 0, "failed": s.failed if s else 0,
                    "dropped": s.dropped if s else 0, "queued": writer.queue.qsize() if writer else 0,
                    "last_error": (s.last_error if s else self.store_error), "last_error_at":
                    (s.last_error_at if s else time.time()), "last_ok_at": s.last_ok_at if s else 0.0,
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


def run(in_fd: int, out_fd: int) -> None:
    from bot.store import open_store
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
    settings = _settings(payload) if kind == SETTINGS else None
    writer = None
    try:
        store = open_store(settings)
    except Exception as exc:  # the server reports the store as down itself; records are counted failed
        reporter.store_error = f"{type(exc).__name__}: {exc}"
        reporter.failed("unavailable", 0)
        store = None

    class ReportingWriter(ExchangeWriter):
        def _write(self, batch: list) -> None:
            super()._write(batch)
            reporter.send(self)

    if store is not None:
        writer = ReportingWriter(
            store, maxsize=settings.store_queue_size, report_seconds=settings.store_report_seconds,
            maintenance_seconds=settings.maintenance_seconds,
            retention={"days": settings.retention_days, "rows": settings.retention_rows,
                       "max_bytes": int(settings.store_max_mb * 1024 * 1024)},
            on_failure=reporter.failed)

    def handle(kind: int, payload: bytes) -> None:
        if kind == RECORD:
            if writer is None:
                reporter.failed("unavailable", 1)
                return
            question, reply, cited, rule_file, rule_sha, created_at = orjson.loads(payload)
            writer.submit(lambda: record_from_facts(question, reply, cited, rule_file, rule_sha, created_at))
        elif kind == FLUSH:
            if writer is not None:
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
    if writer is not None:
        writer.close(timeout=60.0)
        store.close()
    reporter.send(writer)


def main() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s[writer %(process)d]: %(message)s")
    run(int(sys.argv[1]), int(sys.argv[2]))


if __name__ == "__main__":
    main()
