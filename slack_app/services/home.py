"""What a person's Home tab (and `/stand list`) shows: their stands, teams and pilots."""

from __future__ import annotations

from dataclasses import dataclass

from slack_app.domain.pilots import Pilot
from slack_app.domain.team import TeamSummary
from slack_app.services.pilot_reads import pilots_of_stands
from slack_app.services.stands import StandPage, stands_of
from slack_app.services.team import team_summaries
from slack_app.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class StandsOverview:
    """A person's newest stands, with each one's team and latest pilot."""

    page: StandPage
    teams: dict[int, TeamSummary]
    pilots: dict[int, Pilot]


def stands_overview(uow: UnitOfWork, user_id: str, *, limit: int) -> StandsOverview:
    page = stands_of(uow, user_id, limit=limit)
    teams = team_summaries(uow, page.stands)
    pilots = pilots_of_stands(uow, [stand.id for stand in page.stands])
    return StandsOverview(page, teams, pilots)
