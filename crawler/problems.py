"""Answers that are not content: soft 404s, anti-bot challenges, failures by cause."""

from __future__ import annotations

import re

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

ANTI_BOT_STATUS = frozenset({412, 521})
_ANTI_BOT = re.compile(
    r"__jsl_clearance|acw_sc__v2|_waf_|document\.cookie\s*=|cdn_sec|安全验证", re.I
)
_SOFT_404 = re.compile(
    r"404|not\s*found|页面不存在|页面未找到|找不到|无法找到|已被删除|已删除|不存在或已|出错了|访问的页面",
    re.I,
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.I | re.S)


def page_problem(status: int, text: str) -> tuple[str, bool] | None:
    """(message, soft) when a page is not what it claims to be, else None."""
    if status in ANTI_BOT_STATUS or (status in (200, 403) and is_anti_bot(text)):
        return f"anti-bot challenge (HTTP {status})", True
    if status == 200 and is_soft_404(text):
        return "soft 404: an error page answered with status 200", True
    return None


def is_anti_bot(text: str) -> bool:
    visible = _TAGS.sub("", text).strip()
    return bool(_ANTI_BOT.search(text)) and len(visible) < 300


def is_soft_404(text: str) -> bool:
    title = _TITLE.search(text)
    visible = re.sub(r"\s+", "", _TAGS.sub(" ", text))
    if title and _SOFT_404.search(title.group(1)):
        return True
    return len(visible) < 400 and bool(_SOFT_404.search(visible))


def failure_message(failure: Failure) -> tuple[str, int | None, str]:
    """(message, status code, cause) with cause one of http, robots, offsite, timeout,
    unreachable, other."""
    error = failure.value
    if isinstance(error, HttpError):
        status = error.response.status
        return f"HTTP {status}", status, "http"
    if isinstance(error, IgnoreRequest):
        text = str(error) or "request ignored"
        if "robots" in text.lower() or "robots" in type(error).__name__.lower():
            return "forbidden by robots.txt", None, "robots"
        if "offsite" in text.lower() or "allowed_domains" in text:
            return "outside the source's domains (see allowed_domains)", None, "offsite"
        return text, None, "other"
    if (
        isinstance(error, TimeoutError | TCPTimedOutError | DownloadTimeoutError)
        or "timeout" in type(error).__name__.lower()
    ):
        return f"timed out: {error}", None, "timeout"
    if isinstance(
        error,
        DNSLookupError
        | ConnectionRefusedError
        | CannotResolveHostError
        | DownloadConnectionRefusedError,
    ):
        return f"unreachable: {error}", None, "unreachable"
    name = type(error).__name__
    if "Connection" in name or "DNS" in name or "Resolve" in name:
        return f"unreachable: {name}: {error}", None, "unreachable"
    return f"{name}: {error}", None, "other"
