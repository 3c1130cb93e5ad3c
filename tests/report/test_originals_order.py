"""Copying originals in the order SQLite reads them gives what sorting every document in
memory gave: the same order, the same files copied, the same reason for each one left
out, on a store mixing kinds, versions, years, shared bytes, a missing file and an
oversized one under a tight total."""

from __future__ import annotations

import random
from pathlib import Path

from fiscalwatch.report.originals import copy_originals
from fiscalwatch.store import Store, reads
from fiscalwatch.store.rows import DocumentRow


def priority(document: DocumentRow) -> tuple[int, int, int, int]:
    """The archive's priority as a key over documents in memory (how it was computed
    before the store read them in order)."""
    return (
        0 if document.doc_type == "final_account" else 1,
        0 if document.is_current else 1,
        -(document.fiscal_year or 0),
        -document.id,
    )


def mixed_store(root: Path) -> Store:
    store = Store(root / "fw.db", root / "files")
    rng = random.Random(18)
    shared = b"%PDF-1.4 the same bytes at two addresses\n" * 3
    for n in range(60):
        url = f"http://127.0.0.1:8001/{n % 23}.pdf"  # repeated URLs: replaced versions
        data = shared if n % 11 == 0 else f"%PDF-1.4 {n}\n".encode() * rng.randint(1, 40)
        if n == 17:
            data = b"x" * 6000  # over the per-file cap below
        store.record_document(
            url=url,
            data=data,
            source="test",
            department=f"部门{n % 7}",
            region="青川市",
            fiscal_year=rng.choice([None, 2021, 2023, 2024]),
            doc_type=rng.choice(["final_account", "final_account", "budget", None]),
            content_type=rng.choice(["pdf", "html", None]),
        )
    missing = store.db.execute("SELECT sha256 FROM documents WHERE id = 9").fetchone()[0]
    store.files.path(missing).unlink()
    return store


def test_store_order_is_the_priority_and_copies_match(tmp_path: Path) -> None:
    store = mixed_store(tmp_path)
    try:
        streamed = list(reads.documents_by_archive_priority(store.db))
        in_memory = sorted(reads.documents(store.db), key=priority)
        assert [d.id for d in streamed] == [d.id for d in in_memory]
        assert len({d.is_current for d in streamed}) == 2  # replaced versions are there
        caps = (0.004, 0.005)  # MB in all, MB a file: a third or so fits
        got = copy_originals(iter(streamed), store.files, tmp_path / "a", *caps)
        expected = copy_originals(in_memory, store.files, tmp_path / "b", *caps)
    finally:
        store.close()
    assert got == expected
    assert got.copied and got.skipped and len(got.reasons) == 3, got.reasons
    assert len(got.placed) == 60
    # The newest current final accounts were the ones kept.
    first = streamed[0]
    assert got.placed[first.id][0] is not None
