"""All errors become {"error": {"code", "message"}} with a 4xx status and a Chinese message; never a
traceback. Headers an error carries (Allow on 405, Retry-After on 429) are kept. Invalid requests to
the OpenAI-compatible /v1/ endpoints are 400, as OpenAI clients expect; elsewhere they are 422."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.core.errors import BotError, InvalidInput

log = logging.getLogger("yibao.api")

HTTP_MESSAGES = {
    400: ("invalid_input", "请求内容无法解析,请以 UTF-8 编码的 JSON 发送。"),
    404: ("not_found", "没有找到您要的内容。"),
    405: ("method_not_allowed", "不支持这种请求方式。"),
    413: ("payload_too_large", "请求内容过大。"),
    415: ("unsupported_media_type", "请以 JSON 格式发送请求。"),
    422: ("invalid_input", "请求格式不正确,请检查字段和类型。"),
    408: ("request_timeout", "请求发送超时,请检查网络后重试。"),
    429: ("too_many_requests", "请求太频繁了,请稍后再试。"),
    431: ("headers_too_large", "请求头过大。"),
}


def error_response(status: int, code: str, message: str, detail: str | None = None,
                   headers: dict | None = None) -> JSONResponse:
    body = {"code": code, "message": message}
    if detail:
        body["detail"] = detail
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(BotError)
    async def _bot_error(request: Request, exc: BotError):
        retry = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry)} if retry is not None else None
        return error_response(exc.status, exc.code, exc.message, exc.detail, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors()[:5]:
            loc = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            problems.append(f"{loc or 'body'}: {e.get('msg')}")
        err = InvalidInput(detail="; ".join(problems))
        status = 400 if request.url.path.startswith("/v1/") else err.status
        return error_response(status, err.code, err.message, err.detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code, message = HTTP_MESSAGES.get(exc.status_code, ("http_error", "请求失败,请稍后再试。"))
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, "internal_error", "抱歉,系统出了点问题,请稍后再试。")
