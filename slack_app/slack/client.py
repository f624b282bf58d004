"""The WebClient every part of the app uses: Slack's URL from settings, retries built in."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler

SDK_LOGGER = logging.getLogger("slack_sdk.web.base_client")


def _quiet_connection_failures(record: logging.LogRecord) -> bool:
    """slack-sdk logs every failed attempt to reach Slack at ERROR, three lines for one
    call when Slack is unreachable; the app reports the call's failure once, in its own
    words, so these are only debugging detail."""
    if record.levelno >= logging.ERROR and str(record.msg).startswith("Failed to send a request"):
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return SDK_LOGGER.isEnabledFor(logging.DEBUG)
    return True


SDK_LOGGER.addFilter(_quiet_connection_failures)


def retry_handlers() -> list[RetryHandler]:
    """Retry dropped connections, and ``ratelimited`` answers after Slack's Retry-After."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
    ]


def web_client(token: str | None, base_url: str) -> WebClient:
    return WebClient(token=token, base_url=base_url, timeout=10, retry_handlers=retry_handlers())


def poster_of(client: WebClient) -> WebClient:
    """The same client, but never resending after a dropped connection: a post Slack stored
    before the connection broke would be posted twice. (The caller finds out instead.)"""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)],
    )


def outbox_client(client: WebClient) -> WebClient:
    """The same client, retrying nothing itself: the outbox retries a failed effect later,
    from the database, instead of holding a worker while Slack asks it to wait."""
    return WebClient(
        token=client.token, base_url=client.base_url, timeout=client.timeout, retry_handlers=[]
    )
