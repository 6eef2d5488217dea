"""The bid packet: the document the state posts with its Form 470 and sends to vendors.

`dto` holds the plain data it is drawn from, `sections` draws each section, `render` puts
them together with the cover, contents, bookmarks and "page X of Y"."""
