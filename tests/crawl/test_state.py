"""Dedupe decisions: canonical URL (the document id), content hash, unchanged, --since."""

from datetime import date

from pipeline.crawl.state import ARTICLE, DUPLICATE, OLD, UNCHANGED, CrawlState
from pipeline.document import Document, Source, document_id


def article(url, text, published="2025-10-14", fetched_at="2025-10-14T03:00:00Z"):
    return Document(
        id=document_id(url=url),
        text=text,
        published=published,
        source=Source(url=url, fetched_at=fetched_at),
    )


def remember(state, url, doc, decision):
    state.apply(
        {
            "url": url,
            "kind": decision.kind,
            "doc_id": doc.id,
            "hash": decision.text_hash,
            "doc_hash": decision.doc_hash,
            "include": decision.include,
            "doc": doc.to_json() if decision.store_doc else None,
        },
        0,
    )


def test_decisions():
    state = CrawlState()
    first = article("http://x/a-1", "Nội dung A")
    decision = state.decide(first, "http://x/a-1", None)
    assert decision.kind == ARTICLE and decision.include
    remember(state, "http://x/a-1", first, decision)

    # the same canonical reached from another address
    assert state.decide(article("http://x/a-1", "khác"), "http://x/van-hoa/a-1", None).kind == (
        DUPLICATE
    )
    # the same text under another canonical
    copy = state.decide(article("http://x/b-2", "Nội dung A"), "http://x/b-2", None)
    assert copy.kind == DUPLICATE and copy.duplicate_of == first.id
    # fetched again, same content, another fetch time: not a new version
    again = article("http://x/a-1", "Nội dung A", fetched_at="2025-10-20T00:00:00Z")
    assert state.decide(again, "http://x/a-1", None).kind == UNCHANGED
    # changed content at the same address: a new version
    assert state.decide(article("http://x/a-1", "Nội dung A, sửa"), "http://x/a-1", None).kind == (
        ARTICLE
    )


def test_since_applies_to_new_documents_only():
    state = CrawlState()
    since = date(2025, 10, 1)
    old = article("http://x/c-3", "Cũ", published="2024-12-20")
    decision = state.decide(old, "http://x/c-3", since)
    assert decision.kind == OLD and not decision.include and decision.store_doc
    known = article("http://x/d-4", "Đã có", published="2024-12-20")
    remember(state, "http://x/d-4", known, state.decide(known, "http://x/d-4", None))
    changed = article("http://x/d-4", "Đã có, sửa", published="2024-12-20")
    assert state.decide(changed, "http://x/d-4", since).kind == ARTICLE


def test_validators_come_only_from_earlier_runs():
    state = CrawlState()
    state.apply({"url": "http://x/a", "kind": "listing", "status": 200, "etag": '"1"'}, 0)
    assert state.validators("http://x/a") is None  # learnt during this run
