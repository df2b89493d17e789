"""One module per page type; each view reads its parameters, asks archive.store.browse, and hands
the data to :func:`archive.web.render.page` (HTML, or JSON with ``?format=json``)."""
