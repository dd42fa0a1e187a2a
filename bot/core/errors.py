"""Small exception classes carrying an HTTP status, a machine-readable code and a Chinese message."""

from __future__ import annotations


class BotError(Exception):
    status: int = 400
    code: str = "bad_request"
    message: str = "请求有误,请检查后重试。"

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        self.message = message or self.message
        self.detail = detail
        super().__init__(self.message)

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.detail:
            body["detail"] = self.detail
        return body


class EmptyMessage(BotError):
    code = "empty_message"
    message = "请输入您想咨询的医保问题。"


class MessageTooLong(BotError):
    status = 413
    code = "message_too_long"
    message = "问题太长了,请精简到500字以内再提问。"


class InvalidInput(BotError):
    status = 422
    code = "invalid_input"
    message = "请求格式不正确,请检查字段和类型。"


class InvalidText(BotError):
    code = "invalid_input"
    message = "内容中含有无法识别的字符,请检查后重新输入。"


class InvalidContext(BotError):
    code = "invalid_context"
    message = "对话上下文无效或已被修改,请重新开始提问。"


class ContextExpired(InvalidContext):
    code = "context_expired"
    message = "这段对话已超过有效期,请重新提问。"


class RateLimited(BotError):
    status = 429
    code = "too_many_requests"
    message = "您的提问太频繁了,请稍等片刻再试。"

    def __init__(self, retry_after: int) -> None:
        super().__init__(detail=f"retry after {retry_after} s")
        self.retry_after = retry_after


class SecretProblem(Exception):
    """The HMAC secret is missing, empty or too short: the server refuses to start."""


class NotFound(BotError):
    status = 404
    code = "not_found"
    message = "没有找到您要的内容。"


class PayloadTooLarge(BotError):
    status = 413
    code = "payload_too_large"
    message = "请求内容过大。"


class DataFileError(Exception):
    """A data file (rules, intents, dictionaries) is malformed; names the file and line."""

    def __init__(self, path, problem: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem
