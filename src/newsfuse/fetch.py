"""Fetch web pages and RSS/Atom feeds into ``RawInput`` records, safely.

A URL handed to a server by a user must not make the server reach into its own
network (server-side request forgery). So, unless ``settings.allow_private_urls``:

- only ``http`` and ``https`` URLs are fetched;
- the host is resolved and *every* address it resolves to is checked; loopback,
  private, link-local, multicast, reserved and unspecified addresses are refused;
- the request then goes to the checked address itself (with the original ``Host``
  header and TLS server name), so a second DNS answer cannot swap in another one;
- redirects are followed by hand, and each hop is checked the same way.

Every fetch has a time limit (``settings.fetch_timeout_s``, for the whole body, not
only each read) and a size limit (``settings.fetch_max_bytes``, counted while
streaming). The HTTP client and the resolver are injectable; tests pass an
``httpx.MockTransport`` client and a fake resolver and never touch the network.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx

from newsfuse.errors import BlockedAddress, FetchError
from newsfuse.records import Dropped, RawInput
from newsfuse.settings import Settings

# (host, port) -> the IP addresses the host resolves to, as strings
Resolver = Callable[[str, int], list[str]]

MAX_REDIRECTS = 5
USER_AGENT = "newsfuse/0.1 (+https://github.com/newsfuse/newsfuse)"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_resolver(host: str, port: int) -> list[str]:
    """Return every address the system resolver gives for ``host``."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve host {host!r}: {error}; check the URL") from error
    return [str(info[4][0]) for info in infos]


def _why_blocked(address: _Address) -> str | None:
    """Return the kind of non-public address ``address`` is, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for kind in ("loopback", "link_local", "multicast", "reserved", "unspecified", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    # shared (carrier-grade NAT) space and other special ranges that are not globally routed
    return None if address.is_global else "non-public"


def check_url(url: str, settings: Settings, resolve: Resolver = system_resolver) -> list[str]:
    """Return the addresses ``url`` may be fetched from; raise if it may not be fetched.

    With ``settings.allow_private_urls`` the scheme is still checked but the host
    is not resolved (an empty list: let the HTTP client resolve it).
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        raise FetchError(f"{url!r} is not a valid URL: {error}") from error
    if parsed.scheme not in ("http", "https"):
        raise BlockedAddress(
            f"{url}: only http and https URLs can be fetched, not {parsed.scheme or 'no'} scheme"
        )
    if not parsed.host:
        raise FetchError(f"{url}: the URL has no host")
    if settings.allow_private_urls:
        return []
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = [ipaddress.ip_address(parsed.host)]
    except ValueError:  # a name, not a literal address
        addresses = [
            ipaddress.ip_address(text.split("%")[0]) for text in resolve(parsed.host, port)
        ]
    if not addresses:
        raise FetchError(f"{url}: host {parsed.host} resolves to no address")
    for address in addresses:
        kind = _why_blocked(address)
        if kind:
            raise BlockedAddress(
                f"{url}: {parsed.host} resolves to {address}, a {kind} address; newsfuse "
                "does not fetch from local networks (set allow_private_urls to allow it)"
            )
    return [str(address) for address in addresses]


def _pinned_request(
    client: httpx.Client, url: httpx.URL, addresses: list[str], settings: Settings
) -> httpx.Request:
    """Build a GET for ``url`` that connects to the first checked address, not a fresh lookup."""
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if not addresses:
        return client.build_request("GET", url, headers=headers, timeout=settings.fetch_timeout_s)
    # the Host header and TLS server name keep the original name, so virtual hosts and
    # certificate checks work as if we had connected by name
    headers["Host"] = url.netloc.decode("ascii")
    return client.build_request(
        "GET",
        url.copy_with(host=addresses[0]),
        headers=headers,
        timeout=settings.fetch_timeout_s,
        extensions={"sni_hostname": url.host},
    )


@contextmanager
def _client(client: httpx.Client | None, settings: Settings) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=settings.fetch_timeout_s, follow_redirects=False) as own:
        yield own


def _get(
    url: str,
    settings: Settings,
    client: httpx.Client,
    resolve: Resolver,
    accept: tuple[str, ...],
) -> tuple[str, bytes, httpx.Headers]:
    """Return (final URL, body, headers) of ``url``, after checked redirects."""
    deadline = time.monotonic() + settings.fetch_timeout_s
    current = httpx.URL(url)
    for _ in range(MAX_REDIRECTS + 1):
        addresses = check_url(str(current), settings, resolve)
        request = _pinned_request(client, current, addresses, settings)
        try:
            response = client.send(request, stream=True, follow_redirects=False)
        except httpx.TimeoutException as error:
            raise FetchError(
                f"{url}: no answer within {settings.fetch_timeout_s:g} s; try again later"
            ) from error
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: cannot fetch: {error}") from error
        try:
            if response.is_redirect and "location" in response.headers:
                # resolve relative locations against the URL as named, not the pinned address
                current = current.join(response.headers["location"])
                continue
            if response.status_code >= 400:
                raise FetchError(f"{url}: the server answered HTTP {response.status_code}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and kind not in accept:
                raise FetchError(f"{url}: cannot read content of type {kind}")
            body = _read_limited(url, response, settings, deadline)
            return str(current), body, response.headers
        finally:
            response.close()
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _read_limited(url: str, response: httpx.Response, settings: Settings, deadline: float) -> bytes:
    """Return the body of ``response``, aborting past the size limit or the deadline."""
    limit = settings.fetch_max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{url}: the page is {declared} bytes, over the limit of {limit}")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url}: the page is over the limit of {limit} bytes; skipped")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: not fully received within {settings.fetch_timeout_s:g} s")
            chunks.append(chunk)
    except httpx.TimeoutException as error:
        raise FetchError(
            f"{url}: not fully received within {settings.fetch_timeout_s:g} s"
        ) from error
    except httpx.HTTPError as error:
        raise FetchError(f"{url}: the transfer broke off: {error}") from error
    return b"".join(chunks)


