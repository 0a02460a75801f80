"""The pipelines' tokenizer: every character of the text kept, and the text kept for the
components."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from pipeline.extract.nlp import build_nlp
from pipeline.extractors import doc_text

TEXTS = st.text(alphabet=st.sampled_from(list("ab đ,.\u00a0\t\n\r  ")), max_size=40) | st.text()


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_tokens_rebuild_the_text(text):
    for lang in ("vi", "pl"):
        doc = build_nlp(lang).make_doc(text)
        assert doc.text == text
        assert doc_text(doc) == text


def test_a_doc_from_elsewhere_gives_its_own_text():
    nlp = build_nlp("pl")
    doc = Doc(nlp.vocab, words=["Ala", "ma", "kota"], spaces=[True, True, False])
    assert doc_text(doc) == "Ala ma kota"
