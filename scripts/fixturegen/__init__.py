"""Fixture generation for fiscalwatch: seed texts and figure models -> DOCX -> PDF.

Modules: ``blocks`` (the document model), ``seeds`` (seed text -> blocks), ``docx_out``
(blocks -> DOCX), ``convert`` (LibreOffice, rasterising, encryption), ``account`` (a
final account rendered from figures), ``tomlw`` (a small TOML writer).
"""
