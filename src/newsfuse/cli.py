"""The ``newsfuse`` command line: parse arguments, call one library function, print.

Errors from the library (``NewsfuseError``) become one line on stderr and a
non-zero exit; skipped inputs are listed on stderr; stdout carries only the
report (clean JSON with ``--json``).
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from newsfuse.errors import NewsfuseError
from newsfuse.records import Dropped, Report
from newsfuse.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "newsfuse.db"


def _fail_cleanly(command: F) -> F:
    """Turn a NewsfuseError into a one-line message and exit status 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewsfuseError as error:
            click.echo(f"newsfuse: error: {error}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _settings(config: str | None, gazetteer: str | None = None) -> Settings:
    settings = Settings.load(config)
    return settings.merged({"gazetteer_path": gazetteer}) if gazetteer else settings


def _echo_dropped(dropped: Iterable[Dropped]) -> None:
    for item in dropped:
        click.echo(f"newsfuse: skipped {item.source} ({item.stage}): {item.reason}", err=True)


def _print_report(report: Report, output: str) -> None:
    from newsfuse import report as render

    if output == "json":
        click.echo(render.to_json(report))
    elif output == "html":
        click.echo(render.to_html(report), nl=False)
    else:
        click.echo(render.to_markdown(report), nl=False)


def _write_jsonl(rows: Iterator[dict[str, Any]]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


config_option = click.option(
    "--config", type=click.Path(dir_okay=False), help="TOML settings file merged over defaults."
)
published_option = click.option(
    "--published", metavar="DATE", help="Publication date for inputs that carry none (ISO)."
)
gazetteer_option = click.option(
    "--gazetteer",
    type=click.Path(exists=True, dir_okay=False),
    help="Extra GeoNames-format file (or an index made by `newsfuse gazetteer import`).",
)
format_options = [
    click.option("--json", "as_json", is_flag=True, help="Print newsfuse.report/1 JSON."),
    click.option(
        "--format",
        "output",
        type=click.Choice(["md", "html", "json"]),
        default="md",
        show_default=True,
        help="Output format.",
    ),
]


def _format(command: F) -> F:
    for option in reversed(format_options):
        command = option(command)
    return command


@click.group()
@click.version_option(package_name="newsfuse")
def main() -> None:
    """newsfuse: many overlapping news reports in, one cited situation report out."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@gazetteer_option
@click.option("--db", help="Store to use (SQLite path or postgresql:// URL); default: in memory.")
@click.option(
    "--runner",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where the per-article stages run.",
)
@click.option(
    "--ray-address", envvar="RAY_ADDRESS", help="Existing Ray cluster (ray://host:10001)."
)
@config_option
@_format
@_fail_cleanly
def analyze(
    paths: tuple[str, ...],
    published: str | None,
    gazetteer: str | None,
    db: str | None,
    runner: str,
    ray_address: str | None,
    config: str | None,
    as_json: bool,
    output: str,
) -> None:
    """Ingest PATHS (files, folders, - for stdin) and print the situation report."""
    from newsfuse import api
    from newsfuse.runners import get_runner

    settings = _settings(config, gazetteer)
    report = api.analyze(
        list(paths),
        settings,
        published=published,
        db=db,
        progress=True,
        runner=get_runner(runner, address=ray_address),
    )
    _echo_dropped(report.dropped)
    if not report.articles:
        click.echo("newsfuse: error: nothing could be ingested from the inputs", err=True)
        sys.exit(1)
    _print_report(report, "json" if as_json else output)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@gazetteer_option
@click.option(
    "--db", default=DEFAULT_DB, show_default=True, help="SQLite path or postgresql:// URL."
)
@click.option("--analyze/--no-analyze", "refresh", default=True, help="Refresh stories after.")
@config_option
@_fail_cleanly
def ingest(
    paths: tuple[str, ...],
    published: str | None,
    gazetteer: str | None,
    db: str,
    refresh: bool,
    config: str | None,
) -> None:
    """Clean, deduplicate and store PATHS; re-ingesting the same inputs adds nothing."""
    from newsfuse import api
    from newsfuse.store import open_store

    store = open_store(db)
    try:
        result = api.ingest(
            list(paths),
            store,
            _settings(config, gazetteer),
            published=published,
            analyze=refresh,
            progress=True,
        )
    finally:
        store.close()
    _echo_dropped(result.dropped)
    click.echo(
        f"newsfuse: {len(result.added)} added, {len(result.existing)} already stored,"
        f" {len(result.dropped)} skipped; {result.stories} stories in {db}",
        err=True,
    )
    if not result.ids:
        sys.exit(1)


@main.command()
@click.option(
    "--db", default=DEFAULT_DB, show_default=True, help="SQLite path or postgresql:// URL."
)
@click.option("--story", "stories", multiple=True, help="Only this story id (repeatable).")
@config_option
@_format
@_fail_cleanly
def report(
    db: str, stories: tuple[str, ...], config: str | None, as_json: bool, output: str
) -> None:
    """Print the situation report of what the store holds."""
    from newsfuse import api
    from newsfuse.store import open_store

    store = open_store(db)
    try:
        result = api.load_report(store, stories or None, settings=_settings(config))
    finally:
        store.close()
    _print_report(result, "json" if as_json else output)


@main.command()
@click.option(
    "--db", default=DEFAULT_DB, show_default=True, help="SQLite path or postgresql:// URL."
)
@click.option(
    "--what",
    type=click.Choice(["events", "claims"]),
    default="events",
    show_default=True,
    help="What to export.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "acled", "geojson", "jsonl"]),
    default="csv",
    show_default=True,
    help="csv (every field), acled (ACLED's columns), geojson (events), jsonl.",
)
@click.option("--story", "stories", multiple=True, help="Only this story id (repeatable).")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-", help="File."
)
@config_option
@_fail_cleanly
def export(
    db: str, what: str, fmt: str, stories: tuple[str, ...], output: str, config: str | None
) -> None:
    """Export the stored events or claims as CSV, ACLED-style CSV, GeoJSON or JSON Lines."""
    from newsfuse import api
    from newsfuse.export import write_export
    from newsfuse.store import open_store

    store = open_store(db)
    try:
        report = api.load_report(store, stories or None, settings=_settings(config))
    finally:
        store.close()
    with click.open_file(output, "w", encoding="utf-8") as out:
        count = write_export(report, what, fmt, out)
    click.echo(f"newsfuse: exported {count} {what} as {fmt}", err=True)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@config_option
@_fail_cleanly
def cluster(file: str, config: str | None) -> None:
    """Group the articles of a JSON Lines FILE into stories: one {"id", "story"} per line."""
    from newsfuse.api import read_jsonl
    from newsfuse.clustering import cluster_embedder, cluster_records

    settings = _settings(config)
    _write_jsonl(cluster_records(read_jsonl(file), settings, cluster_embedder(settings)))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@gazetteer_option
@config_option
@_fail_cleanly
def geocode(file: str, gazetteer: str | None, config: str | None) -> None:
    """Resolve the given place spans of a JSON Lines FILE to coordinates."""
    from newsfuse.api import read_jsonl
    from newsfuse.gazetteer import load_gazetteer
    from newsfuse.geocode import geocode_records

    settings = _settings(config, gazetteer)
    _write_jsonl(geocode_records(read_jsonl(file), load_gazetteer(settings.gazetteer_path)))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--encoder",
    type=click.Choice(["all-mpnet-base-v2", "all-minilm-l6-v2"]),
    help="Sentence encoder (default: settings.events_encoder, all-mpnet-base-v2; "
    "all-minilm-l6-v2 is 3 to 5 times faster and a little less accurate).",
)
@config_option
@_fail_cleanly
def events(file: str, encoder: str | None, config: str | None) -> None:
    """Type the events of the snippets of a JSON Lines FILE, main event first."""
    from newsfuse.api import read_jsonl, type_records

    settings = _settings(config)
    if encoder:
        settings = settings.merged({"events_encoder": encoder})
    _write_jsonl(type_records(read_jsonl(file), settings))


@main.group()
def gazetteer() -> None:
    """Manage local gazetteers."""


@gazetteer.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--into", type=click.Path(dir_okay=False), help="Index file to create or extend.")
@_fail_cleanly
def gazetteer_import(source: str, into: str | None) -> None:
    """Import a GeoNames dump (allCountries.zip, cities500.zip, CD.zip or .txt) into an index."""
    from newsfuse.gazetteer import cache_dir, import_geonames

    target = Path(into) if into else cache_dir() / "geonames.sqlite"
    count = import_geonames(Path(source), target)
    click.echo(f"newsfuse: imported {count} places into {target}", err=True)
    click.echo(str(target))


@gazetteer.command("stats")
@gazetteer_option
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_fail_cleanly
def gazetteer_stats(gazetteer: str | None, config: str | None, as_json: bool) -> None:
    """Print what each gazetteer index holds: rows, names, countries, divisions, size, time."""
    from newsfuse.gazetteer import load_gazetteer

    settings = _settings(config, gazetteer)
    stats = load_gazetteer(settings.gazetteer_path).stats()
    if as_json:
        click.echo(json.dumps(stats, indent=1))
        return
    for index in stats:
        for key, value in index.items():
            if key != "feature_codes":
                click.echo(f"{key:24} {value}")
        codes = ", ".join(f"{code} {n}" for code, n in index["feature_codes"].items())
        click.echo(f"{'feature_codes':24} {codes}\n")


@main.command()
@click.argument("feeds_file", metavar="FEEDS.txt", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--every", default="15m", show_default=True, help="How often to poll each feed: 90s, 15m, 2h."
)
@click.option(
    "--db", default=DEFAULT_DB, show_default=True, help="SQLite path or postgresql:// URL."
)
@click.option("--use-summary", is_flag=True, help="Ingest entry summaries, not the linked pages.")
@click.option("--once", is_flag=True, help="Poll the feeds that are due once, then exit.")
@config_option
@_fail_cleanly
def watch(
    feeds_file: str, every: str, db: str, use_summary: bool, once: bool, config: str | None
) -> None:
    """Poll the RSS/Atom feeds listed in FEEDS.txt and ingest new entries as they appear.

    What was polled and ingested is kept in the store, so a watcher that is stopped
    or killed goes on where it left off when started again.
    """
    from newsfuse import watch as watching
    from newsfuse.store import open_store

    feeds = watching.read_feed_list(feeds_file)
    seconds = watching.parse_every(every)

    def report(poll: watching.FeedPoll) -> None:
        _echo_dropped(poll.dropped)
        if poll.error:
            click.echo(f"newsfuse: {poll.feed}: failed, tried again later: {poll.error}", err=True)
        else:
            click.echo(
                f"newsfuse: {poll.feed}: {poll.new} new of {poll.entries} entries,"
                f" {len(poll.added)} articles added",
                err=True,
            )

    store = open_store(db)
    try:
        watching.watch(
            feeds,
            store,
            _settings(config),
            seconds,
            use_summary=use_summary,
            once=once,
            report=report,
        )
    except KeyboardInterrupt:
        click.echo("newsfuse: stopped; run the same command to go on", err=True)
    finally:
        store.close()


@main.command()
@click.option(
    "--db", default=DEFAULT_DB, show_default=True, help="SQLite path or postgresql:// URL."
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", envvar="NEWSFUSE_API_TOKEN", help="Bearer token for write endpoints.")
@config_option
@_fail_cleanly
def serve(db: str, host: str, port: int, token: str | None, config: str | None) -> None:
    """Serve the HTTP API and the dashboard.

    Writes are stored and answered at once (202); a background process analyses them.
    """
    import uvicorn

    from newsfuse.store import open_store
    from newsfuse.web.app import create_app
    from newsfuse.worker import ProcessWorker

    settings = _settings(config)
    if token:
        settings = settings.merged({"api_token": token})
    # an in-memory store exists in this process only: it is analysed in a thread instead
    worker = ProcessWorker(db, settings) if db != ":memory:" else None
    _warm_up(settings)
    store = open_store(db)
    app = create_app(store, settings, tile_url=settings.tile_url, worker=worker)
    if worker is not None and store.has_pending():  # stored before a restart, not analysed
        worker.notify()
    uvicorn.run(app, host=host, port=port)


def _warm_up(settings: Settings) -> None:
    """Import what requests use and clean one small input now, so that the first write or
    read does not import modules and load the cleaning models (seconds, holding the
    interpreter) while other requests wait behind it."""
    import newsfuse.api
    import newsfuse.export
    import newsfuse.report  # noqa: F401
    from newsfuse.records import RawInput
    from newsfuse.stages.clean import clean

    sample = "<p>Officials said on Monday that the bridge over the river had reopened.</p>"
    clean(RawInput("warm-up", sample, "html"), settings)
    # The modules and models just loaded are millions of objects that live as long as the
    # server: left to the collector, each full collection walks them all while requests wait.
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    main()
