"""Typed errors. A ``DomainError`` is the person's: the listeners turn it into a clear message
to them. A ``BrokenInvariant`` is ours: logged, and the person only told something went wrong."""

from __future__ import annotations


class DomainError(Exception):
    """Something the person asked for cannot be done; the message says why, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing named does not exist in this workspace (or is not the person's to see)."""


class InvalidInput(DomainError):
    """Input that breaks a rule; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class NotAllowed(DomainError):
    """The person acting is not the one who may do this (another's button, a forged press)."""


class AlreadyDone(DomainError):
    """It has been done already (a second press, a replayed request); nothing changes."""


class BrokenInvariant(RuntimeError):
    """Something the app itself guarantees does not hold: a bug, or corrupt stored state,
    never a person's mistake. Deliberately not a ``DomainError``: the error handler logs it
    and tells the person only that something went wrong on our side. Raised where an
    ``assert`` would be (those vanish under ``python -O``); the message names what was
    expected."""
