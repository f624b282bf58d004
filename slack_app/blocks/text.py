"""Small text helpers shared by the builders."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from slack_sdk.models.blocks import MarkdownTextObject, PlainTextObject


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn reserves, so people's words show as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten to ``limit`` characters with an ellipsis, for fields with hard Slack limits."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str) -> str:
    """A block quote of the person's own words, line by line."""
    return "\n".join(f">{line}" for line in escape(text).splitlines() or [""])


def slack_date(day: date) -> str:
    """A date Slack renders in each reader's own locale, with a plain fallback."""
    epoch = int(datetime.combine(day, time(12), tzinfo=UTC).timestamp())
    return f"<!date^{epoch}^{{date_long}}|{day.isoformat()}>"


def mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text, emoji=True)
