"""Every callback, action and block id the app uses, named once for builders and listeners."""

from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    STAND = "/stand"


class Subcommand(StrEnum):
    """What follows `/stand`; the empty one declares a stand."""

    DECLARE = ""
    LIST = "list"
    HELP = "help"


# Other words people type for declaring.
DECLARE_ALIASES = {"new", "declare"}


class Callback(StrEnum):
    """``callback_id`` of modals and views."""

    DECLARE_STAND = "declare_stand"
    HOME = "stand_home"


class Action(StrEnum):
    """``action_id`` of interactive elements outside modal inputs."""

    OPEN_DECLARE = "open_declare_stand"
    RETRY_DECLARATION = "retry_declaration"


class Metadata(StrEnum):
    """Slack message metadata event types: they make the app's own posts recognisable."""

    STAND_DECLARED = "stand_declared"
