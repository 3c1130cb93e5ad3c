"""``[schedule] heartbeat_url``: pinged after each cycle, healthchecks.io style, so that
someone learns when the cycles stop (the service alerts when a ping does not come).

A finished cycle GETs the URL; a cycle with a failed stage GETs ``<url>/fail`` (the
convention of healthchecks.io and its clones); an interrupted one (stopped by the
operator) pings nothing. A ping that cannot be delivered is logged and never fails the
cycle.
"""

from __future__ import annotations

import logging

import requests

from fiscalwatch.config import Config

log = logging.getLogger("fiscalwatch.heartbeat")
TIMEOUT = 10


def heartbeat_target(url: str, status: str) -> str | None:
    if status == "ok":
        return url
    if status == "failed":
        return url.rstrip("/") + "/fail"
    return None


def ping(config: Config, status: str) -> bool:
    """Pings for a cycle that ended with ``status``; True when the ping landed."""
    url = config.schedule.heartbeat_url
    target = heartbeat_target(url, status) if url else None
    if target is None:
        return False
    try:
        response = requests.get(
            target, timeout=TIMEOUT, headers={"User-Agent": config.crawl.user_agent}
        )
        response.raise_for_status()
    except requests.RequestException as exc:
        log.warning("heartbeat ping to %s failed: %s", target, exc)
        return False
    return True
