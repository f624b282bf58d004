"""The hostile tier reuses the scenarios' fixtures: Alice's stand, its team and pilot."""

from tests.scenarios.conftest import pilot, running, stand_id, started

__all__ = ["pilot", "running", "stand_id", "started"]
