"""PLACEHOLDER: being written."""

from spacy.tokens import Doc


class DocumentReferenceExtractor:
    def __init__(self, lang: str, **_):
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        doc._.resolutions = []
        return doc
