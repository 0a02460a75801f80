"""One morfeusz2 analyser per process, shared by the people, role and indicator extractors
(the indicators read it through polish_names.PolishMorphology, as the people extractor does).

Created on first use (only Polish text needs it): its dictionaries take some 40 MB and a
moment to load, so a second instance would cost both again. Calls into the C library go
through MORFEUSZ_LOCK, for a worker that runs extractions in threads.
"""

from __future__ import annotations

import threading
from functools import lru_cache

MORFEUSZ_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def morfeusz():
    """The analyser, with generation (polish_roles brings offices to the nominative)."""
    import morfeusz2

    return morfeusz2.Morfeusz()
