"""Stand uninstalled from a workspace or an org: its installation forgotten, its data
deleted by the next tick (``services/departures.py``)."""
