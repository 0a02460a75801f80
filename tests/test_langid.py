"""Language detection: the faster n-gram reader gives langdetect's own n-grams and answers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from langdetect import DetectorFactory, detect_langs, detector_factory
from langdetect.detector import Detector

from pipeline.langid import LanguageGuess, _langdetect, detect_language, extract_ngrams

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "corpora" / "pl").glob("*.txt"))[:6] + sorted(
    (ROOT / "corpora" / "vi").glob("*.txt"))[:3]
ODD = ["", " ", "ABC DEF", "ÀÁÂ xyz 123 — “quoted” … İstanbul ΑΣ", "日本語のテキスト 한국어",
       "hello  \u00a0 world\t\nNEW-LINE", "Ðà Nẵng, Hà Nội: 3.312 tỷ đồng (69%)"]


def _library_ngrams(text: str) -> list[str]:
    detector_factory.init_factory()
    detector = Detector(detector_factory._factory)
    detector.text = text
    return detector._extract_ngrams()


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_ngrams_are_langdetects_on_articles(path):
    text = path.read_text(encoding="utf-8")
    detector_factory.init_factory()
    known = detector_factory._factory.word_lang_prob_map
    assert extract_ngrams(text, known) == _library_ngrams(text)


def test_ngrams_are_langdetects_on_odd_and_random_text():
    detector_factory.init_factory()
    known = detector_factory._factory.word_lang_prob_map
    rng = random.Random(3)
    alphabet = "aAbBzZ ęĘłŁ ăĂđĐ ńŃ-.,;'\"\n\t 0123 Σσ İ é ộ ア あ 中 한"
    texts = ODD + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
                   for _ in range(300)]
    for text in texts:
        assert extract_ngrams(text, known) == _library_ngrams(text), text


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_answers_are_langdetects(path):
    sample = path.read_text(encoding="utf-8")[:2000]
    DetectorFactory.seed = 0
    best = detect_langs(sample)[0]
    assert _langdetect(sample) == LanguageGuess(best.lang.split("-")[0], round(best.prob, 4))


def test_no_features_is_undetermined():
    assert _langdetect("12345 67890 !!! ???") == LanguageGuess("und", 0.0)
    assert detect_language("") == LanguageGuess("und", 0.0)
