"""F5 modals: one form for each part of the structure, to add a new one or edit (and
remove) one that is there, picked at the top. Block ids are the rules' field names."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    NumberInputElement,
    Option,
    OptionGroup,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from slack_app.blocks.ids import Action, Callback
from slack_app.blocks.text import clip, long_date, mrkdwn, plain
from slack_app.domain.errors import NotFound
from slack_app.domain.structure import (
    MILESTONE_WORDS,
    RESPONSIBILITY_LIMIT,
    ROLE_WORDS,
    SOURCE_LIMIT,
    TITLE_LIMIT,
    Approval,
    Deliverable,
    Funding,
    FundingStatus,
    Item,
    Kind,
    Milestone,
    MilestoneStatus,
    PilotDates,
    Role,
    RoleKind,
    Structure,
)
from slack_app.flows.decisions.messages import confirm
from slack_app.flows.values import ident, metadata, optional_ident

TITLES = {
    Kind.MILESTONE: "Milestone",
    Kind.DELIVERABLE: "Deliverable",
    Kind.ROLE: "Role",
    Kind.FUNDING: "Funding source",
    Kind.APPROVAL: "Necessary approval",
}
OPTIONS_LIMIT = 100  # Slack's limit on a select's options, and on each option group's
OPTION_TEXT = 75


def _option(value: str, text: str) -> Option:
    return Option(value=value, text=clip(text, OPTION_TEXT))


def _chosen(options: list[Option], value: str | None) -> Option | None:
    return next((o for o in options if o.value == value), None)


# -- inputs ----------------------------------------------------------------------------------
def _text(
    block: str,
    label: str,
    initial: str,
    limit: int,
    *,
    multiline: bool = False,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=plain(label),
        optional=optional,
        hint=plain(hint) if hint else None,
        element=PlainTextInputElement(
            action_id=block, initial_value=initial or None, max_length=limit, multiline=multiline
        ),
    )


def _date(block: str, label: str, initial: date | None) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=plain(label),
        element=DatePickerElement(
            action_id=block, initial_date=initial.isoformat() if initial else None
        ),
    )


def _user(block: str, label: str, initial: str | None, *, optional: bool = False) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=plain(label),
        optional=optional,
        element=UserSelectElement(action_id=block, initial_user=initial),
    )


def _select(block: str, label: str, options: list[Option], initial: str | None) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=plain(label),
        element=StaticSelectElement(
            action_id=block, options=options, initial_option=_chosen(options, initial)
        ),
    )


def _box(
    block: str, label: str, text: str, ticked: bool, description: str | None = None
) -> InputBlock:
    option = Option(value="yes", label=text, description=description)
    return InputBlock(
        block_id=block,
        label=plain(label),
        optional=True,
        element=CheckboxesElement(
            action_id=block, options=[option], initial_options=[option] if ticked else None
        ),
    )


def _outside_box(dates: PilotDates, due: date | None) -> InputBlock:
    """Ticked already for a date that was kept outside on purpose, so an edit keeps it."""
    span = " to ".join(long_date(d) for d in (dates.start, dates.end) if d is not None)
    ticked = due is not None and dates.outside(due)
    return _box(
        "outside_ok",
        "Dates",
        "Outside the pilot's dates on purpose",
        ticked,
        f"The pilot runs {span}.",
    )


# -- each kind ---------------------------------------------------------------------------------
def _milestone(item: Milestone | None, dates: PilotDates) -> list[Block]:
    statuses = [_option(s.value, MILESTONE_WORDS[s].capitalize()) for s in MilestoneStatus]
    return [
        _text("title", "Title", item.title if item else "", TITLE_LIMIT),
        _date("due", "Due", item.due if item else None),
        _user("owner", "Owner", item.owner_id if item else None),
        _select(
            "status",
            "Status",
            statuses,
            (item.status if item else MilestoneStatus.NOT_STARTED).value,
        ),
        _outside_box(dates, item.due if item else None),
    ]


def _deliverable(item: Deliverable | None, dates: PilotDates, structure: Structure) -> list[Block]:
    milestones = [_option(str(m.id), m.title) for m in structure.timeline()][:OPTIONS_LIMIT]
    return [
        _text("title", "Title", item.title if item else "", TITLE_LIMIT),
        _select("milestone", "Milestone", milestones, str(item.milestone_id) if item else None),
        _user("owner", "Owner", item.owner_id if item else None),
        _date("due", "Due", item.due if item else None),
        _box("done", "Done", "It is done", item.done if item else False),
        _outside_box(dates, item.due if item else None),
    ]


def _role(item: Role | None, *, may_grant: bool) -> list[Block]:
    kinds = [_option(k.value, ROLE_WORDS[k]) for k in RoleKind]
    custom = item.name if item and item.kind is RoleKind.CUSTOM else ""
    blocks: list[Block] = [
        _user("person", "Person", item.user_id if item else None),
        _select("role", "Role", kinds, item.kind.value if item else None),
        _text(
            "custom_name",
            "Name of a custom role",
            custom,
            50,
            optional=True,
            hint="Only for “Custom”: e.g. Data steward.",
        ),
        _text(
            "responsibility",
            "Responsible for",
            item.responsibility if item else "",
            RESPONSIBILITY_LIMIT,
            multiline=True,
        ),
    ]
    if may_grant:
        detail = "Milestones, deliverables, roles, funding and approvals."
        ticked = item.can_edit if item else False
        blocks.append(_box("can_edit", "Rights", "Can edit the structure", ticked, detail))
    return blocks


def _funding(item: Funding | None) -> list[Block]:
    statuses = [_option(s.value, s.value.capitalize()) for s in FundingStatus]
    return [
        _text(
            "source",
            "Source",
            item.source if item else "",
            SOURCE_LIMIT,
            hint="Where the money comes from: a budget, a grant, a team.",
        ),
        InputBlock(
            block_id="amount",
            label=plain("Amount"),
            element=NumberInputElement(
                action_id="amount",
                is_decimal_allowed=True,
                min_value="0.01",
                initial_value=str(item.amount) if item else None,
            ),
        ),
        _text(
            "currency",
            "Currency",
            item.currency if item else "",
            3,
            hint="Its ISO 4217 code: EUR, USD, GBP, JPY…",
        ),
        _select(
            "status",
            "Status",
            statuses,
            item.status.value if item else FundingStatus.REQUESTED.value,
        ),
        _user("committed_by", "Committed by", item.committed_by if item else None, optional=True),
    ]


def _approval(item: Approval | None, dates: PilotDates) -> list[Block]:
    return [
        _text("what", "What needs approving", item.what if item else "", TITLE_LIMIT),
        _user("approver", "Approver", item.approver_id if item else None),
        _date("due", "Due", item.due if item else None),
        _outside_box(dates, item.due if item else None),
    ]


def _label(kind: Kind, item: Any) -> str:
    if kind is Kind.MILESTONE:
        return f"{item.title} · {long_date(item.due)}"
    if kind is Kind.DELIVERABLE:
        return f"{item.title} · {long_date(item.due)}"
    if kind is Kind.ROLE:
        return f"{item.name}: {item.responsibility}"
    if kind is Kind.FUNDING:
        return f"{item.source} · {item.amount:,} {item.currency}"
    return f"{item.what} · {item.status.value.replace('_', ' ')}"


def items_of(kind: Kind, structure: Structure) -> list[Any]:
    found: dict[Kind, list[Any]] = {
        Kind.MILESTONE: structure.timeline(),
        Kind.DELIVERABLE: structure.deliverables,
        Kind.ROLE: structure.roles,
        Kind.FUNDING: structure.funding,
        Kind.APPROVAL: structure.approvals,
    }
    return found[kind]


def _picker(kind: Kind, structure: Structure, item: Item | None) -> ActionsBlock | None:
    """ "Edit one that is there": a select of the existing ones (deliverables grouped by
    milestone, so that hundreds still fit Slack's 100 options a group)."""
    items = items_of(kind, structure)
    if not items:
        return None
    select: dict[str, Any] = {
        "action_id": Action.PICK_ITEM,
        "placeholder": plain(f"Edit or remove one of the {len(items)} there…"),
    }
    if kind is Kind.DELIVERABLE:
        groups = []
        for milestone in structure.timeline()[:OPTIONS_LIMIT]:
            options = [
                _option(str(d.id), _label(kind, d)) for d in structure.deliverables_of(milestone.id)
            ]
            if options:
                groups.append(
                    OptionGroup(
                        label=clip(milestone.title, OPTION_TEXT), options=options[:OPTIONS_LIMIT]
                    )
                )
        if not groups:
            return None
        select["option_groups"] = groups
        flat = [o for g in groups for o in g.options or []]
    else:
        select["options"] = flat = [_option(str(i.id), _label(kind, i)) for i in items][
            :OPTIONS_LIMIT
        ]
    if item is not None:
        select["initial_option"] = _chosen(flat, str(item.id))
    return ActionsBlock(block_id="pick", elements=[StaticSelectElement(**select)])


def _remove_button(kind: Kind, item: Item, history: str | None) -> ActionsBlock:
    text = f"It leaves the charter; its history is kept. {history or ''}".strip()
    return ActionsBlock(
        block_id="remove",
        elements=[
            ButtonElement(
                action_id=Action.REMOVE_ITEM,
                text=plain(f"Remove this {TITLES[kind].lower()}"),
                value=str(item.id),
                style="danger",
                confirm=confirm(f"Remove this {TITLES[kind].lower()}?", clip(text, 300), "Remove"),
            )
        ],
    )


def history_of(kind: Kind, item: Item, structure: Structure) -> str | None:
    """What removing ``item`` takes with it, to say so before it happens."""
    if isinstance(item, Milestone):
        count = len(structure.deliverables_of(item.id))
        return f"Its {count} deliverable(s) are removed with it." if count else None
    if isinstance(item, Approval) and item.status.value != "pending":
        return (
            f"It was already {item.status.value.replace('_', ' ')}; that decision stays on record."
        )
    return None


def structure_form(
    kind: Kind,
    *,
    pilot_id: int,
    structure: Structure,
    dates: PilotDates,
    item: Item | None = None,
    may_grant: bool = False,
    note: str | None = None,
) -> View:
    """The form for one kind: new, or ``item`` to edit (with a remove button)."""
    blocks: list[Block] = []
    picker = _picker(kind, structure, item)
    if picker is not None:
        blocks.append(picker)
    if note:
        blocks.append(ContextBlock(elements=[mrkdwn(note)]))
    verb = "Edit" if item is not None else "Add"
    blocks.append(SectionBlock(text=mrkdwn(f"*{verb} a {TITLES[kind].lower()}*")))
    if kind is Kind.MILESTONE:
        blocks += _milestone(item if isinstance(item, Milestone) else None, dates)
    elif kind is Kind.DELIVERABLE:
        blocks += _deliverable(item if isinstance(item, Deliverable) else None, dates, structure)
    elif kind is Kind.ROLE:
        blocks += _role(item if isinstance(item, Role) else None, may_grant=may_grant)
    elif kind is Kind.FUNDING:
        blocks += _funding(item if isinstance(item, Funding) else None)
    else:
        blocks += _approval(item if isinstance(item, Approval) else None, dates)
    if item is not None:
        blocks.append(_remove_button(kind, item, history_of(kind, item, structure)))
    meta = {"pilot": pilot_id, "kind": kind.value, "item": item.id if item else None}
    return View(
        type="modal",
        callback_id=Callback.STRUCTURE_ITEM,
        title=plain(clip(TITLES[kind], 24)),
        submit=plain("Save"),
        close=plain("Close"),
        private_metadata=json.dumps(meta),
        blocks=blocks,
    )


FORGED = "That form no longer matches anything here."


def form_target(view: dict[str, Any]) -> tuple[int, Kind, int | None]:
    """Pilot id, kind and item id of a submitted form (NotFound when forged)."""
    try:
        meta = metadata(view)
        item = optional_ident(meta.get("item"), stale=FORGED)
        return ident(meta["pilot"], stale=FORGED), Kind(meta["kind"]), item
    except (ValueError, KeyError, TypeError):
        raise NotFound(FORGED) from None
