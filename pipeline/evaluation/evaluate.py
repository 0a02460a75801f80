"""`pipeline evaluate GOLD_DIR`: precision, recall and F1 per kind and language against
hand-written expected records (`NAME.expected.json` beside `NAME.txt`/`NAME.html`), and the
peer (underthesea's NER) on the same Vietnamese articles."""

from __future__ import annotations

import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.extract.step import extract_document
from pipeline.ingest.local import ARTICLE_SUFFIXES, read_article_file
from pipeline.ingest.run import with_site_province
from pipeline.ingest.site_profiles import load_profiles
from pipeline.textnorm import collapse_spaces, fold_diacritics, name_key, symbol_key

GOLD_SUFFIX = ".expected.json"


class GoldError(ValueError):
    pass


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class GoldArticle:
    article: Path
    expected: dict[str, Any]


@dataclass
class Evaluation:
    scores: dict[tuple[str, str], Score] = field(default_factory=lambda: defaultdict(Score))
    ratios: dict[tuple[str, str], Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    misses: list[str] = field(default_factory=list)
    documents: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    words: int = 0


GoldDirs = Path | Sequence[Path]


def _folders(gold: GoldDirs) -> list[Path]:
    return [gold] if isinstance(gold, Path) else list(gold)


def find_gold(gold: GoldDirs) -> list[GoldArticle]:
    """The (article, expected record) pairs of one or more folders, each searched below."""
    pairs = []
    for gold_dir in _folders(gold):
        pairs += _find_gold_in(gold_dir)
    return pairs


def _find_gold_in(gold_dir: Path) -> list[GoldArticle]:
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: not a folder")
    pairs = []
    for expected in sorted(gold_dir.rglob("*" + GOLD_SUFFIX)):
        stem = expected.name[: -len(GOLD_SUFFIX)]
        articles = [expected.with_name(stem + s) for s in sorted(ARTICLE_SUFFIXES)]
        article = next((a for a in articles if a.is_file()), None)
        if article is None:
            raise GoldError(f"{expected}: no article {stem}.txt or {stem}.html beside it")
        try:
            data = json.loads(expected.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise GoldError(f"{expected}: {err}") from err
        pairs.append(GoldArticle(article, data))
    if not pairs:
        raise GoldError(f"{gold_dir}: no *{GOLD_SUFFIX} files")
    return pairs


def _match_counts(gold: Iterable, predicted: Iterable) -> tuple[int, int, int, Counter, Counter]:
    # list() first: given a dict, Counter would take its values as counts, not count its keys
    g, p = Counter(list(gold)), Counter(list(predicted))
    tp = sum((g & p).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp, g - p, p - g


def _role_match(gold_role: str, predicted: list[str]) -> bool:
    g = fold_diacritics(gold_role).lower().strip()
    return any(g == p or (len(p) > 3 and (g in p or p in g)) for p in predicted)


def _indicator_key(item: dict[str, Any]) -> tuple[float, str]:
    value = float(item["value"])
    # Six significant digits: 6.52 and 6.5200001 are the same figure.
    rounded = float(f"{value:.6g}") if value and math.isfinite(value) else value
    return rounded, str(item["unit"])


def score_article(ev: Evaluation, gold: GoldArticle, record: dict[str, Any]) -> None:
    expected = gold.expected
    lang = expected.get("language", "und")
    name = gold.article.name
    ev.documents[lang] += 1
    ev.words += len(record["text"].split())

    # Language, scored as classification: a wrong guess is a FP for the guess, a FN for the truth.
    got = record["language"]["code"]
    if got == lang:
        ev.scores[("language", lang)].add(1, 0, 0)
    else:
        ev.scores[("language", lang)].add(0, 0, 1)
        ev.scores[("language", got)].add(0, 1, 0)
        ev.misses.append(f"{name}: language {got}, expected {lang}")

    gold_people = {name_key(p["name"]): p for p in expected.get("people", [])}
    got_people = {p["name_key"]: p for p in record["people"]}
    tp, fp, fn, missed, extra = _match_counts(gold_people, got_people)
    ev.scores[("people", lang)].add(tp, fp, fn)
    ev.misses += [f"{name}: person missed {gold_people[k]['name']!r}" for k in sorted(missed)]
    ev.misses += [f"{name}: person extra {got_people[k]['name']!r}" for k in sorted(extra)]
    role_score = ev.scores[("roles", lang)]
    for key in sorted(gold_people):
        person = gold_people[key]
        found = got_people.get(key, {}).get("roles", [])
        written = [r["text"] for r in found]
        got_roles = [fold_diacritics(r).lower() for r in written]
        # an annotated role is found as written or as normalised ("Prezydenta" / "prezydent",
        # a credit's "Ảnh" / "photographer")
        normalized = [fold_diacritics(r.get("normalized") or "").lower() for r in found]
        gold_roles = person.get("roles", [])
        hits = [r for r in gold_roles
                if _role_match(r, got_roles) or _role_match(r, [n for n in normalized if n])]
        role_score.add(len(hits), 0, len(gold_roles) - len(hits))
        if key not in got_people:
            continue  # the person is missed: listed above, its roles are not scored
        role_score.fp += max(0, len(got_roles) - len(hits))
        ev.misses += _role_misses(name, person["name"], gold_roles, hits, written, got_roles)
        # The strict view: the same words as annotated, only case and diacritics folded.
        tp, fp, fn, _, _ = _match_counts(
            [collapse_spaces(fold_diacritics(r).lower()) for r in gold_roles],
            [collapse_spaces(r) for r in got_roles],
        )
        ev.scores[("roles exact", lang)].add(tp, fp, fn)

    gold_docs = [r for r in expected.get("resolutions", []) if r.get("number")]
    got_docs = [r for r in record["resolutions"] if r.get("number")]
    gold_by_key = {symbol_key(r["number"]): r for r in gold_docs}
    got_by_key = {r["symbol_key"]: r for r in got_docs}
    tp, fp, fn, missed, extra = _match_counts(gold_by_key, got_by_key)
    ev.scores[("resolutions", lang)].add(tp, fp, fn)
    ev.misses += [f"{name}: document missed {k}" for k in sorted(missed)]
    ev.misses += [f"{name}: document extra {k}" for k in sorted(extra)]
    for key, ref in gold_by_key.items():
        if key in got_by_key and ref.get("date"):
            ratio = ev.ratios[("resolution date", lang)]
            ratio.total += 1
            if got_by_key[key].get("date") == ref["date"]:
                ratio.right += 1
            else:
                ev.misses.append(
                    f"{name}: {key} date {got_by_key[key].get('date')}, expected {ref['date']}"
                )
        if key in got_by_key and ref.get("kind"):
            ratio = ev.ratios[("resolution kind", lang)]
            ratio.total += 1
            ratio.right += got_by_key[key].get("kind") == ref["kind"]
    unnumbered_gold = [r["kind"] for r in expected.get("resolutions", []) if not r.get("number")]
    unnumbered_got = [r["kind"] for r in record["resolutions"] if not r.get("number")]
    tp, fp, fn, _, _ = _match_counts(unnumbered_gold, unnumbered_got)
    ev.scores[("unnumbered docs", lang)].add(tp, fp, fn)

    gold_ind = [_indicator_key(i) for i in expected.get("indicators", [])]
    got_ind = [_indicator_key(i) for i in record["indicators"]]
    tp, fp, fn, missed, extra = _match_counts(gold_ind, got_ind)
    ev.scores[("indicators", lang)].add(tp, fp, fn)
    ev.misses += [f"{name}: indicator missed {v:g} {u}" for (v, u) in sorted(missed.elements())]
    ev.misses += [f"{name}: indicator extra {v:g} {u}" for (v, u) in sorted(extra.elements())]
    key_misses: set[tuple[tuple[float, str], str, str]] = set()
    got_keys: dict[tuple[float, str], list] = defaultdict(list)
    for item in record["indicators"]:
        got_keys[_indicator_key(item)].append(item.get("key"))
    for item in expected.get("indicators", []):
        found = got_keys.get(_indicator_key(item))
        if item.get("key") and found:
            ratio = ev.ratios[("indicator key", lang)]
            ratio.total += 1
            ratio.right += item["key"] in found
            if item["key"] not in found:
                key_misses.add((_indicator_key(item), item["key"], _keys_label(found)))
    ev.misses += [
        f"{name}: indicator {v:g} {u} key {got}, expected {want}"
        for (v, u), want, got in sorted(key_misses)
    ]
    _score_places(ev, name, lang, expected, record)


def _place_key(official: str, level: str) -> tuple[str, str]:
    return name_key(official), level


def _score_places(ev: Evaluation, name: str, lang: str, expected: dict[str, Any],
                  record: dict[str, Any]) -> None:
    """The article's province (official name or null; right or wrong) and its places (F1 over
    units, compared by official name and level), when the expected record has them."""
    if "province" in expected:
        want = expected["province"]
        got = (record.get("province") or {}).get("name")
        ratio = ev.ratios[("article province", lang)]
        ratio.total += 1
        if (want and got and name_key(want) == name_key(got)) or (want is None and got is None):
            ratio.right += 1
        else:
            ev.misses.append(f"{name}: province {got}, expected {want}")
    if "places" in expected:
        gold = {_place_key(p["official"], p["level"]) for p in expected["places"]}
        got = {_place_key(p["official"], p["level"]) for p in record.get("places", [])}
        tp, fp, fn, missed, extra = _match_counts(gold, got)
        ev.scores[("places", lang)].add(tp, fp, fn)
        ev.misses += [f"{name}: place missed {o} ({lv})" for o, lv in sorted(missed)]
        ev.misses += [f"{name}: place extra {o} ({lv})" for o, lv in sorted(extra)]


def _keys_label(keys: list) -> str:
    """The keys found for one figure, e.g. 'null' or 'grdp/grdp_growth' (sorted, distinct)."""
    return "/".join(sorted({k if k else "null" for k in keys}))


def _role_misses(article: str, person: str, gold_roles: list[str], hits: list[str],
                 written: list[str], got_folded: list[str]) -> list[str]:
    """"NAME: role missed 'x' (got: 'a', 'b')" for each gold role not found, and "NAME: role
    extra 'a'" for each found role that matches no gold role."""
    got_list = ", ".join(repr(r) for r in written) or "none"
    out = [f"{article}: {person}: role missed {r!r} (got: {got_list})"
           for r in gold_roles if r not in hits]
    out += [f"{article}: {person}: role extra {w!r}"
            for w, folded in zip(written, got_folded, strict=True)
            if not any(_role_match(g, [folded]) for g in gold_roles)]
    return out


def evaluate(gold_dir: GoldDirs) -> Evaluation:
    profiles = load_profiles()
    ev = Evaluation()
    started = time.perf_counter()
    for gold in find_gold(gold_dir):
        doc = with_site_province(read_article_file(gold.article, profiles=profiles), profiles)
        score_article(ev, gold, extract_document(doc))
    ev.seconds = time.perf_counter() - started
    return ev


def peer_people_scores(gold_dir: GoldDirs) -> tuple[Score, float, int, float] | None:
    """underthesea's NER (bundled CRF) on the Vietnamese gold articles: (score, seconds, words,
    our people-extractor seconds on the same texts). None when underthesea is not installed."""
    try:
        from underthesea import ner
    except ImportError:
        return None
    from pipeline.extract.nlp import build_nlp

    profiles = load_profiles()
    texts, golds = [], []
    for gold in find_gold(gold_dir):
        if gold.expected.get("language") != "vi":
            continue
        texts.append(read_article_file(gold.article, profiles=profiles).text)
        golds.append({name_key(p["name"]) for p in gold.expected.get("people", [])})
    if not texts:
        return None
    ner("Khởi động.")  # load the model outside the timing
    score = Score()
    started = time.perf_counter()
    for text, gold_keys in zip(texts, golds, strict=True):
        found = set()
        for paragraph in text.split("\n"):
            found |= _underthesea_people(ner(paragraph)) if paragraph.strip() else set()
        tp, fp, fn, _, _ = _match_counts(gold_keys, found)
        score.add(tp, fp, fn)
    peer_seconds = time.perf_counter() - started
    nlp = build_nlp("vi")
    started = time.perf_counter()
    for text in texts:
        nlp(text)
    ours = time.perf_counter() - started
    return score, peer_seconds, sum(len(t.split()) for t in texts), ours


def _underthesea_people(tagged: list) -> set[str]:
    people, current = set(), []
    for token in tagged:
        word, tag = token[0], token[-1]
        if tag == "B-PER" or (tag == "I-PER" and not current):
            if current:
                people.add(name_key(" ".join(current)))
            current = [word]
        elif tag == "I-PER":
            current.append(word)
        else:
            if current:
                people.add(name_key(" ".join(current)))
            current = []
    if current:
        people.add(name_key(" ".join(current)))
    return people


def _rows(ev: Evaluation) -> list[tuple[str, str, Score]]:
    order = ["language", "people", "roles", "roles exact", "resolutions", "unnumbered docs",
             "indicators", "places"]
    langs = sorted({lang for _, lang in ev.scores})
    return [(k, lang, ev.scores[(k, lang)]) for k in order for lang in langs
            if (k, lang) in ev.scores]


def run_evaluation(gold_dir: GoldDirs, *, peer: bool = True, as_json: bool = False,
                   verbose: bool = False) -> int:
    try:
        ev = evaluate(gold_dir)
    except GoldError as err:
        print(f"pipeline: {err}", file=sys.stderr)
        return 2
    peer_result = peer_people_scores(gold_dir) if peer else None
    if as_json:
        out = {
            "documents": dict(sorted(ev.documents.items())),
            "scores": {f"{k}/{lang}": s.as_dict() for k, lang, s in _rows(ev)},
            "ratios": {f"{k}/{lang}": round(r.value, 4) for (k, lang), r in
                       sorted(ev.ratios.items())},
        }
        if peer_result:
            score, peer_s, words, ours_s = peer_result
            out["peer"] = {"name": "underthesea.ner", "people_vi": score.as_dict(),
                           "words_per_second": round(words / peer_s, 1),
                           "ours_words_per_second": round(words / ours_s, 1)}
        print(json.dumps(out, indent=2, sort_keys=True))
        return 0
    docs = ", ".join(f"{lang} {n}" for lang, n in sorted(ev.documents.items()))
    names = ", ".join(str(folder) for folder in _folders(gold_dir))
    print(f"dev set: {names} ({docs}; {ev.words} words, {ev.seconds:.1f} s)")
    print(f"{'kind':<16} {'lang':<5} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for kind, lang, s in _rows(ev):
        print(f"{kind:<16} {lang:<5} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
              f"{s.tp:5d} {s.fp:5d} {s.fn:5d}")
    for (kind, lang), ratio in sorted(ev.ratios.items()):
        print(f"{kind + ' right':<22} {lang:<5} {ratio.value:6.3f} ({ratio.right}/{ratio.total})")
    if peer_result:
        score, peer_s, words, ours_s = peer_result
        print()
        print("people, Vietnamese articles, against the peer:")
        print(f"  ours        P {_p(ev, 'people', 'vi')}  {words / ours_s:10.0f} words/s")
        print(f"  underthesea P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}"
              f"  {words / peer_s:10.0f} words/s  (ours {peer_s / ours_s:.0f}x faster)")
    if verbose and ev.misses:
        print()
        print("\n".join(ev.misses))
    return 0


def _p(ev: Evaluation, kind: str, lang: str) -> str:
    s = ev.scores.get((kind, lang), Score())
    return f"{s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"
