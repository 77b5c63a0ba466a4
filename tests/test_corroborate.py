"""corroborate: figures aligned across articles into claims, origins and contradictions."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from newsfuse.records import Article, Figure, Mention, Reading, Sentence
from newsfuse.stages.corroborate import claim_text, corroborate, count_origins
from newsfuse.support import is_supported


def _article(article_id: str, **fields: Any) -> Article:
    return Article(
        id=article_id, key=article_id, source=article_id, text="", fingerprint="f", **fields
    )


def _reading(article: str, *items: tuple[str, dict[str, Any]]) -> Reading:
    """One reading; each item is (sentence text, Figure fields) for one sentence."""
    sentences, figures = [], []
    for index, (text, figure) in enumerate(items):
        sentences.append(Sentence(article, index, text, 0, len(text)))
        figures.append(Figure(article=article, sentence=index, **figure))
    return Reading(article, tuple(sentences), figures=tuple(figures))


TROOPS = {
    "text": "around 3,500 soldiers",
    "value": 3500.0,
    "unit": "troops",
    "what": "Veldan soldiers",
    "qualifier": "around",
}


def _troop_readings() -> list[Reading]:
    return [
        _reading("a1", ("A panel found Veldan keeps around 3,500 soldiers in the north.", TROOPS)),
        _reading("a2", ("Experts say Veldan keeps around 3,500 soldiers in the north.", TROOPS)),
        _reading(
            "a3", ("The rebels rely on around 3,500 Veldan soldiers, the panel said.", TROOPS)
        ),
    ]


def test_corroborate_equal_figures_across_articles_become_one_claim() -> None:
    articles = {a: _article(a) for a in ("a1", "a2", "a3")}
    claims, contradictions = corroborate(_troop_readings(), articles)
    assert len(claims) == 1 and not contradictions
    assert [c.article for c in claims[0].sources] == ["a1", "a2", "a3"]
    assert claims[0].id == "c1" and claims[0].value == 3500.0


def test_corroborate_counts_origins_by_wire() -> None:
    articles = {
        "a1": _article("a1", wire="AFP", outlet="one.example"),
        "a2": _article("a2", wire="AFP", outlet="two.example"),
        "a3": _article("a3", wire="AP", outlet="three.example"),
    }
    claims, _ = corroborate(_troop_readings(), articles)
    assert claims[0].independent_origins == 2
    assert claims[0].status == "corroborated"


def test_corroborate_duplicate_is_not_a_separate_origin() -> None:
    articles = {
        "a1": _article("a1", outlet="one.example"),
        "a2": _article("a2", outlet="two.example", duplicate_of="a1"),
    }
    assert count_origins(["a1", "a2"], articles) == 1


def test_corroborate_origin_falls_back_to_outlet_then_article() -> None:
    articles = {
        "a1": _article("a1", outlet="One.example"),
        "a2": _article("a2"),
        "a3": _article("a3", outlet="one.example "),
    }
    assert count_origins(["a1", "a2", "a3"], articles) == 2


def test_corroborate_one_origin_is_single_source() -> None:
    readings = [
        _reading(
            "a1",
            (
                "The town of about 20,000 people fell.",
                {
                    "text": "about 20,000 people",
                    "value": 20000.0,
                    "unit": "people",
                    "what": "town population",
                },
            ),
        )
    ]
    claims, _ = corroborate(readings, {"a1": _article("a1")})
    assert claims[0].status == "single-source" and claims[0].independent_origins == 1


DISPLACED_A = (
    "Tens of thousands have been displaced since March, aid groups said.",
    {
        "text": "tens of thousands",
        "value": None,
        "low": 20000.0,
        "high": 100000.0,
        "unit": "people",
        "what": "people displaced",
        "scope": "since March",
    },
)
DISPLACED_B = (
    "The war has displaced over 2 million people.",
    {
        "text": "over 2 million people",
        "value": 2e6,
        "unit": "people",
        "what": "people displaced",
        "qualifier": "over",
    },
)


def test_corroborate_contested_figures_give_contradiction_with_scopes() -> None:
    readings = [_reading("a1", DISPLACED_A), _reading("a2", DISPLACED_B)]
    claims, contradictions = corroborate(readings, {"a1": _article("a1"), "a2": _article("a2")})
    assert {c.status for c in claims} == {"contested"} and len(claims) == 2
    (contradiction,) = contradictions
    assert contradiction.kind == "figure"
    sides = [(s.value, s.scope, s.sources[0].article) for s in contradiction.sides]
    assert sides == [
        ("tens of thousands", "since March", "a1"),
        ("over 2 million people", None, "a2"),
    ]


def test_corroborate_different_counted_things_stay_apart() -> None:
    text = "Over 900 people have died, and tens of thousands have been displaced since March."
    died = {
        "text": "Over 900 people",
        "value": 900.0,
        "unit": "people",
        "what": "people",
        "qualifier": "over",
    }
    readings = [_reading("a1", (text, died)), _reading("a2", DISPLACED_B)]
    claims, contradictions = corroborate(readings, {"a1": _article("a1"), "a2": _article("a2")})
    assert not contradictions
    assert {c.status for c in claims} == {"single-source"}


def test_corroborate_unrelated_distances_are_not_contested() -> None:
    far = (
        "The army said Karvik had fallen, about 300 km from Tereni.",
        {"text": "about 300 km", "value": 300.0, "unit": "km", "what": "distance"},
    )
    near = (
        "The Oster mine, 45 km north of Karvik, has closed.",
        {"text": "45 km", "value": 45.0, "unit": "km", "what": "distance"},
    )
    readings = [_reading("a1", far), _reading("a2", near)]
    claims, contradictions = corroborate(readings, {"a1": _article("a1"), "a2": _article("a2")})
    assert not contradictions and len(claims) == 2


def test_corroborate_claims_ordered_by_origins() -> None:
    readings = [
        _reading(
            "a9",
            (
                "The town of about 20,000 people fell.",
                {
                    "text": "about 20,000 people",
                    "value": 20000.0,
                    "unit": "people",
                    "what": "town population",
                },
            ),
        ),
        *_troop_readings(),
    ]
    articles = {a: _article(a, outlet=f"{a}.example") for a in ("a1", "a2", "a3", "a9")}
    claims, _ = corroborate(readings, articles)
    assert [(c.id, c.value) for c in claims] == [("c1", 3500.0), ("c2", 20000.0)]


def test_corroborate_claims_are_supported_by_their_sentences() -> None:
    readings = [*_troop_readings(), _reading("a4", DISPLACED_A), _reading("a5", DISPLACED_B)]
    claims, _ = corroborate(readings, {a: _article(a) for a in ("a1", "a2", "a3", "a4", "a5")})
    for claim in claims:
        assert is_supported(claim_text(claim), [c.sentence for c in claim.sources]), claim


def test_corroborate_same_distance_with_a_name_the_tagger_missed_is_one_claim() -> None:
    figure = {"text": "about 40 km", "value": 40.0, "unit": "km", "what": "kilometres"}
    first = "Our units moved back about 40 km to Tesk, an officer told Radio Vela."
    second = "The army fell back to Tesk, about 40 km from Karvik, according to Radio Vela."
    readings = [
        replace(
            _reading("a1", (first, figure)),
            mentions=(Mention("a1", 0, 58, 68, "Radio Vela", "ORG"),),
        ),
        replace(
            _reading("a2", (second, figure)),
            mentions=(Mention("a2", 0, 45, 51, "Karvik", "GPE"),),
        ),
    ]
    claims, _ = corroborate(readings, {"a1": _article("a1"), "a2": _article("a2")})
    assert len(claims) == 1 and {c.article for c in claims[0].sources} == {"a1", "a2"}


def test_corroborate_amounts_orders_of_magnitude_apart_are_different_things() -> None:
    def price(text: str, value: float) -> dict[str, Any]:
        return {"text": text, "value": value, "unit": "USD", "what": "offer"}

    readings = [
        _reading("a1", ("The offer is $60 in cash per share.", price("$60", 60.0))),
        _reading(
            "a2", ("The offer values the company at $146 billion.", price("$146 billion", 146e9))
        ),
        _reading("a3", ("The offer is $70 in cash per share.", price("$70", 70.0))),
    ]
    articles = {a: _article(a) for a in ("a1", "a2", "a3")}
    _, contradictions = corroborate(readings, articles)
    (contradiction,) = contradictions  # $60 against $70; never against $146 billion
    assert sorted(side.value for side in contradiction.sides) == ["$60", "$70"]


def _people(text: str, value: float, what: str) -> dict[str, Any]:
    """The fields of a figure that counts people."""
    return {"text": text, "value": value, "unit": "people", "what": what}


def _count(
    article: str, text: str, amount: str, value: float, what: str = "people", unit: str = "people"
) -> Reading:
    """One article's reading of one sentence giving one amount of ``what``."""
    figure = {"text": amount, "value": value, "unit": unit, "what": what}
    return _reading(article, (text, figure))


