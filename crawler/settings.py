"""Scrapy settings for one source, built from the fiscalwatch ``Config``.

Defaults live in ``fiscalwatch.config.CrawlConfig``; a source may override the delay,
the concurrency and TLS verification. Nothing here reads ``settings.py`` files or
environment variables: one config, validated before any request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fiscalwatch.config import Config, SourceConfig

RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]


def source_settings(
    config: Config,
    source: SourceConfig,
    *,
    database: Path | str,
    files: Path | str,
    run_id: int | None,
) -> dict[str, Any]:
    crawl = config.crawl
    verify_tls = crawl.verify_tls if source.verify_tls is None else source.verify_tls
    delay = crawl.download_delay if source.download_delay is None else source.download_delay
    concurrency = source.concurrency_per_host or crawl.concurrency_per_host
    return {
        "BOT_NAME": "fiscalwatch",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "ROBOTSTXT_USER_AGENT": crawl.user_agent,
        "DOWNLOAD_DELAY": delay,
        # The configured delay is a floor between requests to a host, not an average.
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DOWNLOAD_MAXSIZE": int(crawl.max_file_mb * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": 0,
        "DOWNLOAD_VERIFY_CERTIFICATES": verify_tls,
        "RETRY_ENABLED": crawl.retry_times > 0,
        "RETRY_TIMES": crawl.retry_times,
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "REDIRECT_MAX_TIMES": 8,
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "ERROR",
        "MEMUSAGE_ENABLED": False,
        # Scrapy re-reads a callback's source (inspect + ast) to warn about generators
        # that return values; its cache is keyed by bound methods, which are new on every
        # request, so it did so for every response: ~2 ms each, 5% of a national crawl.
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        # Scrapy starts this many asyncio tasks for every response's output, however
        # few items it has; the pipeline is synchronous, so one handles them as fast,
        # in the order the spider yielded them (a file's row before its page's parts).
        "CONCURRENT_ITEMS": 1,
        "CLOSESPIDER_TIMEOUT": crawl.max_duration,
        # Scrapy's remote control (on by default) starts an HTTP server per crawler that
        # runs Python code sent to it, and writes a job file per crawler to the user's
        # profile: a server per source (2,000 a national cycle) nobody asked for.
        "REMOTE_CONTROL_ENABLED": False,
        "SPIDER_MIDDLEWARES": {
            # Diagnostics that cost an async generator per response output: no depth
            # limit is set (depth only fed a stat) and no spider copies Scrapy's meta.
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
        },
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "fiscalwatch.crawler.middlewares.BackoffRetryMiddleware": 550,
            # First of all, before robots.txt is asked for the host (100). Redirects and
            # meta refreshes come back through the scheduler, so every hop is checked.
            "fiscalwatch.crawler.safety.SiteGuardMiddleware": 40,
        },
        "ITEM_PIPELINES": {"fiscalwatch.crawler.pipelines.StorePipeline": 300},
        "EXTENSIONS": {
            "fiscalwatch.crawler.extensions.CrawlStatsRecorder": 500,
            # Not loaded at all (importing it imports aiohttp): see REMOTE_CONTROL_ENABLED.
            "scrapy.extensions.remote_control.RemoteControl": None,
            # Logs at INFO once a minute, below LOG_LEVEL: a timer per source for nothing.
            "scrapy.extensions.logstats.LogStats": None,
        },
        "FW_SOURCE": source.model_dump_json(),
        "FW_SOURCE_NAME": source.name,
        "FW_REGION": source.region,
        "FW_DATABASE": str(database),
        "FW_FILES": str(files),
        "FW_RUN_ID": run_id or 0,
        "FW_REVALIDATE_DAYS": crawl.revalidate_days,
        "FW_RETRY_BACKOFF": crawl.retry_backoff,
        "FW_MAX_RETRY_AFTER": crawl.max_retry_after,
        "FW_MAX_DETAIL_PAGES": source.max_detail_pages or crawl.max_detail_pages,
        "FW_MAX_ATTACHMENTS": source.max_attachments or crawl.max_attachments,
    }
