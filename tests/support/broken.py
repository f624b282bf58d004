"""A part of the app broken for its first call: a bug, the database gone mid-work, or a
process cut off between Slack's answer and the commit that records it."""

from __future__ import annotations

from typing import Any

import pytest


class BrokenOnce:
    """``module.name`` replaced by one that fails its first call and then works; how often
    it was called."""

    def __init__(self, module: object, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real, self.calls = getattr(module, name), 0
        monkeypatch.setattr(module, name, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("failed once, fixed by the time it is tried again")
        return self.real(*args, **kwargs)
