"""Downloader middleware: retries that wait.

Scrapy's RetryMiddleware re-schedules at once. Government servers that answer 503 under
load say how long to wait (``Retry-After``); we honour that up to
``crawl.max_retry_after`` and back off exponentially (``crawl.retry_backoff`` x 2^n)
on other 5xx answers and timeouts. A Retry-After longer than the limit gives up for
this cycle: the error is recorded and the next cycle tries again.
"""

from __future__ import annotations

import asyncio
import logging
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.misc import load_object
from scrapy.utils.response import response_status_message

from fiscalwatch import clock

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.max_retry_times = settings.getint("RETRY_TIMES")
        self.retry_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        self.exceptions = tuple(load_object(e) for e in settings.getlist("RETRY_EXCEPTIONS"))
        self.backoff = settings.getfloat("FW_RETRY_BACKOFF", 1.0)
        self.backoff_max = settings.getfloat("FW_RETRY_BACKOFF_MAX", 60.0)
        self.max_retry_after = settings.getfloat("FW_MAX_RETRY_AFTER", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_codes:
            return response
        wait = self._wait(request)
        if response.status in (503, 429) and response.headers.get("Retry-After"):
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is None or asked > self.max_retry_after:
                self.crawler.stats.inc_value("fw/retry_after_too_long")
                logger.warning(
                    "%s asks to retry after %ss (more than crawl.max_retry_after=%ss): giving up",
                    request.url,
                    asked,
                    self.max_retry_after,
                )
                return response
            wait = asked
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await asyncio.sleep(wait)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await asyncio.sleep(self._wait(request))
        return retry

    def _wait(self, request: Request) -> float:
        attempt = int(request.meta.get("retry_times", 0))
        return float(min(self.backoff * (2**attempt), self.backoff_max))

    def _retry(self, request: Request, reason: Any) -> Request | None:
        assert self.crawler.spider is not None
        return get_retry_request(
            request,
            reason=reason,
            spider=self.crawler.spider,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
        )


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number or an HTTP date."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - clock.now()).total_seconds())
