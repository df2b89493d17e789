"""Decode: the raw bytes a server sent (and its Content-Type) → the page's text, with evidence.

- :mod:`~archive.decode.page`: ``decode_page`` weighs every piece of charset evidence and records why
  it chose what it chose (``DecodedPage``);
- :mod:`~archive.decode.charsets`: the evidence: labels, declarations, BOMs, text plausibility;
- :mod:`~archive.decode.mojibake`: repair of text that was decoded wrongly before it reached us.
"""
