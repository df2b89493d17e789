"""Comments: the reader comment section of a page → threaded ``ExtractedComment`` records.

- :mod:`~archive.extract.comments.sections`: find the section (site selectors, named containers,
  a header line) and split marked-up items;
- :mod:`~archive.extract.comments.shapes`: comment blocks found by their shape, replies and quotes
  inside them;
- :mod:`~archive.extract.comments.lines`: the ``ExtractedComment`` record and the plain-lines layout.
"""
