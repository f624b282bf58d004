"""F2, the first follower: asking someone "What do you think about this idea?", and their
answer ("I'm in", "Let's talk", "Not now"), with the author told."""
