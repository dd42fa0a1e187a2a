"""Machine description, import-time breakdown and process start -> first answer."""

from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

STARTUP_TARGET_S = 1.0
FIRST_QUESTION = "潍坊居民医保高档一家三口交多少"


def machine() -> dict:
    mem = 0
    try:
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024
    except (OSError, AttributeError):
        pass
    cpu = ""
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_mb": mem, "python": platform.python_version(),
            "platform": platform.platform(), "load_1min_at_start": round(load, 2) if load is not None else None}


def available_memory_mb() -> int:
    try:
        return int(re.search(r"MemAvailable:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024
    except (OSError, AttributeError):
        return 0


def rss_peak_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss would include the parent's across exec)."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_times(module: str = "bot.pipeline", top: int = 12) -> list[dict]:
    """Cumulative import time of each package a fresh `import module` pulls in (python -X importtime),
    grouped by top-level package, largest first."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                         capture_output=True, text=True, check=True).stderr
    by_package: dict[str, int] = {}
    for line in out.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not m:
            continue
        self_us, name = int(m.group(1)), m.group(4)
        package = name.split(".")[0]
        if package == "bot":
            package = ".".join(name.split(".")[:2])
        by_package[package] = by_package.get(package, 0) + self_us
    total = sum(by_package.values())
    rows = sorted(by_package.items(), key=lambda kv: -kv[1])
    shown = [{"package": p, "ms": round(us / 1000, 1)} for p, us in rows[:top]]
    rest = sum(us for _, us in rows[top:])
    return shown + [{"package": "(other)", "ms": round(rest / 1000, 1)}, {"package": "total", "ms": round(total / 1000, 1)}]


def bench_startup(runs: int = 3) -> dict:
    """Best and median of `runs` fresh processes: start -> Bot loaded with the index on disk -> first
    answer, with the stages of Bot.load timed inside the process."""
    code = (
        "import time;t=time.perf_counter();from bot.pipeline import Bot;t1=time.perf_counter();b=Bot.load();"
        "t2=time.perf_counter();b.ask(%r);t3=time.perf_counter();from bot.bench.startup import rss_peak_mb;"
        "print(t1-t, t2-t1, t3-t2, rss_peak_mb())" % FIRST_QUESTION
    )
    walls, rows = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - t0)
        rows.append([float(x) for x in out.stdout.split()])
    best = min(range(runs), key=lambda i: walls[i])
    imp, load, first, rss = rows[best]
    walls_sorted = sorted(walls)
    return {"process_start_to_first_answer_s": round(walls[best], 3),
            "median_of_runs_s": round(walls_sorted[len(walls) // 2], 3), "runs": runs,
            "imports_s": round(imp, 3), "bot_load_s": round(load, 3), "first_answer_s": round(first, 4),
            "rss_mb": round(rss, 1), "target_s": STARTUP_TARGET_S}
