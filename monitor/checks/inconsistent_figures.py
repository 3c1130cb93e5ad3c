"""``inconsistent_figures``: numbers in one final account or budget that disagree (warning).

Every relation of domain.md is checked with a rounding tolerance (``[monitor] tolerance``
in 万元, ``share_tolerance_pct`` in percentage points, widened by what rounding both
numbers to 0.01 can do): totals vs their parts (收入总计, 支出总计, 本年收入, 本年支出,
基本支出 = 人员经费 + 公用经费, “三公” and 公务用车, 政府采购), 收入总计 = 支出总计, stated
shares vs part/whole, shares of one whole adding to 100%, stated change percentages vs
change/previous, and every repeated appearance of one figure (text vs table, the 三公
section vs the 三公 table). Example (seed 004): "中共攀枝花市西区区委机构编制委员会办公室
2024年度部门决算：一般公共预算财政拨款支出占本年支出合计的比例写作99.35%，按154.25万元/
157.60万元计算应为97.87%（第3页）".

Also: a table published empty with its note while the document states amounts it would
hold (``empty_table_note``, see ``empty_table_note.py``; both quotes), and, in budgets, an
item of the spending explanation whose amounts disagree (``item_amount``, see
``budget_items.py``).

And the relations between the stored tables' cells, inside a table and between tables,
one finding per cause (``table_relations.py``: kinds ``relation``, ``emptiness``,
``procurement_sme``, with ``relation`` listing tables, rows and columns).

Evidence: ``metric``, ``stated``, ``computed``, then ``kind`` (sum | share | shares_sum
| repeat | change_pct | empty_table_note | item_amount | relation | emptiness |
procurement_sme; ``relation`` too for the last five) and the numbers behind ``computed``.
"""

from __future__ import annotations

from collections.abc import Iterable

from fiscalwatch.monitor.checks.arithmetic import Discrepancy, discrepancies
from fiscalwatch.monitor.checks.base import Check, CheckContext, FindingDraft
from fiscalwatch.monitor.checks.budget_items import (
    ItemDisagreement,
    NameDisagreement,
    item_disagreements,
    name_disagreements,
)
from fiscalwatch.monitor.checks.common import (
    doc_label,
    document_finding,
    figure_label,
    money,
    pct,
    snippet,
    where,
)
from fiscalwatch.monitor.checks.corpus import Doc, corpus
from fiscalwatch.monitor.checks.empty_table_note import RELATION as EMPTY_TABLE_RELATION
from fiscalwatch.monitor.checks.empty_table_note import Contradiction, contradictions
from fiscalwatch.monitor.checks.table_relations import causes, relation_finding

ITEM_RELATION = "item_amount"
NAME_RELATION = "item_name"

ORIGINS = {"text": "正文", "table": "表格", "ocr": "识别文字"}


