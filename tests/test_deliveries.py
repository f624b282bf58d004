"""Every kind of Slack effect the outbox can hold has something that delivers it."""

from __future__ import annotations

from slack_app.domain.outbox import EffectKind
from slack_app.flows.deliveries import DELIVERERS


def test_every_kind_of_effect_is_delivered() -> None:
    assert set(DELIVERERS) == set(EffectKind)
