"""A site profile's CSS selectors are compiled when it loads: a typo is a ProfileError naming the
file and the key, not an "internal error" on every page the profile reads."""

from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.ingest.site_profiles import ProfileError, load_profile, load_profiles

GOOD = """\
name = "baocaobang"
hosts = ["baocaobang.vn"]
signature = [".detail__content"]

[article]
title = ["h1.detail__title", "meta[property='og:title']@content"]
published = ["time@datetime"]
body = [{body}]
drop = [".related", "script"]

[crawl]
article_links = ["a[href]"]
pagination = [{pagination}]
"""


def write_profile(folder, body='".detail__content"', pagination='".pagination a[href]"'):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "baocaobang.toml"
    path.write_text(GOOD.format(body=body, pagination=pagination), encoding="utf-8")
    return path


def test_a_good_profile_loads_with_its_selectors(tmp_path):
    profile = load_profile(write_profile(tmp_path))
    assert profile.body == (".detail__content",)
    assert profile.title == ("h1.detail__title", "meta[property='og:title']@content")
    assert profile.published == ("time@datetime",)


def test_a_bad_body_selector_fails_when_the_profile_loads(tmp_path):
    # an attribute selector left open: "[" without "]"
    path = write_profile(tmp_path, body='".detail__content", "div[class=body"')
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    message = str(err.value)
    assert message.startswith(f"{path}: article.body: 'div[class=body' is not a valid CSS selector")


def test_a_bad_selector_before_an_attribute_is_found(tmp_path):
    path = write_profile(tmp_path)
    path.write_text(path.read_text().replace('"time@datetime"', '"time:first@datetime"'))
    with pytest.raises(ProfileError, match=r"article\.published: 'time:first@datetime'"):
        load_profile(path)


def test_a_bad_crawl_selector_fails_when_the_profile_loads(tmp_path):
    path = write_profile(tmp_path, pagination='".pagination >> a"')
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert str(err.value).startswith(f"{path}: crawl.pagination: '.pagination >> a' is not a")


def test_ingest_with_a_bad_profile_stops_with_the_file_and_key(tmp_path, capsys):
    folder = tmp_path / "profiles"
    path = write_profile(folder, body='"..detail"')
    article = tmp_path / "a.html"
    article.write_text("<html><body><div class='detail__content'><p>Xin chào</p></div></body>"
                       "</html>", encoding="utf-8")
    load_profiles.cache_clear()
    try:
        code = main(["ingest", str(article), "--out", str(tmp_path / "out"), "--profiles",
                     str(folder), "--no-progress"])
    finally:
        load_profiles.cache_clear()
    assert code == 2
    stderr = capsys.readouterr().err
    assert f"{path}: article.body: '..detail' is not a valid CSS selector" in stderr
    assert not (tmp_path / "out" / "documents.jsonl").exists()
