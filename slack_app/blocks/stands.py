"""Messages about stands: the declaration, the author's DM, the list."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
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
from slack_app.domain.stands import Source, Stand, StandStatus

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


def next_steps(stand: Stand) -> str:
    """The next steps that work today, in the article's order."""
    if stand.first_follower_id:
        buddy = (
            f"*Find a buddy.* Share it with <@{stand.first_follower_id}>, your first follower, "
            "and ask: “What do you think about this idea?”"
        )
    else:
        buddy = (
            "*Find a buddy.* Share it with someone you trust and ask: "
            "“What do you think about this idea?” That person is your first follower."
        )
    return (
        "*Next steps*\n"
        f"1. {buddy}\n"
        "2. *Take action and look for small wins.* Your stand stays on your Home tab and in "
        "`/stand list`, so you can come back to it."
    )


def author_dm(stand: Stand, *, problem: str | None = None) -> tuple[str, list[Block]]:
    """The author's DM after declaring: the stand, where it went, and what to do next."""
    text = f"You took a stand: {escape(clip(stand.going, 200))}"
    blocks: list[Block] = [
        HeaderBlock(text=plain("You took a stand")),
        *stand_body(stand),
        SectionBlock(text=mrkdwn(where_line(stand, problem))),
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
    blocks += [DividerBlock(), SectionBlock(text=mrkdwn(next_steps(stand)))]
    return text, blocks


def stand_summary(stand: Stand) -> SectionBlock:
    """One stand in a list: what it is going to go to, by when, its status and where."""
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
            f"{stand.source.value} · {where}"
        )
    )


LIST_LIMIT = 20


def stand_list(stands: list[Stand], total: int) -> tuple[str, list[Block]]:
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
    blocks += [stand_summary(stand) for stand in stands]
    if total > len(stands):
        more = total - len(stands)
        blocks.append(ContextBlock(elements=[mrkdwn(f"…and {more} older.")]))
    return f"Your stands ({total})", blocks
