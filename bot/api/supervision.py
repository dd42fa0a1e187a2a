"""Workers of `yibao serve --workers N` exit when their supervisor process is gone.

uvicorn's supervisor stops its workers on SIGTERM / SIGINT, but a supervisor killed with SIGKILL
leaves them running and still bound to the port. `yibao serve` puts its pid into
YIBAO_SUPERVISOR_PID; each worker checks its parent pid twice a second and, once it changed (the
worker was re-parented), sends itself SIGTERM: uvicorn then stops accepting, lets in-flight
requests finish (at most `graceful_shutdown_seconds`) and exits.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal

log = logging.getLogger("yibao.api")
CHECK_SECONDS = 0.5


def supervisor_pid() -> int | None:
    """The supervisor to watch, when this process is one of its workers."""
    try:
        pid = int(os.environ.get("YIBAO_SUPERVISOR_PID", ""))
    except ValueError:
        return None
    return pid if pid == os.getppid() and pid != os.getpid() else None


async def watch_parent(pid: int) -> None:
    while os.getppid() == pid:
        await asyncio.sleep(CHECK_SECONDS)
    log.warning("supervisor %d is gone: worker %d shuts down", pid, os.getpid())
    os.kill(os.getpid(), signal.SIGTERM)
