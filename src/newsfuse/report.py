"""Render a ``Report``: the ``newsfuse.report/1`` JSON shape, Markdown and HTML.

The JSON shape is documented in ``schema/report.schema.json`` (validated in
tests); fields are only ever added, never renamed, within one schema version.
Markdown cites with footnotes (``[^1]`` per article), HTML with numbered links;
all article text is escaped in HTML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from newsfuse.records import Article, Citation, Event, Quote, Report, StoryReport
from newsfuse.stages.quotes import quote_key

SCHEMA = "newsfuse.report/1"


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``newsfuse.report/1`` shipped with the package."""
    text = resources.files("newsfuse").joinpath("schema/report.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _number(value: float | None) -> float | int | None:
    """Return integral floats as ints so 4000.0 prints as 4000."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def quote_groups(quotes: Iterable[Quote]) -> list[tuple[Quote, list[str]]]:
    """Return each quote once with every article that carries it, in order of first mention.

    Syndicated copies and other outlets repeat a speaker's words: a reader wants
    them once, with all their sources, as figures and events are shown.
    """
    groups: dict[tuple[str | None, str], tuple[Quote, list[str]]] = {}
    for quote in quotes:
        key = (quote.speaker, quote_key(quote.text))
        _, sources = groups.setdefault(key, (quote, []))
        if quote.article not in sources:
            sources.append(quote.article)
    return list(groups.values())


def _citations(citations: Iterable[Citation]) -> list[dict[str, str]]:
    return [{"article": c.article, "sentence": c.sentence} for c in citations]


def article_dict(article: Article, main_event: str | None = None) -> dict[str, Any]:
    """Return an article as the report shows it; ``main_event`` is its event id in its story."""
    data = article.as_dict()
    data.pop("key", None)
    data.pop("fingerprint", None)
    data["main_event"] = main_event
    return data


def main_events(stories: Iterable[StoryReport], articles: Iterable[Article] = ()) -> dict[str, str]:
    """Return article id -> id of the event (in the article's story) that is its main event.

    A near-duplicate among ``articles`` is not read again: its main event is that of
    the copy kept, which has its text, when both are in one story.
    """
    stories = list(stories)
    mains = {
        article: event.id
        for story in stories
        for event in story.events
        for article in event.main_for
        if article in story.story.articles
    }
    story_of = {article: story.story.id for story in stories for article in story.story.articles}
    for article in articles:
        kept = article.duplicate_of
        if (
            article.id not in mains
            and kept in mains
            and story_of.get(kept) == story_of.get(article.id)
        ):
            mains[article.id] = mains[kept]
    return mains


def headline(report: StoryReport) -> Event | None:
    """Return the story's headline event: the main event most of its articles report."""
    return next((event for event in report.events if event.main_for), None)


def when_text(event: Event, disputed: bool = False) -> str:
    """Return an event's date as a reader should take it: how certain, and from where."""
    if not event.date:
        return "reports differ on the date" if disputed else "date unknown"
    if event.date_basis == "reported":
        return f"{event.date} (day of the first report; the text gives no day)"
    if event.date_basis == "context":
        return f"{event.date} (the day the reports name in their lead)"
    return event.date


def headline_line(event: Event, report: StoryReport) -> str:
    """Return the headline event in one line: what, when, where, type (no citations)."""
    where = event.location.name if event.location else "place unknown"
    return (
        f"{event.summary} — {when_text(event, date_disputed(event, report))}; {where}; {event.type}"
    )


def date_disputed(event: Event, report: StoryReport) -> bool:
    """Tell whether the story's reports give different days for ``event``."""
    return any(
        c.kind == "date" and c.what == f"date of {event.summary}" for c in report.contradictions
    )


def story_dict(report: StoryReport) -> dict[str, Any]:
    story = report.story
    return {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        # the main event most of the story's articles report (first of its events)
        "headline": (lead.id if (lead := headline(report)) else None),
        "entities": [entity.as_dict() for entity in report.entities],
        "places": [place.as_dict() for place in report.places],
        "events": [
            {
                "id": event.id,
                "type": event.type,
                "acled_type": event.acled_type,
                "summary": event.summary,
                "actors": list(event.actors),
                "targets": list(event.targets),
                "location": None
                if event.location is None
                else {
                    "name": event.location.name,
                    "country": event.location.country,
                    "lat": event.location.lat,
                    "lon": event.location.lon,
                    "gazetteer_id": event.location.gazetteer_id,
                },
                # newsfuse.report/1 dates are days or months; a year stays in its own field
                "date": event.date if event.date and len(event.date) >= 7 else None,
                "date_year": event.date[:4] if event.date else None,
                "date_text": event.date_text,
                "date_basis": event.date_basis,
                "main_for": list(event.main_for),
                "sources": _citations(event.sources),
            }
            for event in report.events
        ],
        "claims": [
            {
                "id": claim.id,
                "what": claim.what,
                "value": _number(claim.value),
                "unit": claim.unit,
                "qualifier": claim.qualifier,
                "low": _number(claim.low),
                "high": _number(claim.high),
                "scope": claim.scope,
                "status": claim.status,
                "independent_origins": claim.independent_origins,
                "sources": _citations(claim.sources),
            }
            for claim in report.claims
        ],
        "contradictions": [
            {
                "what": contradiction.what,
                "kind": contradiction.kind,
                "sides": [
                    {"value": side.value, "scope": side.scope, "sources": _citations(side.sources)}
                    for side in contradiction.sides
                ],
            }
            for contradiction in report.contradictions
        ],
        "quotes": [
            {
                "speaker": quote.speaker,
                "speaker_kind": quote.speaker_kind,
                "to": quote.to,
                "text": quote.text,
                "article": quote.article,
            }
            for quote in report.quotes
        ],
        "brief": {
            "sentences": [
                {
                    "text": sentence.text,
                    "sources": list(sentence.sources),
                    "citations": _citations(sentence.citations),
                }
                for sentence in report.brief.sentences
            ]
        },
    }


def report_dict(report: Report) -> dict[str, Any]:
    """Return ``report`` in the ``newsfuse.report/1`` JSON shape."""
    mains = main_events(report.stories, report.articles)
    return {
        "schema": SCHEMA,
        "generated_at": report.generated_at,
        "articles": [article_dict(article, mains.get(article.id)) for article in report.articles],
        "stories": [story_dict(story) for story in report.stories],
        "dropped": [item.as_dict() for item in report.dropped],
    }


def to_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2)


# ----------------------------------------------------------------------- Markdown


def _label(article: Article) -> str:
    """Return how an article is named in footnotes: title, outlet, wire, date."""
    name = article.title or article.path or article.url or article.id
    extra = ", ".join(p for p in (article.outlet, article.wire, article.published_at) if p)
    return f"{name} ({extra})" if extra else name


def _plain_value(value: float | None, unit: str | None, qualifier: str | None) -> str:
    """Return a figure as a reader says it: "about 4,000 troops", "hundreds of thousands"."""
    if value is None:  # a vague amount keeps its own words ("tens of thousands of people")
        return qualifier or (unit or "")
    return " ".join(p for p in (qualifier, f"{_number(value):,}", unit) if p)


def to_markdown(report: Report) -> str:
    """Return the report as Markdown, each brief sentence cited with footnotes."""
    articles = {article.id: article for article in report.articles}
    lines = ["# newsfuse situation report", ""]
    if not report.stories:
        lines.append("_No story: nothing could be read from the inputs._")
    for story in report.stories:
        lines += _story_markdown(story, articles)
    if report.dropped:
        lines += ["## Inputs not read", ""]
        lines += [f"- `{d.source}` ({d.stage}): {d.reason}" for d in report.dropped]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _story_markdown(report: StoryReport, articles: Mapping[str, Article]) -> list[str]:
    story = report.story
    order = {aid: n for n, aid in enumerate(story.articles, 1)}
    members = [articles[aid] for aid in story.articles if aid in articles]
    outlets = sorted({a.outlet for a in members if a.outlet})
    unknown = sum(1 for a in members if not a.outlet)
    if outlets and unknown:  # "4 articles from x.com" would say all four came from it
        outlets.append(f"{unknown} of unknown outlet")
    seen = (
        story.first_seen
        if story.first_seen == story.last_seen
        else (f"{story.first_seen} to {story.last_seen}")
    )
    lines = [
        f"## {story.title or 'Untitled story'}",
        "",
        f"{len(story.articles)} articles"
        + (f" from {', '.join(outlets)}" if outlets else "")
        + (f"; {seen}" if seen else ""),
        "",
    ]

    def cite(ids: Iterable[str]) -> str:
        return "".join(f"[^{order[aid]}]" for aid in ids if aid in order)

    lead = headline(report)
    if lead is not None:
        sources = dict.fromkeys(c.article for c in lead.sources)
        lines += [f"**What happened:** {_cell(headline_line(lead, report))} {cite(sources)}", ""]
    if report.brief.sentences:
        lines += ["### Brief", ""]
        lines.append(" ".join(f"{s.text} {cite(s.sources)}" for s in report.brief.sentences))
        lines.append("")
    if report.events:
        lines += [
            "### Events",
            "",
            "| date | type | what | where | sources |",
            "|---|---|---|---|---|",
        ]
        for event in report.events:
            where = event.location.name if event.location else ""
            date = event.date or (f"({event.date_text})" if event.date_text else "")
            ids = dict.fromkeys(c.article for c in event.sources)
            lines.append(
                f"| {date} | {event.type} | {_cell(event.summary)} | {where} | {cite(ids)} |"
            )
        lines.append("")
    if report.claims:
        lines += ["### Figures", "", "| figure | what | status | origins | sources |"]
        lines.append("|---|---|---|---|---|")
        for claim in report.claims:
            ids = dict.fromkeys(c.article for c in claim.sources)
            figure = _plain_value(claim.value, claim.unit, claim.qualifier)
            lines.append(
                f"| {figure} | {_cell(claim.what)} | {claim.status} |"
                f" {claim.independent_origins} | {cite(ids)} |"
            )
        lines.append("")
    if report.contradictions:
        lines += ["### Where sources disagree", ""]
        for contradiction in report.contradictions:
            lines.append(f"- **{contradiction.what}**")
            for side in contradiction.sides:
                scope = f" ({side.scope})" if side.scope else ""
                ids = dict.fromkeys(c.article for c in side.sources)
                lines.append(f"  - {side.value}{scope} {cite(ids)}")
        lines.append("")
    if report.quotes:
        lines += ["### Quotes", ""]
        for quote, carriers in quote_groups(report.quotes):
            lines.append(f"- {quote.speaker or 'unknown'}: “{quote.text}” {cite(carriers)}")
        lines.append("")
    if report.places:
        lines += ["### Places", ""]
        for place in report.places:
            point = f"{place.lat:.2f}, {place.lon:.2f}" if place.lat is not None else "unresolved"
            lines.append(f"- {place.name} ({place.country or '?'}): {point}")
        lines.append("")
    if report.entities:
        names = ", ".join(f"{e.name} ({e.type}, {e.mentions})" for e in report.entities[:25])
        lines += ["### Entities", "", names, ""]
    lines += [f"[^{order[a.id]}]: {_label(a)}" for a in members]
    lines.append("")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.contested{color:#a30}.corroborated{color:#060}sup a{text-decoration:none}
.sides{display:flex;gap:1rem}.sides>div{flex:1;border:1px solid #ddd;padding:.5rem}
"""


def to_html(report: Report) -> str:
    """Return the report as a standalone HTML page; all article text is escaped."""
    esc = html.escape
    articles = {article.id: article for article in report.articles}
    body: list[str] = ["<h1>newsfuse situation report</h1>"]
    for story in report.stories:
        order = {aid: n for n, aid in enumerate(story.story.articles, 1)}

        def cite(ids: Iterable[str], order: dict[str, int] = order) -> str:
            return "".join(
                f'<sup><a href="#a-{esc(aid)}">[{order[aid]}]</a></sup>'
                for aid in ids
                if aid in order
            )

        body.append(f"<h2>{esc(story.story.title or 'Untitled story')}</h2>")
        lead = headline(story)
        if lead is not None:
            sources = dict.fromkeys(c.article for c in lead.sources)
            body.append(
                f'<p class="headline"><strong>What happened:</strong> '
                f"{esc(headline_line(lead, story))}{cite(sources)}</p>"
            )
        if story.brief.sentences:
            body.append(
                "<p>"
                + " ".join(f"{esc(s.text)}{cite(s.sources)}" for s in story.brief.sentences)
                + "</p>"
            )
        if story.events:
            body.append(
                "<h3>Events</h3><table><tr><th>date</th><th>type</th><th>what</th>"
                "<th>where</th><th>sources</th></tr>"
            )
            for event in story.events:
                where = esc(event.location.name) if event.location else ""
                ids = dict.fromkeys(c.article for c in event.sources)
                body.append(
                    f"<tr><td>{esc(event.date or event.date_text or '')}</td><td>{esc(event.type)}"
                    f"</td><td>{esc(event.summary)}</td><td>{where}</td><td>{cite(ids)}</td></tr>"
                )
            body.append("</table>")
        if story.claims:
            body.append(
                "<h3>Figures</h3><table><tr><th>figure</th><th>what</th><th>status</th>"
                "<th>origins</th><th>sources</th></tr>"
            )
            for claim in story.claims:
                ids = dict.fromkeys(c.article for c in claim.sources)
                body.append(
                    f"<tr><td>{esc(_plain_value(claim.value, claim.unit, claim.qualifier))}</td>"
                    f'<td>{esc(claim.what)}</td><td class="{esc(claim.status)}">'
                    f"{esc(claim.status)}</td><td>{claim.independent_origins}</td>"
                    f"<td>{cite(ids)}</td></tr>"
                )
            body.append("</table>")
        if story.contradictions:
            body.append("<h3>Where sources disagree</h3>")
            for contradiction in story.contradictions:
                sides = "".join(
                    f"<div>{esc(side.value)}"
                    + (f" <em>({esc(side.scope)})</em>" if side.scope else "")
                    + cite(dict.fromkeys(c.article for c in side.sources))
                    + "</div>"
                    for side in contradiction.sides
                )
                body.append(f'<h4>{esc(contradiction.what)}</h4><div class="sides">{sides}</div>')
        if story.quotes:
            body.append("<h3>Quotes</h3><ul>")
            body += [
                f"<li>{esc(q.speaker or 'unknown')}: “{esc(q.text)}”{cite(sources)}</li>"
                for q, sources in quote_groups(story.quotes)
            ]
            body.append("</ul>")
        body.append("<h3>Sources</h3><ol>")
        for aid in story.story.articles:
            if aid in articles:
                body.append(f'<li id="a-{esc(aid)}">{esc(_label(articles[aid]))}</li>')
        body.append("</ol>")
    if report.dropped:
        body.append("<h3>Inputs not read</h3><ul>")
        body += [
            f"<li>{esc(d.source)} ({esc(d.stage)}): {esc(d.reason)}</li>" for d in report.dropped
        ]
        body.append("</ul>")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>newsfuse report</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
