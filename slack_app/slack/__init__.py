"""The app's side of Slack's Web API: client set-up, people, posting, error translation."""
