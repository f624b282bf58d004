"""F4, the pilot: its proposal, the sponsor's decision, starting and withdrawing it, its history."""
