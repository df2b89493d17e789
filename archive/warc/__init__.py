"""WARC 1.1: recording what the crawl fetched (:mod:`~archive.warc.recorder`) and reading WARC
files back (:mod:`~archive.warc.reader`)."""
