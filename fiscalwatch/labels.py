"""Chinese names of the checks and severities: one vocabulary for the report, the
e-mail digests and anything else a person reads. A check added later falls back to its
English name until it gets a label here (a test keeps every registered check labelled).
"""

from __future__ import annotations

CHECK_LABELS: dict[str, str] = {
    "missing_section": "缺少章节",
    "missing_document": "逾期未公开",
    "inconsistent_figures": "数字前后不一致",
    "yoy_anomaly": "同比大幅变动",
    "restated_prior_year": "上年数与上年公开数不符",
    "document_changed": "文件被替换",
    "document_removed": "文件被撤下",
    "unreadable_document": "文件无法读取",
    "late_publication": "逾期公开",
    "unit_mismatch": "单位疑似错误",
    "unexplained_change": "变动原因缺失或矛盾",
    "template_placeholder": "模板占位符未填",
    "operating_expenses_mismatch": "机关运行经费与公用经费不符",
    "completion_of_zero_budget": "年初预算为零却称完成比例",
    "department_name_mismatch": "部门名称前后不一致",
    "source_unhealthy": "数据源异常",
    "performance_inconsistent": "绩效数据不一致",
    "performance_shortfall": "绩效指标未完成",
    "performance_boilerplate": "绩效自评疑似套话",
    "budget_mismatch": "决算所列年初预算与已公开预算不符",
    "budget_deviation": "决算偏离预算较大",
    "wrong_year": "年度写错",
    "direction_contradiction": "增减方向或比例与数字矛盾",
    "unfinished_text": "文字未完成或未清理",
    "copied_prior_text": "照搬上年文字未更新",
}

SEVERITY_LABELS: dict[str, str] = {"critical": "严重", "warning": "警告", "info": "提示"}
