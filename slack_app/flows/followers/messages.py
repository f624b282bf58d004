"""F2 messages and modals: asking a first follower, their DM, their note, the author's news."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Action, Callback, Field
from slack_app.blocks.text import clip, escape, mrkdwn, plain, quote
from slack_app.domain.errors import BrokenInvariant
from slack_app.domain.followers import ANSWER_WORDS, NOTE_LIMIT, Answer, Ask
from slack_app.domain.stands import Stand
from slack_app.flows.stands.messages import stand_body
from slack_app.flows.values import STALE_FORM, as_written, ident, metadata

QUESTION = "What do you think about this idea?"
ANSWER_ACTIONS = {
    Answer.IN: Action.FOLLOWER_IN,
    Answer.TALK: Action.FOLLOWER_TALK,
    Answer.NOT_NOW: Action.FOLLOWER_NOT_NOW,
}
STAND_OPTIONS_LIMIT = 100  # Slack's limit on a static select


def stand_option(stand: Stand) -> Option:
    return Option(value=str(stand.id), text=clip(stand.going, 75))


def stand_picker(stands: list[Stand], chosen: Stand | None) -> InputBlock:
    """A select of the author's stands (newest first), ``chosen`` preselected."""
    options = [stand_option(stand) for stand in stands[:STAND_OPTIONS_LIMIT]]
    initial = stand_option(chosen) if chosen is not None else None
    return InputBlock(
        block_id=Field.STAND,
        label=plain("Which stand?"),
        element=StaticSelectElement(action_id=Field.STAND, options=options, initial_option=initial),
    )


def stand_modal(
    callback: Callback,
    stands: list[Stand],
    chosen: Stand | None,
    *,
    title: str,
    submit: str,
    intro: str,
    inputs: list[Block],
) -> View:
    """A modal acting on one of the author's stands: what it does, which stand, its inputs."""
    return View(
        type="modal",
        callback_id=callback,
        title=plain(title),
        submit=plain(submit),
        close=plain("Cancel"),
        blocks=[SectionBlock(text=mrkdwn(intro)), stand_picker(stands, chosen), *inputs],
    )


def ask_follower_modal(stands: list[Stand], chosen: Stand | None) -> View:
    person = InputBlock(
        block_id=Field.PERSON,
        label=plain("Ask"),
        element=UserSelectElement(action_id=Field.PERSON, placeholder=plain("A person")),
    )
    intro = (
        "Your *first follower* is someone you trust, easy to get on board, who "
        f"won't judge the idea. They will be asked: “{QUESTION}”"
    )
    return stand_modal(
        Callback.ASK_FOLLOWER,
        stands,
        chosen,
        title="Find a buddy",
        submit="Ask",
        intro=intro,
        inputs=[person],
    )


def _answer_buttons(ask: Ask) -> ActionsBlock:
    styles = {Answer.IN: "primary"}
    return ActionsBlock(
        elements=[
            ButtonElement(
                action_id=ANSWER_ACTIONS[answer],
                text=plain(ANSWER_WORDS[answer]),
                value=str(ask.id),
                style=styles.get(answer),
            )
            for answer in Answer
        ]
    )


ASKED = (
    ":speech_balloon: I asked <@{user}>: “What do you think about this idea?” "
    "I'll tell you their answer."
)


def ask_dm(stand: Stand, ask: Ask) -> tuple[str, list[Block]]:
    """The asked person's DM: the stand in the author's words, the question, three answers."""
    text = f"<@{stand.author_id}> took a stand and asks you: {QUESTION}"
    blocks: list[Block] = [
        SectionBlock(text=mrkdwn(f":wave: <@{stand.author_id}> took a stand:")),
        *stand_body(stand),
        SectionBlock(text=mrkdwn(f"*{QUESTION}*")),
    ]
    if ask.answer is None:
        blocks.append(_answer_buttons(ask))
    else:
        blocks.append(
            ContextBlock(elements=[mrkdwn(f"You answered *{ANSWER_WORDS[ask.answer]}*.")])
        )
    return text, blocks


def note_modal(ask: Ask, answer: Answer) -> View:
    """A note with "Let's talk" or "Not now", optional, sent to the author."""
    return View(
        type="modal",
        callback_id=Callback.FOLLOWER_NOTE,
        title=plain(ANSWER_WORDS[answer]),
        submit=plain("Send"),
        close=plain("Cancel"),
        private_metadata=json.dumps({"ask": ask.id, "answer": answer.value}),
        blocks=[
            InputBlock(
                block_id=Field.NOTE,
                label=plain("A note for the author (optional)"),
                optional=True,
                element=PlainTextInputElement(
                    action_id=Field.NOTE, multiline=True, max_length=NOTE_LIMIT
                ),
            )
        ],
    )


def parse_note(view: dict[str, Any]) -> tuple[int, Answer, str | None]:
    """The ask, the answer and the note of a submitted note modal (ValueError if forged)."""
    meta = metadata(view)
    values = (view.get("state") or {}).get("values") or {}
    note = ((values.get(Field.NOTE) or {}).get(Field.NOTE) or {}).get("value") or ""
    with as_written():
        ask, answer = ident(meta.get("ask"), stale=STALE_FORM), Answer(meta["answer"])
    return ask, answer, str(note).strip()[:NOTE_LIMIT] or None


def author_news(stand: Stand, ask: Ask, *, first_follower: bool) -> tuple[str, list[Block]]:
    """The author is told each answer."""
    if ask.answer is None:
        raise BrokenInvariant(f"expected ask {ask.id} to be answered when its author is told")
    words = ANSWER_WORDS[ask.answer]
    text = f"<@{ask.user_id}> answered “{words}” about your stand: {escape(clip(stand.going, 150))}"
    blocks: list[Block] = [SectionBlock(text=mrkdwn(text))]
    if ask.note:
        blocks.append(SectionBlock(text=mrkdwn(quote(clip(ask.note, NOTE_LIMIT)))))
    if first_follower:
        blocks.append(
            ContextBlock(
                elements=[
                    mrkdwn(
                        f":raised_hands: <@{ask.user_id}> is your *first follower*. They will "
                        "join the team when it forms."
                    )
                ]
            )
        )
    return text, blocks
