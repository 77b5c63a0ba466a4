"""newsfuse: turn overlapping news reports into one verified, structured, cited account."""

__version__ = "0.1.0"
