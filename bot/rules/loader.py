"""Load rule files and check every citation against the passages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from bot.core.errors import DataFileError
from bot.rules.schema import Cited, Money, Percent, RuleFile
from bot.text.normalize import squash_ws

# libyaml's C parser when PyYAML has it (~10x faster, same safe types), else the pure-Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_rule_file(path: Path) -> RuleFile:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(path, f"invalid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None)
    try:
        return RuleFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise DataFileError(path, f"{where}: {err['msg']}")


def load_rules(rules_dir: Path) -> dict[str, RuleFile]:
    if not Path(rules_dir).is_dir():
        raise DataFileError(rules_dir, "the rules folder is missing (the calculator needs it)")
    return {p.name: load_rule_file(p) for p in sorted(Path(rules_dir).glob("*.yaml"))}


def iter_cited(obj, path: str = ""):
    """Yield (dotted path, Cited) for every cited parameter in a rule file."""
    if isinstance(obj, Cited):
        yield path, obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from iter_cited(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_cited(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from iter_cited(v, f"{path}[{i}]")


def number_forms(value: Decimal, kind: str) -> set[str]:
    """How a number may be written in Chinese policy text."""
    v = value.normalize()
    plain = format(v, "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    forms = {plain}
    if kind == "percent":
        return {f"{plain}%", f"{plain}\uff05", f"百分之{plain}"}
    if value >= 10000 and value % 1000 == 0:
        wan = format((value / 10000).normalize(), "f")
        forms.update({f"{wan}万", f"{wan}萬"})  # 萬: the Traditional article writes "8萬元"
    if value >= 1000 and value % 1000 == 0 and value < 10000:
        forms.add(f"{format((value / 1000).normalize(), 'f')}千")
    if "." not in plain and len(plain) > 3:
        forms.add(f"{int(value):,}")
    return forms


def check_rule_file(rules: RuleFile, passages: dict[str, str]) -> list[str]:
    """Problems with the citations of one rule file (empty when all quotes and numbers check out)."""
    problems = []
    for where, cited in iter_cited(rules):
        text = passages.get(cited.passage)
        if text is None:
            problems.append(f"{where}: unknown passage {cited.passage}")
            continue
        if squash_ws(cited.quote) not in squash_ws(text):
            problems.append(f"{where}: quote not in passage {cited.passage}: {cited.quote!r}")
            continue
        if isinstance(cited, Money):
            value, kind = cited.amount, "amount"
        elif isinstance(cited, Percent):
            value, kind = cited.percent, "percent"
        else:
            continue
        quote = squash_ws(cited.quote)
        if not any(form in quote for form in number_forms(value, kind)):
            problems.append(f"{where}: {value} not found in its quote {cited.quote!r}")
    return problems
