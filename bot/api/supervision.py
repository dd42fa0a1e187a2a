"""Workers of `yibao serve --workers N` exit when their supervisor process is gone.

uvicorn's supervisor stops its workers on SIGTERM / SIGINT, but a supervisor killed with SIGKILL
leaves them running and still bound to the port. `yibao serve` puts its pid into
YIBAO_SUPERVISOR_PID; each worker runs a daemon thread that checks its parent pid twice a second
(from before the bot is loaded, so a supervisor dying during start-up counts too) and, once the
parent is not the supervisor any more (the worker was re-parented), sends the worker SIGTERM:
uvicorn then stops accepting, lets in-flight requests finish (at most `graceful_shutdown_seconds`)
and exits.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

log = logging.getLogger("yibao.api")
CHECK_SECONDS = 0.5
ENV = "YIBAO_SUPERVISOR_PID"


def supervisor_pid() -> int | None:
    """The supervisor to watch, when this process is one of its workers."""
    try:
        pid = int(os.environ.get(ENV, ""))
    except ValueError:
        return None
    return pid if pid != os.getpid() else None


def _watch(pid: int) -> None:
    while os.getppid() == pid:
        time.sleep(CHECK_SECONDS)
    log.warning("supervisor %d is gone: worker %d shuts down", pid, os.getpid())
    os.kill(os.getpid(), signal.SIGTERM)


def watch_parent() -> threading.Thread | None:
    pid = supervisor_pid()
    if pid is None:
        return None
    thread = threading.Thread(target=_watch, args=(pid,), name="supervisor-watch", daemon=True)
    thread.start()
    return thread
