"""Listeners still moving into slack_app.flows."""