def _decode(body: bytes, headers: httpx.Headers) -> str:
    """Return ``body`` as text: the declared charset, else UTF-8, else the best guess."""
    declared = httpx.Response(200, headers=headers).charset_encoding
    for encoding in (declared, "utf-8"):
        if encoding:
            try:
                return body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", errors="replace")


def fetch_url(
    url: str,
    settings: Settings,
    client: httpx.Client | None = None,
    *,
    resolve: Resolver = system_resolver,
) -> RawInput:
    """Return the page at ``url`` as a ``RawInput`` (kind "html", or "text" for plain text).

    Raises ``BlockedAddress`` for a URL that may not be fetched and ``FetchError``
    for one that cannot be (timeout, size, HTTP error, content type).
    """
    with _client(client, settings) as http:
        final, body, headers = _get(url, settings, http, resolve, PAGE_TYPES)
    plain = headers.get("content-type", "").startswith("text/plain")
    return RawInput(url, _decode(body, headers), "text" if plain else "html", url=final)


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


@dataclasses.dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, before its page is fetched."""

    key: str  # the entry's id (guid), else its link, else its number: what a watcher remembers
    source: str  # the name its input or drop goes by
    link: str | None
    title: str | None
    published_at: str | None
    summary: str


def feed_entries(
    url: str,
    settings: Settings,
    client: httpx.Client | None = None,
    *,
    resolve: Resolver = system_resolver,
    max_entries: int = 100,
) -> list[FeedEntry]:
    """Return the entries of the RSS/Atom feed at ``url`` (the feed alone is fetched).

    Raises ``FetchError`` for a feed that cannot be fetched or parsed.
    """
    with _client(client, settings) as http:
        final, body, _ = _get(url, settings, http, resolve, FEED_TYPES + PAGE_TYPES)
    feed = feedparser.parse(body, response_headers={"content-location": final})
    if not feed.entries:
        problem = feed.get("bozo_exception") or "it has no entries"
        raise FetchError(f"{url}: not a readable RSS or Atom feed ({problem})")
    entries = []
    for number, entry in enumerate(feed.entries[:max_entries], start=1):
        link = entry.get("link") or None
        source = link or f"{url}#entry-{number}"
        entries.append(
            FeedEntry(
                key=str(entry.get("id") or link or source),
                source=source,
                link=link,
                title=entry.get("title") or None,
                published_at=_entry_date(entry),
                summary=entry.get("summary") or "",
            )
        )
    return entries


def entry_input(
    entry: FeedEntry,
    settings: Settings,
    client: httpx.Client | None = None,
    *,
    resolve: Resolver = system_resolver,
    use_summary: bool = False,
) -> RawInput | Dropped:
    """Return the input of one feed entry: its linked page, or with ``use_summary`` (or no
    link) its own summary; a ``Dropped`` record with the reason when it cannot be had."""
    if use_summary or not entry.link:
        if not entry.summary.strip():
            return Dropped(entry.source, "fetch", "the feed entry has no summary text")
        return RawInput(
            entry.source,
            entry.summary,
            "html",
            url=entry.link,
            title=entry.title,
            published_at=entry.published_at,
        )
    try:
        page = fetch_url(entry.link, settings, client, resolve=resolve)
    except FetchError as error:
        return Dropped(entry.source, "fetch", str(error))
    return dataclasses.replace(
        page,
        title=page.title or entry.title,
        published_at=page.published_at or entry.published_at,
    )


def fetch_feed(
    url: str,
    settings: Settings,
    client: httpx.Client | None = None,
    *,
    resolve: Resolver = system_resolver,
    use_summary: bool = False,
    max_entries: int = 100,
) -> list[RawInput | Dropped]:
    """Return one input per entry of the RSS/Atom feed at ``url``.

    Each entry's link is fetched as a page; with ``use_summary`` the entry's own
    summary is used instead (no further requests). An entry that cannot be read
    becomes a ``Dropped`` record with the reason, so one bad link never loses the
    rest of the feed; a feed that cannot be fetched or parsed raises ``FetchError``.
    """
    with _client(client, settings) as http:
        entries = feed_entries(url, settings, http, resolve=resolve, max_entries=max_entries)
        return [
            entry_input(entry, settings, http, resolve=resolve, use_summary=use_summary)
            for entry in entries
        ]
