"""``[alerts.delivery]``: how often and how long the outbox retries, and the digest cap.
Light to import (read at every config load)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from fiscalwatch.alert_settings import AlertsTable
from fiscalwatch.config import Section


class DeliveryConfig(Section):
    max_attempts: Annotated[int, Field(ge=1)] = 8
    backoff_base_seconds: Annotated[float, Field(ge=0)] = 60
    backoff_max_seconds: Annotated[float, Field(ge=0)] = 6 * 3600
    digest_max_findings: Annotated[int, Field(ge=1)] = 50
    """Findings in one digest; the rest are skipped ("digest cap") and left to the report."""


DELIVERY = AlertsTable(key="delivery", model=DeliveryConfig)