def test_corroborate_counts_of_two_nations_people_are_different_things() -> None:
    def affected(text: str, value: float) -> dict[str, Any]:
        return _people(text, value, "consumers affected")

    first = "About 8,000 Canadian consumers were affected by the breach."
    second = "Some 182,000 Kenyan consumers were affected by the breach."
    third = "Some 9,000 Canadian consumers were affected by the breach."
    readings = [
        replace(
            _reading("a1", (first, affected("About 8,000", 8000.0))),
            mentions=(Mention("a1", 0, 12, 20, "Canadian", "NORP"),),
        ),
        replace(
            _reading("a2", (second, affected("Some 182,000", 182000.0))),
            mentions=(Mention("a2", 0, 13, 19, "Kenyan", "NORP"),),
        ),
        replace(
            _reading("a3", (third, affected("Some 9,000", 9000.0))),
            mentions=(Mention("a3", 0, 11, 19, "Canadian", "NORP"),),
        ),
    ]
    articles = {a: _article(a) for a in ("a1", "a2", "a3")}
    _, contradictions = corroborate(readings, articles)
    (contradiction,) = contradictions  # 8,000 against 9,000 Canadians; never the Kenyans
    assert sorted(side.value for side in contradiction.sides) == ["About 8,000", "Some 9,000"]


