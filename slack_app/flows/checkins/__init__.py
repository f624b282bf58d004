"""F6, check-ins: the schedule, the check-in threads, their answers and their buttons."""
