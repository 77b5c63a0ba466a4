"""The HTTP API and the dashboard: a thin FastAPI shell over the library calls.

JSON for programs under ``/api`` (OpenAPI at ``/openapi.json``), HTML for people
at ``/``, ``/stories/{id}`` and ``/articles/{id}``, rendered on the server with
Jinja's autoescaping: article text is untrusted and only ever reaches a page as
escaped text. A strict Content-Security-Policy (scripts and styles from this app
only) backs that up. Every asset is served by the app, so the dashboard works
offline.

Writes (``POST /api/...``) need ``Authorization: Bearer <settings.api_token>``;
with no token configured they are refused outright. A write stores its
articles and answers 202 with their ids at once; the store's one background
worker (``newsfuse.worker``) analyses them after, and ``GET /api/status`` says
whether it is done. Readers always see the last complete analysis.

Story ids are stable: a story keeps its id as articles join it. When two
stories merge, the younger id answers with a 308 redirect to the story it went
into (``/api/stories/{id}``, its GeoJSON and ``/stories/{id}``), and
``/api/report?story=`` accepts it. Request bodies over
``settings.max_request_bytes`` are refused with 413, whether they declare
their length or not. Reads are open unless
``settings.read_requires_token``; then they take the token as a Bearer header
or as the password of HTTP Basic auth, which a browser asks for on the pages.

The library calls (``ingest``, ``load_report``, ``report_dict``, ``read_inputs``)
are parameters of ``create_app`` with defaults that import ``newsfuse.api``,
``newsfuse.report`` and ``newsfuse.sources`` when first used, so tests can pass
fakes.
"""

from __future__ import annotations

import dataclasses
import hmac
import io
import json
import re
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import httpx
from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import (
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
)
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from newsfuse import fetch
from newsfuse.errors import (
    AuthError,
    BlockedAddress,
    ConfigError,
    FetchError,
    InputError,
    NewsfuseError,
    StoreError,
)
from newsfuse.records import Article, Dropped, RawInput, Report, StoryReport
from newsfuse.settings import Settings
from newsfuse.store import Store, current_story_id
from newsfuse.web.charts import map_view, timeline_view
from newsfuse.worker import ThreadWorker, Worker

HERE = Path(__file__).parent
TILE_URL: str | None = None  # e.g. "https://tiles.example/{z}/{x}/{y}.png"; None: offline map
MAX_URLS = 100
# module level: FastAPI resolves these annotations by name (the module uses postponed annotations)
_BEARER = HTTPBearer(auto_error=False, description="settings.api_token")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]
# A browser cannot add a Bearer header to a page it navigates to, but it asks for and
# resends HTTP Basic credentials: reads also take the token as the Basic password.
_BASIC = HTTPBasic(auto_error=False, realm="newsfuse", description="any user, settings.api_token")
BasicCredentials = Annotated[HTTPBasicCredentials | None, Depends(_BASIC)]

Ingest = Callable[[Iterable[RawInput | Dropped], Store, Settings], Any]
LoadReport = Callable[..., Report]
ReportDict = Callable[[Report], dict[str, Any]]
ReadInputs = Callable[[Sequence[Path], Settings, str | None], Iterable[RawInput | Dropped]]

_STATUS = {  # NewsfuseError subclasses -> HTTP status; the most specific class wins
    BlockedAddress: 400,
    FetchError: 502,
    InputError: 400,
    AuthError: 401,
    StoreError: 503,
    ConfigError: 500,
}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MARKERS = re.compile(r"\s*(\[\d+\])+")  # the brief's own [n] markers; the page draws its own


# --------------------------------------------------------------- library defaults


def _ingest(inputs: Iterable[RawInput | Dropped], store: Store, settings: Settings) -> Any:
    from newsfuse.api import ingest_inputs

    # stored only: the worker analyses after the answer is sent
    return ingest_inputs(inputs, store, settings, analyze=False)


def _load_report(store: Store, story_ids: Sequence[str] | None = None) -> Report:
    from newsfuse.api import load_report

    # the last complete analysis, never a refresh while a reader waits
    return load_report(store, story_ids, refresh_pending=False)


