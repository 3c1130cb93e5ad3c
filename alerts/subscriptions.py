"""Which findings a subscription wants: its regions, checks and minimum severity."""

from __future__ import annotations

from fiscalwatch.alerts.models import Finding
from fiscalwatch.config import SEVERITY_RANK, SubscriptionConfig


def wants(subscription: SubscriptionConfig, finding: Finding) -> bool:
    """Empty ``regions`` or ``checks`` mean all; severity is info < warning < critical."""
    if subscription.regions and finding.region not in subscription.regions:
        return False
    if subscription.checks and finding.check not in subscription.checks:
        return False
    return finding.severity_rank >= SEVERITY_RANK[subscription.min_severity]
