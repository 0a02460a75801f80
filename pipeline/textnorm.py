"""Text normalisation shared by every extractor: NFC, diacritic folding, keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Letters that NFD does not decompose into base + combining mark.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """'Quản Minh Cường' -> 'Quan Minh Cuong'; đ -> d, ł -> l."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def name_key(name: str) -> str:
    """The key that joins spellings of one person across languages and articles."""
    return _SPACES.sub(" ", fold_diacritics(name).lower()).strip()


def symbol_key(symbol: str) -> str:
    """'178/2024/NĐ-CP' and '178/2024/nd-cp' -> '178/2024/ND-CP'."""
    folded = fold_diacritics(symbol).upper()
    return re.sub(r"\s+", "", folded)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
