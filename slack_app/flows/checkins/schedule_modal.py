"""The check-in schedule modal: cadence, weekday, local time, time zone, paused or not; built
and read back in one module, so the two always agree."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Callback
from slack_app.blocks.text import mrkdwn, plain
from slack_app.domain.schedules import CADENCE_WORDS, WEEKDAYS, Cadence, Schedule
from slack_app.flows.values import STALE_FORM, ident, metadata


def _select(block: str, label: str, options: list[Option], chosen: str) -> InputBlock:
    initial = next((o for o in options if o.value == chosen), None)
    return InputBlock(
        block_id=block,
        label=plain(label),
        element=StaticSelectElement(action_id=block, options=options, initial_option=initial),
    )


def schedule_modal(pilot_id: int, schedule: Schedule, *, paused: bool) -> View:
    cadences = [Option(value=c.value, text=CADENCE_WORDS[c].capitalize()) for c in Cadence]
    days = [Option(value=str(n), text=name) for n, name in enumerate(WEEKDAYS)]
    pause = Option(value="paused", label="Pause the check-ins")
    return View(
        type="modal",
        callback_id=Callback.CHECKIN_SCHEDULE,
        title=plain("Check-ins"),
        submit=plain("Save"),
        close=plain("Cancel"),
        private_metadata=json.dumps({"pilot": pilot_id}),
        blocks=[
            ContextBlock(elements=[mrkdwn(f"Now: {schedule.describe()}.")]),
            _select("cadence", "How often", cadences, schedule.cadence.value),
            _select("weekday", "On (not for daily)", days, str(schedule.weekday)),
            InputBlock(
                block_id="at",
                label=plain("At (local time)"),
                element=TimePickerElement(action_id="at", initial_time=f"{schedule.at:%H:%M}"),
            ),
            InputBlock(
                block_id="zone",
                label=plain("Time zone"),
                hint=plain("An IANA name: Europe/Berlin, America/New_York, Asia/Tokyo…"),
                element=PlainTextInputElement(
                    action_id="zone", initial_value=schedule.zone, max_length=64
                ),
            ),
            InputBlock(
                block_id="paused",
                label=plain("Pause"),
                optional=True,
                element=CheckboxesElement(
                    action_id="paused", options=[pause], initial_options=[pause] if paused else None
                ),
            ),
        ],
    )


def _state(view: dict[str, Any], block: str) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values") or {}
    found = (values.get(block) or {}).get(block) or {}
    return found if isinstance(found, dict) else {}


def parse_schedule(view: dict[str, Any]) -> tuple[int, dict[str, str | None], bool]:
    """Pilot id, the raw choices (cadence, weekday, at, zone), and paused."""
    meta = metadata(view)
    raw = {
        "cadence": (_state(view, "cadence").get("selected_option") or {}).get("value"),
        "weekday": (_state(view, "weekday").get("selected_option") or {}).get("value"),
        "at": _state(view, "at").get("selected_time"),
        "zone": (_state(view, "zone").get("value") or "").strip(),
    }
    return (
        ident(meta.get("pilot"), stale=STALE_FORM),
        raw,
        bool(_state(view, "paused").get("selected_options")),
    )
