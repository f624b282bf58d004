"""Typed domain errors: the listeners turn each into a clear message to the person."""

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
