"""Comments: the reader comment section of a page → threaded ``ExtractedComment`` records.

- :mod:`~archive.extract.comments.sections`: find the section (site selectors, named containers,
  blocks of a comment's shape, a header line) - the entry point ``find_comments``;
- :mod:`~archive.extract.comments.flat`: sections with no block per comment, where a signature
  line (``Posted by: X | DATE``) repeats among sibling blocks;
- :mod:`~archive.extract.comments.items`: split a marked-up section into its comment blocks and
  read each one's author, text, time, replies and quotes;
- :mod:`~archive.extract.comments.shapes`: comment blocks found by their shape, and what is not a
  comment (rankings, forms, other articles' comments);
- :mod:`~archive.extract.comments.lines`: the ``ExtractedComment`` record and the plain-lines
  layouts (a name line then the text; the text then a signature line).
"""
