"""Security headers on every response and the self-hosted API docs page.

The Content-Security-Policy allows scripts and styles from this origin only, no 'unsafe-inline':
the demo page's inline <style> blocks are allowed by their SHA-256 hashes, computed from the
templates at start-up, so editing the page needs no policy change. `frame-ancestors` (who may put
our pages in a frame) comes from settings. /docs is Swagger UI from the pinned
`swagger-ui-bundle-v2` package (served under /docs/assets, no CDN), started by /docs/init.js.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def inline_style_hashes(template_dir: Path) -> list[str]:
    hashes = []
    for path in sorted(Path(template_dir).glob("*.html")):
        for block in _STYLE.findall(path.read_text(encoding="utf-8")):
            if "{{" in block or "{%" in block:
                continue  # rendered differently each time: cannot be hashed (and is not allowed)
            digest = base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def content_security_policy(frame_ancestors: str, style_hashes: list[str]) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src " + " ".join(["'self'", *style_hashes]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


class SecurityHeaders:
    """Pure ASGI middleware adding CSP, nosniff, Referrer-Policy and X-Frame-Options."""

    def __init__(self, app, frame_ancestors: str, template_dir: Path) -> None:
        self.app = app
        csp = content_security_policy(frame_ancestors, inline_style_hashes(template_dir))
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
        ]
        legacy = {"'none'": b"DENY", "'self'": b"SAMEORIGIN"}.get(frame_ancestors.strip())
        if legacy:
            self.headers.append((b"x-frame-options", legacy))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *self.headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


DOCS_HTML = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>医保智能问答 API 文档</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
"""

DOCS_INIT = """window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
});
"""


def docs_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs", response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    @router.get("/docs/init.js")
    def docs_init() -> Response:
        return Response(DOCS_INIT, media_type="text/javascript; charset=utf-8")

    return router


def docs_assets() -> StaticFiles:
    from swagger_ui_bundle import swagger_ui_path

    return StaticFiles(directory=str(swagger_ui_path))
