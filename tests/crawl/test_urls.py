import pytest

from pipeline.crawl.urls import HostPolicy, UrlError, normalize_url, origin


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "HTTP://TuyenGiaoCaoBang.VN:80/index.php/a-1.html#top",
            "http://tuyengiaocaobang.vn/index.php/a-1.html",
        ),
        ("https://www.vietnam.vn:443", "https://www.vietnam.vn/"),
        ("  http://127.0.0.1:8000/pl/a b  ", "http://127.0.0.1:8000/pl/a%20b"),
        ("http://x.vn/tin?start=3&x=1", "http://x.vn/tin?start=3&x=1"),
    ],
)
def test_normal_form(raw, expected):
    assert normalize_url(raw) == expected


def test_relative_links_resolve_against_the_page():
    assert normalize_url("../b-2.html", "http://x.vn/index.php/tin/a-1.html") == (
        "http://x.vn/index.php/b-2.html"
    )


@pytest.mark.parametrize(
    "raw",
    [
        "ftp://x.vn/a",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "mailto:a@b.c",
        "data:,x",
        "http:///nohost",
        "/relative/only",
    ],
)
def test_only_http_and_https_are_fetched(raw):
    with pytest.raises(UrlError):
        normalize_url(raw)


def test_origin_is_the_unit_of_politeness():
    assert origin("http://127.0.0.1:8000/a?b") == "http://127.0.0.1:8000"
    assert origin("https://x.vn/") == "https://x.vn"


def test_start_hosts_are_allowed_whatever_their_address():
    policy = HostPolicy(["http://127.0.0.1:8000/index.php/tin"])
    assert policy.allows("http://127.0.0.1:8000/other")
    assert policy.allows("https://127.0.0.1/secure")  # http -> https on the same host
    assert not policy.allows("http://127.0.0.1:22/")  # another service on the host
    assert not policy.allows("http://localhost:8000/")  # another name is another host
    with pytest.raises(UrlError, match="--allow-host www.vietnam.vn"):
        policy.check("https://www.vietnam.vn/pl/x")
    with pytest.raises(UrlError):
        policy.check("ftp://127.0.0.1:8000/x")


def test_other_hosts_only_with_allow_host():
    policy = HostPolicy(
        ["https://tuyengiaocaobang.vn/"], ["www.vietnam.vn", "*.gov.vn", "localhost:9000"]
    )
    assert policy.allows("https://www.vietnam.vn/pl/x")
    assert policy.allows("https://caobang.gov.vn/a")
    assert not policy.allows("https://gov.vn.evil.com/")
    assert policy.allows("http://localhost:9000/a")
    assert not policy.allows("http://localhost:9001/a")
    assert not policy.allows("https://vietnam.vn/pl/x")
