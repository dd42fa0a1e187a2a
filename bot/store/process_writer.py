"""Exchange logging in a separate process: the request path costs one small write to a pipe.

`log_exchange` hashes the cited passages (kept per text), serialises the reply with orjson and writes
one frame to a pipe read by `bot.store.writer_child`, which masks, builds and stores the records with
the thread writer (`bot.store.writer.ExchangeWriter`) under its own GIL. The pipe holds 1 MB; when the
writer process is behind, frames wait in a buffer here (drained by the event loop when the pipe is
writable, or by the next request) up to `store_queue_size` frames, then are dropped and counted.

Shutdown (`close`) writes what is buffered, closes the pipe and waits for the process, which stores
everything it was sent before it exits; it ignores SIGINT/SIGTERM so a signal to the whole process
group cannot cut that short. Its status comes back as snapshots on a second pipe, read when /ready,
/metrics or `flush` ask for it.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import select
import subprocess
import sys
import threading
import time

import orjson

from bot.store.audit import exchange_facts
from bot.store.writer import WriterStatus
from bot.store.writer_child import FLUSH, RECORD, SETTINGS, frame

log = logging.getLogger("yibao.store")
PIPE_BYTES = 1 << 20
RESTART_SECONDS = 10.0
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


class ProcessWriter:
    def __init__(self, settings, *, on_failure=None) -> None:
        self.settings = settings
        self.max_pending = max(1, settings.store_queue_size)
        self.on_failure = on_failure or (lambda kind, n: None)
        self.status = WriterStatus()
        self._lock = threading.Lock()
        self._pending = bytearray()
        self._pending_frames = 0
        self._seen_failures: dict[str, int] = {}
        self._local = WriterStatus()  # what happened on this side (drops, a dead process, feedback)
        self._child_queued = 0
        self._acked = self._flush_seq = 0
        self._status_buf = b""
        self._child: dict = {}  # the writer process's latest status snapshot (none yet: not ready)
        self._base = WriterStatus()  # counts of writer processes that exited before this one
        self._poll_lock = threading.Lock()
        self._loop = None
        self._proc = None
        self._started_at = 0.0
        self._start()

    # -- process ----------------------------------------------------------------------------------
    def _start(self) -> None:
        to_child_r, self._fd = os.pipe()
        self._status_fd, from_child_w = os.pipe()
        try:
            fcntl.fcntl(self._fd, F_SETPIPE_SZ, PIPE_BYTES)
        except OSError:
            pass  # the default 64 KB pipe works too, with more buffering here
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "bot.store.writer_child", str(to_child_r), str(from_child_w)],
            pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL,
            start_new_session=True)  # out of the server's process group: Ctrl-C / kill -TERM -PGID miss it
        os.close(to_child_r)
        os.close(from_child_w)
        os.set_blocking(self._status_fd, False)
        self._started_at = time.monotonic()
        settings = self.settings.model_dump(mode="json")
        self._blocking_write(frame(SETTINGS, orjson.dumps(settings)), 10.0)
        os.set_blocking(self._fd, False)

    def _restart(self) -> bool:
        """A writer process that died is replaced, at most once per RESTART_SECONDS."""
        if time.monotonic() - self._started_at < RESTART_SECONDS:
            return False
        self._close_fds()
        self._pending.clear()
        self._pending_frames = 0
        log.error("the exchange writer process exited (code %s); starting a new one", self._proc.poll())
        self._seen_failures = {}
        self._base = WriterStatus(written=self.status.written, failed=self.status.failed, dropped=self.status.dropped)
        self._start()
        return True

    def _close_fds(self) -> None:
        for fd in (self._fd, self._status_fd):
            try:
                os.close(fd)
            except OSError:
                pass

    # -- request path -----------------------------------------------------------------------------
    def log_exchange(self, bot, question: str, reply: dict) -> bool:
        cited, rule_file, rule_sha = exchange_facts(bot, reply)
        kept = {k: v for k, v in reply.items() if k != "passages" and k != "context"}
        payload = orjson.dumps([question, kept, cited, rule_file, rule_sha, time.time()])
        return self._send(frame(RECORD, payload), count=1)

    def _send(self, data: bytes, count: int = 0) -> bool:
        with self._lock:
            if self._pending:
                if self._pending_frames + count > self.max_pending:
                    self._lost("queue_full", count, "the exchange queue is full (the writer process is behind)")
                    return False
                self._pending += data
                self._pending_frames += count
                self._push()
                return True
            try:
                n = os.write(self._fd, data)
            except BlockingIOError:
                n = 0
            except (BrokenPipeError, OSError):
                self._lost("writer_down", count, "the exchange writer process is not running")
                self._restart()
                return False
            if n < len(data):
                self._pending += data[n:]
                self._pending_frames += count
                self._arm()
            return True

    def _push(self) -> None:
        try:
            n = os.write(self._fd, self._pending)
        except BlockingIOError:
            n = 0
        except (BrokenPipeError, OSError):
            self._lost("writer_down", self._pending_frames, "the exchange writer process is not running")
            self._pending.clear()
            self._pending_frames = 0
            self._restart()
            return
        del self._pending[:n]
        if not self._pending:
            self._pending_frames = 0
            self._disarm()
        else:
            self._arm()

    def _arm(self) -> None:
        """Let the event loop write the rest when the pipe has room (no thread, no busy wait)."""
        if self._loop is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop in this thread: the next submit, flush or close writes it
        loop.add_writer(self._fd, self._writable)
        self._loop = loop

    def _disarm(self) -> None:
        if self._loop is not None:
            self._loop.remove_writer(self._fd)
            self._loop = None

    def _writable(self) -> None:
        with self._lock:
            self._push()

    def _blocking_write(self, data: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            _, ready, _ = select.select([], [self._fd], [], remaining)
            if ready:
                try:
                    n = os.write(self._fd, view)
                except BlockingIOError:
                    continue
                except OSError:
                    return False
                view = view[n:]
        return True

    def _lost(self, kind: str, n: int, detail: str) -> None:
        self._local.dropped += n
        self._local.last_error, self._local.last_error_at = detail, time.time()
        self.on_failure(kind, n)

    # -- status -----------------------------------------------------------------------------------
    def poll(self) -> WriterStatus:
        """Read the writer process's latest snapshot (non-blocking) and merge it into `status`."""
        with self._poll_lock:
            return self._poll()

    def _poll(self) -> WriterStatus:
        chunks = [self._status_buf]
        while True:
            try:
                chunk = os.read(self._status_fd, 65536)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        data = b"".join(chunks)
        *lines, self._status_buf = data.split(b"\n")
        if lines:
            self._apply(orjson.loads(lines[-1]))
        s, local = self.status, self._local
        base = self._base
        merged = self._child
        s.written = base.written + merged.get("written", 0)
        s.failed = base.failed + merged.get("failed", 0) + local.failed
        s.dropped = base.dropped + merged.get("dropped", 0) + local.dropped
        child_err_at = merged.get("last_error_at") or 0.0
        if child_err_at >= local.last_error_at:
            s.last_error, s.last_error_at = merged.get("last_error"), child_err_at
        else:
            s.last_error, s.last_error_at = local.last_error, local.last_error_at
        s.last_ok_at = max(merged.get("last_ok_at") or 0.0, local.last_ok_at)
        return s

    def _apply(self, snap: dict) -> None:
        self._child = snap
        self._child_queued = snap.get("queued", 0)
        self._acked = max(self._acked, snap.get("acked", 0))
        for kind, total in (snap.get("failures") or {}).items():
            delta = total - self._seen_failures.get(kind, 0)
            if delta > 0:
                self.on_failure(kind, delta)
            self._seen_failures[kind] = total

    def wait_ready(self, timeout: float = 15.0) -> bool:
        """Wait for the writer process's first snapshot (it has its settings and has tried the store)."""
        deadline = time.monotonic() + timeout
        while not self._child:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._proc.poll() is not None:
                return False
            select.select([self._status_fd], [], [], min(0.1, remaining))
            self.poll()
        return True

    def queued(self) -> int:
        return self._pending_frames + self._child_queued

    def healthy(self, window: float = 30.0) -> tuple[bool, str]:
        s = self.poll()
        if self._proc.poll() is not None and not self._restart():
            return False, "the exchange writer process is not running"
        if s.last_error_at and s.last_error_at > s.last_ok_at and time.time() - s.last_error_at < window:
            return False, f"exchange writes failing: {s.last_error}"
        if self.queued() > 0.9 * self.max_pending:
            return False, "exchange queue almost full"
        return True, "ok"

    def note_failure(self, kind: str, detail: str | None) -> None:
        """A store failure seen elsewhere (a feedback write): counted and reported like the writer's own."""
        self._local.last_error, self._local.last_error_at = detail or kind, time.time()
        self.on_failure(kind, 1)

    def note_ok(self) -> None:
        self._local.last_ok_at = time.time()

    # -- flush and shutdown -----------------------------------------------------------------------
    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until the writer process has attempted everything sent so far (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._disarm()
            if not self._blocking_write(bytes(self._pending), timeout):
                return False
            self._pending.clear()
            self._pending_frames = 0
            self._flush_seq += 1
            seq = self._flush_seq
            if not self._blocking_write(frame(FLUSH, str(seq).encode()), max(0.0, deadline - time.monotonic())):
                return False
        while time.monotonic() < deadline:
            self.poll()
            if self._acked >= seq:
                return True
            select.select([self._status_fd], [], [], min(0.1, max(0.0, deadline - time.monotonic())))
        return False

    def close(self, timeout: float = 30.0) -> None:
        """Send what is buffered, end the pipe and wait for the process to store it all and exit."""
        with self._lock:
            self._disarm()
            self._blocking_write(bytes(self._pending), timeout)
            self._pending.clear()
            self._pending_frames = 0
            try:
                os.close(self._fd)
            except OSError:
                pass
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log.error("the exchange writer process did not finish within %.0fs; stopping it", timeout)
            self._proc.kill()
            self._proc.wait()
        self.poll()
        try:
            os.close(self._status_fd)
        except OSError:
            pass
