"""`make fuzz`: hostile generated documents through extract, to find the inputs that crash it.

Each document is built from a seed and its index alone (`random.Random(f"{seed}:{index}")`),
so any failure is replayed with `--replay INDEX` and the same seed. A document is a window of
a team article (from `corpora/`) or a run of lexicon words (from `pipeline/data/`), mutated:
numbers written every way (grouped, decimal, signed, glued to units, overlong, broken), units
and scale words, document codes (well formed, half written, nested), dates and Roman numerals,
and stray Unicode (combining marks, zero-width and direction marks, controls, other scripts'
digits, fullwidth forms, letters that change length when lower-cased).

Documents run through `extract_document`, in-process and batched over a fork pool (all cores
by default). Printed: the count of extract-stage error entries by code, every failure (any code
but `truncated`, or an exception that escaped) with its index, and the slowest documents. The
exit status is 1 on any failure.

    python -m pipeline.evaluation.fuzz [--count 100000] [--seed 0] [--workers N]
                                       [--slowest 10] [--replay INDEX]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
import tomllib
import traceback
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.document import Document, document_id
from pipeline.extract.step import DEFAULT_OPTIONS, extract_document
from pipeline.extractors.datafiles import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
#: The one error code that is not a failure: a text cut at --max-chars.
ALLOWED_CODES = frozenset({"truncated"})
LANGS = ("vi", "pl")

# -- vocabulary -------------------------------------------------------------------------------


def _strings(value: object) -> list[str]:
    """Every string in a parsed TOML value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (str(key), *_strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _data_words(folder: Path) -> list[str]:
    words: set[str] = set()
    for path in sorted(folder.iterdir()):
        if path.suffix == ".txt":
            for line in path.read_text("utf-8").splitlines():
                entry = line.split("#", 1)[0].strip()
                if entry:
                    words.add(entry)
        elif path.suffix == ".toml":
            words.update(s.strip() for s in _strings(tomllib.loads(path.read_text("utf-8"))))
    return sorted(w for w in words if w and len(w) < 80)


@cache
def vocabulary() -> dict[str, list[str]]:
    """Lexicon entries per language ("common" for both): role words, names, units, scales,
    number words, document kinds and issuers, cue phrases."""
    return {name: _data_words(DATA_DIR / name) for name in (*LANGS, "common")}


@cache
def articles() -> dict[str, list[str]]:
    """The team's articles by language (article files read as ingest reads them); empty where
    the package is installed without its corpora."""
    from pipeline.extract.language import detect_language
    from pipeline.ingest.local import iter_article_files, read_article_file
    from pipeline.ingest.site_profiles import load_profiles

    found: dict[str, list[str]] = {lang: [] for lang in LANGS}
    folder = ROOT / "corpora"
    if not folder.is_dir():
        return found
    profiles = load_profiles()
    for path in iter_article_files(folder):
        doc = read_article_file(path, profiles=profiles)
        lang = detect_language(doc.text).code if doc.text and not doc.errors else None
        if lang in found:
            found[lang].append(doc.text)
    return found


# -- hostile pieces ---------------------------------------------------------------------------

STRAY = [
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u031b",  # combining marks
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff",  # zero-width, bidi
    "\u202a", "\u202e", "\u2066", "\u2069",
    "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
    "\u00a0", "\u202f", "\u2009", "\u2007", "\u3000", "\u00ad",  # spaces, soft hyphen
    "٣", "۴", "०", "１", "２", "３", "０", "¹", "²", "³", "½", "⅓", "Ⅻ", "ⅻ", "①", "𝟗",
    "İ", "ß", "ẞ", "ﬁ", "ŉ", "ǅ", "ΐ", "K", "Å", "ı", "ſ",  # length changes when case-folded
    "„", "”", "“", "«", "»", "‹", "›", "‘", "’", "‚", "\"", "'", "`",
    "–", "—", "‐", "‑", "‒", "−", "⁄", "∕", "／", "%", "％", "‰", "‱", "°", "²", "³",
    "…", "·", "•", "¶", "§", "№", "®", "€", "$", "₫", "zł", "😀", "🇻🇳", "漢", "한", "ไทย",
    "\ud7ff", "\U0010fffd", "\ufffd", "\ufffe",
]
PUNCT = [".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "/", "-", "–", "%", "\n", "\n\n",
         "…", "...", " ", "\t", "„", "”", "“", "*", "+", "=", "&", "#", "@", "|"]
CODE_KINDS = ["NQ", "QĐ", "QD", "CT", "KH", "TB", "HD", "TTg", "UBND", "BCT", "TU", "HĐND",
              "KL", "ND", "NĐ", "CP", "BTC", "BNV", "QH", "TW", "ĐU", "BCĐ", "SNV", "X", "Đ"]
MONTHS = ["stycznia", "października", "grudnia", "tháng", "lipca", "marca"]


def number_token(rng: random.Random) -> str:
    choice = rng.randrange(14)
    if choice == 0:
        return str(rng.randint(0, 10 ** rng.randint(1, 25)))
    if choice == 1:  # grouped, either language's marks or a wrong mix
        group = rng.choice([".", " ", "\u00a0", "\u202f", ",", "'", "\u2009"])
        groups = [str(rng.randint(1, 999))] + [f"{rng.randint(0, 999):03d}"
                                                for _ in range(rng.randint(1, 6))]
        text = group.join(groups)
        if rng.random() < 0.5:
            text += rng.choice([",", "."]) + str(rng.randint(0, 99999))
        return text
    if choice == 2:
        return f"{rng.randint(0, 999)}{rng.choice([',', '.'])}{rng.randint(0, 999)}"
    if choice == 3:
        return rng.choice(["-", "+", "−", "±", "~", "≈", ">", "<", "≥"]) + str(rng.randint(0, 99))
    if choice == 4:
        return rng.choice(["1e5", "1E-3", "0x1F", "NaN", "inf", "1/2", "3/4", "0,", ",5", ".5",
                           "5.", "1..2", "1,,2", "1.2.3.4", "00", "007", "0,000", "1.000.000,",
                           "9" * 40, "1" + "0" * 300, "2.100", "1 299,5", "6,52", "3.312"])
    if choice == 5:  # percentages and ranges
        a = rng.randint(0, 200)
        return rng.choice([f"{a}%", f"{a} %", f"{a},{rng.randint(0, 99)}%", f"{a}-{a + 5}%",
                           f"{a}–{a + 3}", f"{a}÷{a + 2}%", f"{a}%/năm", f"{a}%."])
    if choice == 6:  # dates
        d, m, y = rng.randint(0, 40), rng.randint(0, 14), rng.randint(1890, 2110)
        return rng.choice([f"{d}/{m}/{y}", f"{d}-{m}-{y}", f"{d}.{m}.{y}", f"{y}-{m:02d}-{d:02d}",
                           f"{d}/{m}", f"ngày {d} tháng {m} năm {y}",
                           f"{d} {rng.choice(MONTHS)} {y} r.", f"{m}/{y}", f"Q{rng.randint(0, 5)}"])
    if choice == 7:  # Roman numerals and terms
        roman = "".join(rng.choice("IVXLCDM") for _ in range(rng.randint(1, 6)))
        return rng.choice([roman, f"khóa {roman}", f"{roman} kadencji", f"kadencja {roman}",
                           f"{roman} KC", f"quý {roman}", f"nhiệm kỳ {rng.randint(1990, 2040)}-"
                           f"{rng.randint(1990, 2040)}"])
    if choice == 8:  # digits glued to letters
        glued = ["ha", "km", "tỷ", "mln", "xã", "USD", "m2", "m²", "k", "tr", "đ"]
        return f"{rng.randint(0, 9999)}{rng.choice(glued)}"
    if choice == 9:
        return "".join(rng.choice("0123456789.,% -/") for _ in range(rng.randint(1, 20)))
    if choice == 10:  # other scripts' digits
        digits = "٠١٢٣٤٥٦٧٨٩０１２３４５６７８９۰۱۲०१२"
        return "".join(rng.choice(digits) for _ in range(rng.randint(1, 6)))
    if choice == 11:
        scales = ["nghìn", "triệu", "tỷ", "tys.", "mln", "mld", "tysięcy", "miliardów", "ngàn"]
        return f"{rng.randint(1, 999)} {rng.choice(scales)}"
    if choice == 12:
        return str(rng.uniform(-1e6, 1e6))
    return rng.choice(["số", "nr", "Nr.", "No.", "lần thứ", "thứ", "x", "×", "*"]) + " " + str(
        rng.randint(0, 99))


def code_token(rng: random.Random) -> str:
    number = str(rng.randint(0, 99999))
    kind, issuer = rng.choice(CODE_KINDS), rng.choice(CODE_KINDS)
    year = str(rng.randint(1945, 2100))
    shapes = [
        f"{number}-{kind}/{issuer}", f"{number}/{kind}-{issuer}",
        f"{number}/{year}/{kind}-{issuer}",
        f"{number}/{year}/{kind}", f"{number}/{kind}", f"-{kind}/{issuer}", f"{number}-/",
        f"/{kind}-", f"{number}/{kind}-{issuer}-{issuer}", f"{number} - {kind} / {issuer}",
        f"{number}/{kind}–{issuer}", f"{number}/{kind}-{issuer}/{kind}-{issuer}",
        f"{kind}-{issuer}", f"{number}-{kind}", f"{number}/{year}", f"{number}/",
        f"{number}/{kind}-{issuer},{number}/{kind}", f"số {number}/{kind}-{issuer}",
        f"nr {number}-{kind}/{issuer}", f"{number}-{kind}/{issuer}{number}",
    ]
    return rng.choice(shapes)


def hostile_token(rng: random.Random, lang: str) -> str:
    kind = rng.randrange(10)
    if kind <= 2:
        return number_token(rng)
    if kind == 3:
        return code_token(rng)
    if kind == 4:
        return "".join(rng.choice(STRAY) for _ in range(rng.randint(1, 4)))
    if kind == 5:
        return rng.choice(PUNCT)
    vocab = vocabulary()
    pool = vocab[lang] if kind <= 7 else vocab["common"] or vocab[lang]
    if kind == 9:
        pool = vocab[rng.choice(LANGS)]
    return rng.choice(pool)


def table_block(rng: random.Random, lang: str) -> str:
    """Lines of TAB-separated cells, as tables copied from a page come: a header of years or
    words, rows labelled by lexicon words, cells of numbers, words or nothing, ragged."""
    vocab = vocabulary()[lang]
    width = rng.randint(1, 6)

    def cell() -> str:
        roll = rng.random()
        if roll < 0.6:
            return number_token(rng)
        if roll < 0.75:
            return ""
        return rng.choice(vocab) if roll < 0.9 else hostile_token(rng, lang)

    header = [rng.choice(vocab)] + [rng.choice([str(rng.randint(1990, 2040)), rng.choice(vocab),
                                                "%", "", "(%)"]) for _ in range(width)]
    rows = ["\t".join(header)]
    for _ in range(rng.randint(0, 12)):
        size = width + rng.choice([0, 0, 0, -1, 1, 3])
        rows.append("\t".join([rng.choice(vocab)] + [cell() for _ in range(max(0, size))]))
    return "\n".join(rows)


def _window(rng: random.Random, text: str, words: int) -> list[str]:
    tokens = text.split(" ")
    if len(tokens) <= words:
        return tokens
    start = rng.randrange(len(tokens) - words)
    return tokens[start:start + words]


def generate(seed: int, index: int) -> Document:
    """The document `index` of the series `seed`: the same on every run and machine (for the
    same checkout, whose corpora and lexicons it draws on)."""
    rng = random.Random(f"{seed}:{index}")
    lang = rng.choice(LANGS)
    texts = articles()[lang]
    size = rng.choice([1, 2, 5, 20, 60, 150, 400]) if rng.random() < 0.98 else \
        rng.randint(2000, 8000)
    if texts and rng.random() < 0.8:
        tokens = _window(rng, rng.choice(texts), size)
    else:
        tokens = [rng.choice(vocabulary()[lang]) for _ in range(size)]
    rate = rng.choice([0.0, 0.05, 0.15, 0.3, 0.6, 0.9, 1.0])
    out: list[str] = []
    for token in tokens:
        roll = rng.random()
        if roll < rate / 2:
            out.append(hostile_token(rng, lang))
        elif roll < rate:
            out.extend((token, hostile_token(rng, lang)))
        else:
            out.append(token)
    glue = rng.random()
    if glue < 0.1:  # no spaces at all around some pieces
        text = "".join(t if rng.random() < 0.5 else t + " " for t in out)
    elif glue < 0.2:
        text = "\n".join(" ".join(out[i:i + 7]) for i in range(0, len(out), 7))
    else:
        text = " ".join(out)
    if rng.random() < 0.15:  # a table before, inside or after the prose
        at = rng.choice([0, len(text) // 2, len(text)])
        at = text.rfind(" ", 0, at) + 1 if 0 < at < len(text) else at
        text = f"{text[:at]}\n{table_block(rng, lang)}\n{text[at:]}"
    if rng.random() < 0.1:  # the other language's words mixed in
        other = vocabulary()["pl" if lang == "vi" else "vi"]
        words = text.split(" ")
        for _ in range(rng.randint(1, 30)):
            words.insert(rng.randint(0, len(words)), rng.choice(other))
        text = " ".join(words)
    casing = rng.random()
    if casing < 0.05:  # headlines and shouting
        text = text.upper()
    elif casing < 0.1:
        text = text.title()
    elif casing < 0.13:
        text = text.lower()
    if rng.random() < 0.05:  # a repeated piece: long runs of one token
        text += " " + " ".join([hostile_token(rng, lang)] * rng.randint(50, 500))
    return Document(id=document_id(url=f"fuzz:{seed}:{index}"), text=text)


# -- running ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    index: int
    seconds: float
    chars: int
    codes: tuple[str, ...]
    messages: tuple[str, ...]


def run_one(seed: int, index: int) -> Outcome:
    doc = generate(seed, index)
    started = time.perf_counter()
    try:
        record = extract_document(doc, DEFAULT_OPTIONS)
        errors = [(f"{e['stage']}:{e['code']}", e["message"]) for e in record["errors"]]
    except Exception as err:  # noqa: BLE001 - counted and reported as a failure
        errors = [("raised", f"{type(err).__name__}: {err}")]
    seconds = time.perf_counter() - started
    return Outcome(index, seconds, len(doc.text), tuple(c for c, _ in errors),
                   tuple(m for _, m in errors))


def _run_batch(job: tuple[int, int, int]) -> list[Outcome]:
    seed, start, stop = job
    return [run_one(seed, index) for index in range(start, stop)]


def _warm_up() -> None:
    vocabulary()
    articles()
    from pipeline.extract.engines import warm_up

    warm_up(DEFAULT_OPTIONS)
    # Caches filled on first use (morphology, lexicon lookups) too, so that the first document
    # of each worker is not reported among the slowest.
    for text in (
        "Ông Nông Văn Thành, Phó Chủ tịch UBND tỉnh, cho biết theo Nghị quyết số 18-NQ/TW, "
        "tổng thu ngân sách đạt 3.312 tỷ đồng, tăng 5% so với cùng kỳ; 12 xã đạt chuẩn.",
        "Towarzysz Nong Van Thanh, wiceprzewodniczący prowincjonalnego komitetu ludowego, "
        "powiedział, że zgodnie z Uchwałą nr 18-NQ/TW dochody wyniosły 3 312 mld VND, "
        "wzrost o 5%; 12 gmin spełniło kryteria.",
    ):
        extract_document(Document(id=document_id(text=text), text=text), DEFAULT_OPTIONS)


def run(seed: int, count: int, workers: int, batch: int = 50) -> list[Outcome]:
    """Every outcome, in index order."""
    _warm_up()  # loaded once, before the fork, and shared by the workers
    jobs = [(seed, start, min(start + batch, count)) for start in range(0, count, batch)]
    if workers <= 1:
        batches = map(_run_batch, jobs)
        return [o for b in batches for o in b]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        outcomes = [o for b in pool.imap_unordered(_run_batch, jobs) for o in b]
    return sorted(outcomes, key=lambda o: o.index)


def is_failure(code: str) -> bool:
    return code.partition(":")[2] not in ALLOWED_CODES


def report(outcomes: list[Outcome], seed: int, slowest: int, seconds: float) -> int:
    codes = Counter(code for o in outcomes for code in o.codes)
    failures = [o for o in outcomes if any(is_failure(c) for c in o.codes)]
    chars = sum(o.chars for o in outcomes)
    print(f"fuzz: {len(outcomes)} documents (seed {seed}), {chars:,} characters, "
          f"{seconds:.1f} s")
    print("error entries by code:" + ("" if codes else " none"))
    for code, n in sorted(codes.items()):
        print(f"  {code:<32} {n:>7}  {'failure' if is_failure(code) else 'allowed'}")
    if failures:
        print(f"failures: {len(failures)} documents (replay one: python -m "
              f"pipeline.evaluation.fuzz --seed {seed} --replay INDEX)")
        for o in failures[:20]:
            print(f"  #{o.index}: {'; '.join(o.messages)[:200]}")
    print(f"slowest {slowest}:")
    for o in sorted(outcomes, key=lambda o: (-o.seconds, o.index))[:slowest]:
        print(f"  #{o.index}: {o.seconds * 1000:.0f} ms, {o.chars:,} characters")
    print("FAILED" if failures else "OK")
    return 1 if failures else 0


def replay(seed: int, index: int) -> int:
    """The document, the error entries extract gives it (as the run counted them), then its
    spaCy pipeline without the safety net, so a crash in an extractor shows its traceback.
    Exit status 1 when either fails, as the run would."""
    from pipeline.extract.language import detect_language
    from pipeline.extract.nlp import SUPPORTED_LANGUAGES, build_nlp

    doc = generate(seed, index)
    print(f"document #{index} of seed {seed}, {len(doc.text)} characters:")
    print(repr(doc.text))
    outcome = run_one(seed, index)
    print("error entries:" + ("" if outcome.codes else " none"))
    for code, message in zip(outcome.codes, outcome.messages, strict=True):
        print(f"  {code}: {message}")
    failed = any(is_failure(code) for code in outcome.codes)
    language = detect_language(doc.text)
    print(f"language: {language.code}")
    if language.code not in SUPPORTED_LANGUAGES:
        return 1 if failed else 0
    try:
        parsed = build_nlp(language.code)(doc.text)
        for kind in ("people", "resolutions", "indicators"):
            print(f"{kind}: {len(getattr(parsed._, kind) or [])}")
    except Exception:  # noqa: BLE001 - shown to whoever replays the failure
        traceback.print_exc()
        return 1
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation.fuzz",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--slowest", type=int, default=10)
    parser.add_argument("--replay", type=int, metavar="INDEX",
                        help="print document INDEX of the seed and extract it, with traceback")
    args = parser.parse_args(argv)
    if args.count < 0 or args.workers < 1:
        parser.error("--count must be >= 0 and --workers >= 1")
    if args.replay is not None:
        return replay(args.seed, args.replay)
    started = time.perf_counter()
    outcomes = run(args.seed, args.count, args.workers)
    return report(outcomes, args.seed, args.slowest, time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
