"""Every callback, action and block id the app uses, named once for builders and listeners."""

from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    STAND = "/stand"


class Subcommand(StrEnum):
    """What follows `/stand`; the empty one declares a stand."""

    DECLARE = ""
    LIST = "list"
    ASK = "ask"
    TEAM = "team"
    LINK = "link"
    PILOT = "pilot"
    MILESTONE = "milestone"
    DELIVERABLE = "deliverable"
    ROLE = "role"
    FUNDING = "funding"
    APPROVAL = "approval"
    CHARTER = "charter"
    SCHEDULE = "schedule"
    HELP = "help"


# Other words people type for declaring.
DECLARE_ALIASES = {"new", "declare"}


class Callback(StrEnum):
    """``callback_id`` of modals and views."""

    DECLARE_STAND = "declare_stand"
    HOME = "stand_home"
    ASK_FOLLOWER = "ask_follower"
    FOLLOWER_NOTE = "follower_note"
    FORM_TEAM = "form_team"
    LINK_CHANNEL = "link_channel"
    PROPOSE_PILOT = "propose_pilot"
    DECISION_NOTE = "decision_note"
    PILOT_TRAIL = "pilot_trail"
    STRUCTURE_ITEM = "structure_item"
    FULL_CHARTER = "full_charter"
    CHECKIN_SCHEDULE = "checkin_schedule"


class Action(StrEnum):
    """``action_id`` of interactive elements outside modal inputs."""

    OPEN_DECLARE = "open_declare_stand"
    RETRY_DECLARATION = "retry_declaration"
    OPEN_ASK = "open_ask_follower"
    OPEN_FORM_TEAM = "open_form_team"
    OPEN_LINK_CHANNEL = "open_link_channel"
    FOLLOWER_IN = "follower_in"
    FOLLOWER_TALK = "follower_talk"
    FOLLOWER_NOT_NOW = "follower_not_now"
    IM_IN = "im_in"
    OPEN_PROPOSAL = "open_pilot_proposal"
    SEND_PILOT = "send_pilot"
    WITHDRAW_PILOT = "withdraw_pilot"
    START_PILOT = "start_pilot"
    OPEN_TRAIL = "open_pilot_trail"
    DECIDE_APPROVE = "decide_approve"
    DECIDE_CHANGES = "decide_request_changes"
    DECIDE_DECLINE = "decide_decline"
    OPEN_STRUCTURE = "open_structure"  # value: "<kind>:<pilot id>"
    PICK_ITEM = "pick_structure_item"
    REMOVE_ITEM = "remove_structure_item"
    OPEN_FULL_CHARTER = "open_full_charter"
    CHECKIN_STATUS = "checkin_status"  # value: "<milestone id>:<status>"
    CHECKIN_DONE = "checkin_deliverable_done"  # value: "<deliverable id>"
    OPEN_SCHEDULE = "open_checkin_schedule"  # value: "<pilot id>"


class Metadata(StrEnum):
    """Slack message metadata event types: they make the app's own posts recognisable."""

    STAND_DECLARED = "stand_declared"
    VISION_POSTED = "vision_posted"
    ROSTER_POSTED = "roster_posted"
    PILOT_HEADER = "pilot_header"
    CHARTER = "pilot_charter"
    CHECKIN = "milestone_checkin"
    FOLLOWER_ASKED = "first_follower_asked"  # the question's DM, by ask_id
    NOTICE = "stand_notice"  # a DM the outbox delivered, by effect_id
    PILOT_DM = "pilot_dm"  # the proposer's DM about a pilot, by pilot_id
    DECISION_REQUEST = "decision_request"  # a decider's request DM, by decision_id


class Field(StrEnum):
    """Block (and action) ids of modal inputs beyond the declaration's."""

    STAND = "stand"
    PERSON = "person"
    NOTE = "note"
    CHANNEL_NAME = "channel_name"
    SHIELDED = "shielded"
    CHANNEL = "existing_channel"
    SEND = "send"  # send a proposal to the sponsor now, or keep it as a draft
