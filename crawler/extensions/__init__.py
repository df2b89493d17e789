"""The crawl's Scrapy extensions, each switched on in ``crawler/settings.py`` (``EXTENSIONS``) and
found by the components that use it through the crawler (``crawler.get_extension``):

    crawl process (reactor thread)          helper processes (forked from one fork server)
    extraction_pool.ExtractionPool   ->     extraction_worker: decode, extract, read links (one per core)
    archive_writer.ArchiveWriterProcess ->  archive_writer_process: the archive's one writer
    progress.CrawlProgress                  (a line on stderr every few seconds)

``helper_processes`` starts the helpers (fork server, names, death with the crawl),
``forkserver_preload`` is what the fork server imports before it forks one, and ``batch_calls``
groups calls into a helper. The modules whose names end in ``_worker`` / ``_process`` run inside
the helpers and import neither Scrapy nor Twisted. Nothing is imported here.
"""
