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

from slack_bolt.kwargs_injection.args import Args

from slack_app.domain.errors import DomainError, InvalidInput
from slack_app.flows.errors import handle_error, words_for
from slack_app.flows.request import Request, event_handled
from slack_app.middleware import EVENT_ID, KEPT, deps, workspace_of
from slack_app.services import AlreadySubmitted, UnitOfWork, events
from slack_app.slack.replies import first_input_block

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


def _ack_after_failure(args: Args, error: Exception) -> bool:
    """Ack a request whose listener failed before acking; True when the ack told the
    person what went wrong.

    A slash command's ack is shown where it was typed. A modal stays open, keeps the
    person's text and shows what went wrong: on the fields a refusal names, else on its
    first input.
    """
    if args.body.get("command"):
        args.ack(text=words_for(error, args.body), response_type="ephemeral")
        return True
    submitted = args.body.get("type") == "view_submission"
    if submitted and isinstance(error, InvalidInput):
        args.ack(response_action="errors", errors=error.errors)
        return True
    block_id = first_input_block(args.body) if submitted else None
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
        view_key = _view_key(args.body)
        try:
            if uow is not None and view_key is not None:
                uow.once(view_key, now=deps(args.context).now())
            handler(**{name: _argument(args, name) for name in names})
            uow = args.context.get("uow")  # a new one, when the listener committed and went on
            event_handled(args.context, uow)
            if uow is not None:
                uow.commit()
        except Exception as error:
            uow = args.context.get("uow")
            if uow is not None:
                uow.rollback()
            if _submitted_again(args, error, view_key):
                return
            _event_failed(args, error)
            acked = args.ack is None or args.ack.response is not None
            if not acked and _ack_after_failure(args, error):
                if args.body.get("type") == "view_submission" and not isinstance(
                    error, DomainError
                ):
                    log.exception("modal submission failed before its ack", exc_info=error)
                return
            handle_error(error, args.body, args.client)

    listener.__name__ = listener.__qualname__ = handler.__name__
    return listener


def _view_key(body: dict[str, Any]) -> str | None:
    """A modal submission changes things once per view: Slack sends a resubmission of the
    same modal (after a late answer to the first) with the same ``view.id`` and ``hash``."""
    if body.get("type") != "view_submission":
        return None
    view = body.get("view") or {}
    view_id, view_hash = view.get("id"), view.get("hash")
    if not (isinstance(view_id, str) and isinstance(view_hash, str) and view_id and view_hash):
        return None
    return "view:" + hashlib.sha256(f"{view_id}:{view_hash}".encode()).hexdigest()[:48]


def _submitted_again(args: Args, error: Exception, view_key: str | None) -> bool:
    """Submitted again (Slack answered the first with an error when it outlasted 3 s): its
    work is stored already, so the modal closes as the first's answer would have. Known by
    the commit refused (``AlreadySubmitted``), or, when the listener refused first (one
    that says "you already asked them"), by the view's key, looked up only then."""
    if view_key is None:
        return False
    if not isinstance(error, AlreadySubmitted):
        if not isinstance(error, DomainError):
            return False
        try:
            with deps(args.context).db.unit_of_work(workspace_of(args.context)) as uow:
                if not events.seen(uow, view_key):
                    return False
        except Exception:  # the database is away: the refusal is shown as it is
            log.exception("could not tell whether a modal was submitted before")
            return False
    log.info("a modal submitted again; its work is done already")
    if args.ack is not None and args.ack.response is None:
        args.ack()
    return True


def _event_failed(args: Args, error: Exception) -> None:
    """A kept delivery whose work failed stays pending, to be replayed: unless it failed in
    words (a DomainError: the person was told, and a replay would tell them again)."""
    context = args.context
    event_id = context.get(EVENT_ID)
    if event_id is None or not context.get(KEPT) or not isinstance(error, DomainError):
        return
    try:
        with deps(context).db.unit_of_work(workspace_of(context)) as own:
            events.handled(own, event_id)
    except Exception:  # the database is away: it is replayed, and refused in words again
        log.exception("could not mark event %s handled", event_id)
