"""Translation pairs: a record whose `translation_of` is another record's `source.url`, and what
the two versions disagree on, as a check of the translation (and of the extraction).

An original saved without its URL (a .txt file) is still found for a translation whose original
is not among the records by URL: the record in another language, itself no translation, that
shares most of its people, numbered documents and figures with it (see `ContentIndex`).

- people are compared by `name_key` ("Quản Minh Cường" and "Quan Minh Cuong" are one person);
- documents by `symbol_key` (numbered ones only: an unnumbered "plan" cannot be told apart from
  another), with their kind and date;
- figures by (value, unit); a figure missing in one version and one extra in the other with the
  same taxonomy `key` and unit are shown as one figure that differs ("6.52% -> 6.5%").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pipeline.downstream.formatting import format_figure, render_csv, render_json, render_table

Record = dict[str, Any]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def url_key(url: str | None) -> str | None:
    """The form two URLs of one page share: scheme and host lowercased, http and https taken as
    the same page, default port, fragment and trailing slash dropped; path and query kept as
    they are (paths are case-sensitive on most servers)."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return url.rstrip("/")
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # a malformed port: keep it verbatim rather than fail the batch
        port = None
        host = parts.netloc.rsplit("@", 1)[-1].lower()
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    return urlunsplit(("https", host, parts.path.rstrip("/"), parts.query, ""))


#: A translation and its original share nearly all their people, numbered documents and
#: figures; two different articles of the bundled corpus share at most 5 of them and 13% (the
#: pairs there: 21 to 37 and 97-100%).
MIN_SHARED = 8
MIN_SIMILARITY = 0.6


@dataclass
class Pair:
    original: Record
    translation: Record
    differences: dict[str, dict[str, list[dict[str, Any]]]]
    matched_by: str = "url"  # or "content": the original's record has no matching URL

    @property
    def agree(self) -> bool:
        return not any(
            items
            for part in self.differences.values()
            for name, items in part.items()
            if name != "matched"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "original": _document_summary(self.original),
            "translation": _document_summary(self.translation),
            "matched_by": self.matched_by,
            "agree": self.agree,
            **self.differences,
        }


def _document_summary(record: Record) -> dict[str, Any]:
    return {
        "id": record["id"],
        "language": record["language"]["code"],
        "url": record["source"]["url"],
        "title": record["title"],
        "published": record["published"],
    }


def find_pairs(records: Sequence[Record]) -> tuple[list[Pair], list[Record]]:
    """Every (original, translation) pair among the records, and the translations whose original
    is not among them."""
    by_url: dict[str, list[Record]] = {}
    for record in records:
        key = url_key(record["source"]["url"])
        if key is not None:
            by_url.setdefault(key, []).append(record)
    pairs: list[Pair] = []
    unmatched: list[Record] = []
    index: ContentIndex | None = None
    for translation in records:
        key = url_key(translation["translation_of"])
        if key is None:
            continue
        originals = [r for r in by_url.get(key, []) if r["id"] != translation["id"]]
        for original in originals:
            pairs.append(Pair(original, translation, compare(original, translation)))
        if not originals:
            index = index or ContentIndex(records)
            original = index.original_of(translation)
            if original is None:
                unmatched.append(translation)
            else:
                pairs.append(Pair(original, translation, compare(original, translation),
                                  matched_by="content"))
    return pairs, unmatched


def _features(record: Record) -> frozenset[tuple]:
    """What a translation keeps of its original: people, numbered documents, figures."""
    found: set[tuple] = {("person", p["name_key"]) for p in record["people"]}
    found |= {("document", r["symbol_key"]) for r in record["resolutions"] if r["symbol_key"]}
    found |= {("figure", *_figure_key(i)) for i in record["indicators"]}
    return frozenset(found)


class ContentIndex:
    """Originals by what they contain, to find a translation's original when its URL does not.

    Candidates are the records that are no translations themselves. A translation's candidates
    are those sharing one of its rarer features (held by at most RARE records: a name, a
    particular figure, not "100%"), so that a collection of tens of thousands of records is not
    compared pair by pair; those are then scored on all their features."""

    RARE = 50

    def __init__(self, records: Sequence[Record]):
        self.records = [r for r in records if not r["translation_of"]]
        self.features = [_features(r) for r in self.records]
        self.postings: dict[tuple, list[int]] = {}
        for index, features in enumerate(self.features):
            for feature in features:
                self.postings.setdefault(feature, []).append(index)

    def original_of(self, translation: Record) -> Record | None:
        """The record in another language sharing at least MIN_SHARED people, numbered
        documents and figures with `translation` and MIN_SIMILARITY of them all (Jaccard), and
        twice the similarity of any other candidate; else None."""
        own = _features(translation)
        if len(own) < MIN_SHARED:
            return None
        candidates: set[int] = set()
        for feature in own:
            posting = self.postings.get(feature, ())
            if len(posting) <= self.RARE:
                candidates.update(posting)
        language = translation["language"]["code"]
        scored = []
        for index in candidates:
            record = self.records[index]
            if record["language"]["code"] == language or record["id"] == translation["id"]:
                continue
            other = self.features[index]
            shared = len(own & other)
            scored.append((shared / len(own | other), shared, record["id"], index))
        if not scored:
            return None
        scored.sort(key=lambda s: (-s[0], s[2]))
        similarity, shared, _, index = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if shared >= MIN_SHARED and similarity >= MIN_SIMILARITY and similarity >= 2 * runner_up:
            return self.records[index]
        return None


