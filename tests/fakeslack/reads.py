"""What tests read back from the fake workspace: messages, DMs, ephemerals, replies where
people acted, Home and modal views, each a copy taken under the workspace's lock."""

from __future__ import annotations

from typing import Any

from tests.fakeslack.cloning import clone
from tests.fakeslack.hooks import replies_to
from tests.fakeslack.state import Workspace


class WorkspaceReads:
    """Mixed into FakeSlack, which holds the workspace."""

    workspace: Workspace

    def messages(self, channel_id: str) -> list[dict[str, Any]]:
        """Current messages (replies included, in posting order), with the usual keys always set."""
        ws = self.workspace
        with ws.lock:
            channel = ws.channels.get(channel_id)
            if channel is None:
                if channel_id in ws.dm_ids.values():
                    return []
                msg = f"unknown channel {channel_id}; known: {sorted(ws.channels)}"
                raise KeyError(msg)
            return [
                {
                    "text": "",
                    "blocks": None,
                    "thread_ts": None,
                    "metadata": None,
                    **clone(m),
                }
                for m in channel.messages
            ]

    def dm_messages(self, user_id: str) -> list[dict[str, Any]]:
        """Messages the bot posted in its DM with that user."""
        dm_id = self.workspace.dm_ids.get(user_id)
        if dm_id is None:
            return []
        return [m for m in self.messages(dm_id) if m.get("user") == self.workspace.bot_user_id]

    def ephemeral_messages(self, channel_id: str | None = None) -> list[dict[str, Any]]:
        """Ephemeral messages (each with channel and recipient), optionally for one channel."""
        with self.workspace.lock:
            found = self.workspace.ephemerals
            return [clone(m) for m in found if channel_id in (None, m["channel"])]

    def replies_to(self, user_id: str) -> list[dict[str, Any]]:
        """What the app told ``user_id`` where they acted (through a response_url)."""
        return replies_to(self.workspace, user_id)

    def told(self, user_id: str) -> list[dict[str, Any]]:
        """What the app said to ``user_id`` alone, oldest first: its DMs, and its replies
        where they acted."""
        said = self.dm_messages(user_id) + self.replies_to(user_id)
        return sorted(said, key=lambda m: float(m["ts"]))

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        ws = self.workspace
        with ws.lock:
            view_id = ws.home_views.get(user_id)
            return clone(ws.views[view_id]) if view_id else None

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        """Modal views by view id, as last opened, pushed or updated."""
        with self.workspace.lock:
            items = self.workspace.views.items()
            return {k: clone(v) for k, v in items if v.get("type") != "home"}
