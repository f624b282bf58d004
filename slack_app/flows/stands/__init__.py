"""F1, taking a stand: `/stand` and its sub-commands, the declaration modal, the declaration
posted in a channel, and the buttons that lead from a stand to its next step."""
