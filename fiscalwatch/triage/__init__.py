"""Analysts' triage of findings: dismissed (a false alarm), acknowledged, or suppressed
for a department or a check. Decisions are keyed by fingerprint, so they hold when a
check finds the same problem again in a later cycle."""
