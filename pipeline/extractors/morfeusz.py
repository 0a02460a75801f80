"""One morfeusz2 analyser per process, shared by the people, role and indicator extractors
(the indicators read it through polish_names.PolishMorphology, as the people extractor does).

Created on first use (only Polish text needs it): its dictionaries take some 40 MB and a
moment to load, so a second instance would cost both again. Calls into the C library go
through MORFEUSZ_LOCK, for a worker that runs extractions in threads, and through `analyse` and
`generate` below, which tell input the library cannot take (no readings, a fact about the word
that may be cached) from a library that fails (MorfeuszError: the extract stage turns it into
the document's error entry, and nothing is cached).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

MORFEUSZ_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def morfeusz():
    """The analyser, with generation (polish_roles brings offices to the nominative)."""
    import morfeusz2

    return morfeusz2.Morfeusz()


class MorfeuszError(RuntimeError):
    """morfeusz2 failed on a word it can be given; the message names the word and the call."""


def readable(word: str) -> bool:
    """Whether morfeusz2's bindings can take `word`: text that encodes as UTF-8. A lone
    surrogate (JSON input can carry one, "\\ud800") is refused with a TypeError; no Polish word
    has one, so such a word simply has no readings."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def analyse(word: str, analyser: Any = None) -> list:
    """morfeusz2's analyses of `word` (readable), or MorfeuszError."""
    with MORFEUSZ_LOCK:
        try:
            return (analyser or morfeusz()).analyse(word)
        except Exception as err:  # noqa: BLE001 - the C library's errors have no common type
            raise MorfeuszError(
                f"morfeusz2 could not analyse {word!r}: {type(err).__name__}: {err}"
            ) from err


def generate(lemma: str) -> list:
    """morfeusz2's forms of `lemma` (readable), or MorfeuszError."""
    with MORFEUSZ_LOCK:
        try:
            return morfeusz().generate(lemma)
        except Exception as err:  # noqa: BLE001 - the C library's errors have no common type
            raise MorfeuszError(
                f"morfeusz2 could not generate the forms of {lemma!r}: {type(err).__name__}: {err}"
            ) from err
