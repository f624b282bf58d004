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

    def require(self, *names: str) -> None:
        """Raise ConfigError naming every required setting that is missing."""
        missing = [name.upper() for name in names if getattr(self, name) is None]
        if missing:
            raise ConfigError(
                " ".join(f"{name} is not set: {HOW_TO_FIX[name]}." for name in missing)
                + " Put settings in the environment or in a .env file."
            )

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

    def secrets(self) -> list[str]:
        """Every secret value set, for the log filter that keeps them out of logs."""
        values = (self.slack_bot_token, self.slack_signing_secret, self.slack_app_token)
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
