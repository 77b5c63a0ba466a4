"""The one exception tree of newsfuse.

::

    NewsfuseError
    ├── InputError            an input cannot be read or parsed (the batch goes on)
    │   ├── MissingInput      the path does not exist
    │   ├── EmptyInput        nothing to read after decoding and cleaning
    │   ├── BinaryInput       not text (NUL bytes or undecodable)
    │   ├── OversizedInput    larger than ``settings.max_input_bytes``
    │   └── MalformedInput    broken JSON / JSON Lines record, missing text field
    ├── ConfigError           a settings file or option is wrong
    ├── StoreError            the store cannot be opened, migrated or written
    │   └── StaleAnalysis     another analysis was saved since this one began (run it again)
    ├── GazetteerError        a gazetteer file cannot be imported or read
    ├── FetchError            a URL or feed cannot be fetched
    │   └── BlockedAddress    the URL points at a loopback/private/link-local address
    └── AuthError             a write was refused: missing or wrong token

Every message says what was wrong and what to do about it; the CLI prints it on
one line and exits non-zero, the HTTP API returns it as JSON with a status.
"""

from __future__ import annotations


class NewsfuseError(Exception):
    """Root of every error newsfuse raises on purpose."""


class InputError(NewsfuseError):
    """An input could not be turned into an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class MissingInput(InputError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class OversizedInput(InputError):
    pass


class MalformedInput(InputError):
    pass


class ConfigError(NewsfuseError):
    pass


class StoreError(NewsfuseError):
    pass


class StaleAnalysis(StoreError):
    """Another analysis was saved since this one started; run it again on the new state."""


class GazetteerError(NewsfuseError):
    pass


class FetchError(NewsfuseError):
    pass


class BlockedAddress(FetchError):
    pass


class AuthError(NewsfuseError):
    pass