def links(pairs: Iterable[Pair]) -> dict[str, dict[str, list[str]]]:
    """Both directions: for each record id in a pair, its originals and its translations."""
    linked: dict[str, dict[str, list[str]]] = {}
    for pair in pairs:
        o_id, t_id = pair.original["id"], pair.translation["id"]
        linked.setdefault(o_id, {"originals": [], "translations": []})["translations"].append(t_id)
        linked.setdefault(t_id, {"originals": [], "translations": []})["originals"].append(o_id)
    return linked


def compare(original: Record, translation: Record) -> dict[str, dict[str, list[dict[str, Any]]]]:
    return {
        "people": _compare_people(original["people"], translation["people"]),
        "documents": _compare_documents(original["resolutions"], translation["resolutions"]),
        "figures": _compare_figures(original["indicators"], translation["indicators"]),
    }


def _person(person: dict[str, Any]) -> dict[str, Any]:
    first = person["mentions"][0]
    return {"name": person["name"], "name_key": person["name_key"],
            "start": first["start"], "end": first["end"]}


def _compare_people(original: list[dict], translation: list[dict]) -> dict[str, list[dict]]:
    in_original = {p["name_key"]: p for p in reversed(original)}
    in_translation = {p["name_key"]: p for p in reversed(translation)}
    matched = [
        {"name_key": key, "original": p["name"], "translation": in_translation[key]["name"]}
        for key, p in sorted(in_original.items()) if key in in_translation
    ]
    missing = [_person(p) for key, p in sorted(in_original.items()) if key not in in_translation]
    extra = [_person(p) for key, p in sorted(in_translation.items()) if key not in in_original]
    return {"matched": matched, "missing": missing, "extra": extra}


def _document(res: dict[str, Any]) -> dict[str, Any]:
    return {"symbol_key": res["symbol_key"], "number": res["number"], "kind": res["kind"],
            "date": res["date"], "text": res["text"], "start": res["start"], "end": res["end"]}


def _compare_documents(original: list[dict], translation: list[dict]) -> dict[str, list[dict]]:
    def numbered(items: list[dict]) -> dict[str, dict]:
        return {r["symbol_key"]: r for r in reversed(items) if r["symbol_key"]}

    in_original, in_translation = numbered(original), numbered(translation)
    matched, different = [], []
    for key, res in sorted(in_original.items()):
        other = in_translation.get(key)
        if other is None:
            continue
        matched.append({"symbol_key": key, "original": res["text"], "translation": other["text"]})
        for field in ("kind", "date"):
            if res[field] != other[field]:
                different.append({"symbol_key": key, "field": field,
                                  "original": res[field], "translation": other[field]})
    missing = [_document(r) for k, r in sorted(in_original.items()) if k not in in_translation]
    extra = [_document(r) for k, r in sorted(in_translation.items()) if k not in in_original]
    return {"matched": matched, "missing": missing, "extra": extra, "different": different}


def _figure(ind: dict[str, Any]) -> dict[str, Any]:
    return {"value": ind["value"], "unit": ind["unit"], "key": ind["key"], "label": ind["label"],
            "text": ind["text"], "start": ind["start"], "end": ind["end"]}


def _figure_key(ind: dict[str, Any]) -> tuple[float, str]:
    # 12 significant digits: equal figures parsed through different paths (6.52 vs 652/100)
    # must not differ by float noise.
    return float(f"{float(ind['value']):.12g}"), ind["unit"]


