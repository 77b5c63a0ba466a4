"""The web app in-process (TestClient) on an in-memory SQLite store, with fake library calls."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsfuse.records import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    Contradiction,
    ContradictionSide,
    Dropped,
    Entity,
    Event,
    Place,
    Quote,
    RawInput,
    Report,
    Story,
    StoryReport,
)
from newsfuse.settings import Settings
from newsfuse.store import SQLiteStore, Store
from newsfuse.web import create_app
from newsfuse.worker import ThreadWorker

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
XSS = 'Rebels entered. <script>alert("x")</script><img src=x onerror=alert(1)>'
SENTENCE = "Rebels entered Karvik late on Wednesday."


def article(n: int, text: str | None = None, **changes: Any) -> Article:
    values: dict[str, Any] = {
        "id": f"a{n}",
        "key": f"https://news{n}.example/story",
        "source": f"https://news{n}.example/story",
        "text": text or f"Intro {n}. {SENTENCE} The army withdrew.",
        "fingerprint": f"fp{n}",
        "url": f"https://news{n}.example/story",
        "title": f"Headline {n}",
        "outlet": f"news{n}.example",
        "published_at": "2031-05-14",
    }
    return Article(**{**values, **changes})


def story_report(story_id: str = "s1", articles: tuple[str, ...] = ("a1", "a2")) -> StoryReport:
    """A hand-built story with one of everything the dashboard shows."""
    cite = Citation("a1", SENTENCE)
    karvik = Place("Karvik", "CD", 12.31, 41.07, "Tamsara", "geonames:1", "PPL", ("a1", "a2"))
    return StoryReport(
        story=Story(story_id, "Northern Front takes Karvik", articles, "2031-05-13", "2031-05-14"),
        entities=(Entity("e1", "FARDC", "ORG", ("Tamsaran army",), 3, articles),),
        places=(karvik, Place("Ostrell", "CD", 12.9, 41.8, articles=("a2",))),
        events=(
            Event(
                "v1",
                "ASSAULT",
                "Northern Front took control of Karvik",
                (cite,),
                "Battles",
                ("Northern Front",),
                ("FARDC",),
                karvik,
                "2031-05-13",
                "late Wednesday",
            ),
            Event("v2", "MOBILIZE", "Troops gathered", (Citation("a2", "Troops gathered."),)),
        ),
        claims=(
            Claim("c1", "Veldan troops", 4000.0, "troops", "corroborated", 2, (cite,), "around"),
        ),
        contradictions=(
            Contradiction(
                "people displaced",
                "figure",
                (
                    ContradictionSide("hundreds of thousands", (cite,), "since January"),
                    ContradictionSide("over 7 million", (Citation("a2", "Over 7 million fled."),)),
                ),
            ),
        ),
        quotes=(
            Quote("Prince Kihangi", "The rebels are visible.", "a1", 3),
            Quote("Prince Kihangi", "The rebels are visible.", "a2", 2),  # an outlet repeats it
        ),
        brief=Brief(
            (BriefSentence("Northern Front took Karvik late on 13 May [1].", ("a1",), (cite,)),)
        ),
    )


class FakeLibrary:
    """Stands in for newsfuse.api / report / sources: stores inputs as articles, one story."""

    def __init__(self) -> None:
        self.inputs: list[RawInput | Dropped] = []

    def ingest(self, inputs: Iterable[RawInput | Dropped], store: Store, settings: Settings) -> Any:
        self.inputs += inputs
        raws = [item for item in self.inputs if isinstance(item, RawInput)]
        articles = [
            Article(
                f"a{hashlib.sha1(raw.content.encode()).hexdigest()[:6]}",
                raw.url or raw.content,
                raw.source,
                raw.content,
                "fp",
                url=raw.url,
                title=raw.title,
                outlet=raw.outlet,
            )
            for raw in raws
        ]
        saved = store.save_batch(articles)
        store.replace_stories([story_report("s1", tuple(a.id for a in articles))])
        return saved

    def load_report(self, store: Store, story_ids: Iterable[str] | None = None) -> Report:
        stories = [s for s in store.stories() if story_ids is None or s.story.id in story_ids]
        return Report("2026-11-22T10:00:00Z", tuple(store.articles()), tuple(stories))

    def report_dict(self, report: Report) -> dict[str, Any]:
        return {"schema": "newsfuse.report/1", **report.as_dict()}

    def read_inputs(
        self, paths: Iterable[Path], settings: Settings, published: str | None = None
    ) -> list[RawInput]:
        return [RawInput(str(path), path.read_text(), path=str(path)) for path in paths]


def make_app(
    settings: Settings | None = None, **options: Any
) -> tuple[FastAPI, FakeLibrary, Store]:
    store = SQLiteStore(":memory:")
    fake = FakeLibrary()
    settings = settings or Settings(api_token=TOKEN)
    library = {
        "ingest": fake.ingest,
        "load_report": fake.load_report,
        "report_dict": fake.report_dict,
        "read_inputs": fake.read_inputs,
        "worker": ThreadWorker(store, settings, analyse=lambda store, settings: None),
    }
    app = create_app(store, settings, **{**library, **options})
    return app, fake, store


@pytest.fixture
def filled() -> tuple[TestClient, Store]:
    app, _, store = make_app()
    store.save_batch([article(1), article(2, text=XSS, title="<b>bold</b> title")])
    store.replace_stories([story_report()])
    return TestClient(app), store


def test_web_root_returns_html(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Northern Front takes Karvik" in response.text and "Karvik" in response.text


def test_web_openapi_lists_the_endpoints() -> None:
    paths = TestClient(make_app()[0]).get("/openapi.json").json()["paths"]
    assert {
        "/api/articles",
        "/api/files",
        "/api/urls",
        "/api/stories",
        "/api/report",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/events.geojson",
        "/api/articles/{article_id}",
    } <= set(paths)


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}]
)
def test_web_write_refuses_a_missing_or_wrong_token(headers: dict[str, str]) -> None:
    app, fake, _ = make_app()
    response = TestClient(app).post("/api/articles", json={"text": "Some text."}, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"status": 401, "error": response.json()["error"]}
    assert "Bearer" in response.json()["error"] and fake.inputs == []


def test_web_write_is_refused_when_no_token_is_configured() -> None:
    app, fake, _ = make_app(Settings(api_token=None))
    response = TestClient(app).post("/api/articles", json={"text": "x"}, headers=AUTH)
    assert response.status_code == 403
    assert "set api_token" in response.json()["error"] and fake.inputs == []


def test_web_post_articles_ingests_one_or_a_list() -> None:
    app, fake, _ = make_app()
    client = TestClient(app)
    one = {
        "title": "T",
        "text": "Body.",
        "url": "https://n.example/1",
        "published": "2031-05-14",
        "outlet": "n.example",
    }
    assert client.post("/api/articles", json=one, headers=AUTH).status_code == 202
    assert (
        client.post("/api/articles", json=[{"text": "A."}, {"text": "B."}], headers=AUTH).json()[
            "status"
        ]
        == 202
    )
    assert fake.inputs[0] == RawInput(
        "https://n.example/1",
        "Body.",
        url="https://n.example/1",
        title="T",
        published_at="2031-05-14",
        outlet="n.example",
    )
    assert [raw.content for raw in fake.inputs[1:]] == ["A.", "B."]  # type: ignore[union-attr]


def test_web_post_files_reads_uploads_under_their_own_names() -> None:
    app, fake, _ = make_app()
    files = [
        ("files", ("../../etc/report.txt", b"First upload.")),
        ("files", ("b.txt", b"Second.")),
    ]
    response = TestClient(app).post("/api/files", files=files, headers=AUTH)
    assert response.status_code == 202
    assert [(raw.source, raw.content) for raw in fake.inputs] == [  # type: ignore[union-attr]
        ("report.txt", "First upload."),
        ("b.txt", "Second."),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://10.0.0.8/x",
        "http://169.254.169.254/latest",
        "file:///etc/passwd",
    ],
)
def test_web_url_ingest_refuses_local_addresses_and_files(url: str) -> None:
    never = httpx.Client(transport=httpx.MockTransport(lambda r: pytest.fail("fetched")))
    app, fake, _ = make_app(http_client=never, resolve=lambda host, port: ["10.0.0.1"])
    response = TestClient(app).post("/api/urls", json={"urls": [url]}, headers=AUTH)
    assert response.status_code == 400
    assert (
        "only http and https" in response.json()["error"] or "address" in response.json()["error"]
    )
    assert fake.inputs == []


def test_web_url_ingest_fetches_local_addresses_when_allowed() -> None:
    page = httpx.Response(200, headers={"content-type": "text/html"}, text="<p>Rebels entered.</p>")
    client = httpx.Client(transport=httpx.MockTransport(lambda request: page))
    app, fake, _ = make_app(Settings(api_token=TOKEN, allow_private_urls=True), http_client=client)
    response = TestClient(app).post(
        "/api/urls", json={"urls": ["http://127.0.0.1:9/a"]}, headers=AUTH
    )
    assert response.status_code == 202
    assert fake.inputs == [
        RawInput(
            "http://127.0.0.1:9/a", "<p>Rebels entered.</p>", "html", url="http://127.0.0.1:9/a"
        )
    ]


def test_web_url_ingest_reports_a_failed_fetch_as_dropped() -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(404)))
    app, fake, _ = make_app(http_client=client, resolve=lambda host, port: ["93.184.216.34"])
    response = TestClient(app).post(
        "/api/urls", json={"urls": ["https://gone.example/"]}, headers=AUTH
    )
    assert response.status_code == 202
    assert fake.inputs == [
        Dropped(
            "https://gone.example/", "fetch", "https://gone.example/: the server answered HTTP 404"
        )
    ]


def test_web_article_markup_is_shown_as_text(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled
    assert client.get("/api/articles/a2").json()["text"] == XSS  # JSON carries the text as is
    for page in ("/articles/a2", "/stories/s1", "/"):
        html = client.get(page).text
        assert "<script>alert" not in html and "<img" not in html and "<b>bold" not in html
    html = client.get("/articles/a2").text
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    )


def test_web_pages_carry_a_strict_content_security_policy(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled
    policy = client.get("/stories/s1").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_web_javascript_links_never_become_hrefs() -> None:
    app, _, store = make_app()
    store.save_batch([article(3, url="javascript:alert(1)")])
    html = TestClient(app).get("/articles/a3").text
    assert 'href="javascript:' not in html


def test_web_story_page_shows_brief_claims_contradiction_and_markers(
    filled: tuple[TestClient, Store],
) -> None:
    client, _ = filled
    html = client.get("/stories/s1").text
    assert (
        "Northern Front took Karvik late on 13 May." in html
    )  # the brief's own [1] is redrawn as a link
    assert f'href="/articles/a1?hl={SENTENCE.replace(" ", "%20")}#hl"' in html
    assert 'class="status corroborated"' in html and "4,000" in html
    assert "hundreds of thousands" in html and "over 7 million" in html
    assert (
        html.count('<circle class="marker event"') == 1 and '<circle class="marker place"' in html
    )


def test_web_story_page_shows_a_quote_once_citing_every_article(
    filled: tuple[TestClient, Store],
) -> None:
    client, _ = filled
    html = client.get("/stories/s1").text
    assert html.count("“The rebels are visible.”") == 1
    quote = html[html.index("“The rebels are visible.”") :]
    caption = quote[: quote.index("</figcaption>")]
    assert 'href="/articles/a1?' in caption and 'href="/articles/a2?' in caption


def test_web_article_page_highlights_the_cited_sentence(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled
    html = client.get("/articles/a1", params={"hl": SENTENCE}).text
    assert f'<mark id="hl">{SENTENCE}</mark>' in html


def test_web_stories_can_be_filtered(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled

    def ids(**params: str) -> list[str]:
        return [
            story["id"] for story in client.get("/api/stories", params=params).json()["stories"]
        ]

    assert ids() == ["s1"]
    assert (
        ids(place="karvik") == ids(entity="tamsaran army") == ids(q="rebels are visible") == ["s1"]
    )
    assert ids(place="Velmar") == ids(since="2031-06") == ids(until="2031-04-30") == []
    assert ids(since="2031-05", until="2031-05") == ["s1"]


def test_web_story_list_summarises_each_story(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled
    story = client.get("/api/stories").json()["stories"][0]
    assert story["articles"] == 2 and story["outlets"] == ["news1.example", "news2.example"]
    assert (story["first_seen"], story["last_seen"], story["main_place"]) == (
        "2031-05-13",
        "2031-05-14",
        "Karvik",
    )


def test_web_story_and_report_json(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled
    report = client.get("/api/report", params={"story": "s1"}).json()
    assert report["schema"] == "newsfuse.report/1" and len(report["stories"]) == 1
    assert client.get("/api/stories/s1").json() == report | {"generated_at": report["generated_at"]}
    assert client.get("/api/stories/nope").json() == {
        "status": 404,
        "error": "no story 'nope'; GET /api/stories lists them",
    }


def test_web_events_geojson_keeps_unplaced_events_with_null_geometry(
    filled: tuple[TestClient, Store],
) -> None:
    client, _ = filled
    response = client.get("/api/stories/s1/events.geojson")
    assert response.headers["content-type"] == "application/geo+json"
    features = response.json()["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [41.07, 12.31]}
    assert (
        features[1]["geometry"] is None
        and features[1]["properties"]["summary"] == "Troops gathered"
    )


def test_web_articles_list_without_text(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled
    listing = client.get("/api/articles", params={"limit": 1}).json()
    assert listing["total"] == 2 and len(listing["articles"]) == 1
    assert "text" not in listing["articles"][0]


def test_web_reads_need_the_token_when_configured() -> None:
    app, _, _ = make_app(Settings(api_token=TOKEN, read_requires_token=True))
    client = TestClient(app)
    assert client.get("/api/stories").status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/stories", headers=AUTH).status_code == 200


def test_web_pages_take_the_token_as_a_basic_password_so_browsers_can_ask() -> None:
    app, _, _ = make_app(Settings(api_token=TOKEN, read_requires_token=True))
    client = TestClient(app)
    refused = client.get("/")
    assert refused.status_code == 401 and "Basic" in refused.headers["www-authenticate"]
    assert client.get("/", auth=("analyst", "wrong")).status_code == 401
    assert client.get("/", auth=("analyst", TOKEN)).status_code == 200
    assert client.get("/api/stories", auth=("anyone", TOKEN)).status_code == 200


def test_web_errors_are_json_with_status(filled: tuple[TestClient, Store]) -> None:
    client, _ = filled
    bad_date = client.get("/api/stories", params={"since": "March"})
    assert bad_date.status_code == 422 and bad_date.json()["status"] == 422
    missing = client.post("/api/articles", json={"title": "no text"}, headers=AUTH)
    assert missing.status_code == 422 and "text" in missing.json()["error"]


def test_web_refuses_an_oversized_body() -> None:
    app, fake, _ = make_app(max_request_bytes=100)
    response = TestClient(app).post("/api/articles", json={"text": "x" * 200}, headers=AUTH)
    assert response.status_code == 413 and fake.inputs == []


def test_web_map_uses_tiles_when_a_tile_url_is_given(filled: tuple[TestClient, Store]) -> None:
    _, store = filled
    app = create_app(store, Settings(), tile_url="https://tiles.example/{z}/{x}/{y}.png")
    response = TestClient(app).get("/stories/s1")
    assert '<image href="https://tiles.example/' in response.text
    assert "https://tiles.example" in response.headers["content-security-policy"]


def test_web_missing_pages_are_html_and_missing_api_paths_json(
    filled: tuple[TestClient, Store],
) -> None:
    client, _ = filled
    page = client.get("/stories/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no story &#39;nope&#39;" in page.text
    assert client.get("/api/nothing").json() == {"status": 404, "error": "Not Found"}


def test_web_ingests_and_reports_through_the_real_library() -> None:
    api = pytest.importorskip("newsfuse.api", reason="newsfuse.api is not importable")
    from conftest import SEEDS, SEEDS_PUBLISHED, need_shared

    need_shared()
    assert api.ingest_inputs  # the default library call create_app uses
    settings = Settings(api_token=TOKEN, use_embeddings=False)
    store = SQLiteStore(":memory:")
    worker = ThreadWorker(store, settings)
    client = TestClient(create_app(store, settings, worker=worker))
    posted = [
        {"text": path.read_text(encoding="utf-8"), "published": SEEDS_PUBLISHED}
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    answer = client.post("/api/articles", json=posted, headers=AUTH)
    assert answer.status_code == 202 and len(answer.json()["articles"]) == 4
    assert worker.wait_idle(300) and client.get("/api/status").json()["pending"] is False
    report = client.get("/api/report").json()
    assert report["schema"] == "newsfuse.report/1" and len(report["articles"]) == 4
    assert client.get(f"/stories/{report['stories'][0]['id']}").status_code == 200


@pytest.mark.slow
def test_web_upload_gives_the_same_report_as_analyze() -> None:
    from conftest import SEEDS, SEEDS_PUBLISHED, need_shared
    from newsfuse import api
    from newsfuse.report import report_dict

    need_shared()
    paths = sorted(SEEDS.glob("*.txt"))
    expected = report_dict(api.analyze(paths, Settings(), published=SEEDS_PUBLISHED))
    store = SQLiteStore(":memory:")
    worker = ThreadWorker(store, Settings(api_token=TOKEN))
    client = TestClient(create_app(store, Settings(api_token=TOKEN), worker=worker))
    files = [("files", (path.name, path.read_bytes(), "text/plain")) for path in paths]
    posted = client.post(
        "/api/files", files=files, data={"published": SEEDS_PUBLISHED}, headers=AUTH
    )
    assert posted.status_code == 202, posted.text
    assert worker.wait_idle(600)
    served = client.get("/api/report").json()
    assert served["stories"] == expected["stories"]
    drop = {"path", "source"}  # where the file was read from differs; nothing else may
    assert [{k: v for k, v in a.items() if k not in drop} for a in served["articles"]] == [
        {k: v for k, v in a.items() if k not in drop} for a in expected["articles"]
    ]


def test_web_writes_answer_202_with_the_ids_while_the_analysis_runs_after() -> None:
    release, analysed = threading.Event(), []

    def slow_analysis(store: Store, settings: Settings) -> None:
        release.wait(10)
        analysed.append(store.article_count())

    store = SQLiteStore(":memory:")
    worker = ThreadWorker(store, Settings(api_token=TOKEN), analyse=slow_analysis)
    client = TestClient(create_app(store, Settings(api_token=TOKEN), worker=worker))
    answer = client.post(
        "/api/articles", json=[{"text": f"{SENTENCE} Report {n}."} for n in (1, 2)], headers=AUTH
    )
    assert answer.status_code == 202 and len(answer.json()["articles"]) == 2
    status = client.get("/api/status").json()
    assert status["pending"] is True and analysed == []  # answered before any analysis
    release.set()
    assert worker.wait_idle(10) and analysed == [2]


def test_web_a_merged_story_id_redirects_to_the_story_it_joined(
    filled: tuple[TestClient, Store],
) -> None:
    from newsfuse.store import AnalysisUpdate

    client, store = filled
    store.save_analysis(
        AnalysisUpdate(store.generation(), [story_report("s1")], absorbed={"s0": "s1"})
    )
    for path in ("/api/stories/s0", "/api/stories/s0/events.geojson", "/stories/s0"):
        moved = client.get(path, follow_redirects=False)
        assert moved.status_code == 308 and moved.headers["location"] == path.replace("s0", "s1")
    assert client.get("/api/stories/s0").json()["stories"][0]["story"]["id"] == "s1"
    assert client.get("/api/stories/never").status_code == 404


def test_web_refuses_a_body_over_the_limit_with_or_without_its_length() -> None:
    app, fake, _ = make_app()
    client = TestClient(app)
    declared = client.post(
        "/api/articles",
        content=b"x" * 30_000_000,
        headers={**AUTH, "content-type": "application/json"},
    )
    assert declared.status_code == 413

    def chunks() -> Iterable[bytes]:
        yield b'{"text": "'
        for _ in range(12):
            yield b"y" * 1_000_000
        yield b'"}'

    streamed = client.post("/api/articles", content=chunks(), headers=AUTH)
    assert streamed.status_code == 413 and "request body over" in streamed.json()["error"]
    assert fake.inputs == []


def test_web_deeply_nested_json_is_refused_or_skipped_never_a_server_error() -> None:
    app, fake, _ = make_app(read_inputs=None)
    client = TestClient(app)
    deep = b"[" * 100_000 + b"]" * 100_000
    body = client.post(
        "/api/articles", content=deep, headers={**AUTH, "content-type": "application/json"}
    )
    assert 400 <= body.status_code < 500
    upload = client.post("/api/files", files=[("files", ("deep.json", deep))], headers=AUTH)
    assert upload.status_code == 202
    (dropped,) = fake.inputs
    assert isinstance(dropped, Dropped) and "nested too deeply" in dropped.reason
