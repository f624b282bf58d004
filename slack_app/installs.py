"""Many workspaces: Stand installed through Slack's OAuth v2 flow, a token per workspace.

When ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` are set (and no ``SLACK_BOT_TOKEN``),
Bolt offers ``GET /slack/install`` and ``GET /slack/oauth_redirect`` and exchanges the code
through ``oauth.v2.access`` at ``SLACK_API_URL``; slack-sdk's SQLAlchemy stores keep the
installations and the OAuth states in the app's own database (tables our migrations create).

A request is served with its workspace's token, or its org's for an org-wide install; one
from a workspace with no installation is refused in the ack (``admit``), before anything
is stored or called. The scheduler and the outbox ask ``Installed`` for the same tokens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import select

from slack_app.config import Settings
from slack_app.domain.workspace import Workspace
from slack_app.identity import UNAUTHORIZED_TYPES, loggable, refusal
from slack_app.services.departures import arrived
from slack_app.slack.client import web_client
from slack_app.slack.clients import ROTATE_MINUTES, Installed
from slack_app.slack.scopes import BOT_SCOPES
from slack_app.store.database import Database
from slack_app.store.models import BOTS, INSTALLATIONS, OAUTH_STATES

log = logging.getLogger(__name__)
STATE_SECONDS = 600  # an install begun and not finished within ten minutes starts again
NOT_INSTALLED = (
    ":no_entry: Stand is not installed in this workspace, so it did nothing. An admin can "
    "install it from the app's install page."
)
BOT = "stand.bot"  # context: the installation's bot, found by ``admit``
# Events Slack sends about the installation itself, after it is gone: no token to find.
DEPARTURE_EVENTS = frozenset({"app_uninstalled", "tokens_revoked"})


class Installations(SQLAlchemyInstallationStore):
    """slack-sdk's installation store on the app's database. A (re)install first settles
    what an uninstall left: data kept for a grace period stays, data due to be deleted is
    deleted, so a workspace that comes back after that starts empty."""

    def __init__(self, client_id: str, db: Database, now: Callable[[], datetime]) -> None:
        super().__init__(
            client_id=client_id,
            engine=db.engine,
            bots_table_name=BOTS,
            installations_table_name=INSTALLATIONS,
            logger=log,
        )
        self._db, self._now = db, now
        self.on_change: Callable[[], None] = lambda: None

    def save(self, installation: Installation) -> None:
        org_wide = bool(installation.is_enterprise_install)
        deleted = arrived(
            self._db,
            enterprise_id=installation.enterprise_id,
            team_id=None if org_wide else installation.team_id,
            now=self._now(),
        )
        if deleted:
            log.info("deleted %s rows left from an earlier install", deleted)
        super().save(installation)
        self.on_change()
        log.info(
            "Stand was installed in %s %s",
            "org" if org_wide else "workspace",
            loggable(installation.enterprise_id if org_wide else installation.team_id),
        )

    def all_bots(self) -> list[Bot]:
        """Every installation's bot, newest first (slack-sdk's store finds one at a time)."""
        c = self.bots.c
        query = select(self.bots).where(c.client_id == self.client_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(c.installed_at.desc())).mappings()
            found = [self.build_bot_entity(row) for row in rows]
        newest: dict[tuple[str | None, str | None], Bot] = {}
        for bot in found:
            newest.setdefault((bot.enterprise_id, bot.team_id), bot)
        return list(newest.values())

    def forget(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Delete the installation (and its bot): Stand was uninstalled there."""
        self.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        self.on_change()


class InstalledAuthorize(Authorize):
    """Bolt's ``authorize`` from the installations: the bot ``admit`` found, or found now."""

    def __init__(self, installed: Installed) -> None:
        self.installed = installed

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_: Any,
    ) -> AuthorizeResult | None:
        bot = context.get(BOT)
        if not isinstance(bot, Bot):
            bot = _bot_of(self.installed, context)
        if bot is None:
            return None
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


def _bot_of(installed: Installed, context: BoltContext) -> Bot | None:
    team_id, enterprise_id = context.team_id, context.enterprise_id
    if not team_id and not enterprise_id:
        return None
    org_wide = bool(context.is_enterprise_install) or not team_id
    return installed.bot(Workspace(team_id or "", enterprise_id), org_wide=org_wide or None)


class Installs:
    """Everything OAuth installs need, made once per process."""

    def __init__(self, settings: Settings, db: Database, now: Callable[[], datetime]) -> None:
        client_id = settings.slack_client_id or ""
        self.settings = settings
        self.store = Installations(client_id, db, now)
        self.states = SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=db.engine, table_name=OAUTH_STATES
        )
        rotator = TokenRotator(
            client_id=client_id,
            client_secret=settings.client_secret,
            client=web_client(None, settings.slack_api_url),
        )
        self.clients = Installed(self.store, settings.slack_api_url, rotator=rotator)
        self.store.on_change = self.clients.forget

    def oauth_settings(self) -> OAuthSettings:
        return OAuthSettings(
            client_id=self.settings.slack_client_id,
            client_secret=self.settings.client_secret,
            scopes=list(BOT_SCOPES),
            redirect_uri=self.settings.slack_redirect_uri,
            install_page_rendering_enabled=False,  # straight on to Slack's own page
            authorization_url=authorization_url(self.settings.slack_api_url),
            installation_store=self.store,
            installation_store_bot_only=True,
            token_rotation_expiration_minutes=ROTATE_MINUTES,
            state_store=self.states,
            state_expiration_seconds=STATE_SECONDS,
            logger=log,
        )

    def authorize(self) -> Authorize:
        return InstalledAuthorize(self.clients)

    def admit(self) -> Callable[..., BoltResponse | None]:
        """Bolt's ``before_authorize``: a request from a workspace with no installation is
        answered here, in words where a person asked, before anything is stored or called."""
        installed = self.clients

        def before_authorize(
            body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]
        ) -> BoltResponse | None:
            if body.get("type") in UNAUTHORIZED_TYPES or _about_the_install(body):
                return next()
            bot = _bot_of(installed, context)
            if bot is None:
                log.warning(
                    "refused a request from workspace %s (org %s): Stand is not installed there",
                    loggable(context.team_id),
                    loggable(context.enterprise_id),
                )
                return refusal(body, NOT_INSTALLED)
            context[BOT] = bot
            return next()

        return before_authorize

    def keep(self) -> timedelta:
        return timedelta(days=self.settings.uninstall_keep_days)


def _about_the_install(body: dict[str, Any]) -> bool:
    event = body.get("event")
    return isinstance(event, dict) and event.get("type") in DEPARTURE_EVENTS


def authorization_url(api_url: str) -> str:
    """Slack's page where a person approves the install, on the host SLACK_API_URL names:
    https://slack.com/api/ → https://slack.com/oauth/v2/authorize."""
    return api_url.removesuffix("/").removesuffix("/api") + "/oauth/v2/authorize"
