"""Ingest: processed pages → the archive, from each source a page can come from.

- :mod:`~archive.ingest.writer`: ``ArchiveWriter``, the one place that writes pages (the crawl's
  writer process holds one);
- :mod:`~archive.ingest.warc_import`: WARC files through the same path (``captures import``);
- :mod:`~archive.ingest.reextract`: stored captures through a newer extractor (``reextract``).
"""
