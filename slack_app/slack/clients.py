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


class Installed:
    """OAuth installs: each workspace's bot token from the installation store, rotated
    when it is about to expire, kept for ``KEEP_SECONDS`` per workspace."""

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
        self._bots: dict[str, tuple[float, Bot | None]] = {}
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def of(self, workspace: Workspace) -> WebClient | None:
        bot = self.bot(workspace)
        if bot is None or not bot.bot_token:
            return None
        with self._lock:
            client = self._clients.get(bot.bot_token)
            if client is None:
                client = self._clients[bot.bot_token] = web_client(bot.bot_token, self.api_url)
            return client

    def bot(self, workspace: Workspace, *, org_wide: bool | None = None) -> Bot | None:
        """The installation's bot for ``workspace``: its own, else its org's (an org-wide
        install); ``org_wide`` when the request says which."""
        key = f"{workspace.enterprise_id}/{workspace.team_id}/{org_wide}"
        with self._lock:
            cached = self._bots.get(key)
        fresh = cached is None or self.clock() - cached[0] >= self.keep_seconds
        found = self._find(workspace, org_wide) if fresh or cached is None else cached[1]
        bot = self._rotated(found)
        if fresh or bot is not found:
            with self._lock:
                self._bots[key] = (self.clock(), bot)
        return bot

    def forget(self) -> None:
        """Read every token afresh (an uninstall, or a reinstall, was just recorded)."""
        with self._lock:
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
        """The bot, its token rotated first when it expires soon (Slack's token rotation)."""
        if bot is None or bot.bot_refresh_token is None or self.rotator is None:
            return bot
        try:
            fresh = self.rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=self.rotate_minutes
            )
        except SlackTokenRotationError as error:
            log.error("could not rotate the token of %s: %s", bot.team_id, error.api_error)
            return bot
        if fresh is None:
            return bot
        self.store.save_bot(fresh)
        log.info("rotated the bot token of workspace %s", bot.team_id or bot.enterprise_id)
        return fresh


class Shaped:
    """``clients``' client for each workspace made into another (``poster_of``,
    ``outbox_client``: the same token, other retries), once per token."""

    def __init__(self, clients: Clients, shape: Callable[[WebClient], WebClient]) -> None:
        self.clients, self.shape = clients, shape
        self._made: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def of(self, workspace: Workspace) -> WebClient | None:
        base = self.clients.of(workspace)
        if base is None:
            return None
        key = base.token or ""
        with self._lock:
            made = self._made.get(key)
            if made is None:
                made = self._made[key] = self.shape(base)
            return made

    def need(self, workspace: Workspace) -> WebClient:
        """The client, or ``NotInstalled``."""
        client = self.of(workspace)
        if client is None:
            raise NotInstalled(workspace.team_id)
        return client


def clients_of(slack: WebClient | Clients) -> Clients:
    """One client is single-workspace mode's every workspace."""
    return OneToken(slack) if isinstance(slack, WebClient) else slack
