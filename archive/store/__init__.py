"""Store: the archive's schema and every read and write of it.

- :mod:`~archive.store.models`: typed SQLAlchemy 2.0 models (documented in docs/schema.md);
- :mod:`~archive.store.engine`: engines, sessions and schema upgrades (Alembic);
- :mod:`~archive.store.writes`: ON CONFLICT writes, one function per fact recorded;
- :mod:`~archive.store.queries`: read-side queries shared by export and the web UI.
"""
