"""The declaration modal: built and read back in one module, so the two always agree."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Callback
from slack_app.blocks.text import mrkdwn, plain
from slack_app.domain.stands import MAX_LENGTH, Source, StandDraft, StandField

# Each field's input element has the same action id as its block id: one name per field.
SOURCE_LABELS = {
    Source.CRISIS: ("Crisis", "Something I want is at risk of not happening or failing."),
    Source.INSPIRATION: ("Inspiration", "Things work, and something else is possible."),
}


def _text_input(field: StandField, label: str, hint: str, placeholder: str) -> InputBlock:
    return InputBlock(
        block_id=field.value,
        label=plain(label),
        hint=plain(hint),
        element=PlainTextInputElement(
            action_id=field.value,
            multiline=True,
            max_length=MAX_LENGTH[field],
            placeholder=plain(placeholder),
        ),
    )


def declare_stand_modal() -> View:
    """The `/stand` modal: source, situation, how it won't and will go, by when, buddy, where."""
    source_options = [
        Option(value=source.value, label=label, description=description)
        for source, (label, description) in SOURCE_LABELS.items()
    ]
    return View(
        type="modal",
        callback_id=Callback.DECLARE_STAND,
        title=plain("Take a stand"),
        submit=plain("Declare"),
        close=plain("Cancel"),
        blocks=[
            SectionBlock(
                text=mrkdwn(
                    "*It's not going to go that way… it's going to go this other way… "
                    "because I say so.*\nYou don't need the ability, the time or the money "
                    "yet. It takes a declaration."
                )
            ),
            InputBlock(
                block_id=StandField.SOURCE,
                label=plain("Where does this breakthrough come from?"),
                element=RadioButtonsElement(action_id=StandField.SOURCE, options=source_options),
            ),
            _text_input(
                StandField.SITUATION,
                "The current situation",
                "In a crisis: what is at risk. In inspiration: what works now, and what else "
                "is possible.",
                "Where things stand today…",
            ),
            _text_input(
                StandField.NOT_GOING,
                "It's not going to go…",
                "The way it would go if nobody took a stand.",
                "It's not going to go…",
            ),
            _text_input(
                StandField.GOING,
                "It's going to go…",
                "The breakthrough result you are committed to.",
                "It's going to go…",
            ),
            InputBlock(
                block_id=StandField.BY_WHEN,
                label=plain("By when?"),
                element=DatePickerElement(
                    action_id=StandField.BY_WHEN, placeholder=plain("Pick a date")
                ),
            ),
            InputBlock(
                block_id=StandField.FIRST_FOLLOWER,
                label=plain("Your first follower"),
                hint=plain("Someone you trust, easy to get on board, who won't judge the idea."),
                optional=True,
                element=UserSelectElement(
                    action_id=StandField.FIRST_FOLLOWER, placeholder=plain("Pick a person")
                ),
            ),
            InputBlock(
                block_id=StandField.CHANNEL,
                label=plain("Declare it in"),
                hint=plain("Leave empty to keep the stand private for now."),
                optional=True,
                element=ConversationSelectElement(
                    action_id=StandField.CHANNEL,
                    placeholder=plain("Pick a channel"),
                    filter=ConversationFilter(
                        include=["public", "private"], exclude_bot_users=True
                    ),
                ),
            ),
        ],
    )


def _value(values: dict[str, Any], field: StandField) -> dict[str, Any]:
    block = values.get(field.value) or {}
    element = block.get(field.value) or {}
    return element if isinstance(element, dict) else {}


def _source(raw: dict[str, Any]) -> Source | None:
    selected = raw.get("selected_option") or {}
    try:
        return Source(str(selected.get("value")))
    except ValueError:
        return None


def _date(raw: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(raw.get("selected_date") or "")
    except ValueError:
        return None


def parse_declare_stand(view: dict[str, Any]) -> StandDraft:
    """Read a submitted declaration modal into a draft; missing pieces become None or ''."""
    values = (view.get("state") or {}).get("values") or {}
    return StandDraft(
        source=_source(_value(values, StandField.SOURCE)),
        situation=_value(values, StandField.SITUATION).get("value") or "",
        not_going=_value(values, StandField.NOT_GOING).get("value") or "",
        going=_value(values, StandField.GOING).get("value") or "",
        by_when=_date(_value(values, StandField.BY_WHEN)),
        first_follower_id=_value(values, StandField.FIRST_FOLLOWER).get("selected_user"),
        channel_id=_value(values, StandField.CHANNEL).get("selected_conversation"),
    )
