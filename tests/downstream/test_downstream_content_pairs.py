"""Translation pairs found by content when the original's record has no URL (a saved .txt):
the record in another language sharing most people, numbered documents and figures."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import main
from pipeline.downstream.pairs import MIN_SHARED, find_pairs, pairs_csv, pairs_table
from pipeline.downstream.report import build_report

ROOT = Path(__file__).resolve().parents[2]


def record(rid: str, lang: str, *, people=(), documents=(), figures=(), url=None,
           translation_of=None) -> dict:
    """A record with just what pairing reads."""
    return {
        "id": rid, "language": {"code": lang, "confidence": 0.99}, "title": None,
        "published": None, "translation_of": translation_of,
        "source": {"path": f"{rid}.txt", "url": url, "site": None, "fetched_at": None},
        "people": [{"name": key.title(), "name_key": key,
                    "mentions": [{"start": 0, "end": 1, "text": "x"}]} for key in people],
        "resolutions": [{"symbol_key": key, "number": key, "kind": "resolution", "date": None,
                         "text": key, "start": 0, "end": 1} for key in documents],
        "indicators": [{"value": value, "unit": unit, "key": None, "label": None,
                        "text": str(value), "start": 0, "end": 1} for value, unit in figures],
    }


PEOPLE = ["quan minh cuong", "trieu dinh le", "nong thanh tung", "be thi hong van"]
DOCS = ["57-NQ/TW", "45-KH/TU"]
FIGURES = [(7.2, "%"), (4105e9, "VND"), (1742e6, "USD"), (56.7, "%"), (1215, "count")]
SOURCE = "https://baocaobang.vn/ky-hop-thu-36.html"


def original(rid="a" * 16, lang="vi", **changes) -> dict:
    return record(rid, lang, **{"people": PEOPLE, "documents": DOCS, "figures": FIGURES,
                                **changes})


def translation() -> dict:
    return record("b" * 16, "pl", people=PEOPLE, documents=DOCS, figures=FIGURES[:4],
                  translation_of=SOURCE)


def test_an_original_without_url_is_found_by_content():
    pairs, unmatched = find_pairs([original(), translation()])
    (pair,) = pairs
    assert (pair.original["id"], pair.translation["id"], pair.matched_by) == (
        "a" * 16, "b" * 16, "content")
    assert not unmatched
    # one figure the translation left out: shown as usual
    assert [f["value"] for f in pair.differences["figures"]["missing"]] == [1215]
    assert pair.as_json()["matched_by"] == "content"
    assert "found by content" in pairs_table(pairs, unmatched)
    assert ",content," in pairs_csv(pairs)


def test_the_url_wins_when_it_finds_the_original():
    by_url = original(rid="c" * 16, url=SOURCE, people=PEOPLE[:1])
    pairs, _ = find_pairs([original(), by_url, translation()])
    assert [(p.original["id"], p.matched_by) for p in pairs] == [("c" * 16, "url")]


def test_no_match_on_a_few_shared_items_or_in_the_same_language():
    few = record("d" * 16, "vi", people=PEOPLE[:2], figures=FIGURES[:2])
    pairs, unmatched = find_pairs([few, translation()])
    assert not pairs and [r["id"] for r in unmatched] == ["b" * 16]
    same_language = original(lang="pl")
    pairs, unmatched = find_pairs([same_language, translation()])
    assert not pairs and len(unmatched) == 1
    # a translation (another one of the same original) is no candidate either
    sibling = original(lang="en", translation_of=SOURCE)
    pairs, _ = find_pairs([sibling, translation()])
    assert not pairs


def test_two_equally_good_candidates_give_no_match():
    twins = [original(), original(rid="e" * 16)]
    pairs, unmatched = find_pairs([*twins, translation()])
    assert not pairs and len(unmatched) == 1


def test_a_translation_with_too_little_content_is_not_matched():
    bare = record("f" * 16, "pl", people=PEOPLE[:2], figures=FIGURES[:MIN_SHARED - 3],
                  translation_of=SOURCE)
    pairs, unmatched = find_pairs([original(), bare])
    assert not pairs and len(unmatched) == 1


def test_bundled_corpus_pairs(tmp_path):
    """The translations of the bundled corpus whose originals are .txt files are paired with
    them, and with nothing else."""
    output = tmp_path / "records.jsonl"
    assert main(["extract", str(ROOT / "corpora"), "--output", str(output), "--workers", "2",
                 "--no-progress"]) == 0
    records = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    pairs, _ = find_pairs(records)
    found = {(Path(p.original["source"]["path"]).stem, Path(p.translation["source"]["path"]).stem,
              p.matched_by) for p in pairs}
    assert found == {
        ("101_cao-bang-ky-hop-hdnd-cuoi-nam", "101_cao-bang-sesja-rady-ludowej", "content"),
        ("103_lao-cai-mua-lu-bao-so-10", "102_lao-cai-ulewy-po-tajfunie-nr-10", "content"),
        ("104_cao-bang-tiep-dai-su-han-quoc", "103_cao-bang-ambasador-korei", "url"),
        ("107_thai-nguyen-gap-mat-nha-dau-tu", "104_thai-nguyen-spotkanie-z-inwestorami",
         "content"),
        ("111_lang-son-xuat-nhap-khau-10-thang", "105_lang-son-handel-przez-przejscia-graniczne",
         "content"),
        ("001_hoi-nghi-tinh-uy-lan-thu-hai", "000_286f9ef8ca64527d", "content"),
        # the Polish articles are translations of the Vietnamese ones (dev articles of issue 15)
        ("042_lao-cai-ban-chap-hanh-dang-bo", "041_lao-cai-pierwsze-posiedzenie-komitetu-partii",
         "content"),
        ("043_kon-tum-tuyen-duong-nguoi-co-uy-tin",
         "043_kon-tum-wyroznienie-osob-cieszacych-sie-autorytetem", "content"),
        # blind set 2: its README names four Polish articles as translations of Vietnamese ones
        ("205_cao-bang-so-ket-nghi-quyet-18-chinh-quyen-hai-cap",
         "201_cao-bang-podsumowanie-rezolucji-18-dwuszczeblowy-samorzad", "content"),
        ("201_gia-lai-vung-dong-bao-phia-tay",
         "202_gia-lai-mniejszosci-etniczne-zachod-prowincji", "content"),
        ("203_dien-bien-xoa-nha-tam-muong-nhe",
         "203_dien-bien-likwidacja-domow-tymczasowych-muong-nhe", "content"),
        ("202_soc-trang-tham-chuc-tet-chol-chnam-thmay",
         "208_soc-trang-zyczenia-chol-chnam-thmay-khmerowie", "content"),
    }
    # the review page says which pairs were found by content
    assert build_report(records).count("original found by content") == 11
