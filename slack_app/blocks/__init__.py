"""Block Kit, built in one place by small pure functions over domain objects."""
