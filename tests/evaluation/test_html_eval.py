import json

import pytest

from pipeline.evaluation.html_eval import (
    AnnotatedPage,
    AnnotationError,
    Reading,
    load_pages,
    score_page,
)

PAGE = AnnotatedPage(
    name="x",
    html="",
    url=None,
    title="Tiêu đề bài",
    published="2025-11-25",
    must_include=("Đoạn một.", "Chỉ tiêu\t2025"),
    must_exclude=("Tin liên quan",),
)


def test_page_fully_right_needs_all_four_fields():
    good = score_page(PAGE, Reading("Tiêu đề  bài", "2025-11-25", "Đoạn một.\nChỉ tiêu\t2025"))
    assert (good.title, good.date, good.includes, good.excludes) == (True, True, True, True)
    assert good.fully_right
    bad = score_page(PAGE, Reading("Tiêu đề bài", "2025-11-26", "Đoạn một.\nTin liên quan"))
    assert (bad.title, bad.date, bad.includes, bad.excludes) == (True, False, False, False)
    assert bad.missing == ["Chỉ tiêu\t2025"] and bad.leaked == ["Tin liên quan"]
    assert not bad.fully_right


def test_a_table_row_split_over_lines_is_a_miss():
    # the figure extractor reads a row as one line: "Chỉ tiêu\n2025" does not count
    split_row = Reading("Tiêu đề bài", "2025-11-25", "Đoạn một.\nChỉ tiêu\n2025")
    assert not score_page(PAGE, split_row).includes


def test_missing_annotation_is_a_clear_error(tmp_path):
    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    with pytest.raises(AnnotationError, match="a.json"):
        load_pages(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps({"title": "x"}), encoding="utf-8")
    with pytest.raises(AnnotationError, match="'published' is required"):
        load_pages(tmp_path)


def test_team_pages_ours_beats_trafilatura_alone(fixtures):
    # In a child process: reading 48 pages grows this process by tens of MiB, which the
    # robustness tests' children would inherit in their peak-RSS measurement.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "evaluate-html", str(fixtures / "html_eval"), "--json"],
        capture_output=True, text=True, check=True,
    )
    results = json.loads(done.stdout)
    ours, alone = results["ours"]["summary"], results["trafilatura"]["summary"]
    assert ours["pages"] == alone["pages"] == 27
    # every page annotated by hand is read fully right; trafilatura alone misses leads, titles
    # and dates on most of them
    assert ours["fully_right"] == 27
    for field in ("title", "date", "includes", "excludes", "fully_right"):
        assert ours[field] > alone[field], field


def test_cli_prints_both_readers(fixtures, tmp_path, capsys):
    import shutil

    from pipeline.cli import main

    for name in ("02_national_dantri", "15_portal_pl"):
        for suffix in (".html", ".json"):
            shutil.copy(fixtures / "html_eval" / f"{name}{suffix}", tmp_path)
    assert main(["evaluate-html", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 annotated pages" in out
    assert out.splitlines()[2].split()[0] == "ours"
    assert out.splitlines()[3].split()[0] == "trafilatura"
