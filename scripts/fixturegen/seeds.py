"""Seed text -> blocks: numbered lines become headings, tab-separated runs become tables.

The seeds come in three shapes: plain lines (000, 004), PDF-wrapped lines with blank lines
between them (001, partly 002) and markdown-ish text (003, parts of 002). Tables are either
one row per line with tab-separated cells (002, 003) or one cell per line, each starting
with a tab, rows separated by blank lines (000).
"""

from __future__ import annotations

import re

from .blocks import Block, Heading, Para, Table

CN_NUM = "一二三四五六七八九十"
PART = re.compile(rf"^第[{CN_NUM}]+部分")
LEVEL2 = re.compile(rf"^[{CN_NUM}]+、")
LEVEL3 = re.compile(rf"^[（(][{CN_NUM}]+[）)]")
LEVEL4 = re.compile(r"^(\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])")
UNNUMBERED_HEADING = re.compile(r"(情况说明|名词解释|专业名词解释|情况)$")
SENTENCE_END = ("。", "；", ";", "：", ":", "！", "？")
IMAGE = re.compile(r"^\[image: [^\]]*\]$")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").strip()
    line = re.sub(r"^#{1,6}\s*", "", line)
    return line.strip()


def _heading_level(line: str) -> int | None:
    text = BOLD.sub(r"\1", line).strip()
    if len(text) > 40:
        return None
    if PART.match(text):
        return 1
    if "《" in text[:6]:  # 一、《收入支出决算总表》: a list of tables, not a heading
        return None
    if "。" in text[:-1] or re.search(r"[：:].", text) or re.match(r"^\d+\.\s", text):
        return None  # run-on sentences, glossary entries (X：指…), "1. " list items
    if text.endswith("。") and len(text) > 12:
        return None  # a numbered sentence ("（九）监督检查…情况。"), not a title
    if LEVEL2.match(text) and not text.endswith(SENTENCE_END[:2]) and "：指" not in text:
        return 2
    if LEVEL3.match(text) and len(text) <= 30 and "万元" not in text:
        return 3
    if LEVEL4.match(text) and len(text) <= 22 and "万元" not in text and "%" not in text:
        return 4
    if UNNUMBERED_HEADING.search(text) and len(text) <= 24 and not any(ch.isdigit() for ch in text):
        return 2
    return None


def _table_rows(lines: list[str]) -> list[list[str]]:
    """Rows from a run of raw lines; handles both tab layouts of the seeds."""
    if all(line.startswith("\t") or not line.strip() for line in lines) and not any(
        "\t" in line.strip("\t") for line in lines if line.strip()
    ):
        rows: list[list[str]] = []
        current: list[str] = []
        for line in lines:
            if not line.strip() and line == "":
                if current:
                    rows.append(current)
                    current = []
                continue
            current.append(line.strip())
        if current:
            rows.append(current)
        return rows
    return [[cell.strip() for cell in line.split("\t")] for line in lines if line.strip()]


def _finish_table(rows: list[list[str]]) -> list[Block]:
    """Single-cell leading rows are the table's title lines (表名, 年度)."""
    blocks: list[Block] = []
    rows = [r for r in rows if any(cell for cell in r)]
    title: list[str] = []
    while rows and len([c for c in rows[0] if c]) == 1 and len(rows[0]) <= 2:
        title.append(next(c for c in rows[0] if c))
        rows = rows[1:]
    if not rows:
        return [Para(t, indent=False) for t in title]
    width = max(len(r) for r in rows)
    # Trailing empty columns come from trailing tabs only.
    while width > 1 and all(len(r) < width or not r[width - 1] for r in rows):
        width -= 1
    grid = [(r + [""] * width)[:width] for r in rows]
    blocks.append(Table(rows=grid, title="\n".join(title), header_rows=1, font_size=8))
    return blocks


def _is_table_line(line: str) -> bool:
    return "\t" in line


def seed_blocks(text: str, *, rejoin_wrapped: bool = False) -> list[Block]:
    raw = text.replace("\r\n", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    pending: list[str] = []  # wrapped lines waiting to be joined into one paragraph

    def flush() -> None:
        if pending:
            blocks.append(_para("".join(pending)))
            pending.clear()

    while i < len(raw):
        line = raw[i]
        if _is_table_line(line):
            flush()
            run: list[str] = []
            while i < len(raw):
                if _is_table_line(raw[i]) or (raw[i].strip() == "" and _next_is_table(raw, i)):
                    run.append(raw[i])
                    i += 1
                else:
                    break
            blocks.extend(_finish_table(_table_rows(run)))
            continue
        i += 1
        cleaned = _clean(line)
        if not cleaned or IMAGE.match(cleaned) or cleaned in ("目 录", "目录"):
            if cleaned in ("目 录", "目录"):
                flush()
                blocks.append(Para("目  录", indent=False))
            continue
        level = _heading_level(cleaned)
        if level is not None and not (rejoin_wrapped and pending):
            flush()
            blocks.append(Heading(BOLD.sub(r"\1", cleaned), level, page_break=level == 1))
            continue
        if cleaned.startswith("- "):
            flush()
            blocks.append(Para(BOLD.sub(r"\1", cleaned[2:]).strip(), list_item=True))
            continue
        if rejoin_wrapped:
            pending.append(cleaned)
            if cleaned.endswith(SENTENCE_END[:2]) or cleaned.endswith(("。", "”")):
                flush()
            continue
        blocks.append(_para(cleaned))
    flush()
    return _drop_toc_breaks(blocks)


def _next_is_table(raw: list[str], i: int) -> bool:
    for j in range(i + 1, min(i + 4, len(raw))):
        if raw[j].strip():
            return _is_table_line(raw[j])
    return False


def _para(text: str) -> Para:
    match = re.match(r"^\*\*(.+?)\*\*(.*)$", text)
    if match:
        return Para(match.group(2).strip(), bold_prefix=match.group(1))
    return Para(BOLD.sub(r"\1", text))


def _drop_toc_breaks(blocks: list[Block]) -> list[Block]:
    """Inside a 目录 the headings are plain lines; the TOC ends where a part repeats."""
    out: list[Block] = []
    in_toc = False
    toc_parts: set[str] = set()
    for block in blocks:
        if isinstance(block, Para) and block.text.replace(" ", "") == "目录":
            in_toc = True
            out.append(block)
            continue
        if in_toc and isinstance(block, Heading):
            if block.level == 1 and block.text in toc_parts:
                in_toc = False
            else:
                if block.level == 1:
                    toc_parts.add(block.text)
                out.append(Para(block.text, indent=block.level > 1))
                continue
        if in_toc and isinstance(block, Para):
            block.indent = True
        out.append(block)
    return out
