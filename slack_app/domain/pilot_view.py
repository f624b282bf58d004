"""A pilot with everything its messages show: its stand, its team, its decisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_app.domain.decisions import Decision
from slack_app.domain.pilots import Pilot
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team


@dataclass(frozen=True, slots=True)
class PilotView:
    """A pilot with everything its messages show."""

    pilot: Pilot
    stand: Stand
    team: Team | None
    decisions: list[Decision] = field(default_factory=list)  # oldest first

    @property
    def last_decided(self) -> Decision | None:
        decided = [d for d in self.decisions if d.verdict is not None]
        return decided[-1] if decided else None
