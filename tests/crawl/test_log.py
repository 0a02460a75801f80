"""The append-only page log: torn-line recovery, and documents.jsonl made from it."""

import json

from pipeline.crawl.log import PageLog, materialise


def doc(doc_id, text, errors=()):
    return {
        "id": doc_id,
        "source": {},
        "title": None,
        "published": None,
        "translation_of": None,
        "alternates": {},
        "text": text,
        "errors": list(errors),
    }


def test_a_torn_last_line_is_cut_off(tmp_path):
    path = tmp_path / "pages.jsonl"
    log = PageLog(path)
    log.append({"url": "a", "kind": "listing"})
    log.append({"url": "b", "kind": "listing"})
    log.close()
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"v":1,"url":"c","kind":"art')  # killed mid-write
    warnings = []
    log = PageLog(path, warn=warnings.append)
    assert log.recover() == len(b'{"v":1,"url":"c","kind":"art')
    assert path.read_bytes() == whole
    assert "torn last line" in warnings[0]
    assert [e["url"] for _, e in log.entries()] == ["a", "b"]
    assert log.recover() == 0


def test_a_log_torn_inside_its_first_line(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(b'{"v":1,"u')
    PageLog(path).recover()
    assert path.read_bytes() == b""


def test_documents_in_first_place_latest_good_version(tmp_path):
    log = PageLog(tmp_path / "pages.jsonl")
    log.append({"url": "a", "kind": "article", "include": True, "doc": doc("A", "v1")})
    log.append({"url": "b", "kind": "article", "include": True, "doc": doc("B", "b")})
    log.append({"url": "c", "kind": "duplicate", "include": False, "doc": None})
    log.append({"url": "d", "kind": "old", "include": False, "doc": doc("D", "old")})
    log.append({"url": "a", "kind": "article", "include": True, "doc": doc("A", "v2")})
    log.append(
        {
            "url": "a",
            "kind": "error",
            "include": True,
            "doc": doc("A", "", [{"stage": "ingest", "code": "http-500", "message": "x"}]),
        }
    )
    log.append(
        {
            "url": "e",
            "kind": "error",
            "include": True,
            "doc": doc("E", "", [{"stage": "ingest", "code": "timeout", "message": "x"}]),
        }
    )
    log.close()
    out = tmp_path / "documents.jsonl"
    assert materialise(log, out) == (3, 1)
    docs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(d["id"], d["text"]) for d in docs] == [("A", "v2"), ("B", "b"), ("E", "")]


def test_empty_log_gives_an_empty_documents_file(tmp_path):
    out = tmp_path / "documents.jsonl"
    assert materialise(PageLog(tmp_path / "none.jsonl"), out) == (0, 0)
    assert out.read_text() == ""
