"""Load and validate intent training data: Rasa NLU-shaped YAML files in intents/.

    version: "1"
    nlu:
    - intent: contribution
      examples: |
        - 潍坊居民医保高档一家三口交多少

A malformed file raises DataFileError naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from bot.core.errors import DataFileError

INTENT_NAME = re.compile(r"^[a-z][a-z_]*(\.[a-z_]+)?$")


class IntentBlock(BaseModel):
    intent: str
    examples: list[str] = Field(min_length=1)

    @field_validator("intent")
    @classmethod
    def _name(cls, v: str) -> str:
        if not INTENT_NAME.match(v):
            raise ValueError(f"intent name {v!r} must be lower_snake_case (optionally parent.child)")
        return v


class TrainingData(BaseModel):
    version: str
    nlu: list[IntentBlock]

    def pairs(self) -> list[tuple[str, str]]:
        return [(ex, block.intent) for block in self.nlu for ex in block.examples]

    def intents(self) -> list[str]:
        return sorted({b.intent for b in self.nlu})


def _parse_examples(raw: str, path: Path, line: int) -> list[str]:
    out = []
    for i, row in enumerate(raw.splitlines()):
        row = row.strip()
        if not row:
            continue
        if not row.startswith("- "):
            raise DataFileError(path, f"example line must start with '- ': {row!r}", line + i + 1)
        text = row[2:].strip()
        if not text:
            raise DataFileError(path, "empty example", line + i + 1)
        out.append(text)
    return out


def load_file(path: Path) -> TrainingData:
    text = Path(path).read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(path, f"invalid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None)
    if not isinstance(data, dict) or "nlu" not in data:
        raise DataFileError(path, "expected a mapping with `version` and `nlu` keys", 1)
    lines = _block_lines(node)
    blocks = []
    for i, block in enumerate(data.get("nlu") or []):
        line, examples_line = lines[i] if i < len(lines) else (None, None)
        if not isinstance(block, dict) or "intent" not in block or "examples" not in block:
            raise DataFileError(path, "each entry needs `intent` and `examples`", line)
        if not isinstance(block["examples"], str):
            raise DataFileError(path, "`examples` must be a block string (examples: |)", line)
        try:
            examples = _parse_examples(block["examples"], path, examples_line or line or 0)
            blocks.append(IntentBlock(intent=block["intent"], examples=examples))
        except ValidationError as exc:
            raise DataFileError(path, exc.errors()[0]["msg"], line)
    try:
        return TrainingData(version=str(data.get("version", "")), nlu=blocks)
    except ValidationError as exc:
        raise DataFileError(path, exc.errors()[0]["msg"], 1)


def _block_lines(node) -> list[tuple[int, int | None]]:
    """For each `- intent:` entry: its 1-based line and the line of its `examples: |` indicator."""
    out = []
    try:
        for key, value in node.value:
            if key.value == "nlu":
                for item in value.value:
                    ex = next((v for k, v in item.value if k.value == "examples"), None)
                    out.append((item.start_mark.line + 1, ex.start_mark.line + 1 if ex is not None else None))
    except AttributeError:
        pass
    return out


def load_training_data(intents_dir: Path) -> TrainingData:
    files = sorted(Path(intents_dir).glob("*.yml")) + sorted(Path(intents_dir).glob("*.yaml"))
    if not files:
        raise DataFileError(intents_dir, "no intent files (*.yml) found")
    merged: dict[str, list[str]] = {}
    version = None
    for f in files:
        data = load_file(f)
        version = version or data.version
        for block in data.nlu:
            merged.setdefault(block.intent, []).extend(block.examples)
    return TrainingData(version=version or "1", nlu=[IntentBlock(intent=k, examples=v) for k, v in merged.items()])
