from newsfuse.pipeline import Pipeline, sort_articles
from newsfuse.records import Article, Dropped, RawInput
from newsfuse.settings import Settings
from newsfuse.stages import clean

TEXT = "Officials said the bridge over the river reopened on Monday after two weeks of repairs."


def test_pipeline_a_failing_article_becomes_a_dropped_record(monkeypatch):
    real = clean.clean

    def flaky(raw, settings):
        if raw.source == "bad.txt":
            raise RuntimeError("parser exploded")
        return real(raw, settings)

    monkeypatch.setattr(clean, "clean", flaky)
    pipeline = Pipeline(Settings())
    inputs = [
        RawInput("good.txt", TEXT),
        RawInput("bad.txt", TEXT + " Again."),
        Dropped("x", "ingest", "empty"),
    ]
    articles = pipeline.clean(inputs)
    assert [a.source for a in articles] == ["good.txt"]
    assert [(d.source, d.stage) for d in pipeline.dropped] == [
        ("bad.txt", "clean"),
        ("x", "ingest"),
    ]
    assert "parser exploded" in pipeline.dropped[0].reason


def test_pipeline_sorts_articles_in_publication_order_undated_last():
    def article(aid, date):
        return Article(id=aid, key=aid, source=aid, text="t", fingerprint=aid, published_at=date)

    ordered = sort_articles(
        [article("a", None), article("b", "2025-02-01"), article("c", "2025-01-01")]
    )
    assert [a.id for a in ordered] == ["c", "b", "a"]
