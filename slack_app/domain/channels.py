"""Slack's rules for channel names, and a pilot channel's name from its stand."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 80
PREFIX = "pilot-"
# Long enough to recognise the stand, short enough to read in a sidebar.
SLUG_WORDS_LIMIT = 40
CURLY_APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"  # what phones and Macs type


def is_valid_name(name: str) -> bool:
    """Slack's rule: 1 to 80 lowercase letters, digits, hyphens and underscores, and not
    punctuation alone (Slack answers ``invalid_name_punctuation``)."""
    return bool(re.fullmatch(r"[a-z0-9_-]{1,80}", name) and re.search(r"[a-z0-9]", name))


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a channel name, in words, or None."""
    if not name:
        return "Give the channel a name."
    if len(name) > MAX_NAME:
        return f"Channel names are at most {MAX_NAME} characters (this is {len(name)})."
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        return "Use only lowercase letters, digits, hyphens and underscores."
    if not is_valid_name(name):
        return "Use at least one letter or digit."
    return None


def slug(text: str, limit: int = SLUG_WORDS_LIMIT) -> str:
    """Lowercase ASCII words joined by hyphens, cut at a word end within ``limit``."""
    folded = text.replace("ß", "ss").replace(CURLY_APOSTROPHE, "'")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "")


def pilot_channel_name(going: str) -> str:
    """A channel name for a stand's pilot, from how it is going to go."""
    text = re.sub(
        rf"^\s*it['{CURLY_APOSTROPHE}]?s going to go\b\s*", "", going, flags=re.IGNORECASE
    )
    return PREFIX + (slug(text) or "team")


def with_suffix(name: str, n: int) -> str:
    """The n-th alternative to a taken name: ``name-2``, ``name-3``…, still within 80."""
    suffix = f"-{n}"
    base = name[: MAX_NAME - len(suffix)].rstrip("-")
    if base + suffix == name:  # an 80-character name that already ends in the suffix
        base = base[:-1].rstrip("-")
    return base + suffix
