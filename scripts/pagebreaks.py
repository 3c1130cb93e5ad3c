#!/usr/bin/env python3
"""Build the page-break fixtures: `python scripts/pagebreaks.py` (needs LibreOffice and
Noto CJK fonts). Each PDF holds the nine tables of one model (青川市统计局 2024, the
fixture generator's figures) laid out in one awkward way a real Word document has:

- ``orphan_titles``: titles of 表4, 表6 and 表9 at the foot of a page, their grids on the next;
- ``several_per_page``: 表4, 表7, 表8 and 表9 on one page;
- ``continued_repeated_header``: 表5 padded to run over three pages, header repeated;
- ``continued_no_header``: the same, header printed once;
- ``title_below``: every title printed under its grid;
- ``title_styles``: titles numbered 表1 / 表二: / 三、 / none, over two lines, truncated.

Writes ``fixtures/pagebreaks/<case>.pdf`` and ``fixtures/pagebreaks/expected.toml`` (the
pages of each table and the table figures every case must read).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixturegen.account import derive
from fixturegen.blocks import Block, Document, Heading, PageBreak, Para, Table
from fixturegen.convert import docx_to_pdf
from fixturegen.docx_out import build_docx
from fixturegen.models import tongji_2024
from fixturegen.tables import nine_tables
from fixturegen.tomlw import dumps

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "pagebreaks"
TITLE = "青川市统计局2024年度部门决算"
NAMES = {
    "table_01": "收入支出决算总表",
    "table_02": "收入决算表",
    "table_03": "支出决算表",
    "table_04": "财政拨款收入支出决算总表",
    "table_05": "一般公共预算财政拨款支出决算表",
    "table_06": "一般公共预算财政拨款基本支出决算表",
    "table_07": "政府性基金预算财政拨款收入支出决算表",
    "table_08": "国有资本经营预算财政拨款收入支出决算表",
    "table_09": "财政拨款“三公”经费支出决算表",
}
# Body text before an orphaned title (a page break follows the title, so it ends its page).
FILLER = "本表反映部门本年度的总收支和年末结转结余情况，数据来源于部门决算报表系统。"


def _tables() -> list[tuple[str, Table]]:
    model = tongji_2024()
    return nine_tables(model, derive(model))


def _bare(table: Table, **changes: object) -> Table:
    """The grid without its printed title (and without a page break unless asked)."""
    fields = {
        "rows": table.rows,
        "title": "",
        "header_rows": table.header_rows,
        "unit_note": table.unit_note,
        "note": table.note,
        "page_break": False,
        "font_size": table.font_size,
    }
    fields.update(changes)
    return Table(**fields)  # type: ignore[arg-type]


def _title(text: str) -> Para:
    return Para(text, indent=False)


def _cover() -> list[Block]:
    return [Heading(TITLE, 0), Heading("第二部分 部门决算报表", 1)]


def orphan_titles() -> list[Block]:
    blocks = _cover()
    for key, table in _tables():
        blocks.append(PageBreak())
        if key in ("table_04", "table_06", "table_09"):
            blocks += [Para(FILLER) for _ in range(6)]
            blocks += [_title(NAMES[key]), PageBreak(), _bare(table)]
        else:
            blocks += [_title(NAMES[key]), _bare(table)]
    return blocks


def several_per_page() -> list[Block]:
    blocks = _cover()
    for key, table in _tables():
        if key in ("table_07", "table_08", "table_09"):
            blocks += [_title(NAMES[key]), _bare(table)]
        else:
            blocks += [PageBreak(), _title(NAMES[key]), _bare(table)]
    return blocks


def _padded(table: Table, header_rows: int) -> Table:
    """表5 with 90 more 项 rows of 0.10 (the 合计 row stays the model's)."""
    rows = [list(row) for row in table.rows]
    extra = [[f"    补充事项{n:02d}", "0.10", "0.10", "0.00"] for n in range(1, 91)]
    return _bare(table, rows=rows + extra, header_rows=header_rows)


def _continued(header_rows: int) -> list[Block]:
    blocks = _cover()
    for key, table in _tables():
        grid = _padded(table, header_rows) if key == "table_05" else _bare(table)
        blocks += [PageBreak(), _title(NAMES[key]), grid]
    return blocks


def continued_repeated_header() -> list[Block]:
    return _continued(1)


def continued_no_header() -> list[Block]:
    return _continued(0)


def title_below() -> list[Block]:
    blocks = _cover()
    for key, table in _tables():
        blocks += [PageBreak(), _bare(table), _title(NAMES[key])]
    return blocks


STYLED = {
    "table_01": "表1 收入支出决算总表",
    "table_02": "表二：收入决算表",
    "table_03": "三、支出决算表",
    "table_04": "财政拨款收入支出决算总表",
    "table_05": "表5 一般公共预算财政拨款支出\n决算表",
    "table_06": "六、一般公共预算财政拨款基本支出决算",
    "table_07": "表七 政府性基金预算财政拨款收入支出决算表",
    "table_08": "八、国有资本经营预算财政拨款\n收入支出决算表",
    "table_09": "表9：财政拨款“三公”经费支出决算表",
}


def title_styles() -> list[Block]:
    blocks = _cover()
    for key, table in _tables():
        blocks.append(PageBreak())
        blocks += [_title(line) for line in STYLED[key].split("\n")]
        blocks.append(_bare(table))
    return blocks


CASES: dict[str, Callable[[], list[Block]]] = {
    "orphan_titles": orphan_titles,
    "several_per_page": several_per_page,
    "continued_repeated_header": continued_repeated_header,
    "continued_no_header": continued_no_header,
    "title_below": title_below,
    "title_styles": title_styles,
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fw-pagebreaks-") as tmp:
        sources = []
        for name, build in CASES.items():
            document = Document(title=TITLE, blocks=build())
            sources.append(build_docx(document, Path(tmp) / f"{name}.docx"))
        for pdf in docx_to_pdf(sources, OUT):
            print(pdf.relative_to(ROOT))
    model = tongji_2024()
    figures = derive(model)
    (OUT / "figures.toml").write_text(
        "# The model's figures (fixturegen.account.derive of models.tongji_2024), in 万元.\n"
        + dumps({"figures": {k: round(v, 2) for k, v in sorted(figures.items())}}),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
