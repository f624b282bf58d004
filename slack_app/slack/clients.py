"""Which token speaks for a workspace: the one bot token (single-workspace mode), or the
token its installation holds (OAuth installs), for the scheduler's work and the outbox.

Requests are authorized by Bolt from the same installations (``slack_app/installs.py``);
work the app does of its own accord (an effect, a check-in, a reminder) runs for a row whose
workspace it knows, and asks here for that workspace's client.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

from slack_app.clock import utcnow
from slack_app.domain.workspace import Workspace
from slack_app.slack.client import web_client
from slack_app.slack.errors import NotInstalled

log = logging.getLogger(__name__)
# How long a token read from the installations is used before it is read again: long
# enough that a burst of check-ins reads each workspace's once, short enough that another
# process's rotation or an uninstall is seen soon. (A revoked token fails its calls anyway.)
KEEP_SECONDS = 60.0
ROTATE_MINUTES = 120  # Bolt's default: rotate a token that expires within two hours


class Clients(Protocol):
    def of(self, workspace: Workspace) -> WebClient | None:
        """The client for ``workspace``'s token; None when Stand is not installed there."""


@dataclass(frozen=True, slots=True)
class OneToken:
    """Single-workspace mode: one bot token for every row."""

    client: WebClient

    def of(self, workspace: Workspace) -> WebClient | None:
        return self.client


Owner = tuple[str | None, str | None]  # an installation: (enterprise id, team id or None)


class Installed:
    """OAuth installs: each workspace's bot token from the installation store, rotated
    when it is about to expire, read again at most every ``KEEP_SECONDS`` per workspace."""

    def __init__(
        self,
        store: InstallationStore,
        api_url: str,
        *,
        rotator: TokenRotator | None = None,
        rotate_minutes: int = ROTATE_MINUTES,
        keep_seconds: float = KEEP_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store, self.api_url = store, api_url
        self.rotator, self.rotate_minutes = rotator, rotate_minutes
        self.keep_seconds, self.clock = keep_seconds, clock
        self._found: dict[str, tuple[float, Owner | None]] = {}  # a lookup: whose bot, when
        self._bots: dict[Owner, Bot] = {}  # each installation's bot, as last read or rotated
        self._clients: dict[Owner, WebClient] = {}  # …and a client for its current token
        self._rotating: dict[Owner, threading.Lock] = {}
        self._generation = 0  # how many times forget() was told: reads begun before are stale
        self._lock = threading.Lock()

    def of(self, workspace: Workspace) -> WebClient | None:
        bot = self.bot(workspace)
        if bot is None or not bot.bot_token:
            return None
        owner = _owner(bot)
        with self._lock:
            client = self._clients.get(owner)
            if client is None or client.token != bot.bot_token:  # new, or rotated
                client = self._clients[owner] = web_client(bot.bot_token, self.api_url)
            return client

    def bot(self, workspace: Workspace, *, org_wide: bool | None = None) -> Bot | None:
        """The installation's bot for ``workspace``: its own, else its org's (an org-wide
        install); ``org_wide`` when the request says which."""
        lookup = f"{workspace.enterprise_id}/{workspace.team_id}/{org_wide}"
        with self._lock:
            hit, known = self._cached(lookup)
        if hit:
            return self._rotated(known)
        with self._lock:
            generation = self._generation
        found = self._find(workspace, org_wide)
        with self._lock:
            if generation == self._generation:  # not read before a forget() that came since
                if found is not None:
                    self._bots[_owner(found)] = found
                self._found[lookup] = (self.clock(), None if found is None else _owner(found))
        return self._rotated(found)

    def _cached(self, lookup: str) -> tuple[bool, Bot | None]:
        """(whether the lookup was made lately, the bot it found); under the lock."""
        cached = self._found.get(lookup)
        if cached is None or self.clock() - cached[0] >= self.keep_seconds:
            return False, None
        owner = cached[1]
        if owner is None:
            return True, None  # not installed, lately
        known = self._bots.get(owner)
        return known is not None, known

    def forget(self) -> None:
        """Read every token afresh (an uninstall, or a reinstall, was just recorded)."""
        with self._lock:
            self._generation += 1
            self._found.clear()
            self._bots.clear()
            self._clients.clear()

    def _find(self, workspace: Workspace, org_wide: bool | None) -> Bot | None:
        enterprise = workspace.enterprise_id
        if not org_wide:
            bot = self.store.find_bot(enterprise_id=enterprise, team_id=workspace.team_id)
            if bot is not None or enterprise is None or org_wide is False:
                return bot
        if enterprise is None:
            return None
        return self.store.find_bot(
            enterprise_id=enterprise, team_id=None, is_enterprise_install=True
        )

    def _rotated(self, bot: Bot | None) -> Bot | None:
        """The bot, its token rotated first when it expires soon (Slack's token rotation):
        by one thread of this process at a time, and not again when another process did it
        already (the store is read again first)."""
        if bot is None or bot.bot_refresh_token is None or self.rotator is None:
            return bot
        if not _expires_within(bot, self.rotate_minutes):
            return bot
        owner = _owner(bot)
        with self._lock:
            rotating = self._rotating.setdefault(owner, threading.Lock())
        with rotating:
            with self._lock:
                current = self._bots.get(owner, bot)
            if not _expires_within(current, self.rotate_minutes):
                return current  # rotated meanwhile, in this process
            stored = self.store.find_bot(
                enterprise_id=current.enterprise_id,
                team_id=current.team_id,
                is_enterprise_install=current.is_enterprise_install,
            )
            if stored is None:  # uninstalled meanwhile: no token to rotate, or to use
                with self._lock:
                    self._bots.pop(owner, None)
                return None
            if not _expires_within(stored, self.rotate_minutes):
                fresh: Bot | None = stored  # rotated meanwhile, by another process
            else:
                fresh = self._rotate(stored)
            if fresh is None:
                return current
            with self._lock:
                if self._bots.get(owner) is not None:  # not forgotten meanwhile
                    self._bots[owner] = fresh
            return fresh

    def _rotate(self, bot: Bot) -> Bot | None:
        if self.rotator is None:
            return None
        try:
            fresh = self.rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=self.rotate_minutes
            )
        except SlackTokenRotationError as error:
            log.error("could not rotate the token of %s: %s", _owner(bot), error.api_error)
            return None
        if fresh is not None:
            self.store.save_bot(fresh)
            log.info("rotated the bot token of %s", _owner(bot))
        return fresh


