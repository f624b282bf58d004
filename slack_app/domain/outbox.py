"""The Slack effects a change of state implies, kept as rows until Slack has shown them.

A change records its effects (redraw this roster, post this declaration, DM this person)
in the transaction that makes it; a dispatcher delivers them after the commit, again after
a transient failure, and once only. Effects of one surface (a roster, a person's Home, a
request, a team's forming) coalesce: while one is waiting, another adds nothing, since
delivering draws the newest state from the store, not the state at the time of recording
(a request's send draws its redraws too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class EffectKind(StrEnum):
    REDRAW_ROSTER = "redraw_roster"  # a team's roster message, edited in place
    ANNOUNCE_STAND = "announce_stand"  # a new stand's declaration posted, its follower asked
    TELL_DECLARED = "tell_declared"  # the author's DM once the stand is announced
    PUBLISH_HOME = "publish_home"  # a person's Home tab, drawn anew
    REDRAW_CHARTER = "redraw_charter"  # a pilot's charter, edited in place (posted the first time)
    REDRAW_CHECKIN = "redraw_checkin"  # a posted check-in, edited in place
    SEND_ASK = "send_ask"  # the question DMed to the person asked, the author told it went
    TELL_ANSWER = "tell_answer"  # the answer shown in the question's DM, the author told
    TELL = "tell"  # a notice of plain text: a DM, or a post in a channel or a thread
    REDRAW_PILOT = "redraw_pilot"  # the proposer's DM and the channel header of a pilot
    SEND_REQUEST = "send_request"  # a decision's request DMed to the decider, the asker told
    REDRAW_REQUEST = "redraw_request"  # a request DM, edited as it stands now
    FORM_TEAM = "form_team"  # a team settled in its channel: vision, roster, author told


class EffectState(StrEnum):
    WAITING = "waiting"  # due at its due_at; claimed by the first dispatcher to ask
    DELIVERING = "delivering"  # claimed, under a lease: a crashed dispatcher's comes back
    DONE = "done"
    GIVEN_UP = "given_up"  # an error no retry cures, or transient ones for too long


@dataclass(frozen=True, slots=True)
class Effect:
    """One effect to deliver. ``surface`` names what a redraw draws, so that waiting redraws
    of it coalesce and two of them are never delivered at once; ``channel`` is where a post
    goes, for pacing posts across instances."""

    kind: EffectKind
    payload: dict[str, int | str] = field(default_factory=dict)
    surface: str | None = None
    channel: str | None = None


def redraw_roster(team_id: int) -> Effect:
    return Effect(EffectKind.REDRAW_ROSTER, {"team_id": team_id}, surface=f"roster:{team_id}")


def announce_stand(stand_id: int, channel_id: str | None, ask_id: int | None) -> Effect:
    """Post a new stand's declaration (when it names a channel), DM the first follower
    named the question (when one was), then tell the author."""
    payload: dict[str, int | str] = {"stand_id": stand_id}
    if ask_id is not None:
        payload["ask_id"] = ask_id
    return Effect(EffectKind.ANNOUNCE_STAND, payload, channel=channel_id)


def tell_declared(stand_id: int, *, problem: str | None, note: str | None) -> Effect:
    """The author's DM about their announced stand: where it went (or why it could not
    go), and whom it asked."""
    payload: dict[str, int | str] = {"stand_id": stand_id}
    if problem is not None:
        payload["problem"] = problem
    if note is not None:
        payload["note"] = note
    return Effect(EffectKind.TELL_DECLARED, payload)


def redraw_charter(pilot_id: int) -> Effect:
    return Effect(EffectKind.REDRAW_CHARTER, {"pilot_id": pilot_id}, surface=f"charter:{pilot_id}")


def redraw_checkin(channel_id: str, ts: str) -> Effect:
    """The check-in posted at ``ts`` in ``channel_id``, drawn as it stands now."""
    payload: dict[str, int | str] = {"channel_id": channel_id, "ts": ts}
    return Effect(EffectKind.REDRAW_CHECKIN, payload, surface=f"checkin:{channel_id}:{ts}")


def send_ask(stand_id: int, ask_id: int) -> Effect:
    return Effect(EffectKind.SEND_ASK, {"stand_id": stand_id, "ask_id": ask_id})


def tell_answer(ask_id: int, *, first_follower: bool) -> Effect:
    """The answer to a question shown in its DM, and its author told (of the first
    follower, when the answer made one)."""
    payload: dict[str, int | str] = {"ask_id": ask_id, "first_follower": int(first_follower)}
    return Effect(EffectKind.TELL_ANSWER, payload)


def tell(to: str, text: str, *, thread_ts: str | None = None, broadcast: bool = False) -> Effect:
    """A notice for a person (a DM) or a channel (a post, in ``thread_ts``'s thread when
    given, shown in the channel too when ``broadcast``)."""
    payload: dict[str, int | str] = {"to": to, "text": text}
    if thread_ts is not None:
        payload["thread_ts"] = thread_ts
    if broadcast:
        payload["broadcast"] = 1
    in_channel = not to.startswith(("U", "W"))
    return Effect(EffectKind.TELL, payload, channel=to if in_channel else None)


def redraw_pilot(pilot_id: int) -> Effect:
    """The proposer's DM about a pilot and its header in the pilot channel, as stored now
    (each posted the first time)."""
    return Effect(EffectKind.REDRAW_PILOT, {"pilot_id": pilot_id}, surface=f"pilot:{pilot_id}")


def send_request(decision_id: int, *, again: bool = False) -> Effect:
    """DM a decision's request to its decider, unless it went stale meanwhile, then tell who
    asked (``again``: a new version of something they were asked before). It shares its
    surface with the request's redraws: a redraw recorded while it waits adds nothing, as
    the request is drawn as it stands when sent."""
    payload: dict[str, int | str] = {"decision_id": decision_id, "again": int(again)}
    return Effect(EffectKind.SEND_REQUEST, payload, surface=f"request:{decision_id}")


def redraw_request(decision_id: int) -> Effect:
    """A request DM as it stands now: decided, overtaken, or still to decide."""
    payload: dict[str, int | str] = {"decision_id": decision_id}
    return Effect(EffectKind.REDRAW_REQUEST, payload, surface=f"request:{decision_id}")


def form_team(
    stand_id: int,
    *,
    name: str | None = None,
    private: bool = False,
    channel_id: str | None = None,
    bot_user_id: str | None = None,
) -> Effect:
    """Settle a stand's team in a new channel called ``name``, or in ``channel_id``, or (with
    neither) in the channel its team already has; then its vision and roster, and the author
    told. One forming of a stand at a time: its surface is the stand's."""
    payload: dict[str, int | str] = {"stand_id": stand_id}
    if name is not None:
        payload.update(name=name, private=int(private))
    if channel_id is not None:
        payload["channel_id"] = channel_id
    if bot_user_id is not None:
        payload["bot_user_id"] = bot_user_id
    return Effect(EffectKind.FORM_TEAM, payload, surface=forming_surface(stand_id))