def test_corroborate_prices_and_tallies_need_more_shared_words_than_counts() -> None:
    # A price moves and is quoted of many things: sharing two words of five is not
    # enough to put two prices in dispute, where it is for two counts of people.
    def pair(unit: str, first: tuple[str, str, float], second: tuple[str, str, float]) -> Any:
        readings = [
            _reading(article, (text, {"text": amount, "value": value, "unit": unit, "what": ""}))
            for article, (text, amount, value) in zip(("a1", "a2"), (first, second), strict=True)
        ]
        return corroborate(readings, {a: _article(a) for a in ("a1", "a2")})[1]

    # unit: (first sentence, amount, value), (second ...), contradictions expected
    cases = {
        "usd": (
            ("Shares of the miner closed at $7,348 in morning trading.", "$7,348", 7348.0),
            ("Investors paid $10,925 for shares of the miner last year.", "$10,925", 10925.0),
            0,
        ),
        "people": (
            ("Some 8,000 people left the town by bus in the morning.", "Some 8,000 people", 8000.0),
            (
                "Officials counted 12,000 people leaving the town last year.",
                "12,000 people",
                12000.0,
            ),
            1,
        ),
        # a span of time or a tally of play is given of many things, like a price
        "season": (
            ("The club has struggled for the past two seasons in the league.", "two seasons", 2.0),
            ("Its coach won the league title in five seasons in charge.", "five seasons", 5.0),
            0,
        ),
        # nor does one shared word, however short the two contexts ("fell")
        "percent": (
            ("The coin fell 14%.", "14%", 14.0),
            ("Rival tokens fell 70%.", "70%", 70.0),
            0,
        ),
    }
    found = {unit: len(pair(unit, first, second)) for unit, (first, second, _) in cases.items()}
    assert found == {unit: expected for unit, (_, _, expected) in cases.items()}


def test_corroborate_a_label_cut_by_its_window_never_ends_on_a_preposition() -> None:
    freed = _count

    readings = [
        freed("a1", "The 21 were freed before dawn in the north of the country.", "21", 21.0),
        freed("a2", "Some 24 were freed before dawn in the north of the country.", "24", 24.0),
    ]
    _, (contradiction,) = corroborate(readings, {a: _article(a) for a in ("a1", "a2")})
    assert contradiction.what.split()[-1] not in ("the", "in", "of")


def test_corroborate_a_label_never_holds_half_a_quotation() -> None:
    def offered(article: str, text: str) -> Reading:
        figure = {"text": "$12 billion", "value": 12e9, "unit": "usd", "what": "usd"}
        return _reading(article, (text, figure))

    text = "Velmar made a $12 billion “best and final” offer, the rival said."
    (claim,), _ = corroborate([offered("a1", text)], {"a1": _article("a1")})
    assert sum(claim.what.count(mark) for mark in '"“”') % 2 == 0
    # a comma that closes a quotation ends the clause too
    text = "He said the fleet would carry '2,300 tons,' adding that 92 percent was ready."
    figure = {"text": "92 percent", "value": 92.0, "unit": "percent", "what": "percent"}
    (claim,), _ = corroborate([_reading("a1", (text, figure))], {"a1": _article("a1")})
    assert claim.what.startswith("adding")


