"""Performance self-evaluations (绩效自评): the tables and reports, read, stored, checked.

``extract.extract(parsed)`` reads them in the parse worker; ``store.save`` /
``store.clear`` persist the result next to the other parse results; the checks in
``checks/`` read it back with ``store.load_current``. All three are wired in through
``plugin.py``.
"""
