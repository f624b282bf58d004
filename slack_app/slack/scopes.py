"""The bot scopes Stand asks for when installed (``manifest.yml`` lists the same: a test
keeps them equal)."""

BOT_SCOPES = (
    "channels:history",
    "channels:join",
    "channels:manage",
    "channels:read",
    "chat:write",
    "commands",
    "groups:history",
    "groups:read",
    "groups:write",
    "im:history",
    "im:write",
    "pins:write",
    "reactions:read",
    "users:read",
)
