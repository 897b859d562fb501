"""Sessions for therapists: Flask-Login wired to the accounts, idle expiry, roles.

A session cookie names the account and its `session_epoch`; logging out bumps the epoch, so a
copied cookie stops working at once rather than when it expires.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, jsonify, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, logout_user

from bot.accounts import account_for_token
from bot.store import accounts as account_store
from bot.store import audit
from bot.store.accounts import Account
from bot.web.context import client_address, web_context

login_manager = LoginManager()
login_manager.session_protection = "strong"  # a cookie moved to another browser/address is dropped

View = TypeVar("View", bound=Callable[..., Any])


class Therapist(UserMixin):  # type: ignore[misc]
    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_epoch}"

    @property
    def email(self) -> str:
        return self.account.email

    @property
    def is_admin(self) -> bool:
        return self.account.is_admin


@login_manager.user_loader
def _load(user_id: str) -> Therapist | None:
    account_id, _, epoch = user_id.partition(":")
    if not (account_id.isdigit() and epoch.isdigit()):
        return None
    account = account_store.by_id(web_context().engine, int(account_id))
    if account is None or account.session_epoch != int(epoch):
        return None
    return Therapist(account)


@login_manager.unauthorized_handler
def _unauthorized() -> Any:
    if request.blueprint == "api":
        return jsonify(error="authentication required"), 401
    expired = "expired" if g.get("session_expired") else None
    return redirect(url_for("dashboard.login", reason=expired))


def expire_idle_session() -> None:
    """Before every request: a session idle longer than the configured time is ended."""
    if "_user_id" not in session:
        return
    now = time.time()
    seen = session.get("seen")
    if isinstance(seen, (int, float)) and now - seen <= web_context().idle_timeout.total_seconds():
        session["seen"] = now
        return
    email = current_user.email if current_user.is_authenticated else "anonymous"
    audit.record(web_context().engine, actor=email, action="session_expired", remote_addr=client_address())
    logout_user()
    session.clear()
    g.session_expired = True


def start_session() -> None:
    session.permanent = True  # the cookie's own lifetime is the idle timeout too
    session["seen"] = time.time()


def bearer_account() -> Account | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return account_for_token(web_context().engine, token.strip())


def admin_required(view: View) -> View:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            audit.record(
                web_context().engine,
                actor=current_user.email,
                action="forbidden",
                target=request.path[:128],
                remote_addr=client_address(),
            )
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
