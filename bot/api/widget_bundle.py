"""The embeddable widget as served: web/widget/src/*.js joined into one script with its stylesheet
(web/static/widget.css, also served alone for strict-CSP pages) and its interface texts
(web/widget/text.json), compressed once (gzip and brotli) and tagged with an ETag.

The interface texts are written once in Simplified Chinese (web/widget/text.json); the Traditional set
is made here with OpenCC, the same converter the bot answers with, so the two never drift apart.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import brotli

from bot.text.normalize import to_traditional

# Common characters of questions about 医保 whose Traditional form differs: seeing one of these in a
# question switches the interface to Traditional.
_SAMPLE = (
    "医险费报销与门诊县区开这么们个对还会说问题时间号办将从为发实体觉经历过记单当传应认请让钱给缴纳级种类档标准额"
    "专项药机构务统筹龄岁残儿童学农业户职灵活领养转续补贴卫院疗护检查处银账乡镇长村异备选怎么样吗该哪里线网电话"
    "热帮谢问询门诊慢规围内买卖车关系亲属孙儿孩岁数满计价优惠减免资质证书须预约挂号复审报销办结费县区"
)


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzip: bytes
    br: bytes
    etag: str
    media_type: str

    def encoded(self, accept_encoding: str) -> tuple[bytes, str | None]:
        """The smallest body the client accepts and its Content-Encoding."""
        accepted = {part.split(";")[0].strip().lower() for part in accept_encoding.split(",")}
        if "br" in accepted:
            return self.br, "br"
        if "gzip" in accepted:
            return self.gzip, "gzip"
        return self.body, None


def _asset(text: str, media_type: str) -> Asset:
    body = text.encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return Asset(body, gzip.compress(body, 9, mtime=0), brotli.compress(body, quality=11), etag, media_type)


def _sources(web_dir: Path) -> list[Path]:
    widget = web_dir / "widget"
    return sorted((widget / "src").glob("*.js")) + [widget / "src" / "HEADER.txt", web_dir / "static" / "widget.css",
                                                     widget / "text.json"]


def texts(widget_dir: Path) -> dict:
    simplified = json.loads((widget_dir / "text.json").read_text(encoding="utf-8"))
    traditional = {k: to_traditional(v) for k, v in simplified.items()}
    pairs = [(s, t) for s, t in zip(_SAMPLE, to_traditional(_SAMPLE)) if s != t]
    return {"zh-Hans": simplified, "zh-Hant": traditional,
            "hantChars": "".join(sorted({t for _, t in pairs})), "hansChars": "".join(sorted({s for s, _ in pairs}))}


def build_script(web_dir: Path) -> str:
    widget_dir = web_dir / "widget"
    css = (web_dir / "static" / "widget.css").read_text(encoding="utf-8")
    parts = [p.read_text(encoding="utf-8") for p in sorted((widget_dir / "src").glob("*.js"))]
    header = (widget_dir / "src" / "HEADER.txt").read_text(encoding="utf-8")
    data = (f"  var STYLES = {json.dumps(css, ensure_ascii=False)};\n"
            f"  var TEXTS = {json.dumps(texts(widget_dir), ensure_ascii=False)};\n")
    return header + '(function () {\n  "use strict";\n' + data + "\n".join(parts) + "})();\n"


class WidgetAssets:
    """widget.js and widget.css, rebuilt when a source file changes (cheap stat calls per request)."""

    def __init__(self, web_dir: Path) -> None:
        self.web_dir = web_dir
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._assets: dict[str, Asset] = {}

    def get(self, name: str) -> Asset:
        stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in _sources(self.web_dir))
        with self._lock:
            if stamp != self._stamp:
                self._assets = {
                    "widget.js": _asset(build_script(self.web_dir), "text/javascript; charset=utf-8"),
                    "widget.css": _asset((self.web_dir / "static" / "widget.css").read_text(encoding="utf-8"),
                                         "text/css; charset=utf-8"),
                }
                self._stamp = stamp
            return self._assets[name]