def _report_dict(report: Report) -> dict[str, Any]:
    from newsfuse.report import report_dict

    return report_dict(report)


def _read_inputs(
    paths: Sequence[Path], settings: Settings, published: str | None = None
) -> Iterable[RawInput | Dropped]:
    from newsfuse.sources import read_inputs

    return read_inputs(paths, settings, published=published)


# -------------------------------------------------------------- request handling


class _Moved(Exception):
    """A story id was merged into another: the request is redirected to it."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(f"story {old} is now {new}")
        self.old = old
        self.new = new


class _BodyTooLarge(HTTPException):
    """Raised while a request body is read past the limit (an HTTPException, so FastAPI's
    body parsing passes it on as it is rather than as a parse error)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit:,} bytes; send fewer inputs at once")


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413.

    A declared ``Content-Length`` is checked before anything is read; a body sent
    without one (chunked) is counted as it arrives and cut off at the limit.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        received = 0

        async def counted() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _BodyTooLarge(self.limit)
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:  # raised where no handler turned it into the response
            await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        error = _BodyTooLarge(self.limit)
        body = json.dumps({"status": 413, "error": error.detail}).encode()
        headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _Listing:
    """The stories and their summaries, re-read only where an analysis changed them.

    Listing the stories parses every one; doing that per request made a list cost
    what the store holds. Each stored story carries the generation that wrote it,
    so a listing re-reads only the stories written since it last looked.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._versions: dict[str, int] = {}
        self._items: dict[str, tuple[StoryReport, dict[str, Any]]] = {}
        self._ordered: list[tuple[StoryReport, dict[str, Any]]] = []

    def current(self) -> list[tuple[StoryReport, dict[str, Any]]]:
        """Return (report, summary) of every stored story, in the store's story order."""
        with self._lock:
            versions = self._store.story_versions()
            if versions == self._versions:
                return self._ordered
            changed = [sid for sid, at in versions.items() if self._versions.get(sid) != at]
            reports = self._store.stories_by_id(changed)
            wanted = [aid for report in reports for aid in report.story.articles]
            articles = {article.id: article for article in self._store.articles(wanted)}
            items = {sid: item for sid, item in self._items.items() if sid in versions}
            items.update((r.story.id, (r, _summary(r, articles))) for r in reports)
            self._items, self._versions = items, versions
            self._ordered = sorted(items.values(), key=lambda item: _story_order(item[0]))
            return self._ordered


def _story_order(report: StoryReport) -> tuple[bool, str, str]:
    """Return the sort key of ``Store.stories()``: first seen (undated first), then id."""
    return (report.story.first_seen is not None, report.story.first_seen or "", report.story.id)


# ----------------------------------------------------------------- request bodies


class ArticleIn(BaseModel):
    """One article posted as JSON; ``text`` may be plain text or HTML (say so in ``kind``)."""

    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="ISO date or datetime of publication")
    outlet: str | None = None
    kind: str = Field("text", pattern="^(text|html)$")


class UrlsIn(BaseModel):
    urls: list[str] = Field(default_factory=list, description="pages to fetch")
    feeds: list[str] = Field(default_factory=list, description="RSS/Atom feeds to fetch")
    use_summary: bool = Field(False, description="use feed entry summaries, not linked pages")


# ------------------------------------------------------------------------ helpers


def _jsonable(result: Any) -> Any:
    """Return an ingest result as JSON-ready data, whatever record type it is."""
    if hasattr(result, "as_dict"):
        return result.as_dict()
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    return result


