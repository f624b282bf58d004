"""Small text helpers shared by the builders."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import MarkdownTextObject, PlainTextObject, SectionBlock

SECTION_LIMIT = 3000


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn reserves, so people's words show as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten to ``limit`` characters with an ellipsis, for fields with hard Slack limits."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str) -> str:
    """A block quote of the person's own words, line by line."""
    return "\n".join(f">{line}" for line in escape(text).splitlines() or [""])


def long_date(day: date) -> str:
    """A calendar date in words ("Wed 31 Mar 2027").

    Not Slack's ``<!date^…>``: that formats an instant in each reader's zone, which would
    show a calendar date a day off for readers far from UTC.
    """
    return f"{day:%a} {day.day} {day:%b %Y}"


def _cut(line: str, limit: int) -> int:
    """Where to cut a too-long line: at ``limit``, or before an entity that would be split."""
    amp = line.rfind("&", max(0, limit - 5), limit)
    return amp if amp > 0 and ";" not in line[amp:limit] else limit


def split_for_sections(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Cut mrkdwn into pieces of at most ``limit`` characters, at line ends where possible.

    Escaping can make a person's words up to five times longer (``&`` → ``&amp;``), so a
    stand within its length limits may still need more than one section.
    """
    pieces: list[str] = []
    current = ""
    for whole_line in text.split("\n"):
        line = whole_line
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            cut = _cut(line, limit)
            pieces.append(line[:cut])
            line = line[cut:]
        joined = f"{current}\n{line}" if current else line
        if len(joined) > limit:
            pieces.append(current)
            joined = line
        current = joined
    pieces.append(current)
    return [piece for piece in pieces if piece] or [""]


def mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text, emoji=True)


def sections(text: str) -> list[SectionBlock]:
    """mrkdwn of any length as as many sections as Slack's 3,000-character limit needs."""
    return [SectionBlock(text=mrkdwn(piece)) for piece in split_for_sections(text)]
