"""Parsing disclosures into sections, figures and tables with page provenance.

Public entry points:

- :func:`fiscalwatch.parsing.document.parse_bytes` — bytes (+ :class:`Hints`) to a
  :class:`~fiscalwatch.models.ParsedDocument`; raises ``DocumentError`` /
  ``UnreadableDocument``;
- :func:`fiscalwatch.parsing.jobs.parse_file` — the same from a path (what a worker runs);
- :func:`fiscalwatch.parsing.stage.parse_pending` — the parse stage over a store, through
  an executor (:mod:`fiscalwatch.parsing.executors`: worker processes with limits);
- :func:`fiscalwatch.parsing.document.enrich` — where other parts extend a parse result.

See docs/parsing.md.
"""
