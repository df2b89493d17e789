"""The archivists' read-only web UI (``newsarchive serve``): one view module per page type, each
page also as JSON (``?format=json``)."""

from archive.web.app import create_app

__all__ = ["create_app"]
