"""The crawl's closing summary (pipeline.crawl.progress.summary_lines)."""

from pipeline.crawl.progress import CrawlCounts, summary_lines


def _summary(counts: CrawlCounts) -> list[str]:
    return summary_lines(
        counts, 1.0, documents="out/documents.jsonl", total_documents=0,
        documents_with_errors=0, archives=[], notes=[],
    )  # fmt: skip


def test_each_list_of_urls_names_the_first_few_and_counts_the_rest():
    counts = CrawlCounts(
        failed=11, gone=6, robots=7,
        failed_urls=[f"http://h/f{n}" for n in range(11)],
        gone_urls=[f"http://h/g{n}" for n in range(6)],
        robots_urls=[f"http://h/r{n}" for n in range(7)],
    )  # fmt: skip
    lines = _summary(counts)
    # ten failed pages are listed, five dead links, five disallowed: the rest counted
    assert [line for line in lines if line.startswith("  failed: ")][-1] == "  failed: http://h/f9"
    assert "  ... and 1 more failed pages" in lines
    assert [line for line in lines if line.startswith("  gone: ")] == [
        f"  gone: http://h/g{n}" for n in range(5)
    ]
    assert "  ... and 1 more dead links" in lines
    assert lines.count("  disallowed by robots.txt: http://h/r4") == 1
    assert "  disallowed by robots.txt: http://h/r5" not in lines
    assert "  ... and 2 more pages robots.txt disallows" in lines
    assert lines[0].endswith(
        "7 skipped by robots.txt, 6 gone (dead links: HTTP 404/410), 11 failed"
    )


def test_short_lists_have_no_count_line():
    lines = _summary(CrawlCounts(gone=1, gone_urls=["http://h/g"]))
    assert "  gone: http://h/g" in lines
    assert not [line for line in lines if line.startswith("  ... and")]
