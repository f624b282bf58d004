"""Every listener runs inside ``guarded``: its errors become a message, never a lost request,
and the request's unit of work is committed once its work is done (rolled back if it fails).

Bolt's own error handler is not enough after an ack: when a listener raises once it has
acked, Bolt 1.30 discards the ack and Slack gets a 404 three seconds later. So listeners
report their own errors here and never raise into Bolt.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.kwargs_injection.args import Args

from slack_app.domain.errors import DomainError, InvalidInput
from slack_app.flows.errors import handle_error
from slack_app.flows.request import Request
from slack_app.middleware import EVENT_ID, KEPT, deps, workspace_of
from slack_app.services import AlreadyDone, UnitOfWork, events

log = logging.getLogger(__name__)
KEEP_MODAL_OPEN = "Something went wrong on my side; nothing was saved. Please submit again."


def _argument(args: Args, name: str) -> Any:
    """A listener argument by name: the shared ``Request``, one of Bolt's, or a value the
    middleware put in context."""
    if name == "req":
        return Request(args.ack, args.body, args.client, args.context)
    if name in args.context:
        return args.context[name]
    return getattr(args, name)


def _first_input_block(body: dict[str, Any]) -> str | None:
    blocks = (body.get("view") or {}).get("blocks") or []
    return next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)


def _ack_after_failure(args: Args, error: Exception) -> bool:
    """Ack a request whose listener failed before acking; True when a modal stayed open.

    The modal keeps the person's text and shows what went wrong: on the fields a refusal
    names, else on its first input.
    """
    submitted = args.body.get("type") == "view_submission"
    if submitted and isinstance(error, InvalidInput):
        args.ack(response_action="errors", errors=error.errors)
        return True
    block_id = _first_input_block(args.body) if submitted else None
    if block_id is None:
        args.ack()
        return False
    message = error.message if isinstance(error, DomainError) else KEEP_MODAL_OPEN
    args.ack(response_action="errors", errors={block_id: message})
    return True


def guarded(handler: Callable[..., None]) -> Callable[[Args], None]:
    """Wrap ``handler`` (which takes Bolt-style named arguments) as a Bolt listener."""
    names = list(inspect.signature(handler).parameters)

    def listener(args: Args) -> None:
        uow: UnitOfWork | None = args.context.get("uow")
        try:
            if uow is not None:
                _once_per_view(args, uow)
            handler(**{name: _argument(args, name) for name in names})
            _event_handled(args.context, uow)
            if uow is not None:
                uow.commit()
        except AlreadyDone:
            # Submitted again (Slack answered the first with an error when it outlasted
            # 3 s): it is stored already, so the modal closes as the first would have.
            log.info("a modal submitted again; its work is done already")
            if args.ack is not None and args.ack.response is None:
                args.ack()
            return
        except Exception as error:
            if uow is not None:
                uow.rollback()
            _event_failed(args, error)
            acked = args.ack is None or args.ack.response is not None
            if not acked and _ack_after_failure(args, error):
                if not isinstance(error, DomainError):
                    log.exception("modal submission failed before its ack", exc_info=error)
                return
            handle_error(error, args.body, args.client)

    listener.__name__ = listener.__qualname__ = handler.__name__
    return listener


def _once_per_view(args: Args, uow: UnitOfWork) -> None:
    """A modal submission changes things once per view: Slack sends a resubmission of the
    same modal (after a late answer to the first) with the same ``view.id`` and ``hash``."""
    if args.body.get("type") != "view_submission":
        return
    view = args.body.get("view") or {}
    view_id, view_hash = view.get("id"), view.get("hash")
    if isinstance(view_id, str) and isinstance(view_hash, str) and view_id and view_hash:
        digest = hashlib.sha256(f"{view_id}:{view_hash}".encode()).hexdigest()[:48]
        uow.once(f"view:{digest}", now=deps(args.context).now())


def _event_handled(context: BoltContext, uow: UnitOfWork | None) -> None:
    """An Events API delivery kept until its work is done is marked handled in the
    transaction of that work (or in one of its own, when the listener committed early)."""
    event_id = context.get(EVENT_ID)
    if event_id is None or not context.get(KEPT):
        return
    if uow is not None and not uow.finished:
        events.handled(uow, event_id)
        return
    with deps(context).db.unit_of_work(workspace_of(context)) as own:
        events.handled(own, event_id)


def _event_failed(args: Args, error: Exception) -> None:
    """A delivery whose work failed stays pending, to be replayed: unless it failed in
    words (a DomainError: the person was told, and a replay would tell them again). One the
    listener was to claim in its own work is kept now (the claim went with the work)."""
    context = args.context
    event_id = context.get(EVENT_ID)
    if event_id is None:
        return
    app = deps(context)
    try:
        if isinstance(error, DomainError) and context.get(KEPT):
            with app.db.unit_of_work(workspace_of(context)) as own:
                events.handled(own, event_id)
        elif not isinstance(error, DomainError) and not context.get(KEPT):
            events.keep(app.db, workspace_of(context), event_id, args.body, app.now())
    except Exception:  # the database is still away: Slack's event is lost, and said so
        log.exception("could not keep event %s for a replay", event_id)
