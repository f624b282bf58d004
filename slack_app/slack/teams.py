"""F3's Slack side: create or link the pilot channel, post the vision and roster, keep the
roster current, welcome people who join."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slack_app.blocks.ids import Metadata
from slack_app.blocks.team import roster_message, vision_post, welcome
from slack_app.domain.channels import with_suffix
from slack_app.domain.stands import Stand
from slack_app.domain.team import Team
from slack_app.domain.workspace import Workspace
from slack_app.services.team import record_posts, roster_of
from slack_app.slack.errors import error_code, explain
from slack_app.store.database import Database

log = logging.getLogger(__name__)
NAME_ATTEMPTS = 20
CREATE_FAILED = "Slack refused to create the pilot channel"
CREATE_PROBLEMS = {
    "restricted_action": "This workspace doesn't let me create channels. Ask an admin, or "
    "use *Link a channel* with a channel your team already has.",
    "ratelimited": "Slack is busy and asked me to slow down. Try again in a minute.",
    "invalid_name_specials": "That channel name has characters Slack doesn't allow.",
    "invalid_name_maxlength": "That channel name is too long for Slack.",
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


def link_channel(client: WebClient, channel_id: str, bot_user_id: str | None) -> Channel:
    """Get into an existing channel (join a public one) and learn who is already there."""
    try:
        info = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as error:
        return Channel(None, problem=explain(error_code(error), channel=channel_id))
    if info.get("is_archived"):
        return Channel(None, problem=explain("is_archived", channel=channel_id))
    private = bool(info.get("is_private"))
    if not info.get("is_member"):
        if private:
            return Channel(None, problem=explain("channel_not_found", channel=channel_id))
        try:
            client.conversations_join(channel=channel_id)
        except SlackApiError as error:
            return Channel(None, problem=explain(error_code(error), channel=channel_id))
    try:
        members = client.conversations_members(channel=channel_id, limit=1000)["members"]
    except SlackApiError as error:
        log.warning("could not list members of %s: %s", channel_id, error_code(error))
        members = []
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
    client: WebClient, db: Database, ws: Workspace, team: Team, stand: Stand
) -> tuple[Team, str | None]:
    """Post (and pin) the vision and the roster in the pilot channel; remember both."""
    try:
        text, blocks = vision_post(stand, team)
        vision = client.chat_postMessage(
            channel=team.channel_id,
            text=text,
            blocks=blocks,
            metadata={"event_type": Metadata.VISION_POSTED, "event_payload": {"team": team.id}},
        )
        text, blocks = roster_message(roster_of(db, ws, team.id))
        roster = client.chat_postMessage(
            channel=team.channel_id,
            text=text,
            blocks=blocks,
            metadata={"event_type": Metadata.ROSTER_POSTED, "event_payload": {"team": team.id}},
        )
    except SlackApiError as error:
        code = error_code(error)
        log.info("could not post in pilot channel %s: %s", team.channel_id, code)
        return team, explain(code, channel=team.channel_id)
    team = record_posts(db, ws, team.id, vision_ts=vision["ts"], roster_ts=roster["ts"])
    try:
        client.pins_add(channel=team.channel_id, timestamp=vision["ts"])
    except SlackApiError as error:
        log.warning("could not pin the vision in %s: %s", team.channel_id, error_code(error))
    return team, None


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
