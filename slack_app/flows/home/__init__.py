"""The Home tab: a person's stands, their teams and pilots, drawn fresh when it is opened
and redrawn when something of theirs changes."""
