"""The WebClient every part of the app uses: Slack's URL from settings, retries built in."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler


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
