"""Structure of a plain-text answer for clients that render lists (the chat widget).

`answer_blocks(answer)` reads the answer the pipeline composed (lines separated by "\\n") and returns
blocks; the text of every block is copied from the answer (list markers removed), so `[n]` citation
markers, numbers and links stay exactly as the plain answer has them:

- {"type": "paragraph", "text"}
- {"type": "steps", "items": [...]}    lines "1." / "1、" / "（1）" / "第一步", in order
- {"type": "list", "items": [...]}     lines starting "·" / "•" / "-"
- {"type": "places", "label", "items"} a sentence "目前收录的地区有:A、B、C。" (refusals)
- {"type": "source", "text"}           a line starting "来源" / "依据" and the lines after it
"""

from __future__ import annotations

import re

_STEP = re.compile(
    r"^(?:\d{1,2}\s*[.、．)）](?!\d)|[（(]\d{1,2}[)）]|第[一二三四五六七八九十\d]{1,3}步)\s*[,:,:、]?\s*"
)
_BULLET = re.compile(r"^(?:[·•]|-(?!\d))\s*")
_SOURCE = re.compile(r"^(?:[来來]源|依[据據])\s*[::]?")  # Traditional too: blocks follow the reply's script
_PLACES = re.compile(r"(目前收[录錄]的地[区區]有)[::]([^。]+)。")


def answer_blocks(answer: str) -> list[dict]:
    blocks: list[dict] = []
    lines = [line.strip() for line in (answer or "").split("\n")]
    for i, line in enumerate(lines):
        if not line:
            continue
        if _SOURCE.match(line):
            rest = "\n".join(x for x in lines[i:] if x)
            blocks.append({"type": "source", "text": rest})
            break
        step = _STEP.match(line)
        if step and line[step.end():]:
            _add_item(blocks, "steps", line[step.end():])
            continue
        bullet = _BULLET.match(line)
        if bullet and line[bullet.end():]:
            _add_item(blocks, "list", line[bullet.end():])
            continue
        blocks.extend(_paragraph(line))
    return blocks


def _add_item(blocks: list[dict], kind: str, text: str) -> None:
    if blocks and blocks[-1]["type"] == kind:
        blocks[-1]["items"].append(text)
    else:
        blocks.append({"type": kind, "items": [text]})


def _paragraph(line: str) -> list[dict]:
    """A paragraph, split around a list of covered places so a refusal reads as one short line."""
    m = _PLACES.search(line)
    if not m:
        return [{"type": "paragraph", "text": line}]
    out: list[dict] = []
    before, after = line[: m.start()].strip(), line[m.end():].strip()
    if before:
        out.append({"type": "paragraph", "text": before})
    items = [p.strip() for p in re.split(r"[、,,]", m.group(2)) if p.strip()]
    out.append({"type": "places", "label": m.group(1), "items": items})
    if after:
        out.append({"type": "paragraph", "text": after})
    return out