def forming_surface(stand_id: int) -> str:
    """What the forming of a stand's team is known by in the outbox."""
    return f"team:{stand_id}"


def publish_home(user_id: str) -> Effect:
    return Effect(EffectKind.PUBLISH_HOME, {"user_id": user_id}, surface=f"home:{user_id}")


# Transient failures are retried after 1, 2, 4 … seconds, at most five minutes apart (or
# after Slack's Retry-After, when longer), for a day; then the effect is given up.
FIRST_RETRY = timedelta(seconds=1)
LONGEST_WAIT = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(days=1)
# Posts in one channel are at least this far apart, across processes (Slack allows about
# one message a second per channel): an effect that posts is claimed only when its
# channel's next slot has come.
SPACING = timedelta(seconds=1)
# A delivery claimed longer ago than this is taken to have died with its process.
LEASE = timedelta(minutes=2)


def retry_at(now: datetime, attempts: int, retry_after: float | None = None) -> datetime:
    """When an effect that has failed ``attempts`` times (transiently) is tried again."""
    backoff = min(FIRST_RETRY * (1 << min(max(attempts - 1, 0), 20)), LONGEST_WAIT)
    asked = timedelta(seconds=retry_after) if retry_after else timedelta(0)
    return now + max(backoff, asked)


def gives_up(created_at: datetime, now: datetime) -> bool:
    """Whether an effect still failing transiently at ``now`` has been tried long enough."""
    return now - created_at >= GIVE_UP_AFTER
