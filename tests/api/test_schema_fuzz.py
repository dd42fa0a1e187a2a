"""Schemathesis against the running server's own OpenAPI schema, every check on: no 5xx, documented
status codes, content types and response schemas, schema-valid requests accepted and invalid ones
refused, unsupported methods answered 405 with a matching Allow header, stateful links. Bounded
(20 examples per operation and phase) with a fixed seed, so a run is repeatable (~20 s).

It runs the schemathesis CLI against `yibao serve` (the real protocol and middleware stack): its
pytest plugin does not work with pytest 9. tests/api/schemathesis.toml lists the two allowances."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bot.bench.server import running_server

CONFIG = Path(__file__).with_name("schemathesis.toml")


def test_api_conforms_to_its_schema(bot, settings, tmp_path):
    env = {**os.environ, "YIBAO_FUZZ_PASSAGE_ID": bot.index.passages[0]["passage_id"]}
    with running_server(settings.model_copy(update={"feedback_db": tmp_path / "fb.sqlite3"})) as url:
        run = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "--no-color", "--config-file", str(CONFIG), "run",
             f"{url}/openapi.json", "--checks", "all", "--max-examples", "20", "--seed", "1"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env)  # cache stays out of the repo
    summary = run.stdout[-3000:]
    print(summary)
    assert run.returncode == 0, summary
    assert "No issues found" in run.stdout, summary
    generated = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert generated and generated.group(1) == generated.group(2) and int(generated.group(1)) > 100
