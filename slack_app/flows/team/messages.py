"""F3 messages and modals: forming or linking the pilot channel, the vision post, the roster."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Action, Callback, Field
from slack_app.blocks.text import clip, escape, long_date, mrkdwn, plain, split_for_sections
from slack_app.domain.channels import MAX_NAME
from slack_app.domain.stands import Stand
from slack_app.domain.team import OPT_IN_EMOJI, Roster, RosterLine, Team, moment_of
from slack_app.flows.followers.messages import stand_modal
from slack_app.flows.stands.messages import stand_body

OPT_IN_LINE = (
    f"React with :{OPT_IN_EMOJI}: to opt in, remove it to opt out. Or press *I'm in*: that "
    "is a commitment, and leaving the channel is how you step out of it. Joining the "
    "channel makes you a watcher."
)


def form_team_modal(
    stands: list[Stand], chosen: Stand | None, suggested: str, *, shielded: bool = False
) -> View:
    """``shielded`` ticks the private box: the stand's pilot proposal asked for a shield."""
    private = Option(
        value="private",
        label="Make the channel private",
        description="Shield the trial-and-error phase from scrutiny.",
    )
    name = InputBlock(
        block_id=Field.CHANNEL_NAME,
        label=plain("Channel name"),
        hint=plain("Lowercase letters, digits, hyphens and underscores."),
        element=PlainTextInputElement(
            action_id=Field.CHANNEL_NAME, initial_value=suggested, max_length=MAX_NAME
        ),
    )
    shield = InputBlock(
        block_id=Field.SHIELDED,
        label=plain("Shielded pilot"),
        optional=True,
        element=CheckboxesElement(
            action_id=Field.SHIELDED,
            options=[private],
            initial_options=[private] if shielded else None,
        ),
    )
    intro = (
        "Share the vision and people opt in and out by what they do. I'll create "
        "the pilot channel, invite you and your first follower, and post the vision."
    )
    return stand_modal(
        Callback.FORM_TEAM,
        stands,
        chosen,
        title="Form a team",
        submit="Create channel",
        intro=intro,
        inputs=[name, shield],
    )


def link_channel_modal(stands: list[Stand], chosen: Stand | None) -> View:
    channel = InputBlock(
        block_id=Field.CHANNEL,
        label=plain("Channel"),
        element=ConversationSelectElement(
            action_id=Field.CHANNEL,
            filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
        ),
    )
    intro = (
        "Plug into a team you already have: I'll post the vision and the roster "
        "in its channel, and everyone there starts as a watcher."
    )
    return stand_modal(
        Callback.LINK_CHANNEL,
        stands,
        chosen,
        title="Link a channel",
        submit="Link",
        intro=intro,
        inputs=[channel],
    )


def _value(view: dict[str, Any], field: Field) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values") or {}
    found = (values.get(field.value) or {}).get(field.value) or {}
    return found if isinstance(found, dict) else {}


def chosen_stand_id(view: dict[str, Any]) -> int | None:
    selected = _value(view, Field.STAND).get("selected_option") or {}
    try:
        return int(selected.get("value") or "")
    except ValueError:
        return None


def parse_form_team(view: dict[str, Any]) -> tuple[int | None, str, bool]:
    """The stand, the channel name as typed, and whether the pilot is shielded."""
    name = (_value(view, Field.CHANNEL_NAME).get("value") or "").strip()
    shielded = bool(_value(view, Field.SHIELDED).get("selected_options"))
    return chosen_stand_id(view), name, shielded


def parse_link_channel(view: dict[str, Any]) -> tuple[int | None, str | None]:
    return chosen_stand_id(view), _value(view, Field.CHANNEL).get("selected_conversation")


def im_in_button(team: Team) -> ButtonElement:
    return ButtonElement(
        action_id=Action.IM_IN, text=plain("I'm in"), value=str(team.id), style="primary"
    )


def vision_post(stand: Stand, team: Team) -> tuple[str, list[Block]]:
    """The stand shared with the team, and how to opt in."""
    text = f"The vision: {escape(clip(stand.going, 200))} (react with :{OPT_IN_EMOJI}: to opt in)"
    blocks: list[Block] = [
        HeaderBlock(text=plain("The vision")),
        SectionBlock(text=mrkdwn(f"<@{stand.author_id}> takes a stand:")),
        *stand_body(stand),
        SectionBlock(text=mrkdwn(OPT_IN_LINE)),
        ActionsBlock(
            elements=[
                im_in_button(team),
                ButtonElement(
                    action_id=Action.OPEN_PROPOSAL,
                    text=plain("Propose a pilot"),
                    value=str(stand.id),
                ),
            ]
        ),
    ]
    return text, blocks


def welcome(stand: Stand, team: Team) -> tuple[str, list[Block]]:
    """What a person who joins the pilot channel sees, only to them."""
    text = f"Welcome! You're watching this pilot. {clip(escape(stand.going), 150)}"
    blocks: list[Block] = [
        SectionBlock(text=mrkdwn(f":wave: Welcome! You're watching <@{stand.author_id}>'s pilot.")),
        *stand_body(stand),
        SectionBlock(text=mrkdwn(OPT_IN_LINE)),
        ActionsBlock(elements=[im_in_button(team)]),
    ]
    return text, blocks


def _line(line: RosterLine) -> str:
    since = f" · since {long_date(moment_of(line.since).date())}" if line.since else ""
    return f"<@{line.user_id}>{since}"


def _people(title: str, lines: tuple[RosterLine, ...]) -> list[Block]:
    body = "\n".join(_line(line) for line in lines) if lines else "_Nobody yet._"
    return [
        SectionBlock(text=mrkdwn(piece))
        for piece in split_for_sections(f"*{title} ({len(lines)})*\n{body}")
    ]


def roster_message(roster: Roster) -> tuple[str, list[Block]]:
    """Lead, first follower, members and watchers, each with the date they joined."""
    text = f"Team roster: {roster.size} on the team, {len(roster.watchers)} watching"
    follower = f"<@{roster.first_follower_id}>" if roster.first_follower_id else "_not yet_"
    blocks: list[Block] = [
        HeaderBlock(text=plain("Team roster")),
        SectionBlock(text=mrkdwn(f"*Lead:* <@{roster.lead_id}>   *First follower:* {follower}")),
        *_people("On the team", roster.members),
        *_people("Watching", roster.watchers),
        ContextBlock(elements=[mrkdwn("Kept current as people opt in and out.")]),
    ]
    return text, blocks[:50]
