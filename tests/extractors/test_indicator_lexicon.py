"""Word-list matching of the indicator extractor: the fast scans answer as `all_at` does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors.indicators import language_data


def _lists(lang: str) -> list:
    d = language_data(lang)
    return [d.taxonomy._parts, d.units, d.qualifiers, d.predicates, d.increase,
            *d.words.values()]


def _vocabulary(lang: str) -> list[str]:
    words = set()
    for ps in _lists(lang):
        for entries in ps._exact.values():
            for toks, _ in entries:
                words.update(t.rstrip("*") for t in toks)
    # every word of the lists, so that every entry can match somewhere
    return sorted(words) + ["xã", "tỷ", "đồng", "mln", "zł", ",", "2025", "z", "do"]


@pytest.mark.parametrize("lang", ["vi", "pl"])
def test_scans_agree_with_all_at(lang):
    vocabulary = _vocabulary(lang)
    lists = _lists(lang)

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.sampled_from(vocabulary), max_size=14), st.integers(0, 14))
    def check(lows, start):
        for ps in lists:
            at = [ps.all_at(lows, i) for i in range(len(lows))]
            assert ps.every_match(lows) == [(i, end, p) for i, found in enumerate(at)
                                            for end, p in found]
            assert ps.search(lows) == any(at)
            firsts = [i for i in range(start, len(lows)) if at[i]]
            assert ps.first_match(lows, start) == (firsts[0] if firsts else None)
            lasts = [i for i in range(len(lows)) if at[i]]
            assert ps.last_match(lows) == ((lasts[-1], *at[lasts[-1]][0]) if lasts else None)
            for i in range(len(lows) + 1):
                assert ps.match_at(lows, i) == (at[i][0] if i < len(lows) and at[i] else None)

    check()


@pytest.mark.parametrize("lang", ["vi", "pl"])
def test_columns_are_the_tokens(lang):
    lexer = language_data(lang).lexer
    text = ("Tổng thu ngân sách nhà nước đạt 3.312 tỷ đồng, vượt 69% dự toán; xã hội İstanbul"
            if lang == "vi" else "Dochody budżetu wyniosły 1 299 mln zł, o 6,5% więcej. İ")
    toks = lexer.tokens(text)
    assert lexer.columns(text) == ([t[0] for t in toks], [t[1] for t in toks],
                                   [t[2] for t in toks])


def test_caches_share_one_budget_and_empty_together(monkeypatch):
    """However many word lists fill their caches, the entries they hold together stay under one
    limit (a limit per cache let ~160 caches grow for 20,000 documents)."""
    from pipeline.extractors.indicators import lexicon

    monkeypatch.setattr(lexicon, "CACHE_LIMIT", 10)
    monkeypatch.setattr(lexicon, "_caches", {})
    monkeypatch.setattr(lexicon, "_entries", 0)
    caches = [{} for _ in range(4)]
    for n in range(37):
        lexicon.remember(caches[n % 4], n, n * n)
        assert sum(len(c) for c in caches) <= 10
    # emptied together after the 10th, 20th and 30th entry: the 7 since are all there
    assert sorted(k for c in caches for k in c) == list(range(30, 37))
    assert all(c[k] == k * k for c in caches for k in c)
