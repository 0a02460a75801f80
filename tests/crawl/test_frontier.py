"""The scheduler: results in order, one request at a time per host, hosts in parallel."""

import threading
import time

from pipeline.crawl.frontier import Frontier, HostScheduler


def test_frontier_dedupes_and_caps():
    frontier = Frontier(max_pages=2)
    assert frontier.add("http://a/1", "auto").index == 0
    assert frontier.add("http://a/1", "article") is None
    assert frontier.add("http://b/1", "article").index == 1
    assert frontier.add("http://b/2", "article") is None
    assert frontier.add("http://b/2", "article") is None
    assert frontier.over_limit == {"http://b/2"}
    frontier.add_gate(("http://a/2",), (), 1)
    assert frontier.items[-1].role == "gate"


def test_results_in_order_hosts_in_parallel_one_request_per_host():
    active: dict[str, int] = {}
    peak: dict[str, int] = {}
    overlap = []
    lock = threading.Lock()

    def work(item):
        host = item.url.split("/")[2]
        with lock:
            active[host] = active.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), active[host])
            overlap.append(sum(active.values()))
        time.sleep(0.02 if host == "a" else 0.005)
        with lock:
            active[host] -= 1
        return item.url

    frontier = Frontier()
    scheduler = HostScheduler(work, max_hosts=4, lookahead=8)
    for n in range(10):
        for host in ("a", "b", "c"):
            scheduler.submit(frontier.add(f"http://{host}/{n}", "article"))
    results = [scheduler.result(i) for i in range(len(frontier.items))]
    scheduler.close()
    assert results == [item.url for item in frontier.items]
    assert peak == {"a": 1, "b": 1, "c": 1}
    assert max(overlap) > 1


def test_worker_errors_are_handed_back():
    frontier = Frontier()

    def work(item):
        raise RuntimeError("bug")

    scheduler = HostScheduler(work, max_hosts=1, lookahead=2)
    scheduler.submit(frontier.add("http://a/1", "article"))
    assert isinstance(scheduler.result(0), RuntimeError)
    scheduler.close()
