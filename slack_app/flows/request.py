"""The one prelude every listener shares: a ``Request`` carries what any listener needs, and
a form submission's refusals are raised, not acked by hand.

A listener takes ``req: Request`` (plus ``action``, ``view``, ``command`` or ``event`` when it
reads one) and runs inside ``flows.guard.guarded``, which builds the request, commits its unit
of work when the listener returns, and turns a refused form into inline errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from slack_app.domain.errors import BrokenInvariant, DomainError, InvalidInput
from slack_app.domain.people import Person
from slack_app.domain.workspace import Workspace
from slack_app.flows.errors import handle_error
from slack_app.middleware import EVENT_ID, KEPT, Deps, deps, workspace_of
from slack_app.services import Database, UnitOfWork, events
from slack_app.slack.people import PeopleUnavailable

log = logging.getLogger(__name__)

# When Slack cannot tell us someone's time zone in time, judge "in the future" by the
# earliest calendar on Earth (UTC-12), so that no one's tomorrow is refused.
EARLIEST_ZONE = "Etc/GMT+12"
CANT_CHECK = (
    "I couldn't check this person with Slack just now. Submit again in a moment, or leave it empty."
)


class Request:
    """One request from Slack, as every listener sees it."""

    __slots__ = ("ack", "body", "client", "context")

    def __init__(
        self, ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        self.ack = ack
        self.body = body
        self.client = client
        self.context = context

    @property
    def deps(self) -> Deps:
        return deps(self.context)

    @property
    def db(self) -> Database:
        return self.deps.db

    @property
    def workspace(self) -> Workspace:
        return workspace_of(self.context)

    @property
    def uow(self) -> UnitOfWork:
        value = self.context.get("uow")
        if not isinstance(value, UnitOfWork):
            raise BrokenInvariant("expected the request's unit of work in context['uow']")
        return value

    @property
    def user_id(self) -> str:
        """Who acted: the person pressing, submitting or typing the command."""
        user = self.body.get("user")
        found = user.get("id") if isinstance(user, dict) else self.body.get("user_id")
        if not found:
            raise BrokenInvariant("expected the acting user in the request's body")
        return str(found)

    def now(self) -> datetime:
        return self.deps.now()

    def lookup(self, user_id: str) -> Person | None:
        """Who ``user_id`` is, by Slack (``None`` for no such person); raises
        ``PeopleUnavailable`` when Slack cannot answer in time, for callers that must say so
        in their own words."""
        return self.deps.people.lookup(self.client, self.workspace.team_id, user_id)

    def person(self, user_id: str, *, field: str | None = None) -> Person | None:
        """Who ``user_id`` is, by Slack (``None`` for no such person).

        When Slack cannot answer in time: refused on ``field`` (the form shows why), or,
        without a field, someone known only by id, judged by the earliest time zone.
        """
        try:
            return self.lookup(user_id)
        except PeopleUnavailable:
            if field is not None:
                raise InvalidInput({field: CANT_CHECK}) from None
            return Person(user_id, tz=EARLIEST_ZONE)

    def people(self, user_ids: Iterable[str], *, field: str) -> dict[str, Person | None]:
        return {user_id: self.person(user_id, field=field) for user_id in user_ids}

    def open_modal(self, view: View | dict[str, Any], *, trigger_id: str | None = None) -> None:
        """Open ``view`` after the ack, ahead of other requests' posts: the trigger_id
        (the request's own unless given) lasts 3 s from the click."""
        client, trigger = self.client, trigger_id or self.body["trigger_id"]

        def open_it() -> None:
            client.views_open(trigger_id=trigger, view=view)

        self.after_ack(open_it, modal=True)

    def after_ack(self, work: Callable[[], None], *, modal: bool = False) -> None:
        """Run the Slack side of the request (posts, DMs, redraws) on the effects pool.

        Bolt's listener pool is left free for the next requests' acks, so an ack never
        queues behind another request's posts, and the few effect workers bound how much of
        the CPU that work takes from the acks (a ``modal`` opens at once, on a lane of its
        own). Its errors reach the person as a listener's do.
        """
        body, client = self.body, self.client

        def run() -> None:
            try:
                work()
            except Exception as error:
                try:
                    handle_error(error, body, client)
                except Exception:  # Slack unreachable for the apology too: logged once
                    log.exception("work after an ack failed, and so did telling the person")

        self.deps.effects.submit(run, modal=modal)

    def commit(self) -> None:
        """Commit the request's unit of work, with its kept event (if any) marked handled
        in the same transaction."""
        event_handled(self.context, self.uow)
        self.uow.commit()

    def commit_and_go_on(self) -> None:
        """Commit what is done, and go on in a new unit of work of the request (committed
        by the listener's runner, with the event marked handled): for a listener that must
        ask Slack before it decides, with no transaction open across the call."""
        self.uow.commit()
        self.context["uow"] = self.db.request_work(self.workspace)

    def check_first(self, check: Callable[[UnitOfWork], object]) -> None:
        """Run a read-only check (who is acting, on what) in a short unit of work of its
        own, before Slack is asked about anyone and before the request's own unit opens: no
        transaction stays open across the call, and a submission refused later is not yet
        marked done."""
        with self.db.unit_of_work(self.workspace) as uow:
            check(uow)

    def stored(self) -> None:
        """The submission is good: commit what it changed, then close the modal."""
        self.uow.commit()
        self.ack()


HANDLED = "event_marked_handled"  # context: the kept delivery is marked handled already


def event_handled(context: BoltContext, uow: UnitOfWork | None) -> None:
    """An Events API delivery kept until its work is done is marked handled in the
    transaction of that work (or in one of its own, when the listener committed early)."""
    event_id = context.get(EVENT_ID)
    if event_id is None or not context.get(KEPT) or context.get(HANDLED):
        return
    context[HANDLED] = True
    if uow is not None and not uow.finished:
        events.handled(uow, event_id)
        return
    with deps(context).db.unit_of_work(workspace_of(context)) as own:
        events.handled(own, event_id)


@contextmanager
def refused_on(field: str) -> Iterator[None]:
    """A refusal that names no field of the form is shown on ``field``."""
    try:
        yield
    except InvalidInput:
        raise
    except DomainError as refused:
        raise InvalidInput({field: refused.message}) from refused
