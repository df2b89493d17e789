"""Export: streaming dumps of the archive for researchers.

- :mod:`~archive.export.writers`: jsonl / txt writers, written beside PATH and renamed when complete;
- :mod:`~archive.export.dedup`: exact and near-duplicate filters.
"""
