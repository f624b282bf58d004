"""A broken invariant is ours, not the person's: the error handler logs it and tells them only
that something went wrong; a domain error is theirs, told in its own words."""

from __future__ import annotations

import logging
from typing import Any, cast

import pytest
from slack_sdk import WebClient

from slack_app.domain.errors import BrokenInvariant, DomainError, NotFound
from slack_app.flows.errors import SORRY, handle_error


class Client:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def chat_postMessage(self, **kwargs: Any) -> None:
        self.sent.append(kwargs)


BODY = {"type": "block_actions", "user": {"id": "U0ALICE"}}


def test_a_broken_invariant_is_logged_and_the_person_hears_only_sorry(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = Client()
    error = BrokenInvariant("decision 7 reached apply without a verdict and a decision time")

    with caplog.at_level(logging.ERROR, logger="slack_app.flows.errors"):
        handle_error(error, BODY, cast(WebClient, client))

    assert not isinstance(error, DomainError)
    assert client.sent == [{"channel": "U0ALICE", "text": SORRY}]
    [record] = caplog.records
    assert record.exc_info is not None
    assert record.exc_info[1] is error


def test_a_domain_error_is_told_in_its_own_words_and_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = Client()

    with caplog.at_level(logging.ERROR, logger="slack_app.flows.errors"):
        handle_error(NotFound("That stand no longer exists."), BODY, cast(WebClient, client))

    told = ":no_entry: That stand no longer exists."
    assert client.sent == [{"channel": "U0ALICE", "text": told}]
    assert caplog.records == []
