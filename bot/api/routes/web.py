"""The demo host page (Jinja2, autoescaped) and the widget's static files."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "index.html", {"title": "医保智能问答", "site": "市医疗保障局"})