class InconsistentFigures(Check):
    name = "inconsistent_figures"
    severity = "warning"
    description = (
        "Numbers in one final account disagree: a total is not the sum of its parts, a "
        "stated share or change percentage is not the computed one, shares do not add to "
        "100%, or one figure appears with different values (text vs table)."
    )

    def run(self, ctx: CheckContext) -> Iterable[FindingDraft]:
        settings = ctx.config.monitor
        documents = corpus(ctx)
        for doc in documents.parsed_final_accounts() + documents.parsed_budgets():
            for found in discrepancies(doc, settings.tolerance, settings.share_tolerance_pct):
                if found.unit_slip:
                    continue  # reported by unit_mismatch
                yield self.finding(doc, found)
            for contradiction in contradictions(ctx.db, doc, settings.tolerance):
                yield self.empty_table_finding(doc, contradiction)
        for doc in documents.parsed_budgets():
            for item in item_disagreements(ctx.db, doc.id, settings.tolerance):
                yield self.item_finding(doc, item)
            for name in name_disagreements(ctx.db, doc.id):
                yield self.name_finding(doc, name)
        for doc in documents.parsed_final_accounts() + documents.parsed_budgets():
            for cause in causes(ctx.db, doc, settings.tolerance):
                yield relation_finding(self.name, self.severity, doc, cause)

    def name_finding(self, doc: Doc, found: NameDisagreement) -> FindingDraft:
        return document_finding(
            self.name,
            self.severity,
            doc,
            f"{doc_label(doc)}：说明中写“{found.stated}（{found.code}类）”，预算表中{found.code}类为"
            f"“{found.table}”（第{found.page}页）",
            {
                "metric": f"功能分类{found.code}类名称",
                "stated": found.stated,
                "computed": found.table,
                "relation": NAME_RELATION,
                "kind": NAME_RELATION,
                "code": found.code,
                "quote": found.quote,
                "page": found.page,
                "snippet": found.quote,
            },
            (doc.url, NAME_RELATION, found.code),
        )

    def empty_table_finding(self, doc: Doc, found: Contradiction) -> FindingDraft:
        figure, table = found.figure, found.table
        stated = "、".join(
            f"{figure_label(f.key)}{money(f.value)}（第{f.page}页）"
            if f.page
            else f"{figure_label(f.key)}{money(f.value)}"
            for f in (figure, *found.others)
        )
        evidence = {
            "metric": figure.key,
            "stated": figure.value,
            "computed": 0.0,
            "relation": EMPTY_TABLE_RELATION,
            "kind": EMPTY_TABLE_RELATION,
            "table": table.key,
            "table_title": table.title,
            "note": snippet(table.note),
            "note_page": table.page,
            "quote": snippet(figure.text),
            "also": {f.key: f.value for f in found.others},
        }
        return document_finding(
            self.name,
            self.severity,
            doc,
            f"{doc_label(doc)}：《{table.title}》注明为空表（“{snippet(table.note)}”），"
            f"但文中写明{stated}",
            evidence,
            (doc.url, EMPTY_TABLE_RELATION, table.key),
            figure,
        )

    def item_finding(self, doc: Doc, item: ItemDisagreement) -> FindingDraft:
        supported = ""
        if item.table is not None:
            for value, which in ((item.opening, "开头所列金额"), (item.stated, "“预算安排”金额")):
                if abs(value - item.table) <= 0.01:
                    supported = f"，预算表为{money(item.table)}，与{which}一致"
            supported = supported or f"，预算表为{money(item.table)}"
        evidence = {
            "metric": f"{item.name}（{item.code}）",
            "stated": item.stated,
            "computed": item.opening,
            "relation": ITEM_RELATION,
            "kind": ITEM_RELATION,
            "code": item.code,
            "item": item.name,
            "table_value": item.table,
            "quote": item.quote,
            "opening_quote": item.opening_quote,
            "page": item.page,
            "snippet": item.quote,
        }
        return document_finding(
            self.name,
            self.severity,
            doc,
            f"{doc_label(doc)}：{item.name}（{item.code}）开头写{money(item.opening)}，"
            f"后文“预算安排”写{money(item.stated)}{supported}（第{item.page}页）",
            evidence,
            (doc.url, ITEM_RELATION, item.code),
        )

    def finding(self, doc: Doc, found: Discrepancy) -> FindingDraft:
        evidence = {
            "metric": found.metric,
            "stated": found.stated,
            "computed": found.computed,
            "kind": found.kind,
            **found.detail,
        }
        relation = found.detail.get("parts") or found.detail.get("basis") or ""
        identity = (doc.url, found.kind, found.metric, str(sorted(relation) if relation else ""))
        return document_finding(
            self.name,
            self.severity,
            doc,
            f"{doc_label(doc)}：{describe(found)}{where(found.figure)}",
            evidence,
            identity,
            found.figure,
        )


def describe(found: Discrepancy) -> str:
    """The disagreement in one Chinese clause with its numbers."""
    name = figure_label(found.metric)
    detail = found.detail
    if found.kind == "sum":
        stated_parts = {k: v for k, v in detail["parts"].items() if v is not None}
        parts = "、".join(f"{figure_label(k)}{money(v)}" for k, v in stated_parts.items())
        if len(stated_parts) == 1:
            return f"{name}{money(found.stated)}，与{parts}不相等"
        lead = "各项" if detail["complete"] else "已列明的各项"
        return (
            f"{name}{money(found.stated)}，但{lead}（{parts}）合计{money(found.computed)}，"
            f"相差{money(abs(found.stated - found.computed))}"
        )
    if found.kind == "share":
        return (
            f"{figure_label(found.metric.removesuffix('_share'))}占{figure_label(detail['basis'])}"
            f"的比例写作{pct(found.stated)}，按{money(detail['part'])}/{money(detail['whole'])}"
            f"计算应为{pct(found.computed)}"
        )
    if found.kind == "shares_sum":
        whole = figure_label(found.metric.removesuffix("_share"))
        return f"各项占{whole}的比例合计{pct(found.stated)}，应为100%"
    if found.kind == "repeat":
        other = detail["other"]
        origin = ORIGINS.get(other["origin"], other["origin"] or "")
        page = f"第{other['page']}页" if other["page"] else ""
        return (
            f"{name}多处数值不一致：{money(found.stated)}，另一处（{page}{origin}）为"
            f"{money(found.computed)}"
        )
    base = figure_label(found.metric.removesuffix("_change_pct"))
    return (
        f"{base}比上年变动{money(detail['change'])}，变动率写作{pct(found.stated)}，"
        f"按上年{money(detail['previous'])}计算应为{pct(found.computed)}"
    )