def test_corroborate_counts_of_different_years_are_different_things() -> None:
    def fled(article: str, text: str, amount: str, value: float, scope: str | None) -> Reading:
        figure = {"text": amount, "value": value, "unit": "people", "what": "people fled"}
        return _reading(article, (text, {**figure, "scope": scope}))

    now = fled("a1", "Some 8,000 people fled Karvik this week.", "Some 8,000 people", 8e3, None)
    then = fled("a2", "In 1998, 12,000 people fled Karvik.", "12,000 people", 12e3, "in 1998")
    articles = {a: _article(a) for a in ("a1", "a2")}
    assert corroborate([now, then], articles)[1] == ()  # history, not a dispute
    same_year = replace(now.figures[0], scope="in 1998")
    (contradiction,) = corroborate([replace(now, figures=(same_year,)), then], articles)[1]
    assert len(contradiction.sides) == 2


def test_corroborate_a_part_or_an_increment_does_not_dispute_the_whole() -> None:
    total = "The breach exposed the data of 143 million Veldan customers, the firm said."
    more = "The firm said an additional 2.5 million Veldan customers were exposed."
    other = "Two other Veldan customers were exposed, the firm said."
    again = "The breach exposed the data of 160 million Veldan customers, the firm said."
    some = "The firm said 12 million of its Veldan customers were exposed."
    within = "The count includes 30 million Veldan customers abroad, the firm said."
    readings = [
        _reading("a1", (total, _people("143 million Veldan customers", 143e6, "customers"))),
        _reading("a2", (more, _people("2.5 million Veldan customers", 2.5e6, "customers"))),
        _reading("a3", (other, _people("Two other Veldan customers", 2.0, "customers"))),
        _reading("a4", (again, _people("160 million Veldan customers", 160e6, "customers"))),
        _reading("a5", (some, _people("12 million of its Veldan customers", 12e6, "customers"))),
        _reading("a6", (within, _people("30 million Veldan customers", 30e6, "customers"))),
    ]
    articles = {f"a{i}": _article(f"a{i}") for i in range(1, 7)}
    _, contradictions = corroborate(readings, articles)
    # the two totals still disagree; the increment and the parts stand apart
    (contradiction,) = contradictions
    assert {s.sources[0].article for s in contradiction.sides} == {"a1", "a4"}


def test_corroborate_only_values_that_dispute_each_other_directly_are_sides() -> None:
    # "more than 200" resembles both other counts, which resemble each other too
    # little to be one count: 82 released is disputed by "more than 200" (read as the
    # same schoolgirls), 276 kidnapped is not disputed by anything it counts itself.
    released = "The agency welcomed the release of 82 Veldan schoolgirls."
    among = "She is one of more than 200 Veldan schoolgirls kidnapped from a dormitory."
    kidnapped = "They are among 276 girls kidnapped from a dormitory."
    more = _people("more than 200 Veldan schoolgirls", 200.0, "Veldan schoolgirls")
    readings = [
        _reading("a1", (released, _people("82 Veldan schoolgirls", 82.0, "Veldan schoolgirls"))),
        _reading("a2", (among, {**more, "qualifier": "more than"})),
        _reading("a3", (kidnapped, _people("276 girls", 276.0, "girls"))),
    ]
    articles = {f"a{i}": _article(f"a{i}") for i in range(1, 4)}
    claims, contradictions = corroborate(readings, articles)
    (contradiction,) = contradictions
    assert {s.sources[0].article for s in contradiction.sides} == {"a1", "a2"}
    status = {claim.sources[0].article: claim.status for claim in claims}
    assert status["a3"] == "single-source"


def _prices(*items: tuple[str, ...]) -> list[Reading]:
    """One reading per (article, sentence, its dollar amounts as written ...)."""
    readings = []
    for article, text, *amounts in items:
        figures = tuple(
            Figure(
                article=article,
                sentence=0,
                text=amount,
                value=float(amount.strip("$").replace(",", "")),
                unit="usd",
                what="",
            )
            for amount in amounts
        )
        readings.append(
            Reading(article, (Sentence(article, 0, text, 0, len(text)),), figures=figures)
        )
    return readings


