"""Settings from the environment and an optional ``.env``; secrets are never printed.

Each command asks only for the settings it needs (``migrate`` needs no Slack token), and a
missing or malformed one becomes a ``ConfigError`` whose message is one line naming the
variable and what to do about it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.exc import ArgumentError

from slack_app.domain.errors import BrokenInvariant
from slack_app.store.database import normalise_url

DEFAULT_DATA_DIR = Path("data")

# What each variable is and where a person finds it, for the error messages.
HOW_TO_FIX = {
    "SLACK_BOT_TOKEN": "set it to the Bot User OAuth Token (xoxb-…) from your Slack app's "
    "OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "set it to the Signing Secret from your Slack app's "
    "Basic Information page",
    "SLACK_APP_TOKEN": "set it to an App-Level Token (xapp-…) with the connections:write scope "
    "from your Slack app's Basic Information page, or unset it to run in HTTP mode",
    "SLACK_CLIENT_ID": "set it to the Client ID from your Slack app's Basic Information page "
    "(with SLACK_CLIENT_SECRET, for installing Stand in many workspaces), or unset it",
    "SLACK_CLIENT_SECRET": "set it to the Client Secret from your Slack app's Basic "
    "Information page (with SLACK_CLIENT_ID), or unset it",
    "UNINSTALL_KEEP_DAYS": "set it to how many days to keep a workspace's data after Stand is "
    "uninstalled from it (0, the default: delete it at the next tick)",
    "SLACK_API_URL": "set it to an http(s) URL ending in /api/ (default https://slack.com/api/)",
    "DATABASE_URL": "set it to a SQLAlchemy URL such as sqlite:///data/stand.db or "
    "postgresql://user:password@host/db",
    "PORT": "set it to a port number between 1 and 65535 (default 3000)",
    "LOG_LEVEL": "set it to DEBUG, INFO, WARNING or ERROR (default INFO)",
}


class ConfigError(Exception):
    """A setting is missing or malformed; ``str()`` is the line to show the operator."""


class Settings(BaseSettings):
    """The operator's settings. Field names are the environment variables, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_redirect_uri: str | None = None  # when the app has several redirect URLs
    uninstall_keep_days: int = Field(default=0, ge=0, le=3650)
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = Field(default=f"sqlite:///{DEFAULT_DATA_DIR / 'stand.db'}")
    port: int = Field(default=3000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("is not a bot token (it should start with xoxb-)")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value():
            return None
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("is not an app-level token (it should start with xapp-)")
        return value

    @field_validator("slack_client_id", "slack_client_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_signing_secret")
    @classmethod
    def _signing_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            raise ValueError("is empty")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("is not an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = normalise_url(value)
        except ArgumentError:
            raise ValueError("is not a database URL") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError("names a database Stand does not support (use SQLite or PostgreSQL)")
        return value

    def require(self, *names: str, tokens: bool = False, one_mode: bool = False) -> None:
        """Raise ConfigError naming every required setting that is missing; ``tokens``: a
        way to Slack too (one bot token, or the app's client id and secret); ``one_mode``:
        not both of those, even when neither is required."""
        lines = [self._no_way_to_slack() if tokens else self._two_modes() if one_mode else ""]
        missing = [name.upper() for name in names if getattr(self, name) is None]
        lines += [f"{name} is not set: {HOW_TO_FIX[name]}." for name in missing]
        lines = [line for line in lines if line]
        if lines:
            raise ConfigError(
                " ".join(lines) + " Put settings in the environment or in a .env file."
            )

    def _two_modes(self) -> str:
        client = self.slack_client_id is not None or self.slack_client_secret is not None
        if self.slack_bot_token is None or not client:
            return ""
        # Bolt would also read the client's settings from the environment and offer an
        # install flow of its own, keeping tokens in files: one mode or the other.
        return (
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET are both set: set the bot "
            "token for one workspace, or the client id and secret to install Stand in many, "
            "not both."
        )

    def _no_way_to_slack(self) -> str:
        if self._two_modes():
            return self._two_modes()
        if self.slack_bot_token is not None or self.installs:
            return ""
        if self.slack_client_id is None and self.slack_client_secret is None:
            return (
                f"SLACK_BOT_TOKEN is not set: {HOW_TO_FIX['SLACK_BOT_TOKEN']} (one workspace), "
                "or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install Stand in many "
                "workspaces through Slack's OAuth flow."
            )
        half = "SLACK_CLIENT_SECRET" if self.slack_client_secret is None else "SLACK_CLIENT_ID"
        return f"{half} is not set: {HOW_TO_FIX[half]}."

    @property
    def bot_token(self) -> str:
        self.require("slack_bot_token")
        if self.slack_bot_token is None:
            raise BrokenInvariant("expected require() to refuse a missing SLACK_BOT_TOKEN")
        return self.slack_bot_token.get_secret_value()

    @property
    def signing_secret(self) -> str:
        self.require("slack_signing_secret")
        if self.slack_signing_secret is None:
            raise BrokenInvariant("expected require() to refuse a missing SLACK_SIGNING_SECRET")
        return self.slack_signing_secret.get_secret_value()

    @property
    def app_token(self) -> str | None:
        return None if self.slack_app_token is None else self.slack_app_token.get_secret_value()

    @property
    def installs(self) -> bool:
        """Many workspaces, each installed through Slack's OAuth flow with a token of its own:
        when the app's client id and secret are set and no single bot token is."""
        both = self.slack_client_id is not None and self.slack_client_secret is not None
        return both and self.slack_bot_token is None

    @property
    def client_secret(self) -> str:
        self.require(tokens=True)
        if self.slack_client_secret is None:
            raise BrokenInvariant("expected require() to refuse a missing SLACK_CLIENT_SECRET")
        return self.slack_client_secret.get_secret_value()

    def secrets(self) -> list[str]:
        """Every secret value set, for the log filter that keeps them out of logs."""
        values = (
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.slack_client_secret,
        )
        found = [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]
        password = normalise_url(self.database_url).password
        return [*found, str(password)] if password else found


def load_settings() -> Settings:
    """Read the settings, turning pydantic's report into one line per bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = str(problem["loc"][0]).upper() if problem["loc"] else "a setting"
            how = HOW_TO_FIX.get(name, "fix it")
            if problem["type"] == "value_error":
                reason = problem["msg"].removeprefix("Value error, ")
                lines.append(f"{name} {reason}: {how}.")
            else:
                lines.append(f"{name} is malformed ({problem['msg'].lower()}): {how}.")
        raise ConfigError(" ".join(lines)) from None
