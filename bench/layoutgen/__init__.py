"""An independent generator of final-account PDFs in the template families of real
disclosures (``../shared/templates.md``), with exact ground truth, for the layout
benchmark (``bench/layouts.py``).

It shares no code with ``scripts/fixturegen`` nor with ``fiscalwatch.parsing``: the
documents are written as flat OpenDocument text (``.fodt``, hand-built XML: page
styles, master pages, ruled or borderless tables) and exported to PDF by LibreOffice
in batches, so the parser meets another tool chain than the one it was built with.
"""
