"""Extract: decoded HTML → an :class:`~archive.extract.records.Extraction`.

- :mod:`~archive.extract.extractor`: ``Extractor`` (one per process and site), body text and fields;
- :mod:`~archive.extract.metadata`, :mod:`~archive.extract.dates`: title, author, dates, language;
- :mod:`~archive.extract.pagekind`: article or listing/home/tag page, with the reason;
- :mod:`~archive.extract.boilerplate`: boilerplate lines by rule and learnt per site;
- :mod:`~archive.extract.links`: the links a parsed page makes (read for the crawler);
- :mod:`~archive.extract.comments`: reader comment sections → ``Comment`` records;
- :mod:`~archive.extract.records`: the ``Extraction`` record itself (light: no lxml, no trafilatura).

This package's ``__init__`` imports nothing, so a process that only receives extractions (the
writer) does not load the extractor.
"""
