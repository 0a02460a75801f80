"""References to numbered legal and Party documents (spaCy component "document_references").

`symbols` parses document symbols (18-NQ/TW, 178/2024/ND-CP), `dates` reads dates and terms,
`grammar` holds each language's kind words and patterns, and `extractor` turns a text into one
item per cited document.
"""
