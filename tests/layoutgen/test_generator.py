"""The generator's own promises, before any parser reads its documents: the numbers
add up, the same seed gives the same documents, a fifth carry one planted problem, and
the truth of the committed fixtures is what their PDFs show (read with PDFium)."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from bench.layoutgen.account import make_account
from bench.layoutgen.compose import compact, compose, plan
from bench.layoutgen.families import FAMILIES, FAMILY_IDS, yunnan
from bench.layoutgen.grids import build

ROOT = Path(__file__).resolve().parents[2]
FAMILY_FIXTURES = ROOT / "fixtures" / "families"
TRUTHS = sorted(FAMILY_FIXTURES.glob("*.json"))


def _cents(text: str) -> int:
    return round(float(text.replace(",", "")) * 100) if text else 0


def test_accounts_add_up() -> None:
    for seed in range(200):
        acc = make_account(random.Random(seed), seed % 3 == 0, seed % 7 == 0)
        head = acc.headline()
        assert head["income_total"] == head["expenditure_total"]
        assert acc.carry_end >= 0
        assert acc.basic == acc.personnel + acc.public
        assert (
            acc.three_public
            == acc.overseas + acc.vehicle_purchase + acc.vehicle_operation + acc.reception
        )
        assert sum(acc.function_split) == acc.general_budget
        assert sum(v for _, v in acc.projects) == acc.project_gb
        assert sum(acc.personnel_items) == acc.personnel and sum(acc.public_items) == acc.public
        for key, column in (("table_02", 2), ("table_03", 2), ("table_05", None)):
            grid = build(key, acc, "万元", thousands=True)
            total, *rows = grid.body
            if column is None:  # 类, 款, 项 rows: the 类 rows add up
                rows = [r for r in rows if len(r[0]) == 3]
                column = 2
            assert sum(_cents(r[column]) for r in rows) == _cents(total[column]), key


def test_tables_in_yuan_print_the_same_amounts() -> None:
    acc = make_account(random.Random(5), True, False)
    in_wan = build("table_01", acc, "万元", thousands=False)
    in_yuan = build("table_01", acc, "元", thousands=True)
    assert [c.value for c in in_wan.cells] == [c.value for c in in_yuan.cells]
    for cell in in_yuan.cells:
        assert float(cell.printed.replace(",", "")) == pytest.approx(cell.value * 10_000)


def test_same_seed_same_document() -> None:
    for family in FAMILY_IDS:
        first, again = compose(family, 7, 99), compose(family, 7, 99)
        assert first.files == again.files
        assert first.truth == again.truth
        assert compose(family, 8, 99).files != first.files


def test_a_fifth_planted_in_turn() -> None:
    kinds = plan("yunnan", 100, 1)
    planted = [k for k in kinds if k]
    assert len(planted) == 20
    assert {planted.count(k) for k in set(planted)} <= {6, 7}
    assert plan("yunnan", 100, 1) == kinds


@pytest.mark.parametrize("family", FAMILY_IDS)
def test_planted_problems_in_the_truth(family: str) -> None:
    for index in range(6):
        missing = compose(family, index, 3, "missing_table").truth
        (plant,) = missing["planted"]
        table = next(t for t in missing["tables"] if t["key"] == plant["key"])
        assert not table["present"]
        assert table["listed_in_toc"] == (
            FAMILIES.get(family, yunnan(9)).toc_lists_tables and missing["layout"]["toc"] != "none"
        )
        unnoted = compose(family, index, 3, "empty_without_note").truth
        (plant,) = unnoted["planted"]
        if plant["kind"] == "empty_without_note":
            table = next(t for t in unnoted["tables"] if t["key"] == plant["key"])
            assert table["empty"] and table["note"] is None
        section = compose(family, index, 3, "missing_section").truth
        (plant,) = section["planted"]
        assert plant["key"] not in {s["key"] for s in section["sections"]}
        clean = compose(family, index, 3).truth
        assert not clean["planted"]
        assert all(t["note"] for t in clean["tables"] if t["empty"])


def test_every_family_and_case_has_a_fixture() -> None:
    names = {p.stem for p in TRUTHS}
    assert {
        "national_2024",
        "national_old",
        "sichuan",
        "yunnan_9",
        "yunnan_11",
        "yunnan_15",
    } <= names
    assert {"beijing", "tianjin", "neimenggu", "chongqing", "hainan_xizang", "shanghai"} <= names
    assert {t["family"] for t in map(_truth, TRUTHS)} == set(FAMILY_IDS)


def _truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _pages(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
        return out
    finally:
        document.close()


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[dict[str, Any], dict[str, list[str]]]]:
    out = {}
    for path in TRUTHS:
        truth = _truth(path)
        texts = {role: _pages(FAMILY_FIXTURES / name) for role, name in truth["files"].items()}
        out[path.stem] = (truth, texts)
    return out


@pytest.mark.parametrize("name", [p.stem for p in TRUTHS])
def test_fixture_truth_is_what_the_pdf_shows(name: str, rendered: Any) -> None:
    truth, texts = rendered[name]
    assert {role: len(pages) for role, pages in texts.items()} == truth["pages"]
    assert not truth["unlocated"] if "unlocated" in truth else True
    flat = {role: [compact(p).replace(",", "") for p in pages] for role, pages in texts.items()}
    for table in truth["tables"]:
        pages = flat[table["file"]]
        if not table["present"]:
            everywhere = "".join(pages)
            assert not any(c.replace(",", "") in everywhere for c in table["signature"])
            continue
        assert compact(table["title"]) in compact(texts[table["file"]][table["title_page"] - 1])
        first, last = table["grid_pages"]
        assert first and last and first <= last
        grid_text = "".join(pages[first - 1 : last])
        for cell in table["signature"]:
            assert cell.replace(",", "") in grid_text, (table["key"], cell)
        for cell in table["cells"]:
            assert cell["printed"].replace(",", "") in grid_text
        if table["empty"] and table["note_place"] == "under":
            assert compact(table["note"]) in "".join(compact(p) for p in texts[table["file"]])
    main = "".join(flat["main"])
    removed = {p["key"] for p in truth["planted"] if p["kind"] == "missing_section"}
    for section in truth["sections"]:
        assert compact(section["heading"]) in flat["main"][section["page"] - 1]
        assert section["key"] not in removed
    if not removed:  # every headline figure is stated in the text, in 万元
        for key, value in truth["headline"].items():
            assert f"{value:.2f}万元" in main, key


@pytest.mark.parametrize("name", [p.stem for p in TRUTHS])
def test_orphaned_titles_sit_alone_at_the_foot_of_their_page(name: str, rendered: Any) -> None:
    truth, texts = rendered[name]
    for table in truth["tables"]:
        if not table["present"] or not table["orphaned"]:
            continue
        title_page, (grid_page, _) = table["title_page"], table["grid_pages"]
        assert title_page < grid_page
        page = compact(texts[table["file"]][title_page - 1])
        # nothing after the title but its unit line (kept with it) and the page number
        tail = page[page.rindex(compact(table["title"])) + len(compact(table["title"])) :]
        assert re.fullmatch(r"(?:(?:金额)?单位[:：](?:万|千|亿)?元)?(第?-?\d+-?页?)?", tail), tail
    if name == "case_orphan_title":
        assert any(t.get("orphaned") for t in truth["tables"])


@pytest.mark.parametrize("name", [p.stem for p in TRUTHS])
def test_split_grids_continue_on_the_next_page(name: str, rendered: Any) -> None:
    truth, texts = rendered[name]
    for table in truth["tables"]:
        if not table["present"] or not table["split"]:
            continue
        first, last = table["grid_pages"]
        assert last == first + 1
        header = compact("".join(table["header"]))
        continued = compact(texts[table["file"]][last - 1])
        assert (header in continued) == table["repeat_header"], table["key"]
    if name.startswith("case_split"):
        repeat = name == "case_split_repeated_header"
        split = [t for t in truth["tables"] if t["present"] and t["split"]]
        assert any(t["repeat_header"] == repeat for t in split)


def test_several_tables_share_a_page() -> None:
    truth = _truth(FAMILY_FIXTURES / "case_several_per_page.json")
    starts = [t["grid_pages"][0] for t in truth["tables"] if t["present"]]
    assert len(starts) > len(set(starts))


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_fixtures_regenerate_identically(tmp_path: Path) -> None:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    from bench.layoutgen.fixtures import SPECS, make

    specs = tuple(s for s in SPECS if s.name == "chongqing")  # two files, one family
    written = make(tmp_path, specs)
    for path in written:
        assert path.read_bytes() == (FAMILY_FIXTURES / path.name).read_bytes(), path.name
