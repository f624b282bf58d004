"""Editing a message in place when edits may race: the check-in, the roster, the charter.

Two requests that change what a message shows each edit it, and Slack may land their edits
in either order, so the last to land can show the older state. So after each edit what the
message shows is read again and, when it moved on meanwhile, the message is edited once
more: the last edit to land then shows the newest state. A few passes are plenty; a change
that lands after the last one edits the message itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

PASSES = 3

State = TypeVar("State")
Drawn = TypeVar("Drawn")


def redraw_until_settled(
    state: State,
    *,
    draw: Callable[[State], Drawn | None],
    edit: Callable[[State, Drawn], State | None],
) -> None:
    """Show ``state`` in its message, again until a read-back draws the same.

    ``draw`` gives what the message shows for a state (None: nothing to show, so nothing is
    done); ``edit`` puts a drawing in the message and returns the state as stored now, read
    after the edit landed (None: leave the message to whoever else is drawing it).
    """
    drawn = draw(state)
    for _ in range(PASSES):
        if drawn is None:
            return
        newest = edit(state, drawn)
        if newest is None:
            return
        again = draw(newest)
        if again == drawn:
            return
        state, drawn = newest, again
