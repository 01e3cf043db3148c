"""One error handler for the whole app, and the security headers of every response.

A request for JSON (a `.json` path, or /healthz) gets the one JSON error
shape, `{"ok": false, "error": "...", "status": N}`; everything else gets an
HTML page with a Vietnamese sentence. Nothing about the failure itself
(traceback, paths) reaches the client; unexpected errors go to the log.
"""
from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search.errors import IndexDamaged
from webui import extension
from webui.extension import Damaged, NoIndex
from webui.params import BadParameter
from webui.urls import url, without_arg

SECURITY_HEADERS = {
    # No inline script or style anywhere, so nothing needs 'unsafe-inline'.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # Searches are in our URLs: other sites must not see them.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

MESSAGES = {  # status: (page title, default sentence)
    400: ("Yêu cầu không hợp lệ", "Địa chỉ này có tham số không dùng được."),
    404: ("Không tìm thấy trang",
          "Không có trang nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn."),
    405: ("Không được phép",
          "Trang này chỉ để xem; không nhận thao tác thay đổi dữ liệu."),
    413: ("Yêu cầu quá lớn", "Yêu cầu gửi lên quá lớn."),
    500: ("Đã có lỗi",
          "Máy chủ gặp sự cố khi xử lý yêu cầu này. Xin thử lại sau ít phút."),
    503: ("Chưa có chỉ mục",
          "Kho bài viết chưa được lập chỉ mục nên chưa tìm kiếm được. "
          "Xin quay lại sau khi quản trị viên đã lập chỉ mục."),
}
DAMAGED = ("Chỉ mục đang gặp sự cố",
           "Dữ liệu chỉ mục tìm kiếm đang bị lỗi nên tạm thời chưa tìm kiếm được. "
           "Quản trị viên đã được báo trong nhật ký máy chủ; xin quay lại sau ít phút.")


def error_body(message: str, status: int) -> dict:
    """The one JSON error shape."""
    return {"ok": False, "error": message, "status": status}


def init_app(app: Flask) -> None:
    app.register_error_handler(BadParameter, _bad_parameter)
    app.register_error_handler(NoIndex, _no_index)
    app.register_error_handler(Damaged, _damaged_index)
    app.register_error_handler(IndexDamaged, _damaged_on_search)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    app.after_request(_secure)


def _bad_parameter(error: BadParameter):
    # The same search without the argument at fault is one click away.
    fix = url(request.endpoint or "webui.search",
              without_arg(list(request.args.items(multi=True)), error.param), **(request.view_args or {}))
    return _respond(400, error.message, fix_url=fix)


def _no_index(error: NoIndex):
    response = _respond(503, MESSAGES[503][1], hint="vnsearch index PATH... --index DIR")
    response.headers["Retry-After"] = "60"
    return response


def _damaged_index(error: Damaged):
    response = _respond(503, DAMAGED[1], title=DAMAGED[0])
    response.headers["Retry-After"] = "60"
    return response


def _damaged_on_search(error: IndexDamaged):
    # This request read a damaged posting list; the next ones use the previous version if intact.
    extension.damaged(current_app, error)
    return _damaged_index(Damaged(str(error)))


def _http_error(error: HTTPException):
    status = error.code or 500
    # Our own abort() calls carry a Vietnamese description; Werkzeug's defaults are English.
    own = error.description != type(error).description
    message = error.description if own else MESSAGES.get(status, MESSAGES[400])[1]
    response = _respond(status, message)
    if getattr(error, "valid_methods", None):  # 405 must say what is allowed
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _unexpected(error: Exception):
    current_app.logger.exception("Unexpected error on %s", request.path)
    return _respond(500, MESSAGES[500][1])


def _respond(status: int, message: str, title: str | None = None, **extra) -> Response:
    if wants_json():
        response = jsonify(error_body(message, status))
    else:
        title = title or MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])[0]
        response = Response(render_template("error.html", status=status, title=title,
                                            message=message, **extra))
    response.status_code = status
    return response


def wants_json() -> bool:
    return request.path.endswith(".json") or request.path == "/healthz"


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
