"""Soak test on loopback (run by scripts/soak.sh): `yibao serve --workers 2` under wrk load while
slow clients trickle partial requests. Bounded in time and connections; prints one summary and
exits 1 when a normal client saw a 5xx or a connection error.

    python scripts/soak.py [--duration 60] [--connections 64] [--slow 200] [--out soak.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.bench.server import server_process  # noqa: E402
from bot.core.config import get_settings  # noqa: E402

QUESTIONS = ["潍坊居民医保高档一家三口交多少", "平阳县县级医院住院花了2万能报多少", "中山怎么选定点医院",
             "异地就医怎么备案", "北京医保交多少", "你好", "医保断缴了怎么办", "门诊能报销吗"]

WRK_LUA = """
local threads = {}
local bodies = %s
function setup(thread) table.insert(threads, thread) end
function init(args) s5xx = 0; s4xx = 0; i = 0 end
function request()
  i = i %% #bodies + 1
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, bodies[i])
end
function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1 elseif status >= 400 then s4xx = s4xx + 1 end
end
function done(summary, latency, requests)
  local t5, t4 = 0, 0
  for _, t in ipairs(threads) do t5 = t5 + t:get("s5xx"); t4 = t4 + t:get("s4xx") end
  io.write(string.format("SOAK %%d %%d %%d %%d %%d %%d %%d %%.2f %%.2f %%.2f\\n", summary.requests, t5, t4,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            m = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            total += int(m.group(1)) if m else 0
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


def workers(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return [k for k in kids if "spawn_main" in Path(f"/proc/{k}/cmdline").read_text()]


class SlowClients:
    """`n` connections that send a partial request and then one header byte every `gap` seconds;
    when the server cuts one off it is reopened. Records how long each one was held open."""

    def __init__(self, host: str, port: int, n: int, gap: float) -> None:
        self.host, self.port, self.n, self.gap = host, port, n, gap
        self.held: list[float] = []
        self.got_408 = 0
        self.refused = 0
        self.stop = asyncio.Event()

    async def one(self) -> None:
        while not self.stop.is_set():
            try:
                reader, writer = await asyncio.open_connection(self.host, self.port)
            except OSError:
                self.refused += 1
                await asyncio.sleep(0.5)
                continue
            t0 = time.monotonic()
            writer.write(b"POST /api/chat HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\n")
            reply = b""
            try:
                while not self.stop.is_set():
                    await writer.drain()
                    try:
                        reply = await asyncio.wait_for(reader.read(4096), timeout=self.gap)
                        break  # the server answered (408) or closed the connection
                    except asyncio.TimeoutError:
                        writer.write(b"X")
            except (ConnectionError, OSError):
                pass
            if not self.stop.is_set():
                self.held.append(time.monotonic() - t0)
                self.got_408 += reply.startswith(b"HTTP/1.1 408")
            writer.close()

    async def run(self, duration: float) -> None:
        tasks = [asyncio.create_task(self.one()) for _ in range(self.n)]
        await asyncio.sleep(duration)
        self.stop.set()
        await asyncio.wait(tasks, timeout=self.gap + 5)


def run(duration: int, connections: int, slow: int, gap: float) -> dict:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    settings = get_settings()
    tmp = Path(tempfile.mkdtemp(prefix="yibao-soak-"))
    bodies = "{" + ",".join(json.dumps(json.dumps({"message": q}, ensure_ascii=False), ensure_ascii=False)
                             for q in QUESTIONS) + "}"
    lua = tmp / "soak.lua"
    lua.write_text(WRK_LUA % bodies, encoding="utf-8")
    with server_process(settings.model_copy(update={"feedback_db": tmp / "feedback.sqlite3"}), workers=2,
                        env={"YIBAO_RATE_LIMIT_PER_MINUTE": "0"}) as (proc, url):
        pids = [proc.pid, *workers(proc.pid)]
        subprocess.run(["wrk", "-t2", "-c8", "-d3s", "-s", str(lua), f"{url}/api/chat"], capture_output=True)
        rss_start = rss_mb(pids)
        u = urlparse(url)
        clients = SlowClients(u.hostname, u.port, slow, gap)
        slow_thread = threading.Thread(target=lambda: asyncio.run(clients.run(duration + 2)))
        slow_thread.start()
        time.sleep(1)
        wrk = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
                              "-s", str(lua), f"{url}/api/chat"], capture_output=True, text=True)
        slow_thread.join()
        rss_end = rss_mb(pids)
        read_timeout = settings.request_read_timeout
    line = next((l for l in wrk.stdout.splitlines() if l.startswith("SOAK ")), None)
    if line is None:
        sys.exit(f"wrk failed:\n{wrk.stdout}\n{wrk.stderr}")
    f = line.split()[1:]
    requests, s5xx, s4xx, connect, read, write, timeout = map(int, f[:7])
    p50, p99, seconds = map(float, f[7:])
    held = sorted(clients.held)
    return {
        "duration_s": duration, "connections": connections, "slow_clients": slow, "workers": 2,
        "requests": requests, "req_per_s": round(requests / seconds, 1), "p50_ms": p50, "p99_ms": p99,
        "status_5xx": s5xx, "status_4xx": s4xx,
        "connection_errors": {"connect": connect, "read": read, "write": write, "timeout": timeout},
        "slow_connections_cut": len(held), "slow_cut_with_408": clients.got_408,
        "slow_connect_refused": clients.refused, "request_read_timeout_s": read_timeout,
        "slow_held_s_median": round(statistics.median(held), 2) if held else None,
        "slow_held_s_max": round(held[-1], 2) if held else None,
        "rss_mb_start": rss_start, "rss_mb_end": rss_end, "rss_mb_growth": round(rss_end - rss_start, 1),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=int, default=60)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--slow", type=int, default=200)
    p.add_argument("--gap", type=float, default=2.0, help="seconds between a slow client's bytes")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    if not (1 <= args.duration <= 600 and 1 <= args.connections <= 512 and 0 <= args.slow <= 1000):
        sys.exit("bounds: duration 1-600 s, connections 1-512, slow 0-1000")
    report = run(args.duration, args.connections, args.slow, args.gap)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    errors = sum(report["connection_errors"].values())
    ok = report["status_5xx"] == 0 and errors == 0
    print(f"soak {'passed' if ok else 'FAILED'}: {report['requests']} requests, {report['status_5xx']} × 5xx, "
          f"{errors} connection errors, RSS {report['rss_mb_start']} -> {report['rss_mb_end']} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
