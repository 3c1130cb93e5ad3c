"""The triage's vocabulary: what an analyst can decide about a finding, as stored."""

from __future__ import annotations

DISMISSED = "dismissed"
ACKNOWLEDGED = "acknowledged"
SUPPRESSED = "suppressed"
TRIAGE_LABELS = {DISMISSED: "误报", ACKNOWLEDGED: "已确认", SUPPRESSED: "已屏蔽"}
SILENCING = (DISMISSED, SUPPRESSED)
"""States no one is to be alerted about again."""
