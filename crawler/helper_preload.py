"""Imported by the crawl's fork server (``crawler.workers.helper_context``) before it forks any
helper: the helpers' code is loaded once, and the fork server dies with the crawl process, even
when that is killed with SIGKILL, so that its children (the workers and the writer, each set to
die with their parent) never outlive the crawl. Nothing else imports this module."""

import archive.extract.extractor  # noqa: F401  (the extractor, imported lazily by archive.process, loaded for the forks)
from crawler import workers as _workers
from crawler import writer_process as _writer_process  # noqa: F401  (loaded for the forks)

_workers.die_with_parent("na-forkserver")
