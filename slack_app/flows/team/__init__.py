"""F3, the team: forming it in a pilot channel (or linking one), and who is in, registered
by reactions, joins and leaves, and the "I'm in" button, with its vision and roster kept
in the channel."""
