"""Language of an article body: Vietnamese or Polish from its letters and words when that is
certain, else langdetect.

langdetect is random by design; it is seeded here (`DetectorFactory.seed`, its documented way)
so the same text always gets the same answer, and it only sees a sample of long texts, which
keeps it fast without changing the outcome. Only langdetect's public API is used
(`detect_langs`): with Vietnamese and certain Polish decided from their letters, langdetect
sees few texts, and a faster reader of its n-grams built on its private internals saved too
little to be worth breaking on its next release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Letters that only Vietnamese (among the languages we meet) writes.
_VI_LETTERS = set(
    "ăâđêôơư"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
_VI_LETTER = re.compile("[" + "".join(sorted(_VI_LETTERS)) + "]")
_NOT_LETTER = re.compile(r"[\W\d_]+")  # everything but the letters of [^\W\d_]
MIN_LETTERS = 20
SAMPLE_CHARS = 2000

#: Letters Polish writes and the other languages langdetect knows do not (ó is Spanish too).
_PL_LETTER = re.compile("[ąćęłńśźż]")
#: Letters neither Polish nor Vietnamese writes (č ř š ž ě ä ö ü ß ñ ç å ø, Cyrillic, Greek...).
_FOREIGN_LETTER = re.compile("[^a-zó" + "".join(sorted(_VI_LETTERS)) + "ąćęłńśźż]")
#: Short Polish words that make up a sixth or so of any Polish prose.
_PL_WORDS = frozenset({
    "w", "z", "na", "się", "do", "nie", "że", "i", "o", "od", "po", "jest", "są", "oraz", "dla",
    "przez", "przy", "to", "jak", "a", "ze", "we", "za",
})
PL_MIN_LETTERS = 200


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    confidence: float


def _langdetect(sample: str) -> LanguageGuess:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return LanguageGuess("und", 0.0)
    return LanguageGuess(best.lang.split("-")[0], round(best.prob, 4))


def detect_language(text: str) -> LanguageGuess:
    head = text[: SAMPLE_CHARS * 4]
    letters = _NOT_LETTER.sub("", head)
    if len(letters) < MIN_LETTERS:
        return LanguageGuess("und", 0.0)
    # Lowercased as one string: the same letters as one by one (only "İ" lowercases to two
    # characters, neither of them Vietnamese), counted by the regex engine.
    lower = letters.lower()
    vi_share = len(_VI_LETTER.findall(lower)) / len(letters)
    # Vietnamese prose has one such letter in every four or five; a Polish text quoting a
    # Vietnamese name in full has a few per cent at most.
    if vi_share > 0.12:
        return LanguageGuess("vi", round(min(0.99, 0.8 + vi_share), 4))
    if _certainly_polish(head, lower):
        return LanguageGuess("pl", 0.99)
    return _langdetect(_sample(text))


def _certainly_polish(head: str, letters: str) -> bool:
    """Whether the text's head (`letters`: its letters, lowercased) is certainly Polish prose: long
    enough; ą ć ę ł ń ś ź ż at least one letter in forty (Polish prose has one in twenty, an
    English text naming Łódź and Gdańsk far fewer); no more than a few letters Polish does not
    write (a Czech, Slovak or Lithuanian text has ř, š, ė...); and a tenth of the words Polish
    function words (a list of Polish place names is not Polish prose)."""
    if len(letters) < PL_MIN_LETTERS:
        return False
    if (len(_PL_LETTER.findall(letters)) < 0.025 * len(letters)
            or len(_FOREIGN_LETTER.findall(letters)) > 0.005 * len(letters)):
        return False
    words = head.lower().split()
    return sum(1 for w in words if w in _PL_WORDS) >= 0.1 * len(words)


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    # Beginning and middle: an opening quote in another language does not decide alone.
    middle = len(text) // 2
    return text[: SAMPLE_CHARS // 2] + "\n" + text[middle : middle + SAMPLE_CHARS // 2]