def _safe_href(url: str | None) -> str | None:
    """Return ``url`` if it is an http(s) link, else None (never a javascript: link)."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _text_match(needle: str, *haystacks: str | None) -> bool:
    needle = needle.casefold()
    return any(needle in text.casefold() for text in haystacks if text)


def _matches(
    report: StoryReport,
    since: str | None,
    until: str | None,
    place: str | None,
    entity: str | None,
    q: str | None,
) -> bool:
    story = report.story
    # a story overlaps [since, until]; a month or year bound covers the whole month or year
    if since and not (story.last_seen and story.last_seen[: len(since)] >= since):
        return False
    if until and not (story.first_seen and story.first_seen[: len(until)] <= until):
        return False
    if place:
        names = [p.name for p in report.places]
        names += [e.location.name for e in report.events if e.location]
        if not _text_match(place, *names):
            return False
    if entity and not any(_text_match(entity, e.name, *e.aliases) for e in report.entities):
        return False
    if q:
        texts = [story.title, *(s.text for s in report.brief.sentences)]
        texts += [e.summary for e in report.events] + [c.what for c in report.claims]
        texts += [quote.text for quote in report.quotes]
        if not _text_match(q, *texts):
            return False
    return True


def _main_place(report: StoryReport) -> str | None:
    """Return the place named by the most articles (events' places count too), if any."""
    weight: dict[str, int] = {}
    for place in report.places:
        weight[place.name] = weight.get(place.name, 0) + max(1, len(place.articles))
    for event in report.events:
        if event.location:
            weight[event.location.name] = weight.get(event.location.name, 0) + 1
    return max(weight, key=lambda name: weight[name]) if weight else None


def _summary(report: StoryReport, articles: dict[str, Article]) -> dict[str, Any]:
    story = report.story
    outlets = {articles[a].outlet for a in story.articles if a in articles and articles[a].outlet}
    return {
        "id": story.id,
        "title": story.title,
        "articles": len(story.articles),
        "outlets": sorted(outlets),  # type: ignore[type-var]
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "main_place": _main_place(report),
        "events": len(report.events),
        "claims": len(report.claims),
        "contradictions": len(report.contradictions),
    }


def _article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "wire": article.wire,
        "published_at": article.published_at,
        "url": article.url,
        "path": article.path,
        "duplicate_of": article.duplicate_of,
    }


def _highlight(text: str, sentence: str | None) -> tuple[str, str, str]:
    """Split ``text`` around ``sentence``: (before, sentence, after); sentence empty if absent."""
    if sentence:
        at = text.find(sentence)
        if at < 0:
            at = text.casefold().find(sentence.casefold())
        if at >= 0:
            return text[:at], text[at : at + len(sentence)], text[at + len(sentence) :]
    return text, "", ""


def _safe_name(name: str | None, number: int) -> str:
    """Return an upload's file name reduced to a harmless one that keeps its suffix."""
    base = Path(name or "").name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .") or f"upload-{number}.txt"
    return cleaned[:200]


# ------------------------------------------------------------------------ the app