def _compare_figures(original: list[dict], translation: list[dict]) -> dict[str, list[dict]]:
    unused = list(translation)
    matched, missing = [], []
    for ind in original:
        twin = next((t for t in unused if _figure_key(t) == _figure_key(ind)), None)
        if twin is None:
            missing.append(ind)
        else:
            unused.remove(twin)
            matched.append({"value": ind["value"], "unit": ind["unit"],
                            "original": ind["text"], "translation": twin["text"]})
    extra = unused
    different = []
    for ind in list(missing):
        if ind["key"] is None:
            continue
        twin = next(
            (t for t in extra if t["key"] == ind["key"] and t["unit"] == ind["unit"]), None
        )
        if twin is not None:
            missing.remove(ind)
            extra.remove(twin)
            different.append({"key": ind["key"], "unit": ind["unit"],
                              "original": _figure(ind), "translation": _figure(twin)})
    return {
        "matched": matched,
        "missing": [_figure(i) for i in missing],
        "extra": [_figure(i) for i in extra],
        "different": different,
    }


# -- output -------------------------------------------------------------------------------------

def pairs_json(pairs: Sequence[Pair], unmatched: Sequence[Record]) -> str:
    return render_json({
        "pairs": [pair.as_json() for pair in pairs],
        "unmatched": [
            {"id": r["id"], "url": r["source"]["url"], "translation_of": r["translation_of"]}
            for r in unmatched
        ],
    })


def disagreements(pair: Pair) -> list[tuple[str, str, str, str, str]]:
    """(kind, disagreement, key, original, translation) for every point the versions differ."""
    rows: list[tuple[str, str, str, str, str]] = []
    diff = pair.differences
    for p in diff["people"]["missing"]:
        rows.append(("person", "missing_in_translation", p["name_key"], p["name"], ""))
    for p in diff["people"]["extra"]:
        rows.append(("person", "extra_in_translation", p["name_key"], "", p["name"]))
    for d in diff["documents"]["missing"]:
        rows.append(("document", "missing_in_translation", d["symbol_key"], d["text"], ""))
    for d in diff["documents"]["extra"]:
        rows.append(("document", "extra_in_translation", d["symbol_key"], "", d["text"]))
    for d in diff["documents"]["different"]:
        rows.append(("document", f"different_{d['field']}", d["symbol_key"],
                     str(d["original"]), str(d["translation"])))
    for f in diff["figures"]["missing"]:
        rows.append(("figure", "missing_in_translation", f["key"] or "",
                     f"{format_figure(f)} «{f['text']}»", ""))
    for f in diff["figures"]["extra"]:
        rows.append(("figure", "extra_in_translation", f["key"] or "",
                     "", f"{format_figure(f)} «{f['text']}»"))
    for f in diff["figures"]["different"]:
        o, t = f["original"], f["translation"]
        rows.append(("figure", "different_value", f["key"],
                     f"{format_figure(o)} «{o['text']}»", f"{format_figure(t)} «{t['text']}»"))
    return rows


PAIRS_CSV_HEADERS = (
    "original_id", "translation_id", "original_language", "translation_language", "matched_by",
    "kind", "disagreement", "key", "original", "translation",
)


def pairs_csv(pairs: Sequence[Pair]) -> str:
    """One row per disagreement; a pair that agrees has one row with disagreement `none`."""
    rows = []
    for pair in pairs:
        ids = (pair.original["id"], pair.translation["id"],
               pair.original["language"]["code"], pair.translation["language"]["code"],
               pair.matched_by)
        found = disagreements(pair)
        rows.extend((*ids, *row) for row in found)
        if not found:
            rows.append((*ids, "", "none", "", "", ""))
    return render_csv(PAIRS_CSV_HEADERS, rows)


def pairs_table(pairs: Sequence[Pair], unmatched: Sequence[Record]) -> str:
    blocks = []
    for pair in pairs:
        lines = []
        for role, record in (("original", pair.original), ("translation", pair.translation)):
            lines.append(f"{role:<11}  {record['language']['code']}  {record['id']}  "
                         f"{record['published'] or '—'}  {record['title'] or ''}")
            lines.append(f"{'':<11}  {record['source']['url'] or record['source']['path']}")
        counts = {part: len(pair.differences[part]["matched"])
                  for part in ("people", "documents", "figures")}
        found_by = " (original found by content: its record has no URL)" if (
            pair.matched_by == "content") else ""
        lines.append("in both: " + ", ".join(f"{part} {n}" for part, n in counts.items())
                     + found_by)
        found = disagreements(pair)
        if found:
            lines.append(render_table(
                ("KIND", "DISAGREEMENT", "KEY", "ORIGINAL", "TRANSLATION"),
                [(k, d.replace("_", " "), key, o, t) for k, d, key, o, t in found],
            ).rstrip("\n"))
        else:
            lines.append("the two versions agree")
        blocks.append("\n".join(lines))
    if not pairs:
        blocks.append("no translation pairs among the records")
    if unmatched:
        lines = [f"{len(unmatched)} translation(s) whose original is not among the records:"]
        lines += [f"  {r['id']}  {r['translation_of']}" for r in unmatched]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
