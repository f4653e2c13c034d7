"""Thai texts for the API's error answers (pydantic and django-ninja write theirs in English)."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from msoc.thai import format_thai_date_long, to_thai_digits

# pydantic error type → Thai message; {name} fills from the error's context.
MESSAGES = {
    "missing": "ต้องระบุค่านี้",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม ไม่มีทศนิยม",
    "float_parsing": "ต้องเป็นตัวเลข",
    "float_type": "ต้องเป็นตัวเลข",
    "bool_parsing": "ต้องเป็น true หรือ false",
    "bool_type": "ต้องเป็น true หรือ false",
    "string_type": "ต้องเป็นข้อความ",
    "string_too_long": "ยาวเกิน {max_length} ตัวอักษร",
    "string_too_short": "สั้นกว่า {min_length} ตัวอักษร",
    "greater_than_equal": "ต้องไม่น้อยกว่า {ge}",
    "greater_than": "ต้องมากกว่า {gt}",
    "less_than_equal": "ต้องไม่เกิน {le}",
    "less_than": "ต้องน้อยกว่า {lt}",
    "date_parsing": "วันที่ไม่ถูกต้อง (ปี ค.ศ.-เดือน-วัน เช่น 2023-05-03)",
    "date_from_datetime_parsing": "วันที่ไม่ถูกต้อง (ปี ค.ศ.-เดือน-วัน เช่น 2023-05-03)",
    "date_from_datetime_inexact": "วันที่ต้องไม่มีเวลา",
    "date_type": "วันที่ไม่ถูกต้อง (ปี ค.ศ.-เดือน-วัน เช่น 2023-05-03)",
    "datetime_parsing": "วันเวลาไม่ถูกต้อง",
    "datetime_type": "วันเวลาไม่ถูกต้อง",
    "dict_type": "ต้องเป็นออบเจกต์ JSON",
    "model_attributes_type": "ต้องเป็นออบเจกต์ JSON",
    "model_type": "ต้องเป็นออบเจกต์ JSON",
    "list_type": "ต้องเป็นรายการ JSON",
    "json_invalid": "เนื้อหาไม่ใช่ JSON ที่ถูกต้อง",
    "json_type": "เนื้อหาไม่ใช่ JSON ที่ถูกต้อง",
    "extra_forbidden": "ไม่รู้จักช่องนี้",
    "literal_error": "ค่านี้ไม่อยู่ในตัวเลือก",
    "enum": "ค่านี้ไม่อยู่ในตัวเลือก",
}
FALLBACK = "ค่าไม่ถูกต้อง"
# Where the value was: ninja names the request part first.
PLACES = {"body": "เนื้อหา", "query": "พารามิเตอร์", "path": "ที่อยู่", "form": "แบบฟอร์ม"}


# django-ninja's own English texts (our endpoints raise Thai ones).
NINJA_TEXTS = {
    "Cannot parse request body": "อ่านเนื้อหาคำขอไม่ได้ ต้องเป็น JSON ที่ถูกต้อง",
    "Unauthorized": "ต้องเข้าสู่ระบบหรือแนบโทเค็น API (Authorization: Bearer …)",
    "Forbidden": "ไม่มีสิทธิ์",
    "Method not allowed": "ใช้วิธีเรียก (HTTP method) นี้ไม่ได้",
}


def _context_value(value: Any) -> str:
    if isinstance(value, str) and len(value) == 10:  # ninja passes bounds as JSON: dates as text
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value)
    if isinstance(value, date):
        return format_thai_date_long(value)
    return to_thai_digits(f"{value:,}") if isinstance(value, int) else str(value)


def thai_message(error: dict[str, Any]) -> str:
    """One pydantic/ninja error as Thai text, with the field it is about."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "value_error" and context.get("error"):  # our own validators raise Thai text
        text = str(context["error"])
    else:
        template = MESSAGES.get(kind, FALLBACK)
        try:
            text = template.format(**{k: _context_value(v) for k, v in context.items()})
        except (KeyError, IndexError, ValueError):
            text = FALLBACK
    path = [str(p) for p in error.get("loc", ())]
    if path[:1] == ["body"]:
        path = path[2:]  # ("body", the view's parameter name, field…)
    elif path and path[0] in PLACES:
        path = path[1:]
    return f"{'.'.join(path)}: {text}" if path else text


def thai_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors with Thai `msg` texts; location and type stay for programs."""
    return [
        {"loc": list(e.get("loc", ())), "type": e.get("type", ""), "msg": thai_message(e)}
        for e in errors
    ]


def install_thai_errors(api: NinjaAPI) -> None:
    """Answer validation errors, ninja's own HTTP errors and 404s in Thai."""

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": thai_errors(list(exc.errors))}, status=422)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        text = str(exc)
        return api.create_response(
            request, {"detail": NINJA_TEXTS.get(text, text)}, status=exc.status_code
        )

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": "ไม่พบข้อมูลที่ขอ"}, status=404)

    api.add_exception_handler(ValidationError, invalid)  # type: ignore[arg-type]
    for kind in (HttpError, AuthenticationError, AuthorizationError):
        api.add_exception_handler(kind, http_error)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, not_found)  # type: ignore[arg-type]
