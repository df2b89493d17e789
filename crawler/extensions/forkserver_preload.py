"""Imported by the crawl's fork server (``helper_processes.helper_context``) before it forks any
helper: the helpers' code is loaded once, and the fork server dies with the crawl process, even
when that is killed with SIGKILL, so that its children (the workers and the writer, each set to
die with their parent) never outlive the crawl. Nothing else imports this module."""

import archive.extract.extractor  # noqa: F401  (the extractor, imported lazily by archive.process, loaded for the forks)
from crawler.extensions import archive_writer_process as _archive_writer_process  # noqa: F401  (loaded for the forks)
from crawler.extensions import extraction_worker as _extraction_worker  # noqa: F401  (loaded for the forks)
from crawler.extensions.helper_processes import FORKSERVER_PROCESS_NAME, die_with_parent

die_with_parent(FORKSERVER_PROCESS_NAME)
