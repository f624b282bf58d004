"""F3's Slack side: create or link the pilot channel, post the vision and roster, keep the
roster current, welcome people who join."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from slack_app.blocks.ids import Metadata
from slack_app.domain.channels import with_suffix
from slack_app.domain.stands import Stand
from slack_app.domain.team import Roster, Team
from slack_app.flows.team.messages import roster_message, vision_post, welcome
from slack_app.services import Database
from slack_app.services.outbox import Claimed
from slack_app.services.team import find_team, team_roster
from slack_app.slack.errors import best_effort, error_code, explain, failure_of
from slack_app.slack.history import find_own_post, marked

log = logging.getLogger(__name__)
NAME_ATTEMPTS = 20
CREATE_FAILED = "Slack refused to create the pilot channel"
CREATE_PROBLEMS = {
    "restricted_action": "This workspace doesn't let me create channels. Ask an admin, or "
    "use *Link a channel* with a channel your team already has.",
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
    """Create the channel; a taken name gets a numbered suffix, not an error. Slack's
    passing trouble is raised, for the outbox to try again."""
    for candidate in candidates(name):
        try:
            response = client.conversations_create(name=candidate, is_private=private)
        except SlackApiError as error:
            code = error_code(error)
            if code == "name_taken":
                continue
            _raise_if_passing(error)
            log.info("could not create channel %s: %s", candidate, code)
            return Channel(None, problem=CREATE_PROBLEMS.get(code, f"{CREATE_FAILED} ({code})."))
        channel = response["channel"]
        return Channel(channel["id"], channel["name"], bool(channel.get("is_private")))
    return Channel(None, problem=f"Every name from #{name} to -{NAME_ATTEMPTS} is taken.")


def candidates(name: str) -> list[str]:
    """The names tried for a new channel, in order."""
    return [name, *(with_suffix(name, attempt) for attempt in range(2, NAME_ATTEMPTS + 1))]


def created_earlier(
    client: WebClient, name: str, *, bot_user_id: str | None, free: Callable[[str], bool]
) -> Channel | None:
    """A channel an earlier try may have created before it was cut off: one the app created
    under one of ``name``'s candidates, which is ``free`` (no team's channel yet)."""
    if bot_user_id is None:
        return None
    names = set(candidates(name))
    try:
        pages = client.conversations_list(
            types="public_channel,private_channel", exclude_archived=True, limit=1000
        )
        for page in pages:
            for found in page["channels"]:
                ours = found.get("creator") == bot_user_id and found.get("name") in names
                if ours and free(found["id"]):
                    return Channel(found["id"], found["name"], bool(found.get("is_private")))
    except SlackApiError as error:
        _raise_if_passing(error)  # else it cannot look: a channel is created, as if none was
        log.info("could not look for a channel created earlier: %s", error_code(error))
    return None


def _raise_if_passing(error: SlackApiError) -> None:
    if failure_of(error).transient:
        raise error


def members(client: WebClient, channel_id: str) -> list[str]:
    """Everyone in the channel, every page of them."""
    pages = client.conversations_members(channel=channel_id, limit=1000)
    return [member for page in pages for member in page["members"]]


def link_channel(
    client: WebClient, channel_id: str, *, author_id: str, bot_user_id: str | None
) -> Channel:
    """Get into an existing channel the author is in (join a public one), and learn who is
    already there. Linking a channel the author is not in is refused: nobody turns a
    channel they don't belong to into their pilot. Slack's passing trouble is raised."""
    try:
        info = client.conversations_info(channel=channel_id)["channel"]
        if info.get("is_archived"):
            return Channel(None, problem=explain("is_archived", channel=channel_id))
        private = bool(info.get("is_private"))
        if private and not info.get("is_member"):
            return Channel(None, problem=explain("channel_not_found", channel=channel_id))
        present = members(client, channel_id)
        if author_id not in present:
            problem = f"You're not in <#{channel_id}>: join it first, then link it."
            return Channel(None, problem=problem)
        if not info.get("is_member"):
            client.conversations_join(channel=channel_id)
    except SlackApiError as error:
        _raise_if_passing(error)
        return Channel(None, problem=explain(error_code(error), channel=channel_id))
    people = tuple(m for m in present if m != bot_user_id)
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
            _raise_if_passing(error)
            log.info("could not invite %s to %s: %s", user, channel_id, code)
            problems.append(f"I couldn't invite <@{user}>: {explain(code, channel=channel_id)}")
    return problems


def _post(
    client: WebClient,
    team: Team,
    message: tuple[str, list[Block]],
    kind: Metadata,
    *,
    in_doubt: bool,
) -> str:
    """Post one of the team's own messages in its channel, known by its metadata; its ts.
    When an earlier try, ``in_doubt``, may have posted it, it is looked for first."""
    if in_doubt:
        found = find_own_post(client, team.channel_id, kind, "team", team.id)
        if found is not None:
            return found
    text, blocks = message
    posted = client.chat_postMessage(
        channel=team.channel_id,
        text=text,
        blocks=blocks,
        metadata=marked(kind, "team", team.id),
    )
    return str(posted["ts"])


def post_vision(client: WebClient, stand: Stand, team: Team, *, in_doubt: bool) -> str:
    return _post(client, team, vision_post(stand, team), Metadata.VISION_POSTED, in_doubt=in_doubt)


def post_roster(client: WebClient, team: Team, roster: Roster, *, in_doubt: bool) -> str:
    return _post(client, team, roster_message(roster), Metadata.ROSTER_POSTED, in_doubt=in_doubt)


def pin_vision(client: WebClient, team: Team) -> None:
    # An unpinned vision still works (reactions count on it), so a failure is only logged.
    best_effort(
        f"pin the vision in {team.channel_id}",
        lambda: client.pins_add(channel=team.channel_id, timestamp=team.vision_ts),
    )


def deliver_roster(client: WebClient, db: Database, effect: Claimed, _now: datetime) -> None:
    """The outbox's redraw of a team's roster: the newest roster, read now, drawn in place.
    Redraws of one roster are delivered one at a time, so the last to land is the newest."""
    with db.unit_of_work(effect.workspace) as uow:
        team = find_team(uow, int(effect.payload["team_id"]))
        roster = None if team is None or team.roster_ts is None else team_roster(uow, team)
    if team is None or team.roster_ts is None or roster is None:
        return  # the team is gone, or its roster not posted yet (posting it draws it)
    text, blocks = roster_message(roster)
    client.chat_update(channel=team.channel_id, ts=team.roster_ts, text=text, blocks=blocks)


def welcome_watcher(client: WebClient, team: Team, stand: Stand, user_id: str) -> None:
    text, blocks = welcome(stand, team)
    try:
        client.chat_postEphemeral(channel=team.channel_id, user=user_id, text=text, blocks=blocks)
    except SlackApiError as error:
        log.info("could not welcome %s in %s: %s", user_id, team.channel_id, error_code(error))
