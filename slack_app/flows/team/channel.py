"""F3's Slack side: create or link the pilot channel, post the vision and roster, keep the
roster current, welcome people who join."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.ids import Metadata
from slack_app.domain.channels import with_suffix
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team
from slack_app.domain.workspace import Workspace
from slack_app.flows.pilots.posting import refresh as refresh_pilot
from slack_app.flows.team.messages import roster_message, vision_post, welcome
from slack_app.services import Database
from slack_app.services.pilot_reads import open_pilot_of
from slack_app.services.team import record_posts, roster_of
from slack_app.slack.errors import best_effort, error_code, explain
from slack_app.slack.structure import refresh_charter

log = logging.getLogger(__name__)
NAME_ATTEMPTS = 20
CREATE_FAILED = "Slack refused to create the pilot channel"
CREATE_PROBLEMS = {
    "restricted_action": "This workspace doesn't let me create channels. Ask an admin, or "
    "use *Link a channel* with a channel your team already has.",
    "ratelimited": "Slack is busy and asked me to slow down. Try again in a minute.",
    "invalid_name_specials": "That channel name has characters Slack doesn't allow.",
    "invalid_name_maxlength": "That channel name is too long for Slack.",
    "invalid_name_punctuation": "A channel name needs at least one letter or digit.",
    "invalid_name_required": "Give the channel a name.",
}


@dataclass(frozen=True, slots=True)
class Channel:
    """A pilot channel as Slack gave it, or a sentence saying why there is none."""

    id: str | None
    name: str = ""
    is_private: bool = False
    members: tuple[str, ...] = ()
    problem: str | None = None


def create_channel(client: WebClient, name: str, *, private: bool) -> Channel:
    """Create the channel; a taken name gets a numbered suffix, not an error."""
    for attempt in range(1, NAME_ATTEMPTS + 1):
        candidate = name if attempt == 1 else with_suffix(name, attempt)
        try:
            response = client.conversations_create(name=candidate, is_private=private)
        except SlackApiError as error:
            code = error_code(error)
            if code == "name_taken":
                continue
            log.info("could not create channel %s: %s", candidate, code)
            return Channel(None, problem=CREATE_PROBLEMS.get(code, f"{CREATE_FAILED} ({code})."))
        channel = response["channel"]
        return Channel(channel["id"], channel["name"], bool(channel.get("is_private")))
    return Channel(None, problem=f"Every name from #{name} to -{NAME_ATTEMPTS} is taken.")


def _members(client: WebClient, channel_id: str) -> list[str]:
    """Everyone in the channel, every page of them."""
    pages = client.conversations_members(channel=channel_id, limit=1000)
    return [member for page in pages for member in page["members"]]


def link_channel(
    client: WebClient, channel_id: str, *, author_id: str, bot_user_id: str | None
) -> Channel:
    """Get into an existing channel the author is in (join a public one), and learn who is
    already there. Linking a channel the author is not in is refused: nobody turns a
    channel they don't belong to into their pilot."""
    try:
        info = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as error:
        return Channel(None, problem=explain(error_code(error), channel=channel_id))
    if info.get("is_archived"):
        return Channel(None, problem=explain("is_archived", channel=channel_id))
    private = bool(info.get("is_private"))
    if private and not info.get("is_member"):
        return Channel(None, problem=explain("channel_not_found", channel=channel_id))
    try:
        members = _members(client, channel_id)
    except SlackApiError as error:
        return Channel(None, problem=explain(error_code(error), channel=channel_id))
    if author_id not in members:
        return Channel(None, problem=f"You're not in <#{channel_id}>: join it first, then link it.")
    if not info.get("is_member"):
        try:
            client.conversations_join(channel=channel_id)
        except SlackApiError as error:
            return Channel(None, problem=explain(error_code(error), channel=channel_id))
    people = tuple(m for m in members if m != bot_user_id)
    return Channel(channel_id, str(info.get("name", "")), private, people)


def invite(client: WebClient, channel_id: str, users: list[str]) -> list[str]:
    """Invite each person; sentences for the ones that could not be invited."""
    problems = []
    for user in dict.fromkeys(users):
        try:
            client.conversations_invite(channel=channel_id, users=user)
        except SlackApiError as error:
            code = error_code(error)
            if code in ("already_in_channel", "cant_invite_self"):
                continue
            log.info("could not invite %s to %s: %s", user, channel_id, code)
            problems.append(f"I couldn't invite <@{user}>: {explain(code, channel=channel_id)}")
    return problems


def post_team_messages(
    client: WebClient, db: Database, ws: Workspace, team: Team, stand: Stand, *, now: datetime
) -> tuple[Team, list[str]]:
    """Post whichever of the vision and the roster is missing, remembering each at once, and
    pin the vision; the team as stored, and sentences for what could not be done."""
    try:
        if team.vision_ts is None:
            text, blocks = vision_post(stand, team)
            vision = client.chat_postMessage(
                channel=team.channel_id,
                text=text,
                blocks=blocks,
                metadata={"event_type": Metadata.VISION_POSTED, "event_payload": {"team": team.id}},
            )
            team = record_posts(db, ws, team.id, vision_ts=vision["ts"])
            _pin(client, team)
        if team.roster_ts is None:
            text, blocks = roster_message(roster_of(db, ws, team.id))
            roster = client.chat_postMessage(
                channel=team.channel_id,
                text=text,
                blocks=blocks,
                metadata={"event_type": Metadata.ROSTER_POSTED, "event_payload": {"team": team.id}},
            )
            team = record_posts(db, ws, team.id, roster_ts=roster["ts"])
    except SlackApiError as error:
        code = error_code(error)
        log.info("could not post in pilot channel %s: %s", team.channel_id, code)
        return team, [explain(code, channel=team.channel_id)]
    # A pilot proposed before the team formed gets its header in the new channel.
    with db.unit_of_work(ws) as uow:
        pilot = open_pilot_of(uow, stand.id)
    if pilot is not None:
        refresh_pilot(client, db, ws, pilot.id)
        # …and a structure built before the channel existed, its charter.
        best_effort("post the charter", lambda: refresh_charter(client, db, ws, pilot.id, now=now))
    return team, []


def _pin(client: WebClient, team: Team) -> None:
    # An unpinned vision still works (reactions count on it), so a failure is only logged.
    best_effort(
        f"pin the vision in {team.channel_id}",
        lambda: client.pins_add(channel=team.channel_id, timestamp=team.vision_ts),
    )


ROSTER_PASSES = 3


def refresh_roster(client: WebClient, db: Database, ws: Workspace, team: Team) -> None:
    """Edit the roster message in place to match the database.

    Two changes handled at once could land their edits in the wrong order; so after each
    edit the roster is read again, and edited again if it moved meanwhile. The last
    edit to land is then always the newest roster.
    """
    if team.roster_ts is None:
        return
    roster = roster_of(db, ws, team.id)
    for _ in range(ROSTER_PASSES):
        text, blocks = roster_message(roster)
        client.chat_update(channel=team.channel_id, ts=team.roster_ts, text=text, blocks=blocks)
        latest = roster_of(db, ws, team.id)
        if latest == roster:
            return
        roster = latest


def welcome_watcher(client: WebClient, team: Team, stand: Stand, user_id: str) -> None:
    text, blocks = welcome(stand, team)
    try:
        client.chat_postEphemeral(channel=team.channel_id, user=user_id, text=text, blocks=blocks)
    except SlackApiError as error:
        log.info("could not welcome %s in %s: %s", user_id, team.channel_id, error_code(error))
