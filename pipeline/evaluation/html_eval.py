"""`pipeline evaluate-html DIR` (`make eval-html`): how well article pages are read, ours beside
trafilatura alone on the same pages.

Each page `NAME.html` has an annotation `NAME.json` written by a person from the page as a reader
sees it:

    {"family": "...", "url": "https://... (optional)",
     "title": "the headline as displayed", "published": "YYYY-MM-DD",
     "must_include": ["fragments of the body that must be there", ...],
     "must_exclude": ["boilerplate that must not", ...]}

Scores per field: title exact, date exact, every must-include fragment present, every
must-exclude fragment absent; a page is fully right when all four hold. Text is compared after
NFC and with runs of spaces collapsed inside each line (tabs and newlines kept, since a table row
is one line of tab-separated cells).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.decode import DecodeError, decode_bytes
from pipeline.ingest.html import HtmlError, parse_html
from pipeline.ingest.site_profiles import load_profiles
from pipeline.textnorm import nfc

FIELDS = ("title", "date", "includes", "excludes")
_SPACES = re.compile(r"[ \u00a0]+")


class AnnotationError(ValueError):
    """An annotation file is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class AnnotatedPage:
    name: str
    html: str
    url: str | None
    title: str
    published: str
    must_include: tuple[str, ...]
    must_exclude: tuple[str, ...]
    family: str = ""


@dataclass(frozen=True)
class Reading:
    title: str | None
    published: str | None
    text: str
    error: str | None = None


@dataclass
class PageScore:
    name: str
    title: bool
    date: bool
    includes: bool
    excludes: bool
    missing: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)
    got_title: str | None = None
    got_date: str | None = None
    error: str | None = None

    @property
    def fully_right(self) -> bool:
        return self.title and self.date and self.includes and self.excludes


def _norm(text: str | None) -> str:
    return "\n".join(_SPACES.sub(" ", line).strip() for line in nfc(text or "").split("\n"))


def load_pages(folder: Path) -> list[AnnotatedPage]:
    pages = []
    for html_path in sorted(folder.glob("*.html")):
        note_path = html_path.with_suffix(".json")
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise AnnotationError(f"cannot read the annotation {note_path}: {err}") from None
        for key in ("title", "published", "must_include", "must_exclude"):
            if key not in note:
                raise AnnotationError(f"{note_path}: '{key}' is required")
        try:
            html, _ = decode_bytes(html_path.read_bytes(), what=str(html_path), html=True)
        except DecodeError as err:
            raise AnnotationError(str(err)) from None
        pages.append(
            AnnotatedPage(
                name=html_path.stem,
                html=html,
                url=note.get("url"),
                title=note["title"],
                published=note["published"],
                must_include=tuple(note["must_include"]),
                must_exclude=tuple(note["must_exclude"]),
                family=note.get("family", ""),
            )
        )
    if not pages:
        raise AnnotationError(f"no annotated pages (NAME.html with NAME.json) in {folder}")
    return pages


def read_ours(page: AnnotatedPage) -> Reading:
    """What `pipeline ingest` makes of the page: bundled profiles, else the generic reader."""
    try:
        parsed = parse_html(page.html, url=page.url, profiles=load_profiles())
    except HtmlError as err:
        return Reading(None, None, "", error=str(err))
    return Reading(parsed.title, parsed.published, parsed.text)


def read_trafilatura(page: AnnotatedPage) -> Reading:
    """trafilatura alone, as the generic path used it before: main text with tables and
    metadata, its own title and date."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            page.html, url=page.url, with_metadata=True, include_comments=False,
            include_tables=True, deduplicate=False,
        )
    except Exception as err:  # noqa: BLE001 - its internal asserts trip on odd markup
        return Reading(None, None, "", error=f"{type(err).__name__}: {err}")
    data = result.as_dict() if result is not None else {}
    return Reading(data.get("title"), data.get("date"), data.get("text") or "")


def score_page(page: AnnotatedPage, reading: Reading) -> PageScore:
    text = _norm(reading.text)
    missing = [f for f in page.must_include if _norm(f) not in text]
    leaked = [f for f in page.must_exclude if _norm(f) in text]
    return PageScore(
        name=page.name,
        title=_norm(reading.title) == _norm(page.title),
        date=reading.published == page.published,
        includes=not missing,
        excludes=not leaked,
        missing=missing,
        leaked=leaked,
        got_title=reading.title,
        got_date=reading.published,
        error=reading.error,
    )


READERS: dict[str, Callable[[AnnotatedPage], Reading]] = {
    "ours": read_ours,
    "trafilatura": read_trafilatura,
}


def evaluate_pages(pages: list[AnnotatedPage]) -> dict[str, list[PageScore]]:
    return {name: [score_page(p, reader(p)) for p in pages] for name, reader in READERS.items()}


def summary(scores: list[PageScore]) -> dict[str, int]:
    counts = {f: sum(1 for s in scores if getattr(s, f)) for f in FIELDS}
    counts["fully_right"] = sum(1 for s in scores if s.fully_right)
    counts["pages"] = len(scores)
    return counts


def report(results: dict[str, list[PageScore]], *, verbose: bool = False) -> str:
    columns = (*FIELDS, "fully_right")
    lines = [f"{'reader':<12}" + "".join(f"{c:>13}" for c in columns)]
    for name, scores in results.items():
        counts = summary(scores)
        total = counts["pages"]
        lines.append(f"{name:<12}" + "".join(f"{counts[c]:>8}/{total:<4}" for c in columns))
    if verbose:
        for name, scores in results.items():
            for s in scores:
                if s.fully_right:
                    continue
                lines.append(f"\n[{name}] {s.name}")
                if s.error:
                    lines.append(f"  error: {s.error}")
                if not s.title:
                    lines.append(f"  title: {s.got_title!r}")
                if not s.date:
                    lines.append(f"  date: {s.got_date!r}")
                lines.extend(f"  missing: {f!r}" for f in s.missing)
                lines.extend(f"  leaked: {f!r}" for f in s.leaked)
    return "\n".join(lines)


def run_html_evaluation(folder: Path, *, as_json: bool = False, verbose: bool = False) -> int:
    try:
        pages = load_pages(folder)
    except AnnotationError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    results = evaluate_pages(pages)
    if as_json:
        out = {
            name: {
                "summary": summary(scores),
                "pages": {
                    s.name: {f: getattr(s, f) for f in (*FIELDS, "fully_right")} for s in scores
                },
            }
            for name, scores in results.items()
        }
        print(json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(f"{len(pages)} annotated pages in {folder}")
        print(report(results, verbose=verbose))
    return 0


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/html_eval")
    sys.exit(run_html_evaluation(folder))
