"""Scheduled work: due rows in the database, run once by whoever claims them."""