def create_app(
    store: Store,
    settings: Settings,
    *,
    ingest: Ingest | None = None,
    load_report: LoadReport | None = None,
    report_dict: ReportDict | None = None,
    read_inputs: ReadInputs | None = None,
    http_client: httpx.Client | None = None,
    resolve: fetch.Resolver = fetch.system_resolver,
    tile_url: str | None = TILE_URL,
    max_request_bytes: int | None = None,
    worker: Worker | None = None,
) -> FastAPI:
    """Return the web app over ``store``: the JSON API and the dashboard.

    ``worker`` analyses what the writes store (default: a ``ThreadWorker`` over
    ``store``; ``newsfuse serve`` passes a ``ProcessWorker`` for a file or server store).
    """
    ingest = ingest or _ingest
    load_report = load_report or _load_report
    report_dict = report_dict or _report_dict
    read_inputs = read_inputs or _read_inputs
    worker = worker or ThreadWorker(store, settings)
    max_body = max_request_bytes or settings.max_request_bytes
    tile_origin = ""
    if tile_url:
        parts = urlsplit(tile_url)
        tile_origin = f" {parts.scheme}://{parts.netloc}"

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        worker.close()

    app = FastAPI(
        title="newsfuse",
        summary="Overlapping news reports in, one verified, cited situation report out.",
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: not offline; use /openapi.json
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, limit=max_body)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html
    templates.env.globals["safe_href"] = _safe_href

    # -- errors: JSON {"status", "error"} under /api, a page elsewhere

    def _error(
        request: Request, status: int, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            return JSONResponse({"status": status, "error": message}, status, headers=headers)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status, headers=headers
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return _error(
            request, error.status_code, str(error.detail), getattr(error, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        return _error(request, 422, f"invalid request: {problems}")

    @app.exception_handler(_Moved)
    async def moved(request: Request, error: _Moved) -> Response:
        path = request.url.path.replace(f"/{error.old}", f"/{error.new}", 1)
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(path + query, status_code=308)

    @app.exception_handler(NewsfuseError)
    async def newsfuse_error(request: Request, error: NewsfuseError) -> Response:
        status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 500)
        return _error(request, status, str(error))

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        # a second line of defence: even injected markup could run no script and load nothing
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; "
            f"img-src 'self' data:{tile_origin}; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    # -- access

    def _check_token(token: str | None, action: str, challenge: str = "Bearer") -> None:
        if not settings.api_token:
            raise HTTPException(
                403,
                f"{action} is disabled: this server has no API token; set api_token in the "
                "settings file (or NEWSFUSE_API_TOKEN) and restart it",
            )
        if token is None or not hmac.compare_digest(token.encode(), settings.api_token.encode()):
            raise HTTPException(
                401,
                f"{action} needs the header 'Authorization: Bearer <api token>' with this "
                "server's token",
                headers={"WWW-Authenticate": challenge},
            )

    def writer(credentials: Credentials) -> None:
        _check_token(credentials.credentials if credentials else None, "writing")

    def reader(credentials: Credentials, basic: BasicCredentials) -> None:
        if settings.read_requires_token:
            token = credentials.credentials if credentials else basic.password if basic else None
            _check_token(token, "reading", challenge='Bearer, Basic realm="newsfuse"')

    write = [Depends(writer)]
    read = [Depends(reader)]

    # -- shared lookups

    def _story(story_id: str) -> StoryReport:
        report = store.story(story_id)
        if report is None:
            current = current_story_id(store, story_id)
            if current is not None:
                raise _Moved(story_id, current)
            raise HTTPException(404, f"no story {story_id!r}; GET /api/stories lists them")
        return report

    def _article(article_id: str) -> Article:
        article = store.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}; GET /api/articles lists them")
        return article

    def _story_list(
        since: str | None, until: str | None, place: str | None, entity: str | None, q: str | None
    ) -> list[dict[str, Any]]:
        for name, value in (("since", since), ("until", until)):
            if value and not _DATE.match(value):
                raise HTTPException(422, f"{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD")
        summaries = listing.current()
        return [
            summary
            for report, summary in summaries
            if _matches(report, since, until, place, entity, q)
        ]

    def _ingested(inputs: Iterable[RawInput | Dropped]) -> JSONResponse:
        result = ingest(list(inputs), store, settings)
        worker.notify()
        ids = list(dict.fromkeys([*result.added, *result.existing]))
        body = {"status": 202, "articles": ids, "result": _jsonable(result)}
        body["analysis"] = "queued; GET /api/status says when it is done"
        return JSONResponse(body, 202)

    listing = _Listing(store)

    # -- JSON API: writes

    @app.post("/api/articles", dependencies=write, tags=["ingest"], status_code=202)
    def post_articles(body: ArticleIn | list[ArticleIn]) -> JSONResponse:
        """Store one article or a list of them (202 with their ids); analysed in the background."""
        items = body if isinstance(body, list) else [body]
        inputs = [
            RawInput(
                source=item.url or f"api:{number}",
                content=item.text,
                kind=item.kind,  # type: ignore[arg-type]
                url=item.url,
                title=item.title,
                published_at=item.published,
                outlet=item.outlet,
            )
            for number, item in enumerate(items, start=1)
        ]
        return _ingested(inputs)

    @app.post("/api/files", dependencies=write, tags=["ingest"], status_code=202)
    def post_files(
        files: Annotated[list[UploadFile], File(description="text, HTML, JSON or JSONL")],
        published: Annotated[
            str | None, Form(description="publication date for files that carry none (ISO)")
        ] = None,
    ) -> JSONResponse:
        """Store uploaded files, read as the CLI reads files from disk (202 with the ids)."""
        inputs: list[RawInput | Dropped] = []
        with tempfile.TemporaryDirectory(prefix="newsfuse-upload-") as tmp:
            for number, upload in enumerate(files, start=1):
                name = _safe_name(upload.filename, number)
                folder = Path(tmp) / str(number)  # own folder: two uploads may share a name
                folder.mkdir()
                with (folder / name).open("wb") as out:
                    shutil.copyfileobj(upload.file, out)
                prefix = f"{folder}/"
                for item in read_inputs([folder / name], settings, published):
                    source = item.source.replace(prefix, "")
                    if isinstance(item, RawInput):
                        path = item.path.replace(prefix, "") if item.path else None
                        inputs.append(dataclasses.replace(item, source=source, path=path))
                    else:
                        inputs.append(dataclasses.replace(item, source=source))
        return _ingested(inputs)

    @app.post("/api/urls", dependencies=write, tags=["ingest"], status_code=202)
    def post_urls(body: UrlsIn) -> JSONResponse:
        """Fetch pages and feeds (public addresses only, unless allowed) and store them (202)."""
        wanted = [*body.urls, *body.feeds]
        if not wanted:
            raise HTTPException(422, "give at least one URL in 'urls' or 'feeds'")
        if len(wanted) > MAX_URLS:
            raise HTTPException(422, f"at most {MAX_URLS} URLs per request")
        for url in wanted:  # refuse the whole request before fetching anything
            try:
                fetch.check_url(url, settings, resolve)
            except BlockedAddress:
                raise
            except FetchError:
                pass  # e.g. a name that does not resolve: reported per URL below
        inputs: list[RawInput | Dropped] = []
        for url in body.urls:
            try:
                inputs.append(fetch.fetch_url(url, settings, http_client, resolve=resolve))
            except FetchError as error:
                inputs.append(Dropped(url, "fetch", str(error)))
        for url in body.feeds:
            try:
                inputs += fetch.fetch_feed(
                    url, settings, http_client, resolve=resolve, use_summary=body.use_summary
                )
            except FetchError as error:
                inputs.append(Dropped(url, "fetch", str(error)))
        return _ingested(inputs)

    # -- JSON API: reads

    @app.get("/api/stories", dependencies=read, tags=["read"])
    def get_stories(
        since: Annotated[
            str | None, Query(description="last seen on or after (YYYY[-MM[-DD]])")
        ] = None,
        until: Annotated[str | None, Query(description="first seen on or before")] = None,
        place: Annotated[str | None, Query(description="a place name contains this")] = None,
        entity: Annotated[
            str | None, Query(description="an entity name or alias contains this")
        ] = None,
        q: Annotated[
            str | None, Query(description="title, brief, events, claims or quotes contain this")
        ] = None,
    ) -> Response:
        """List the stories, newest analysis first, with the filters applied."""
        stories = _story_list(since, until, place, entity, q)
        return JSONResponse({"total": len(stories), "stories": stories})

    @app.get("/api/stories/{story_id}", dependencies=read, tags=["read"])
    def get_story(story_id: str) -> Response:
        """Return the newsfuse.report/1 JSON of one story (a merged id: 308 to its story)."""
        if not store.has_story(story_id):
            _story(story_id)  # redirects or answers 404
        # a JSONResponse as it is: FastAPI's encoder would walk the whole report again
        return JSONResponse(report_dict(load_report(store, [story_id])))

    @app.get("/api/report", dependencies=read, tags=["read"])
    def get_report(
        story: Annotated[list[str] | None, Query(description="story ids; all when absent")] = None,
    ) -> Response:
        """Return the newsfuse.report/1 JSON of the given stories, or of all."""
        for story_id in story or ():
            if current_story_id(store, story_id) is None:
                _story(story_id)  # answers 404
        return JSONResponse(report_dict(load_report(store, story or None)))

    @app.get("/api/stories/{story_id}/events.geojson", dependencies=read, tags=["read"])
    def get_events_geojson(story_id: str) -> Response:
        """Return the story's events as GeoJSON; an unresolved place has a null geometry."""
        from newsfuse.export import event_features

        features = event_features(_story(story_id))
        return JSONResponse(
            {"type": "FeatureCollection", "features": features}, media_type="application/geo+json"
        )

    @app.get("/api/export", dependencies=read, tags=["read"])
    def get_export(
        what: Annotated[str, Query(pattern="^(events|claims)$")] = "events",
        format: Annotated[str, Query(pattern="^(csv|acled|geojson|jsonl)$")] = "csv",
        story: Annotated[list[str] | None, Query(description="story ids; all when absent")] = None,
    ) -> Response:
        """Export events or claims as csv, acled (ACLED's columns), geojson or jsonl."""
        from newsfuse.export import MEDIA_TYPES, write_export

        out = io.StringIO()
        write_export(load_report(store, story or None), what, format, out)
        return Response(out.getvalue(), media_type=MEDIA_TYPES[format])

    @app.get("/api/articles", dependencies=read, tags=["read"])
    def get_articles(
        limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Annotated[int, Query(ge=0)] = 0
    ) -> Response:
        """List stored articles (without their text) by publication date."""
        page = store.articles_page(limit, offset)
        summaries = [_article_summary(article) for article in page]
        return JSONResponse({"total": store.article_count(), "articles": summaries})

    @app.get("/api/status", dependencies=read, tags=["read"])
    def get_status() -> Response:
        """Say whether stored articles await analysis and what the background worker does."""
        status = {
            "articles": store.article_count(),
            "stories": store.story_count(),
            "pending": store.has_pending(),
            "generation": store.generation(),
            "worker": worker.status(),
        }
        return JSONResponse(status)

    @app.get("/api/articles/{article_id}", dependencies=read, tags=["read"])
    def get_article(article_id: str) -> Response:
        """Return one article with its cleaned text and what cleaning removed."""
        return JSONResponse(_article(article_id).as_dict())

    # -- dashboard pages

    @app.get("/", dependencies=read, response_class=HTMLResponse, include_in_schema=False)
    def page_stories(
        request: Request,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        entity: str | None = None,
        q: str | None = None,
    ) -> Response:
        filters = {"since": since, "until": until, "place": place, "entity": entity, "q": q}
        stories = _story_list(
            since or None, until or None, place or None, entity or None, q or None
        )
        return templates.TemplateResponse(
            request, "stories.html", {"stories": stories, "filters": filters}
        )

    @app.get(
        "/stories/{story_id}",
        dependencies=read,
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    def page_story(request: Request, story_id: str) -> Response:
        from newsfuse.report import date_disputed, headline, quote_groups, when_text

        report = _story(story_id)
        cited = list(report.story.articles)
        for sentence in report.brief.sentences:
            cited += [a for a in sentence.sources if a not in cited]
        articles = {article.id: article for article in store.articles(cited)}
        numbers = {article_id: n for n, article_id in enumerate(dict.fromkeys(cited), start=1)}
        brief = []
        for sentence in report.brief.sentences:
            said = {citation.article: citation.sentence for citation in sentence.citations}
            brief.append(
                (_MARKERS.sub("", sentence.text), [(a, said.get(a)) for a in sentence.sources])
            )
        context = {
            "report": report,
            "story": report.story,
            "articles": articles,
            "numbers": numbers,
            "brief": brief,
            "map": map_view(report.events, report.places, tile_url),
            "timeline": timeline_view(report.events),
            "events": {event.id: event for event in report.events},
            "quotes": quote_groups(report.quotes),
            "headline": (lead := headline(report)),
            "when": when_text(lead, date_disputed(lead, report)) if lead else None,
        }
        return templates.TemplateResponse(request, "story.html", context)

    @app.get(
        "/articles/{article_id}",
        dependencies=read,
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    def page_article(request: Request, article_id: str, hl: str | None = None) -> Response:
        article = _article(article_id)
        before, marked, after = _highlight(article.text, hl)
        context = {"article": article, "before": before, "marked": marked, "after": after, "hl": hl}
        return templates.TemplateResponse(request, "article.html", context)

    return app
