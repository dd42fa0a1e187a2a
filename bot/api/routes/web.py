"""The demo host page (Jinja2, autoescaped) and the widget's script and stylesheet.

widget.js (built from web/widget/) and widget.css are served precompressed (brotli or gzip, whichever the browser accepts) with
Cache-Control and an ETag, so a page that embeds the widget revalidates it with a 304.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bot.api.widget_bundle import WidgetAssets

router = APIRouter(include_in_schema=False)
CACHE_CONTROL = "public, max-age=3600, must-revalidate"


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "index.html", {"title": "医保智能问答", "site": "市医疗保障局"})


def _serve(request: Request, name: str) -> Response:
    assets = getattr(request.app.state, "widget_assets", None)
    if assets is None:
        assets = request.app.state.widget_assets = WidgetAssets(request.app.state.settings.web_dir)
    asset = assets.get(name)
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": asset.etag, "Vary": "Accept-Encoding"}
    if asset.etag in {t.strip() for t in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    body, encoding = asset.encoded(request.headers.get("accept-encoding", ""))
    if encoding:
        headers["Content-Encoding"] = encoding
    return Response(body, media_type=asset.media_type, headers=headers)


@router.get("/widget.js")
@router.get("/static/widget.js")
def widget_js(request: Request) -> Response:
    return _serve(request, "widget.js")


@router.get("/widget.css")
@router.get("/static/widget.css")  # declared before the /static mount, so this compressed copy wins
def widget_css(request: Request) -> Response:
    return _serve(request, "widget.css")
