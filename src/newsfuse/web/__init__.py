"""The HTTP API and the web dashboard (``create_app``)."""

from newsfuse.web.app import create_app

__all__ = ["create_app"]
