"""The door of POST /slack/events: a request is read as raw bytes and its signature and
timestamp checked before anything parses it, so that nobody without the signing secret can
reach a parser (Bolt's, the JSON decoder) or fill the log with a traceback. A signed
payload is then read once, and refused unless its parts are the shape Slack sends
(``slack/payloads.py``): Bolt and the listeners read them without checking.

A refusal is logged in one short line that holds nothing of the request: not its body,
not a header, never a newline it sent.
"""

from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

from slack_app.slack.payloads import malformed

if TYPE_CHECKING:
    from wsgiref.types import WSGIEnvironment

log = logging.getLogger(__name__)
# Slack's largest requests (a modal's whole state) are far smaller than this.
MAX_BODY = 1 << 20
# What the headers hold when Slack sends them; anything else is refused before it reaches
# a parser (``int`` of 5,000 digits, or of "²", raises; so does comparing non-ASCII text).
DIGITS = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
PAYLOAD = "stand.payload"  # environ: the payload as read here, handed on to Bolt


@dataclass(frozen=True, slots=True)
class Refusal:
    status: str
    reason: str  # for the log: our words, none of the request's


class Gate:
    """Checks a request to the events path against the app's signing secret."""

    def __init__(self, signing_secret: str) -> None:
        self._verifier = SignatureVerifier(signing_secret)

    def refuse(self, environ: WSGIEnvironment) -> Refusal | None:
        """Why the request is refused, or None to let it through (its body put back, read,
        for Bolt to read again)."""
        length = _length(environ.get("CONTENT_LENGTH"))
        if length is None:
            return Refusal("400 Bad Request", "no readable Content-Length")
        if length > MAX_BODY:
            return Refusal("413 Content Too Large", f"a body of {length} bytes")
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
        if not DIGITS.fullmatch(timestamp) or not SIGNATURE.fullmatch(signature):
            return Refusal("401 Unauthorized", "no signature, or no timestamp")
        try:
            text = body.decode("utf-8")  # Slack signs text; the verifier reads it as such
        except UnicodeDecodeError:
            return Refusal("400 Bad Request", "a body that is not UTF-8")
        if not self._verifier.is_valid(body=text, timestamp=timestamp, signature=signature):
            return Refusal("401 Unauthorized", "a wrong or stale signature")
        payload = read_payload(text, environ.get("CONTENT_TYPE"))
        if payload is None:
            return Refusal("400 Bad Request", "a signed body that is not a JSON object or a form")
        place = malformed(payload)
        if place is not None:
            return Refusal("400 Bad Request", f"a payload whose {place} is not as Slack sends it")
        environ[PAYLOAD] = payload
        return None


def read_payload(text: str, content_type: object) -> dict[str, Any] | None:
    """The body as Slack means it, when that is an object: JSON, a form, or a form that
    carries a JSON ``payload``. (Bolt's reader takes any form that merely contains the word
    "payload", in a command's text or a channel's name, for the last, and reads it empty.)"""
    kind = str(content_type or "").split(";", 1)[0].strip().lower()
    try:
        if kind == "application/json" or text.startswith("{"):
            found = json.loads(text)
        else:
            fields = dict(parse_qsl(text, keep_blank_values=True))
            found = json.loads(fields["payload"]) if "payload" in fields else fields
    except (ValueError, RecursionError):  # JSON that is not, or nested past Python's depth
        return None
    return found if isinstance(found, dict) else None


def _length(header: object) -> int | None:
    text = str(header or "0").strip()
    return int(text) if DIGITS.fullmatch(text) else None


def refused(refusal: Refusal) -> bytes:
    """Log the refusal in one line of our own words; the response's body."""
    log.warning("refused a request to /slack/events: %s (%s)", refusal.reason, refusal.status)
    return f"{refusal.status.split(' ', 1)[1]}\n".encode()
