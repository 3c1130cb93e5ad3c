"""Property-based fuzzing of every reader: malformed and random PDF, HTML, DOCX and XLSX
input is either read or refused with a :class:`DocumentError` (the row says why), fast;
and a batch of such files through the real worker pool finishes, each file within the
time and memory limits, none of them crashing a worker.

CI runs a bounded number of examples; ``FISCALWATCH_FUZZ=deep`` runs many more.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiscalwatch.config import config_from_dict
from fiscalwatch.errors import DocumentError
from fiscalwatch.parsing.document import Hints, parse_bytes
from fiscalwatch.parsing.stage import parse_documents
from fiscalwatch.store import Store
from tests.parsing.fuzz_inputs import docx_files, html_pages, pdfs, xlsx_files

DEEP = os.environ.get("FISCALWATCH_FUZZ") == "deep"
EXAMPLES = 400 if DEEP else 25
SECONDS_PER_FILE = 10.0  # per small hostile file (a worker allows 60 s); slack for a busy box

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,  # timed below, with a bound that means something on a shared machine
    database=None,
    derandomize=not DEEP,  # CI sees the same examples every run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
READERS = {
    "pdf": ("x.pdf", pdfs()),
    "html": ("x.html", html_pages()),
    "docx": ("x.docx", docx_files()),
    "xlsx": ("x.xlsx", xlsx_files()),
}


def _read(filename: str, data: bytes) -> None:
    started = time.monotonic()
    with contextlib.suppress(DocumentError):  # refused with a reason: what a bad file gets
        parse_bytes(data, Hints(filename=filename, ocr=False))
    assert time.monotonic() - started < SECONDS_PER_FILE


@pytest.mark.timeout(300)
@pytest.mark.parametrize("reader", list(READERS))
def test_a_reader_reads_or_refuses_anything(reader: str) -> None:
    filename, strategy = READERS[reader]

    @fuzz
    @given(strategy)
    def check(data: bytes) -> None:
        _read(filename, data)

    check()


@pytest.mark.timeout(300)
@settings(
    max_examples=8 if DEEP else 2,
    deadline=None,
    database=None,
    derandomize=not DEEP,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    st.lists(st.one_of(pdfs(), html_pages(), docx_files(), xlsx_files()), min_size=4, max_size=8)
)
def test_a_batch_of_hostile_files_finishes_within_the_limits(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    store = Store(folder / "fw.db", folder / "files")
    config = config_from_dict(
        {"parse": {"workers": 2, "max_memory_mb": 1024, "timeout_s": 30, "ocr": False}}
    )
    documents: list[dict[str, Any]] = []
    for index, data in enumerate(files):
        stored = store.record_document(
            url=f"http://127.0.0.1/{index}", data=data + bytes([index]), source="fuzz"
        )
        documents.append(store.db.table("documents").get(stored.document_id))
    summary = parse_documents(store, config, documents, progress=False)
    assert len(summary.results) == len(files)
    errors = [row[0] or "" for row in store.db.execute("SELECT error FROM documents")]
    for error in errors:
        assert not error.startswith(("timed out", "out of memory", "the parser process")), error
        assert not error.startswith("parser error"), error  # a reader bug, not a bad file
    store.close()
