"""fiscalwatch: watches Chinese departments' final-account disclosures."""

__version__ = "0.1.0"