def test_corroborate_prices_of_different_days_have_moved_not_been_disputed() -> None:
    readings = _prices(
        ("a1", "The token traded at $7,100 on the main exchange.", "$7,100"),
        ("a2", "The token traded at $6,200 on the main exchange.", "$6,200"),
    )
    assert _contradictions(readings, "2024-03-01T09:00:00", "2024-03-01T17:00:00") == 1
    assert _contradictions(readings, "2024-03-01T09:00:00", "2024-03-02T09:00:00") == 0


def _contradictions(readings: list[Reading], first_day: str, second_day: str) -> int:
    """Return how many contradictions articles a1 and a2, published on these days, make."""
    articles = {
        "a1": _article("a1", published_at=first_day),
        "a2": _article("a2", published_at=second_day),
    }
    return len(corroborate(readings, articles)[1])


def test_corroborate_counts_in_reports_a_week_apart_are_no_dispute() -> None:
    # "dozens of arrests" in the first reports, "212 arrests" two weeks on: the count
    # was updated, not disputed; two days apart, the reports disagree.
    readings = [
        _reading(
            "a1", ("Police made dozens of arrests in Karvik.", _people("dozens", 24.0, "arrests"))
        ),
        _reading("a2", ("Police made 212 arrests in Karvik.", _people("212", 212.0, "arrests"))),
    ]
    assert _contradictions(readings, "2031-01-05T09:00:00", "2031-01-07T09:00:00") == 1
    assert _contradictions(readings, "2031-01-05T09:00:00", "2031-01-21T09:00:00") == 0


def test_corroborate_each_amount_of_a_clause_speaks_of_its_own_thing() -> None:
    # "$6,427 against $633 for the token": the first amount is the coin's, not the token's
    readings = _prices(
        ("a1", "The coin traded at $6,427 against $633 for the token.", "$6,427", "$633"),
        ("a2", "The token traded at $1,084 on Monday.", "$1,084"),
    )
    articles = {a: _article(a, published_at="2024-03-04") for a in ("a1", "a2")}
    (contradiction,) = corroborate(readings, articles)[1]
    assert {side.value for side in contradiction.sides} == {"$633", "$1,084"}


def test_corroborate_count_of_a_narrower_kind_within_the_whole_is_no_dispute() -> None:
    # "two female gorillas" and "three gorillas" can both be true: the narrower count
    # is part of the wider one. "four female gorillas" against three gorillas cannot.
    def gorillas(article: str, text: str, amount: str, value: float, what: str) -> Reading:
        figure = {"text": amount, "value": value, "unit": "gorilla", "what": what}
        return _reading(article, (text, figure))

    wider = gorillas(
        "a2", "Three gorillas were in the enclosure.", "Three gorillas", 3.0, "gorillas"
    )
    articles = {a: _article(a) for a in ("a1", "a2")}
    within = gorillas(
        "a1",
        "Two female gorillas were in the enclosure.",
        "Two female gorillas",
        2.0,
        "female gorillas",
    )
    claims, contradictions = corroborate([within, wider], articles)
    assert not contradictions and len(claims) == 2
    beyond = gorillas(
        "a1",
        "Four female gorillas were in the enclosure.",
        "Four female gorillas",
        4.0,
        "female gorillas",
    )
    _, contradictions = corroborate([beyond, wider], articles)
    (contradiction,) = contradictions
    assert sorted(side.value for side in contradiction.sides) == [
        "Four female gorillas",
        "Three gorillas",
    ]


def test_corroborate_a_threatened_or_planned_amount_does_not_dispute_what_happened() -> None:
    missiles = partial(_count, what="missiles", unit="missiles")

    fired = missiles("a1", "Vorna fired three missiles into the sea.", "three missiles", 3.0)
    threat = "Vorna threatened to fire four missiles into the sea near Karvik."
    planned = missiles("a2", threat, "four missiles", 4.0)
    also_fired = missiles("a3", "Vorna fired four missiles into the sea.", "four missiles", 4.0)
    articles = {a: _article(a) for a in ("a1", "a2", "a3")}
    assert corroborate([fired, planned], articles)[1] == ()
    (contradiction,) = corroborate([fired, also_fired], articles)[1]  # two reports of one act
    assert len(contradiction.sides) == 2


