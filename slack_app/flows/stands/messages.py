"""Messages about stands: the declaration, the author's DM, the list."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    OverflowMenuElement,
    SectionBlock,
)

from slack_app.blocks.ids import Action
from slack_app.blocks.text import (
    clip,
    escape,
    long_date,
    mrkdwn,
    plain,
    quote,
    split_for_sections,
)
from slack_app.domain.pilots import STATE_WORDS, Pilot, PilotState
from slack_app.domain.stands import Source, Stand, StandStatus
from slack_app.domain.team import TeamSummary
from slack_app.flows.structure.charter import structure_menu

SOURCE_LINE = {
    Source.CRISIS: ":rotating_light: *Crisis*: something they want is at risk.",
    Source.INSPIRATION: ":bulb: *Inspiration*: wouldn't it be cool if…",
}
STATUS_LABEL = {
    StandStatus.DECLARED: "Declared",
    StandStatus.ACHIEVED: "Achieved",
    StandStatus.RELEASED: "Released",
}


def _sections(text: str) -> list[Block]:
    return [SectionBlock(text=mrkdwn(piece)) for piece in split_for_sections(text)]


def stand_body(stand: Stand) -> list[Block]:
    """The stand in the author's own words: source, situation, not this way, this way, by when."""
    return [
        SectionBlock(text=mrkdwn(SOURCE_LINE[stand.source])),
        *_sections("*The current situation*\n" + quote(stand.situation)),
        *_sections("*It's not going to go…*\n" + quote(stand.not_going)),
        *_sections("*It's going to go…*\n" + quote(stand.going)),
        SectionBlock(text=mrkdwn(f"*By when:* {long_date(stand.by_when)}   *Because I say so.*")),
    ]


def declaration_message(stand: Stand) -> tuple[str, list[Block]]:
    """The declaration posted in the chosen channel: fallback text and blocks."""
    text = f"<@{stand.author_id}> takes a stand: {escape(clip(stand.going, 200))}"
    blocks: list[Block] = [
        SectionBlock(
            text=mrkdwn(f":triangular_flag_on_post: *<@{stand.author_id}> takes a stand*")
        ),
        *stand_body(stand),
    ]
    if stand.first_follower_id:
        blocks.append(
            ContextBlock(elements=[mrkdwn(f"First follower: <@{stand.first_follower_id}>")])
        )
    return text, blocks


def where_line(stand: Stand, problem: str | None) -> str:
    """Where the stand was declared, or why it could not be, in one line for the author."""
    if problem is not None:
        return f":warning: {problem}"
    if stand.channel_id is None:
        return ":lock: Kept private for now: only you can see it."
    return f":mega: Declared in <#{stand.channel_id}>."


def next_steps(stand: Stand, team: TeamSummary | None) -> str:
    """The next steps of the breakthrough process, in the article's order."""
    if stand.first_follower_id:
        buddy = f"*Your first follower:* <@{stand.first_follower_id}>. :white_check_mark:"
    else:
        buddy = (
            "*Find a buddy.* Ask someone you trust: “What do you think about this idea?” "
            "That person is your first follower."
        )
    if team is not None and team.ready:
        form = f"*Your team* is in <#{team.channel_id}>. :white_check_mark:"
    elif team is not None:
        form = (
            f"*Finish forming your team* in <#{team.channel_id}>: the vision isn't posted yet. "
            "Press *Form a team* again once I can post there."
        )
    else:
        form = (
            "*Form a team.* Share the vision in a pilot channel; people opt in and out by "
            "what they do. Or link a channel your team already has."
        )
    return f"*Next steps*\n1. {buddy}\n2. {form}"


