"""``source_unhealthy``: a source whose crawl is broken, before users notice the silence.

One finding per source and symptom (see :mod:`monitor.health`), severity critical; it
resolves itself when the symptom is gone. Example message:
"青川市 数据源 qingchuan：栏目列表只找到0条公开信息，以往通常为12条，网站可能已改版".
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.crawler.health import all_sources_health
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft


class SourceUnhealthy(Check):
    name = "source_unhealthy"
    severity = "critical"
    scoped = False  # crawl history, not documents: judged whole every cycle
    description = (
        "A source's crawl is broken: its last cycles failed, its listing yields far fewer "
        "disclosures than usual, its list pages answer with error or anti-bot pages, or its "
        "new documents stopped parsing. Thresholds in [monitor.health]."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        for health in all_sources_health(ctx.db, ctx.config):
            where = f"{health.region} 数据源 {health.source}" if health.region else health.source
            for symptom in health.symptoms:
                yield FindingDraft(
                    check=self.name,
                    severity=self.severity,
                    message=f"{where}：{symptom.message}",
                    evidence={
                        "source": health.source,
                        "symptom": symptom.kind,
                        **symptom.evidence,
                    },
                    identity=(health.source, symptom.kind),
                    region=health.region,
                    source=health.source,
                )
