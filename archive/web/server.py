"""Running the UI under uvicorn."""

from __future__ import annotations

import sys

import uvicorn
from sqlalchemy import Engine

from archive.web.app import create_app


def run_server(engine: Engine, host: str, port: int) -> None:
    """Serve the UI until interrupted; says where to open it."""
    app = create_app(engine)
    shown = f"[{host}]" if ":" in host else host
    print(f"newsarchive UI on http://{shown}:{port}/ (read-only; Ctrl-C stops it)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
