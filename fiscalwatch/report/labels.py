"""Chinese labels for what the report shows: checks, severities, states, evidence keys.

Check and severity names come from :mod:`fiscalwatch.labels`, shared with the e-mail
digests. Unknown names fall back to themselves, so a check added later still renders (with its
English name) until a label is added here.
"""

from __future__ import annotations

import json

from fiscalwatch.figures import label as figure_label
from fiscalwatch.labels import CHECK_LABELS
from fiscalwatch.template import TITLES

SEVERITY_ORDER: tuple[str, ...] = ("critical", "warning", "info")

DOC_TYPE_LABELS: dict[str, str] = {
    "final_account": "部门决算",
    "budget": "部门预算",
    "performance": "绩效自评",
    "other": "其他",
}

DOC_STATUS_LABELS: dict[str, str] = {
    "parsed": "已解析",
    "pending": "待解析",
    "failed": "解析失败",
    "unreadable": "无法读取",
}

RUN_STATUS_LABELS: dict[str, str] = {
    "ok": "正常",
    "failed": "失败",
    "unreachable": "无法访问",
    "blocked": "被拦截",
    "running": "运行中",
    "interrupted": "中断",
}

# Publication state of a department's final account for one fiscal year.
STATE_LABELS: dict[str, str] = {
    "on_time": "按时公开",
    "late": "逾期公开",
    "published": "已公开",
    "missing": "未公开",
    "removed": "已撤下",
    "not_due": "未到期",
    "none": "无记录",
}
STATE_SHORT: dict[str, str] = {
    "on_time": "按时",
    "late": "逾期",
    "published": "已公开",
    "missing": "未公开",
    "removed": "撤下",
    "not_due": "未到期",
    "none": "—",
}
# Sort order of states in the overview: the worst first when sorting descending.
STATE_RANK: dict[str, int] = {
    "none": 0,
    "not_due": 1,
    "on_time": 2,
    "published": 3,
    "late": 4,
    "removed": 5,
    "missing": 6,
}

# Section and table keys (evidence "section") -> their titles in the template.
SECTION_LABELS: dict[str, str] = TITLES

EVIDENCE_LABELS: dict[str, str] = {
    "section": "缺少的部分",
    "doc_type": "文件类型",
    "deadline": "公开截止日",
    "metric": "指标",
    "stated": "文中数",
    "computed": "计算数",
    "previous": "上年数",
    "current": "本年数",
    "change_pct": "变动幅度 %",
    "implied_previous": "文中隐含的上年数",
    "stored_previous": "上年决算所载",
    "old_sha256": "旧文件 SHA-256",
    "new_sha256": "新文件 SHA-256",
    "changed_figures": "变动的数字",
    "url": "地址",
    "reason": "原因",
    "page": "页码",
    "snippet": "原文摘录",
    "text": "原文摘录",
    "quote": "原文摘录",
    "source": "数据源",
    "last_error": "最近错误",
    "consecutive_failures": "连续失败次数",
    "published_at": "发布日期",
    "days_late": "逾期天数",
    "suspect": "疑似问题",
    "kind": "类型",
    "change": "变动额",
    "problem": "问题",
    "symptom": "症状",
    "last_status": "最近一轮状态",
    "last_success_at": "最近成功",
    "items": "本轮条目数",
    "usual_items": "通常条目数",
    "threshold": "阈值",
    "cycle_started_at": "抓取时间",
    "soft_errors": "错误页/验证页次数",
    "new_documents": "新文件数",
    "parse_share": "能读出数字的比例",
    "previous_share": "以往比例",
    "fetched_at": "抓取时间",
    "indicator": "指标",
    "projects": "项目",
    "old": "原值",
    "new": "新值",
    "actual": "实际完成值",
    "target": "指标值",
    "budget": "预算数",
    "choice": "未作选择",
    "occurrences": "出现次数",
    "placeholder": "占位符",
    "project": "项目",
    "score": "得分",
    "weight": "分值",
    "stated_rate": "文中执行率 %",
    "last_url": "上次公开的地址",
    "last_year": "上次公开的年度",
    "on_roster": "在部门名册中",
    "removed_at": "撤下时间",
}

# Internal ids: the page already links the document, a number means nothing to a reader.
HIDDEN_EVIDENCE: tuple[str, ...] = ("document_id", "previous_document_id", "evaluation_id")

# Evidence keys shown as a quotation with page provenance rather than in the key list.
SNIPPET_KEYS: tuple[str, ...] = ("snippet", "text", "quote")


def check_label(check: str) -> str:
    return CHECK_LABELS.get(check, check)


def evidence_value(key: str, value: object) -> str:
    """Evidence values in words: section and figure keys become their Chinese names."""
    if key == "section" and isinstance(value, str):
        return SECTION_LABELS.get(value, value)
    if key == "metric" and isinstance(value, str):
        return figure_label(value)
    if key == "doc_type" and isinstance(value, str):
        return DOC_TYPE_LABELS.get(value, value)
    if key == "changed_figures":
        changes = _changed_figures(value)
        if changes is not None:
            return changes
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _changed_figures(value: object) -> str | None:
    """``{"three_public_total": [17.0, 14.0]}`` (or ``{"old":..,"new":..}``) in words."""
    if isinstance(value, dict):
        items = [(key, change) for key, change in value.items()]
    elif isinstance(value, list) and all(isinstance(v, dict) and "metric" in v for v in value):
        items = [(v["metric"], v) for v in value]
    else:
        return None
    parts = []
    for key, change in items:
        if isinstance(change, list) and len(change) == 2:
            old, new = change
        elif isinstance(change, dict) and {"old", "new"} <= change.keys():
            old, new = change["old"], change["new"]
        else:
            return None
        parts.append(f"{figure_label(str(key))} {_amount(old)} → {_amount(new)}")
    return "；".join(parts)


def _amount(value: object) -> str:
    if isinstance(value, int | float):
        return f"{value:,.2f}"
    if isinstance(value, list):
        return "、".join(_amount(v) for v in value)
    return "无" if value is None else str(value)
