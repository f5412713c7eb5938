"""``evaltools voorbeeld``: a live preview of one edition of a round's report.

A server on 127.0.0.1 shows the edition's HTML (and ``/rapport.pdf``, from a long-lived
Typst compiler); a watcher of the round's inputs, the notebooks and the report sources
reruns only the stages a change touches (:mod:`evaltools.preview.plan`) and the page reloads
itself. Invalid input shows its Dutch problem list above the last good preview.
"""