def stand_actions(
    stand: Stand, team: TeamSummary | None, pilot: Pilot | None = None
) -> ActionsBlock | None:
    """Buttons for the next steps that are still open (block id unique per stand): the
    pilot's proposes one, or edits the open proposal while it can still change."""
    buttons = []
    if stand.first_follower_id is None:
        buttons.append((Action.OPEN_ASK, "Ask a first follower"))
    if team is None or not team.ready:
        buttons += [
            (Action.OPEN_FORM_TEAM, "Form a team"),
            (Action.OPEN_LINK_CHANNEL, "Link a channel"),
        ]
    if pilot is None or not pilot.open:
        buttons.append((Action.OPEN_PROPOSAL, "Propose a pilot"))
    elif pilot.editable:
        buttons.append((Action.OPEN_PROPOSAL, "Edit the pilot proposal"))
    elements: list[ButtonElement | OverflowMenuElement] = [
        ButtonElement(action_id=action, text=plain(label), value=str(stand.id))
        for action, label in buttons
    ]
    if pilot is not None and pilot.open and pilot.state is not PilotState.DRAFT:
        elements.append(structure_menu(pilot.id))
    if not elements:
        return None
    return ActionsBlock(block_id=f"stand_{stand.id}_next", elements=elements)


def author_dm(
    stand: Stand,
    *,
    problem: str | None = None,
    team: TeamSummary | None = None,
    notes: tuple[str, ...] = (),
) -> tuple[str, list[Block]]:
    """The author's DM after declaring: the stand, where it went, and what to do next."""
    text = f"You took a stand: {escape(clip(stand.going, 200))}"
    blocks: list[Block] = [
        HeaderBlock(text=plain("You took a stand")),
        *stand_body(stand),
        SectionBlock(text=mrkdwn(where_line(stand, problem))),
        *[SectionBlock(text=mrkdwn(note)) for note in notes],
    ]
    if problem is not None and stand.channel_id is not None:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        action_id=Action.RETRY_DECLARATION,
                        text=plain("Try declaring it again"),
                        value=str(stand.id),
                    )
                ]
            )
        )
    blocks += [DividerBlock(), SectionBlock(text=mrkdwn(next_steps(stand, team)))]
    actions = stand_actions(stand, team)
    if actions is not None:
        blocks.append(actions)
    return text, blocks


def stand_summary(
    stand: Stand, team: TeamSummary | None = None, pilot: Pilot | None = None
) -> SectionBlock:
    """One stand in a list: what it is going to go to, by when, status, where, who is in,
    and its pilot."""
    if stand.is_declared:
        where = f"declared in <#{stand.channel_id}>"
    elif stand.channel_id:
        where = f"not yet posted in <#{stand.channel_id}>"
    else:
        where = "private for now"
    return SectionBlock(
        text=mrkdwn(
            f"*{escape(clip(stand.going, 300))}*\n"
            f"{STATUS_LABEL[stand.status]} · by {long_date(stand.by_when)} · "
            f"{stand.source.value} · {where}\n{_people_line(stand, team)}{_pilot_line(pilot)}"
        )
    )


def _pilot_line(pilot: Pilot | None) -> str:
    if pilot is None:
        return ""
    sponsor = f" (sponsor <@{pilot.sponsor_id}>)" if pilot.sponsor_id else ""
    return f"\nPilot: {STATE_WORDS[pilot.state]}{sponsor}"


def _people_line(stand: Stand, team: TeamSummary | None) -> str:
    follower = f"<@{stand.first_follower_id}>" if stand.first_follower_id else "not yet"
    on_team = f"{team.size} on the team in <#{team.channel_id}>" if team else "no team yet"
    return f"First follower: {follower} · {on_team}"


LIST_LIMIT = 20


def stand_list(
    stands: list[Stand],
    total: int,
    teams: dict[int, TeamSummary],
    pilots: dict[int, Pilot] | None = None,
) -> tuple[str, list[Block]]:
    """`/stand list`: the author's stands, newest first (the newest 20 when there are more)."""
    if not stands:
        return "You have not taken a stand yet.", [
            SectionBlock(
                text=mrkdwn(
                    "You have not taken a stand yet. Type `/stand` to declare one: "
                    "“It's not going to go that way… it's going to go this other way… "
                    "because I say so.”"
                )
            )
        ]
    blocks: list[Block] = [HeaderBlock(text=plain(f"Your stands ({total})"))]
    pilots = pilots or {}
    blocks += [stand_summary(s, teams.get(s.id), pilots.get(s.id)) for s in stands]
    if total > len(stands):
        more = total - len(stands)
        blocks.append(ContextBlock(elements=[mrkdwn(f"…and {more} older.")]))
    return f"Your stands ({total})", blocks
