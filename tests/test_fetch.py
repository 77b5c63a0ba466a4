"""fetch.py on a mock transport and a fake resolver: the network is never touched."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from newsfuse.errors import BlockedAddress, FetchError
from newsfuse.fetch import check_url, fetch_feed, fetch_url
from newsfuse.records import Dropped, RawInput
from newsfuse.settings import Settings

SETTINGS = Settings()
PUBLIC = "93.184.216.34"
PAGE = "<html><head><title>T</title></head><body><p>Rebels entered the town.</p></body></html>"

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>First</title><link>https://news.example/1</link>
<description>Summary one about the rebels.</description>
<pubDate>Thu, 20 Mar 2025 10:00:00 GMT</pubDate></item>
<item><title>Second</title><link>https://news.example/2</link>
<description>Summary two.</description></item>
</channel></rss>"""


def resolver(table: dict[str, list[str]] | None = None) -> Callable[[str, int], list[str]]:
    """A fake DNS: every name is public unless ``table`` says otherwise."""
    return lambda host, port: (table or {}).get(host, [PUBLIC])


def client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def html(text: str = PAGE) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, text=text)


def feed_site(feed: bytes = RSS) -> httpx.Client:
    """A site whose /feed is ``feed`` and whose other paths are pages naming their path."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/feed":
            return httpx.Response(
                200, headers={"content-type": "application/rss+xml"}, content=feed
            )
        return html(f"<p>page {request.url.path}</p>")

    return client(handler)


def test_fetch_url_returns_the_page_as_html_input() -> None:
    raw = fetch_url(
        "https://news.example/a", SETTINGS, client(lambda r: html()), resolve=resolver()
    )
    assert raw == RawInput("https://news.example/a", PAGE, "html", url="https://news.example/a")


def test_fetch_url_connects_to_the_checked_address_with_the_original_host() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return html()

    fetch_url("https://news.example/a", SETTINGS, client(handler), resolve=resolver())
    assert seen[0].url.host == PUBLIC  # no second lookup that DNS rebinding could answer
    assert seen[0].headers["host"] == "news.example"
    assert seen[0].extensions["sni_hostname"] == "news.example"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://[::ffff:192.168.0.1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "file:///etc/passwd",
        "ftp://news.example/file",
    ],
)
def test_fetch_refuses_local_addresses_and_other_schemes(url: str) -> None:
    never = client(lambda request: pytest.fail("a blocked URL was requested"))
    with pytest.raises(BlockedAddress):
        fetch_url(url, SETTINGS, never, resolve=resolver())


def test_fetch_refuses_a_name_with_any_private_address() -> None:
    resolve = resolver({"intranet.example": [PUBLIC, "192.168.1.10"]})
    with pytest.raises(BlockedAddress, match=r"192\.168\.1\.10, a private address"):
        check_url("https://intranet.example/", SETTINGS, resolve)


def test_fetch_allows_private_addresses_when_settings_say_so() -> None:
    allowed = Settings(allow_private_urls=True)
    raw = fetch_url("http://127.0.0.1:8000/page", allowed, client(lambda r: html()))
    assert raw.content == PAGE


def test_fetch_still_refuses_file_urls_when_private_ones_are_allowed() -> None:
    with pytest.raises(BlockedAddress, match="only http and https"):
        check_url("file:///etc/passwd", Settings(allow_private_urls=True))


def test_fetch_checks_every_redirect_hop() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://internal.example/secret"})

    resolve = resolver({"internal.example": ["10.0.0.5"]})
    with pytest.raises(BlockedAddress, match=r"10\.0\.0\.5"):
        fetch_url("https://news.example/a", SETTINGS, client(handler), resolve=resolve)


def test_fetch_follows_a_public_redirect_and_keeps_the_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return html()

    raw = fetch_url("https://news.example/old", SETTINGS, client(handler), resolve=resolver())
    assert (raw.source, raw.url) == ("https://news.example/old", "https://news.example/new")


def test_fetch_aborts_a_streamed_body_past_the_size_limit() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # a generator body has no content-length: only counting while streaming can tell
        chunks = (b"x" * 1000 for _ in range(100))
        return httpx.Response(200, headers={"content-type": "text/html"}, content=chunks)

    with pytest.raises(FetchError, match="over the limit of 5000 bytes"):
        fetch_url(
            "https://news.example/big",
            Settings(fetch_max_bytes=5000),
            client(handler),
            resolve=resolver(),
        )


def test_fetch_reports_a_timeout_with_the_limit() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(FetchError, match="no answer within 3 s"):
        fetch_url(
            "https://news.example/a",
            Settings(fetch_timeout_s=3),
            client(handler),
            resolve=resolver(),
        )


def test_fetch_refuses_http_errors_and_binary_content() -> None:
    missing = client(lambda r: httpx.Response(404))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url("https://news.example/a", SETTINGS, missing, resolve=resolver())
    pdf = client(lambda r: httpx.Response(200, headers={"content-type": "application/pdf"}))
    with pytest.raises(FetchError, match="application/pdf"):
        fetch_url("https://news.example/a.pdf", SETTINGS, pdf, resolve=resolver())


def test_fetch_feed_fetches_each_entry_page() -> None:
    inputs = fetch_feed("https://news.example/feed", SETTINGS, feed_site(), resolve=resolver())
    assert [(i.url, i.content, i.title) for i in inputs] == [  # type: ignore[union-attr]
        ("https://news.example/1", "<p>page /1</p>", "First"),
        ("https://news.example/2", "<p>page /2</p>", "Second"),
    ]
    assert inputs[0].published_at == "2025-03-20T10:00:00Z"  # type: ignore[union-attr]


def test_fetch_feed_uses_summaries_when_asked() -> None:
    inputs = fetch_feed(
        "https://news.example/feed", SETTINGS, feed_site(), resolve=resolver(), use_summary=True
    )
    assert [i.content for i in inputs] == ["Summary one about the rebels.", "Summary two."]  # type: ignore[union-attr]


def test_fetch_feed_turns_a_blocked_entry_into_a_dropped_record() -> None:
    site = feed_site(RSS.replace(b"https://news.example/2", b"http://evil.example/2"))
    resolve = resolver({"evil.example": ["127.0.0.1"]})
    inputs = fetch_feed("https://news.example/feed", SETTINGS, site, resolve=resolve)
    assert isinstance(inputs[0], RawInput)
    assert isinstance(inputs[1], Dropped) and "loopback" in inputs[1].reason


def test_fetch_feed_refuses_a_page_that_is_not_a_feed() -> None:
    with pytest.raises(FetchError, match="not a readable RSS or Atom feed"):
        fetch_feed("https://news.example/", SETTINGS, client(lambda r: html()), resolve=resolver())
