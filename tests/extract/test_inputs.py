"""Reading documents.jsonl written by ingest or by hand: one bad line never stops the batch."""

import json

import pytest

from pipeline.document import Document
from pipeline.extract.inputs import iter_documents_jsonl
from pipeline.extract.record import validate_record
from pipeline.extract.step import extract_document

GOOD = {"id": "0123456789abcdef", "text": "Sáng nay, đồng chí Nông Văn Thành phát biểu."}


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ({"id": "abc", "text": "x"}, "id 'abc' is not 16 lowercase hex digits"),
        ({"text": 42}, "'text' field holding a string"),
        ({"text": "x", "published": "14/10/2025"}, "published '14/10/2025' is not a date"),
        ({"text": "x", "title": ["a"]}, "'title' must be a string or null"),
        ({"text": "x", "source": "http://a"}, "'source' must be an object"),
        ({"text": "x", "source": {"url": 5}}, "'source.url' must be a string or null"),
        ({"text": "x", "alternates": {"vi": 1}}, "'alternates' must map"),
        ({"text": "x", "errors": [{"stage": "read"}]}, "'errors' must be a list"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_a_line_breaking_the_contract_is_an_error_entry_and_the_next_line_goes_on(
    tmp_path, line, complaint
):
    path = tmp_path / "documents.jsonl"
    path.write_text(json.dumps(line) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    bad, good = list(iter_documents_jsonl(path))
    assert bad.text == ""
    assert bad.source.path == f"{path}:1"
    assert [e["code"] for e in bad.errors] == ["malformed"]
    assert complaint in bad.errors[0]["message"]
    assert good.id == GOOD["id"]
    for doc in (bad, good):
        validate_record(extract_document(doc))


def test_a_missing_id_is_derived_from_the_url_or_the_text():
    a = Document.from_json({"text": "Cao Bằng", "source": {"url": "https://a.vn/x-1.html"}})
    b = Document.from_json({"text": "Lạng Sơn", "source": {"url": "https://a.vn/x-1.html"}})
    c = Document.from_json({"text": "Cao Bằng"})
    assert a.id == b.id != c.id
    assert len(c.id) == 16
