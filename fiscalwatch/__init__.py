"""fiscalwatch: watches Chinese departments' final-account disclosures."""

import importlib.util
import sys


def _import_sqlite_utils_lightly() -> None:
    """Imports sqlite-utils once, without what it imports for features fiscalwatch does
    not use; together these were a quarter of a light command's start-up
    (bench/startup.py).

    - numpy and pandas, when installed (numpy is, for OCR), are imported only to map
      their scalar types to column types; fiscalwatch never hands it such values, so
      both are hidden while it is imported.
    - ``dateutil.parser`` (14 ms) serves only its date-parsing recipes: it is bound
      lazily (``importlib.util.LazyLoader``), so it is loaded on first use, if ever."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        _bind_lazily("dateutil.parser")
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


def _bind_lazily(name: str) -> None:
    """Puts ``name`` in ``sys.modules`` as a module executed on first attribute access.
    It is also bound on its parent package, so that ``from parent import child`` finds
    it there: the import system would otherwise read its ``__spec__``, which loads it."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return  # not installed: the importer reports it as usual
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


_import_sqlite_utils_lightly()

__version__ = "0.1.0"
