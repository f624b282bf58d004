"""F5, the structure. The ids this flow answers, and its listener for each."""

from __future__ import annotations

import re

from slack_bolt import App

from slack_app.blocks.ids import Action, Callback, Subcommand
from slack_app.flows.guard import guarded
from slack_app.flows.structure.buttons import (
    handle_open_full_charter,
    handle_open_structure,
    handle_pick_item,
    handle_remove_item,
)
from slack_app.flows.structure.charter_post import show_charter
from slack_app.flows.structure.opening import FORMS, open_structure_form
from slack_app.flows.structure.save import handle_structure_item

# The `/stand` sub-commands that open this flow.
SUBCOMMANDS = {**dict.fromkeys(FORMS, open_structure_form), Subcommand.CHARTER: show_charter}


def register(app: App) -> None:
    app.view_submission(Callback.STRUCTURE_ITEM.value)(guarded(handle_structure_item))
    app.action(Action.PICK_ITEM.value)(guarded(handle_pick_item))
    app.action(Action.REMOVE_ITEM.value)(guarded(handle_remove_item))
    app.action(Action.OPEN_FULL_CHARTER.value)(guarded(handle_open_full_charter))
    # One per part of the structure ("open_structure:milestone", …): ids are unique in a block.
    app.action(re.compile(f"^{Action.OPEN_STRUCTURE}(:|$)"))(guarded(handle_open_structure))
