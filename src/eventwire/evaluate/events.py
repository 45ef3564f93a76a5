"""The event and actor suites of ``eventwire eval`` (issue 3), one module each.

Importing this module registers them: ``case2021`` (:mod:`.case`), ``cameo`` and
``cameo-spans`` (:mod:`.cameo`), ``plover`` (:mod:`.plover`), ``police`` (:mod:`.police`)
and ``petrarch`` (:mod:`.petrarch`). Each is ``suite(path, *, limit=None, mode=None) ->
Report``; what they share (coding a gold text, the main event) is in :mod:`.coding`.
"""

from __future__ import annotations

from eventwire.evaluate.cameo import cameo, cameo_spans
from eventwire.evaluate.case import case2021
from eventwire.evaluate.petrarch import petrarch
from eventwire.evaluate.plover import plover
from eventwire.evaluate.police import police

__all__ = ["cameo", "cameo_spans", "case2021", "petrarch", "plover", "police"]
