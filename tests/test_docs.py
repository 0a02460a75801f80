"""The README stays a five-minute read, and what it and docs/ point to exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"

MAX_README_LINES = 300
# a markdown link's target: [text](target)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
# a path into the repository written in backquotes or plain text: tests/x/y.py, pipeline/a/b.py
REPO_PATH = re.compile(r"(?<![\w/.])((?:tests|pipeline|docs|corpora)/[\w./-]*[\w/])")
# a pytest node name: `file.py::test_name` or `::test_name`
TEST_NAME = re.compile(r"::(test_\w+)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def links(text: str) -> list[str]:
    """Markdown link targets outside code (a regex in a TOML example is no link)."""
    return LINK.findall(CODE.sub("", text))


def doc_pages() -> list[Path]:
    pages = sorted(DOCS.glob("*.md"))
    assert pages, "docs/ has no pages"
    return pages


def test_readme_is_at_most_300_lines():
    lines = README.read_text("utf-8").splitlines()
    assert len(lines) <= MAX_README_LINES, (
        f"README.md has {len(lines)} lines (at most {MAX_README_LINES}): move detail to docs/"
    )


def test_every_docs_link_in_the_readme_exists():
    doc_links = [link for link in links(README.read_text("utf-8")) if link.startswith("docs/")]
    # the README's "where to go next" names these pages at least
    for page in ("commands", "crawling", "extract", "record", "downstream", "evaluation",
                 "benchmark", "guarantees", "scaling", "layout"):
        assert f"docs/{page}.md" in doc_links
    missing = sorted({link for link in doc_links if not (ROOT / link).is_file()})
    assert missing == []


def test_every_docs_page_is_linked_from_the_readme():
    linked = set(links(README.read_text("utf-8")))
    unlinked = [p.name for p in doc_pages() if f"docs/{p.name}" not in linked]
    assert unlinked == []


def test_links_between_docs_pages_exist():
    broken = []
    for page in doc_pages():
        for link in links(page.read_text("utf-8")):
            if "://" in link:
                continue
            if not (page.parent / link).exists():
                broken.append(f"{page.name}: {link}")
    assert broken == []


def test_paths_and_test_names_in_readme_and_docs_exist():
    # placeholders such as pipeline/data/<lang>/ or out/records/<id>.json are not paths
    texts = {p.name: p.read_text("utf-8") for p in [README, *doc_pages()]}
    test_sources = "\n".join(p.read_text("utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    missing = []
    for name, text in texts.items():
        for path in REPO_PATH.findall(text):
            if "<" in path or "*" in path:
                continue
            if not (ROOT / path.rstrip(".")).exists():
                missing.append(f"{name}: {path}")
        for test in TEST_NAME.findall(text):
            if not re.search(rf"def {test}\b", test_sources):
                missing.append(f"{name}: ::{test}")
    assert missing == []


#: The sections the README had before it was cut to a five-minute read, and where they went.
MOVED_SECTIONS = {
    "Stages, commands and options": "commands.md",
    "Ingest: local files and HTML": "ingest.md",
    "Ingest from the live sites (crawler)": "crawling.md",
    "Extract: what the stage does": "extract.md",
    "The record": "record.md",
    "Record example": "record.md",
    "Downstream: database import, who's who, translation pairs, review page": "downstream.md",
    "Export": "downstream.md",
    "Table layout": "downstream.md",
    "People": "downstream.md",
    "Pairs": "downstream.md",
    "Report": "downstream.md",
    "Configuration": "configuration.md",
    "Adding a site profile": "site-profiles.md",
    "Evaluation": "evaluation.md",
    "Benchmark and performance": "benchmark.md",
    "Guarantees": "guarantees.md",
    "Scaling out: local workers and a Dask cluster": "scaling.md",
    "Layout": "layout.md",
}


def headings(text: str) -> set[str]:
    return {line.lstrip("#").strip() for line in CODE.sub("", text).splitlines()
            if line.startswith("#")}


def test_every_section_the_readme_dropped_is_in_docs():
    missing = [f"{title} ({page})" for title, page in MOVED_SECTIONS.items()
               if title not in headings((DOCS / page).read_text("utf-8"))]
    assert missing == []
