"""newsfuse: turn overlapping news reports into one verified, structured, cited account.

The dozen names a user needs; everything else is implementation. Imports are
lazy so that ``import newsfuse`` stays fast (models load only when used).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "analyze": "newsfuse.api",
    "ingest": "newsfuse.api",
    "ingest_inputs": "newsfuse.api",
    "load_report": "newsfuse.api",
    "Settings": "newsfuse.settings",
    "open_store": "newsfuse.store",
    "Store": "newsfuse.store",
    "Article": "newsfuse.records",
    "Report": "newsfuse.records",
    "StoryReport": "newsfuse.records",
    "Dropped": "newsfuse.records",
    "NewsfuseError": "newsfuse.errors",
    "report_dict": "newsfuse.report",
    "to_markdown": "newsfuse.report",
    "to_html": "newsfuse.report",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
