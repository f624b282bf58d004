"""A fake of Slack's Web API for tests: a real local HTTP server the app's WebClient talks to.

It answers like Slack for one workspace (stateful), records every call, and records a
violation for anything Slack would refuse or warn about. See server.FakeSlack.
"""

from tests.fakeslack.calls import Call
from tests.fakeslack.server import FakeSlack

__all__ = ["Call", "FakeSlack"]
