"""fiscalwatch: watches Chinese departments' final-account disclosures."""

import sys


def _import_sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy and pandas, when they are installed (numpy is, for OCR),
    only to map their scalar types to column types. fiscalwatch never hands it numpy or
    pandas values, and that import was a fifth of every command's start-up
    (bench/startup.py), so sqlite-utils is imported once here with both hidden."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_without_numpy()

__version__ = "0.1.0"