def _owner(bot: Bot) -> Owner:
    return (bot.enterprise_id, None if bot.is_enterprise_install else bot.team_id)


def _expires_within(bot: Bot, minutes: int) -> bool:
    """Whether the token expires within ``minutes``, by the process clock as slack-sdk's
    rotator reads it (Slack's tokens expire in real time)."""
    expires_at = bot.bot_token_expires_at
    return expires_at is not None and expires_at <= utcnow().timestamp() + minutes * 60


class Shaped:
    """``clients``' client for each workspace made into another (``poster_of``,
    ``outbox_client``: the same token, other retries), made again when the token changes."""

    def __init__(self, clients: Clients, shape: Callable[[WebClient], WebClient]) -> None:
        self.clients, self.shape = clients, shape
        self._made: dict[Workspace, tuple[WebClient, WebClient]] = {}  # base, shaped
        self._lock = threading.Lock()

    def of(self, workspace: Workspace) -> WebClient | None:
        base = self.clients.of(workspace)
        if base is None:
            return None
        with self._lock:
            made = self._made.get(workspace)
            if made is None or made[0] is not base:
                made = self._made[workspace] = (base, self.shape(base))
            return made[1]

    def need(self, workspace: Workspace) -> WebClient:
        """The client, or ``NotInstalled``."""
        client = self.of(workspace)
        if client is None:
            raise NotInstalled(workspace.team_id)
        return client


def clients_of(slack: WebClient | Clients) -> Clients:
    """One client is single-workspace mode's every workspace."""
    return OneToken(slack) if isinstance(slack, WebClient) else slack