def test_corroborate_a_known_set_in_a_planned_clause_is_still_counted() -> None:
    girls = partial(_count, what="girls held")

    known = "Officials said the talks would help free the 197 girls held in Karvik."
    held = girls("a1", known, "197 girls", 197.0)
    other = girls("a2", "Some 190 girls are held in Karvik, officials said.", "190 girls", 190.0)
    articles = {a: _article(a) for a in ("a1", "a2")}
    (contradiction,) = corroborate([held, other], articles)[1]
    assert len(contradiction.sides) == 2


def test_corroborate_a_count_a_change_reached_updates_an_earlier_count() -> None:
    toll = partial(_count, what="people killed")

    first = toll("a1", "The blast in Karvik killed 20 people, police said.", "20 people", 20.0)
    risen = toll("a2", "The toll of the Karvik blast rose to 51 people killed.", "51 people", 51.0)
    other = toll("a3", "The toll of the Karvik blast rose to 45 people killed.", "45 people", 45.0)
    articles = {a: _article(a) for a in ("a1", "a2", "a3")}
    assert corroborate([first, risen], articles)[1] == ()  # an update, not a dispute
    (contradiction,) = corroborate([risen, other], articles)[1]  # two levels reached
    assert len(contradiction.sides) == 2


def test_corroborate_what_is_left_of_a_count_does_not_dispute_the_count() -> None:
    girls = partial(_count, what="girls")

    taken = girls("a1", "Gunmen took 120 girls from the Karvik school.", "120 girls", 120.0)
    left = [
        girls("a2", "Some 90 girls remain captive in Karvik, officials said.", "90 girls", 90.0),
        girls("a3", "Talks may free the 90 girls who remain in Karvik.", "90 girls", 90.0),
        girls("a4", "Gunmen are still holding 90 girls from the Karvik school.", "90 girls", 90.0),
    ]
    fewer = girls("a5", "Some 80 girls remain captive in Karvik, officials said.", "80 girls", 80.0)
    articles = {a: _article(a) for a in ("a1", "a2", "a3", "a4", "a5")}
    for remaining in left:
        assert corroborate([taken, remaining], articles)[1] == ()
    (contradiction,) = corroborate([left[0], fewer], articles)[1]  # two counts of those left
    assert len(contradiction.sides) == 2
    # "still" that says nothing of what is left: a count of all, in dispute
    still = girls("a6", "Officials still say 130 girls were taken in Karvik.", "130 girls", 130.0)
    (contradiction,) = corroborate([taken, still], {**articles, "a6": _article("a6")})[1]
    assert len(contradiction.sides) == 2


def test_corroborate_two_moves_of_a_price_told_during_trading_are_not_in_dispute() -> None:
    shares = partial(_count, what="shares", unit="percent")

    morning = shares("a1", "Velmar shares fell 1.5 percent in early trading.", "1.5 percent", 1.5)
    later = shares("a2", "Velmar shares fell 6.6 percent in early trading.", "6.6 percent", 6.6)
    closed = shares("a3", "Velmar shares closed down 6.6 percent in trading.", "6.6 percent", 6.6)
    closing = shares("a4", "Velmar shares closed down 4 percent in trading.", "4 percent", 4.0)
    articles = {a: _article(a, published_at="2031-03-04") for a in ("a1", "a2", "a3", "a4")}
    assert corroborate([morning, later], articles)[1] == ()
    (contradiction,) = corroborate([closed, closing], articles)[1]  # one close, two values
    assert len(contradiction.sides) == 2


def test_corroborate_a_grade_of_the_injured_does_not_dispute_all_the_injured() -> None:
    hurt = _count

    serious = hurt("a1", "Medics said eight people had serious injuries in Karvik.", "eight", 8.0)
    everyone = hurt("a2", "Medics said 50 people had injuries in Karvik.", "50", 50.0)
    fewer = hurt("a3", "Medics said five people had serious injuries in Karvik.", "five", 5.0)
    articles = {a: _article(a) for a in ("a1", "a2", "a3")}
    assert corroborate([serious, everyone], articles)[1] == ()
    (contradiction,) = corroborate([serious, fewer], articles)[1]  # one grade, two counts
    assert len(contradiction.sides) == 2


def test_corroborate_a_clause_about_part_of_a_count_is_not_what_it_counts() -> None:
    hurt = _count

    treated = "The Karvik hospital took in 20 people for care of whom four were badly injured."
    whole = hurt("a1", treated, "20 people", 20.0)
    injured = hurt("a2", "Six people were badly injured in the crash.", "Six people", 6.0)
    articles = {a: _article(a) for a in ("a1", "a2")}
    assert corroborate([whole, injured], articles)[1] == ()
