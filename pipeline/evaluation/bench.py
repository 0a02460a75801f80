"""`make bench`: speed and memory of extract, measured in one run so the numbers compare.

Builds a corpus of generated articles from the team's corpus (names and figures varied, so no
two documents are equal), then times, each in a fresh process: extract with 1 worker and with N
workers (documents/s, words/s, peak RSS; every run with --full); the daily, incremental run
(a second run with nothing new against the first, documents added, a lexicon changed; also on
--scale documents); underthesea's NER against our pipeline on the same Vietnamese articles;
langdetect against lingua for language detection. Absolute numbers depend on the machine; the
ratios printed beside them are what to compare.

    python -m pipeline.evaluation.bench [--documents 2000] [--workers N] [--scale 20000]
                                        [--out bench-data] [--sections incremental,...]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from pipeline.document import Document, document_id
from pipeline.extract.language import detect_language
from pipeline.ingest.local import iter_article_files, read_article_file
from pipeline.ingest.site_profiles import load_profiles
from pipeline.jsonl import dumps

ROOT = Path(__file__).resolve().parents[2]
SURNAMES_VI = ["Nông", "Bế", "Lục", "Hoàng", "Triệu", "Đàm", "Lương", "Nguyễn", "Trần", "Lê"]
SURNAMES_PL = ["Nong", "Be", "Luc", "Hoang", "Trieu", "Dam", "Luong", "Nguyen", "Tran", "Le"]
_DIGITS = re.compile(r"\d")
_SURNAME = re.compile(r"\b(" + "|".join(sorted(set(SURNAMES_VI + SURNAMES_PL), key=len,
                                                reverse=True)) + r")\b")


SHORT_ARTICLE_WORDS = 330


def source_documents() -> list[Document]:
    profiles = load_profiles()
    docs = [read_article_file(p, profiles=profiles) for p in iter_article_files(ROOT / "corpora")]
    return [d for d in docs if d.text and not d.errors]


def vary(text: str, rng: random.Random) -> str:
    """Another article of the same shape: other surnames, other digits (years kept plausible
    by leaving 4-digit runs that start with 19/20 alone)."""
    pool = SURNAMES_VI if detect_language(text).code == "vi" else SURNAMES_PL
    text = _SURNAME.sub(lambda m: rng.choice(pool), text)

    def digit(match: re.Match) -> str:
        return str(rng.randint(1, 9))

    parts = re.split(r"((?:19|20)\d\d)", text)
    return "".join(p if i % 2 else _DIGITS.sub(digit, p) for i, p in enumerate(parts))


def build_corpus(count: int, path: Path, seed: int = 7) -> tuple[int, int]:
    """Write `count` generated documents; return (documents, words)."""
    sources = source_documents()
    rng = random.Random(seed)
    words = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            base = sources[n % len(sources)]
            # A short article gets another one after it, so that documents average ~500 words,
            # the size of a provincial report.
            other = sources[(n * 7 + 3) % len(sources)]
            if (len(base.text.split()) < SHORT_ARTICLE_WORDS and other.text[:50] != base.text[:50]
                    and _same_script(base.text, other.text)):
                text = base.text + "\n" + other.text
            else:
                text = base.text
            text = vary(text, rng)
            words += len(text.split())
            doc = Document(id=document_id(text=f"{n}:{text}"), text=text,
                           translation_of=base.translation_of)
            doc.source.path = f"bench/{n:06d}"
            out.write(dumps(doc.to_json()) + "\n")
    return count, words


def _same_script(a: str, b: str) -> bool:
    return detect_language(a).code == detect_language(b).code


def measure(cmd: list[str], env: dict[str, str] | None = None,
            cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, the process and its children) of a command."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True,
                          check=True, env=env, cwd=cwd)
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def bench_extract(docs: Path, workers: int, out: Path, engine: str = "local") -> dict:
    cmd = [sys.executable, "-m", "pipeline", "extract", str(docs), "--output",
           str(out / f"records-{engine}-{workers}.jsonl"), "--workers", str(workers),
           "--no-progress", "--full"]
    if engine != "local":
        cmd += ["--engine", engine]
    seconds, rss = measure(cmd)
    return {"seconds": seconds, "rss_kib": rss}


def bench_incremental(docs_path: Path, out: Path, workers: int, added: int = 0,
                      second_only: bool = False) -> dict:
    """The daily run: a first extract, a second one with nothing changed (start-up included),
    one with `added` new documents (1% by default), and one after a lexicon changed (the
    package copied, one data file edited), each with runs.jsonl's counts; with `second_only`,
    the first two."""
    import shutil

    docs_path, out = docs_path.resolve(), out.resolve()
    folder = out / f"incremental-{docs_path.stem}"
    shutil.rmtree(folder, ignore_errors=True)
    records = folder / "records.jsonl"

    def extract(source: Path, *extra: str, package: Path | None = None,
                output: Path = records) -> dict:
        # the edited copy of the package is run from its own folder: `python -m` puts the
        # working directory first on sys.path, before PYTHONPATH
        env = {**os.environ, "PYTHONPATH": str(package)} if package else None
        seconds, _rss = measure([sys.executable, "-m", "pipeline", "extract", str(source),
                                 "--output", str(output), "--workers", str(workers),
                                 "--no-progress", *extra], env=env, cwd=package)
        runs = (output.parent / "runs.jsonl").read_text("utf-8").splitlines()
        return {"seconds": seconds, **json.loads(runs[-1])["documents"]}

    result = {"first": extract(docs_path)}
    first_bytes = records.read_bytes()
    result["second"] = extract(docs_path)
    result["second_identical"] = records.read_bytes() == first_bytes
    if second_only:
        return result
    added = added or max(1, len(first_bytes.splitlines()) // 100)
    grown = folder / "grown.jsonl"
    build_corpus(added, folder / "added.jsonl", seed=101)
    grown.write_bytes(docs_path.read_bytes() + (folder / "added.jsonl").read_bytes())
    result["added"] = {"documents": added, **extract(grown)}
    full = extract(grown, "--full", output=folder / "full" / "records.jsonl")
    result["added_equals_full"] = records.read_bytes() == (
        folder / "full" / "records.jsonl").read_bytes()
    result["full_seconds"] = full["seconds"]
    package = folder / "package"
    shutil.copytree(ROOT / "pipeline", package / "pipeline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    lexicon = package / "pipeline" / "data" / "vi" / "roles_vi.txt"
    lexicon.write_text(lexicon.read_text("utf-8") + "# edited by the benchmark\n", "utf-8")
    result["lexicon_changed"] = extract(grown, package=package)
    return result


def print_incremental(label: str, result: dict) -> None:
    first, second = result["first"], result["second"]
    print(f"{label}: first run {first['seconds']:.1f} s ({first['extracted']} extracted); "
          f"second run, nothing changed: {second['seconds']:.2f} s "
          f"({second['seconds'] / first['seconds']:.1%} of the first, {second['extracted']} "
          f"extracted, output identical: {result['second_identical']})")
    if "added" not in result:
        return
    added, lexicon = result["added"], result["lexicon_changed"]
    print(f"  {added['documents']} documents added: {added['seconds']:.1f} s, "
          f"{added['extracted']} extracted, {added['carried_over']} carried over; equals --full "
          f"({result['full_seconds']:.1f} s): {result['added_equals_full']}")
    print(f"  one lexicon file changed: {lexicon['seconds']:.1f} s, {lexicon['extracted']} of "
          f"{lexicon['in']} extracted again")


def bench_peer(docs_path: Path, limit: int) -> dict | None:
    try:
        from underthesea import ner
    except ImportError:
        return None
    from pipeline.extract.nlp import build_nlp

    texts = []
    with open(docs_path, encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            if detect_language(text).code == "vi":
                texts.append(text)
            if len(texts) >= limit:
                break
    words = sum(len(t.split()) for t in texts)
    nlp = build_nlp("vi")
    nlp("Khởi động.")
    ner("Khởi động.")
    # Both run in this process beside the other's models and the bench's own objects: frozen,
    # the garbage collector does not walk them again and again during either timing.
    gc.collect()
    gc.freeze()
    started = time.perf_counter()
    for text in texts:
        nlp(text)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        for paragraph in text.split("\n"):
            if paragraph.strip():
                ner(paragraph)
    peer = time.perf_counter() - started
    gc.unfreeze()
    return {"documents": len(texts), "words": words, "ours_s": ours, "underthesea_s": peer}


def bench_langid(docs_path: Path, limit: int) -> dict | None:
    from langdetect import DetectorFactory, detect

    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return None
    texts = []
    with open(docs_path, encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= limit:
                break
    DetectorFactory.seed = 0
    detect("warm up the profiles")
    lingua = LanguageDetectorBuilder.from_all_languages().build()
    lingua.detect_language_of("warm up")
    timings = {}
    for name, fn in (
        ("ours (letters + sampled langdetect)", detect_language),
        ("langdetect (whole text)", detect),
        ("lingua (whole text)", lingua.detect_language_of),
    ):
        started = time.perf_counter()
        for text in texts:
            fn(text)
        timings[name] = time.perf_counter() - started
    return {"documents": len(texts), "seconds": timings}


def bench_peer_accuracy(gold: Path) -> tuple[float, float] | None:
    """People F1 of ours and of underthesea on the same hand-checked Vietnamese articles."""
    from pipeline.evaluation.evaluate import evaluate, peer_people_scores

    peer = peer_people_scores(gold)
    if peer is None:
        return None
    ours = evaluate(gold).scores[("people", "vi")]
    return ours.f1, peer[0].f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation.bench",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--scale", type=int, default=0,
                        help="also measure peak RSS on this many documents (e.g. 20000)")
    parser.add_argument("--peer-documents", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--engines", default="local,dask",
                        help="comma-separated: local, dask (default: both)")
    parser.add_argument("--sections", default="extract,incremental,peer,langid",
                        help="comma-separated sections to run (default: all)")
    args = parser.parse_args(argv)

    docs_path = args.out / "documents.jsonl"
    count, words = build_corpus(args.documents, docs_path)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}")
    print(f"corpus: {count} generated documents, {words} words ({words / count:.0f} per document)")
    print()
    sections = set(args.sections.split(","))
    if "extract" in sections:
        bench_speed(args, docs_path, count, words)
    if "incremental" in sections:
        print()
        print_incremental(f"incremental, {count} documents",
                          bench_incremental(docs_path, args.out, args.workers))
        if args.scale:
            big_path = args.out / "documents-scale.jsonl"
            build_corpus(args.scale, big_path)
            print_incremental(f"incremental, {args.scale} documents",
                              bench_incremental(big_path, args.out, args.workers,
                                                second_only=True))
    if "peer" in sections:
        bench_others(docs_path, args)
    elif "langid" in sections:
        print_langid(docs_path)
    return 0


def bench_speed(args: argparse.Namespace, docs_path: Path, count: int, words: int) -> None:
    print(f"{'extract':<22} {'docs/s':>9} {'words/s':>10} {'peak RSS':>10} {'vs 1 worker':>12}")
    single = None
    for engine in args.engines.split(","):
        for workers in (1, args.workers) if engine == "local" else (args.workers,):
            result = bench_extract(docs_path, workers, args.out, engine)
            rate = count / result["seconds"]
            single = single or rate
            label = f"{engine}, {workers} worker{'s' if workers > 1 else ''}"
            print(f"{label:<22} {rate:9.1f} {words / result['seconds']:10.0f} "
                  f"{result['rss_kib'] / 1024:8.0f} MB {rate / single:11.2f}x")
    if args.scale:
        small = bench_extract(docs_path, 1, args.out)
        big_path = args.out / "documents-scale.jsonl"
        build_corpus(args.scale, big_path)
        big = bench_extract(big_path, 1, args.out)
        growth = big["rss_kib"] / small["rss_kib"] - 1
        print(f"peak RSS {count} -> {args.scale} documents: {small['rss_kib'] / 1024:.0f} MB -> "
              f"{big['rss_kib'] / 1024:.0f} MB ({growth:+.1%})")


def bench_others(docs_path: Path, args: argparse.Namespace) -> None:
    peer = bench_peer(docs_path, args.peer_documents)
    if peer:
        print()
        print(f"people on {peer['documents']} Vietnamese documents ({peer['words']} words):")
        print(f"  ours         {peer['words'] / peer['ours_s']:10.0f} words/s")
        print(f"  underthesea  {peer['words'] / peer['underthesea_s']:10.0f} words/s"
              f"   ours is {peer['underthesea_s'] / peer['ours_s']:.0f}x faster")
        accuracy = bench_peer_accuracy(ROOT / "corpora")
        if accuracy:
            ours, theirs = accuracy
            print(f"  people F1 on the Vietnamese gold articles of corpora/: ours {ours:.3f}, "
                  f"underthesea {theirs:.3f}")
    if "langid" in args.sections.split(","):
        print_langid(docs_path)


def print_langid(docs_path: Path) -> None:
    langid = bench_langid(docs_path, 500)
    if langid:
        print()
        print(f"language detection on {langid['documents']} documents:")
        base = langid["seconds"]["langdetect (whole text)"]
        for name, seconds in langid["seconds"].items():
            print(f"  {name:<36} {langid['documents'] / seconds:9.0f} docs/s "
                  f"({base / seconds:.1f}x langdetect)")


if __name__ == "__main__":
    raise SystemExit(main())
