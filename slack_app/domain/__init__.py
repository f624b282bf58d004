"""The product's language as plain Python: no Slack, no SQL, stdlib only."""
