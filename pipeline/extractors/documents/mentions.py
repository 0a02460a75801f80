"""Mentions of documents and their grouping: every mention of one document makes one entry."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from pipeline.extractors.documents.grammar import group_key, number_key
from pipeline.extractors.documents.symbols import (
    DocumentSymbol,
)


@dataclass
class Mention:
    start: int
    end: int
    kind: str | None
    weak_kind: bool
    symbol: DocumentSymbol | None
    sym_start: int
    sym_end: int
    date: str | None = None
    term: str | None = None
    term_stated: bool = False  # said with a term word ("XII kadencji"), not implied
    title: str | None = None
    issuer: str | None = None  # "party.BCT": the issuer the text names with the reference
    key: str | None = None  # grouping key of unnumbered mentions
    # A bare number kept only if the article also cites the full symbol with that number.
    needs_support: bool = False


@dataclass
class Entry:
    mentions: list[Mention] = field(default_factory=list)



def group_mentions(mentions: list[Mention]) -> list[Entry]:
    """Mentions of one document together: the same symbol (however spaced or dashed); a
    bare number beside the full symbol; the same unnumbered kind and complement."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.sym_start))
    entries: list[Entry] = []
    by_key: dict[str, Entry] = {}
    full: list[tuple[Mention, Entry]] = []
    unnumbered: list[tuple[Mention, Entry]] = []
    for mention in ordered:
        symbol = mention.symbol
        if symbol is None or symbol.style == "bare":
            continue
        key = group_key(symbol.text)
        if key not in by_key:
            by_key[key] = Entry()
            entries.append(by_key[key])
            full.append((mention, by_key[key]))
        by_key[key].mentions.append(mention)
    for mention in ordered:
        symbol = mention.symbol
        if symbol is None:
            target = _unnumbered_entry_for(mention, unnumbered)
            if target is None:
                target = Entry()
                entries.append(target)
                unnumbered.append((mention, target))
        elif symbol.style == "bare":
            target = _full_entry_for(mention, full)
            if target is None:
                if mention.needs_support:
                    continue
                key = f"bare|{mention.kind}|{group_key(symbol.text)}"
                if key not in by_key:
                    by_key[key] = Entry()
                    entries.append(by_key[key])
                target = by_key[key]
        else:
            continue
        target.mentions.append(mention)
    for entry in entries:
        entry.mentions.sort(key=lambda m: (m.start, m.sym_start))
    return entries


def _unnumbered_entry_for(mention: Mention, unnumbered) -> Entry | None:
    """One document named twice: the same kind and complement, or one complement word for
    word the start of the other ("Nghị quyết Đại hội XIII" / "Nghị quyết Đại hội XIII của
    Đảng")."""
    words = mention.key.split()
    for candidate, entry in unnumbered:
        other = candidate.key.split()
        shorter = min(len(words), len(other))
        if candidate.kind == mention.kind and shorter and words[:shorter] == other[:shorter]:
            return entry
    return None


def _full_entry_for(mention: Mention, full) -> Entry | None:
    """The numbered document a bare "Nghị quyết 18" refers to, when the article cites it."""
    symbol = mention.symbol
    for candidate, entry in full:
        other = candidate.symbol
        if number_key(other.number) != number_key(symbol.number):
            continue
        if symbol.year is not None and other.year != symbol.year:
            continue
        if any(m.kind == mention.kind for m in entry.mentions):
            return entry
    return None


def inside(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def original_span(start: int, end: int, offsets) -> tuple[int, int]:
    if offsets is None:
        return start, end
    starts, ends = offsets
    if end <= start:
        return starts[start], starts[start]
    return starts[start], ends[end - 1]


def nfc_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """NFC `text`, with each normalized character's start and end in the original."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    length = len(text)
    while index < length:
        end = index + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        cluster = unicodedata.normalize("NFC", text[index:end])
        for char in cluster:
            pieces.append(char)
            starts.append(index)
            ends.append(end)
        index = end
    return "".join(pieces), starts, ends
