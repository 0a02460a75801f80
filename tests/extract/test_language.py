"""Language detection: the faster n-gram reader gives langdetect's own n-grams and answers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from langdetect import DetectorFactory, detect_langs, detector_factory
from langdetect.detector import Detector

from pipeline.extract.language import LanguageGuess, _langdetect, detect_language, extract_ngrams

ROOT = Path(__file__).resolve().parents[2]
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


# Written for these tests: prose in languages that share letters or words with Polish, and
# texts that are full of Polish names without being Polish.
NOT_POLISH = {
    "cs": "Krajský úřad v Ostravě schválil v úterý rozpočet na příští rok. Největší část peněz "
          "půjde na opravy silnic druhé a třetí třídy a na nemocnice, které kraj zřizuje. "
          "Zastupitelé se shodli také na podpoře obcí, jež v létě zasáhly povodně, a na "
          "programu pro mladé lékaře, kteří začnou pracovat v menších městech regionu.",
    "sk": "Mestské zastupiteľstvo v Žiline v stredu schválilo nový územný plán. Počíta s "
          "rozšírením priemyselnej zóny na okraji mesta a s výstavbou štyroch stoviek bytov. "
          "Poslanci žiadali, aby sa zachovali parky pri rieke a aby sa ďalšie peniaze použili "
          "na opravu školských budov, ktoré sú v zlom stave už viac ako desať rokov.",
    "lt": "Vilniaus savivaldybė pristatė naują viešojo transporto planą. Į miestą atvyks "
          "šimtas naujų elektrinių autobusų, o kai kurios linijos bus pratęstos į naujus "
          "gyvenamuosius rajonus. Gyventojai galės pateikti pastabas iki mėnesio pabaigos, "
          "o galutinis sprendimas bus priimtas tarybos posėdyje rudenį.",
    "en": "The delegation travelled from Wrocław to Łódź and then to Gdańsk, where it met "
          "officials of the Pomeranian voivodeship. Talks in Poznań and Kraków followed, and "
          "the minister said trade with Vietnam had doubled in five years, helped by new "
          "direct flights and by the community of Vietnamese traders living in Warsaw.",
    "de": "Der Stadtrat von Görlitz hat am Dienstag beschlossen, die Brücke über die Neiße "
          "nach Zgorzelec bis zum Frühjahr zu sanieren. Die Kosten von rund zwölf Millionen "
          "Euro teilen sich beide Städte, und die Arbeiten sollen den Grenzverkehr möglichst "
          "wenig stören, weil täglich tausende Pendler die Brücke überqueren.",
    "place names": "Łódź Gdańsk Wrocław Poznań Kraków Białystok Częstochowa Bielsko-Biała "
                   "Zielona Góra Gorzów Wielkopolski Świnoujście Łomża Żyrardów Końskie "
                   "Ełk Oleśnica Świdnica Tczew Sopot Gdynia Kołobrzeg Ząbki Łańcut "
                   "Przemyśl Rzeszów Tarnów Nowy Sącz Zakopane Łęczyca Kłodzko Żagań Głogów",
}


@pytest.mark.parametrize("lang", sorted(NOT_POLISH))
def test_polish_letters_alone_do_not_decide(lang):
    """The Polish short cut does not fire on these texts, so langdetect decides them."""
    text = NOT_POLISH[lang]
    assert detect_language(text) == _langdetect(text)
    if lang in ("cs", "sk", "lt", "de"):
        assert detect_language(text).code == lang


@pytest.mark.parametrize("path", sorted((ROOT / "corpora").rglob("*.txt")),
                         ids=lambda p: p.name)
def test_polish_short_cut_agrees_with_langdetect(path):
    text = path.read_text(encoding="utf-8")
    guess = detect_language(text)
    reference = _langdetect(text[:2000])
    assert guess.code == reference.code
    if reference.code == "pl":  # every Polish article of the corpus takes the short cut
        assert guess == LanguageGuess("pl", 0.99)
