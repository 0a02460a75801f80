"""Redirects: followed through every layer, capped, loops caught, other schemes and hosts
refused."""

import pytest
from requests.structures import CaseInsensitiveDict

from pipeline.crawl.fetcher import (
    FetchRefused,
    FetchRequest,
    FetchResponse,
    RedirectError,
    build_fetch,
)
from pipeline.crawl.redirects import RedirectLayer

ARTICLE = (
    "<html><body><article><p>Đồng chí Hoàng Văn Thụ thăm xã Quang Trung.</p>"
    "</article></body></html>"
)


def redirects(mapping):
    """A fake transport: URL -> Location (redirect) or None (200)."""
    calls = []

    def transport(request):
        calls.append(request.url)
        location = mapping.get(request.url)
        if location is None:
            return FetchResponse(url=request.url, status=200)
        return FetchResponse(
            url=request.url, status=301, headers=CaseInsensitiveDict({"Location": location})
        )

    return transport, calls


def test_hops_are_followed_and_remembered():
    transport, calls = redirects({"http://x/a": "/b", "http://x/b": "https://x/c"})
    response = build_fetch([RedirectLayer(5)], transport)(FetchRequest("http://x/a"))
    assert response.url == "https://x/c" and response.status == 200
    assert response.redirects == ("http://x/a", "http://x/b")
    assert calls == ["http://x/a", "http://x/b", "https://x/c"]


def test_loop_and_cap():
    transport, _ = redirects({"http://x/a": "/b", "http://x/b": "/a"})
    with pytest.raises(RedirectError, match="redirect loop"):
        build_fetch([RedirectLayer(5)], transport)(FetchRequest("http://x/a"))
    chain = {f"http://x/{n}": f"/{n + 1}" for n in range(10)}
    transport, calls = redirects(chain)
    with pytest.raises(RedirectError, match="more than 3 redirects"):
        build_fetch([RedirectLayer(3)], transport)(FetchRequest("http://x/0"))
    assert len(calls) == 4


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://x/a", "javascript:alert(1)"])
def test_other_schemes_are_refused(target):
    transport, calls = redirects({"http://x/a": target})
    with pytest.raises(FetchRefused) as err:
        build_fetch([RedirectLayer(5)], transport)(FetchRequest("http://x/a"))
    assert err.value.code == "redirect-scheme"
    assert calls == ["http://x/a"]


def test_redirect_loop_on_a_live_server(site, crawl, tmp_path):
    site.route("/loop-a", status=302, location="/loop-b")
    site.route("/loop-b", status=302, location="/loop-a")
    run = crawl(tmp_path / "out", site.url("/loop-a"))
    assert run.code == 1
    (doc,) = run.documents
    assert doc["errors"][0]["code"] == "redirect"
    assert "redirect loop" in doc["errors"][0]["message"]
    assert len(site.seen("/loop-a")) == 1 and len(site.seen("/loop-b")) == 1


def test_redirect_to_another_host_needs_allow_host(site, web, crawl, tmp_path):
    target = web.vi.url("/index.php/tin-trong-tinh/ha-quang-trong-cay-xanh-2005.html")
    site.route("/moved", status=301, location=target)
    run = crawl(tmp_path / "refused", site.url("/moved"))
    assert run.code == 1
    (doc,) = run.documents
    assert doc["errors"][0]["code"] == "not-allowed"
    assert f"--allow-host 127.0.0.1:{web.vi.port}" in doc["errors"][0]["message"]
    assert web.vi.requests == []  # not even its robots.txt

    # 127.0.0.1 is loopback and no start URL names it: private addresses must be allowed too
    run = crawl(
        tmp_path / "allowed", site.url("/moved"), "--allow-host", f"127.0.0.1:{web.vi.port}",
        "--allow-private-addresses",
    )
    assert run.code == 0, run.stderr
    (doc,) = run.documents
    assert doc["source"]["url"] == target and doc["title"] == "Hà Quảng trồng cây xanh"
    assert [s.path for s in web.vi.requests] == ["/robots.txt", target.split(str(web.vi.port))[1]]


def test_redirect_to_a_non_http_scheme_on_a_live_server(site, crawl, tmp_path):
    site.route("/evil", status=302, location="file:///etc/passwd")
    run = crawl(tmp_path / "out", site.url("/evil"))
    (doc,) = run.documents
    assert doc["errors"][0]["code"] == "redirect-scheme"
    assert doc["text"] == ""


def test_redirected_page_is_archived_hop_by_hop(site, crawl, tmp_path):
    site.route("/old-address", status=301, location="/tin/dong-chi-hoang-van-thu-tham-xa")
    site.route("/tin/dong-chi-hoang-van-thu-tham-xa", body=ARTICLE)
    run = crawl(tmp_path / "out", site.url("/old-address"))
    assert run.code == 0, run.stderr
    (doc,) = run.documents
    assert doc["source"]["url"] == site.url("/tin/dong-chi-hoang-van-thu-tham-xa")
    from pipeline.crawl.warc import iter_response_refs

    refs = list(iter_response_refs(sorted((tmp_path / "out" / "warc").glob("*.gz")), warn=print))
    assert [(r.url.rsplit("/", 1)[-1], r.status) for r in refs] == [
        ("robots.txt", 200),
        ("old-address", 301),
        ("dong-chi-hoang-van-thu-tham-xa", 200),
    ]
