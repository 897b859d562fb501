"""The one place that reads environment variables and the practice's config file."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PRACTICE_FILE = ROOT / "config" / "practice.yml"


@dataclass(frozen=True)
class Location:
    name: str
    address: str
    # Towns whose clients this office suits best ("closest to New Brunswick"): optional.
    nearby: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrisisResource:
    name: str
    how: str
    url: str | None = None


@dataclass(frozen=True)
class Practice:
    name: str
    short_name: str
    website: str
    phone: str
    email: str
    hours: str
    response_business_days: int
    locations: tuple[Location, ...]
    telehealth: bool
    crisis_resources: tuple[CrisisResource, ...]
    notice_version: str
    notice_text: str
    # Origins of the practice's website(s) whose pages may host the chat widget.
    site_origins: tuple[str, ...] = ()

    @property
    def location_names(self) -> tuple[str, ...]:
        return tuple(location.name for location in self.locations)

    @property
    def nearby_towns(self) -> tuple[tuple[str, str], ...]:
        """(town, office) for every town an office lists as near it."""
        return tuple((town.lower(), location.name) for location in self.locations for town in location.nearby)


def load_practice(path: Path) -> Practice:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Practice(
        name=raw["name"],
        short_name=raw.get("short_name", raw["name"]),
        website=raw["website"],
        phone=str(raw["phone"]),
        email=raw["email"],
        hours=raw["hours"],
        response_business_days=int(raw["response_business_days"]),
        locations=tuple(
            Location(**{**item, "nearby": tuple(str(town) for town in item.get("nearby") or ())})
            for item in raw["locations"]
        ),
        telehealth=bool(raw.get("telehealth", True)),
        crisis_resources=tuple(CrisisResource(**item) for item in raw["crisis_resources"]),
        notice_version=effective_notice_version(str(raw["notice"]["version"]), raw["notice"]["text"]),
        notice_text=raw["notice"]["text"].strip(),
        site_origins=tuple(origin_of(url) for url in raw.get("site_origins") or [raw["website"]]),
    )


@lru_cache(maxsize=4)
def _practice_as_of(path: Path, modified_ns: int, size: int) -> Practice:
    return load_practice(path)


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased, the way browsers send it in `Origin`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not a web origin: {url!r}")
    default_port = {"http": 80, "https": 443}[parts.scheme]
    port = f":{parts.port}" if parts.port and parts.port != default_port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def effective_notice_version(declared: str, text: str) -> str:
    """The declared version plus a fingerprint of the text: editing the notice without bumping
    its version still changes what consent records say the client agreed to."""
    fingerprint = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]
    return f"{declared}+{fingerprint}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    practice_file: Path
    rasa_url: str
    rasa_api_token: str
    action_port: int
    rasa_port: int
    web_port: int
    secret_key: str
    log_level: str
    var_dir: Path = field(default=ROOT / "var")
    tracker_url: str = ""
    # Mail to the practice (urgent intakes). Empty NOTIFY_TO means the practice config's email.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = False
    notify_from: str = ""
    notify_to: str = ""
    dashboard_url: str = "http://127.0.0.1:8000/dashboard"
    # Dashboard sessions end after this many idle minutes; accounts lock for login_lockout_minutes
    # after login_max_failures failed logins in a row. COOKIE_SECURE=false only for plain-HTTP
    # testing on another host (browsers keep Secure cookies on http://localhost anyway).
    dashboard_idle_minutes: float = 15.0
    login_max_failures: int = 5
    login_lockout_minutes: float = 15.0
    cookie_secure: bool = True
    admin_email: str = ""
    # The TLS-terminating proxy's address: waitress then takes the client's address and https from
    # its X-Forwarded-For / X-Forwarded-Proto (audit "from where", Secure cookies, HSTS).
    trusted_proxy: str = ""
    # Encryption keys: INTAKE_ENCRYPTION_KEYS ("id:base64key,...", first current) wins over the
    # key file, which `intake setup` generates (mode 0600) outside the database.
    key_file: Path = field(default=ROOT / "var" / "keys" / "intake.keys")
    encryption_keys: str = field(default="", repr=False)
    # Retention (days): in-progress intakes untouched this long are abandoned and purged;
    # tracker events of a complete intake; complete intakes after a therapist exported them.
    retention_abandoned_days: int = 30
    retention_tracker_days: int = 7
    retention_exported_days: int = 90
    purge_interval_seconds: float = 3600.0
    # Reliability: how long Rasa's tracker store retries an unreachable database before the
    # client is told to send again (kept below the web app's 30 s wait for Rasa); Redis for
    # Rasa's lock store when several Rasa replicas share conversations (empty: in memory).
    tracker_retry_seconds: float = 25.0
    redis_url: str = ""
    # A trained model to serve instead of models/intake-<fingerprint>.tar.gz (a deployment ships
    # one model file; RASA_MODEL).
    model_file: str = ""
    # Where Rasa and /healthz reach the action server(s) (ACTION_SERVER_URL; a load balancer in
    # front of several replicas); the local one on ACTION_PORT by default.
    action_server_url: str = ""

    @property
    def practice(self) -> Practice:
        # Parsed again only when the file changes: actions read it several times a message.
        stamp = self.practice_file.stat()
        return _practice_as_of(self.practice_file, stamp.st_mtime_ns, stamp.st_size)


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _tracker_url(env: Mapping[str, str], var_dir: Path) -> str:
    # Rasa's events live beside the intakes on PostgreSQL; on SQLite they get their own file so
    # the two writers do not wait on each other's locks.
    database_url = env.get("DATABASE_URL", "")
    if database_url.startswith("postgresql"):
        return database_url
    return _sqlite_url(var_dir / "tracker.db")


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines of a .env file (the generated secrets); comments and blanks ignored."""
    if not path.exists():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip('"')
    return values


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment, falling back to the repo's .env file, then defaults."""
    env = {**read_env_file(ROOT / ".env"), **os.environ} if environ is None else dict(environ)
    var_dir = Path(env.get("INTAKE_VAR_DIR", ROOT / "var"))
    rasa_port = int(env.get("RASA_PORT", "5005"))
    web_port = int(env.get("WEB_PORT", "8000"))
    return Settings(
        database_url=env.get("DATABASE_URL") or _sqlite_url(var_dir / "intake.db"),
        practice_file=Path(env.get("PRACTICE_CONFIG", DEFAULT_PRACTICE_FILE)),
        rasa_url=env.get("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
        rasa_api_token=env.get("RASA_API_TOKEN", ""),
        action_port=int(env.get("ACTION_PORT", "5055")),
        rasa_port=rasa_port,
        web_port=web_port,
        secret_key=env.get("SECRET_KEY", ""),
        log_level=env.get("LOG_LEVEL", "INFO"),
        var_dir=var_dir,
        tracker_url=env.get("TRACKER_URL") or _tracker_url(env, var_dir),
        smtp_host=env.get("SMTP_HOST", "127.0.0.1"),
        smtp_port=int(env.get("SMTP_PORT", "25")),
        smtp_user=env.get("SMTP_USER", ""),
        smtp_password=env.get("SMTP_PASSWORD", ""),
        smtp_starttls=_flag(env.get("SMTP_STARTTLS", "")),
        notify_from=env.get("NOTIFY_FROM", ""),
        notify_to=env.get("NOTIFY_TO", ""),
        dashboard_url=env.get("DASHBOARD_URL") or f"http://127.0.0.1:{web_port}/dashboard",
        dashboard_idle_minutes=float(env.get("DASHBOARD_IDLE_MINUTES", "15")),
        login_max_failures=int(env.get("LOGIN_MAX_FAILURES", "5")),
        login_lockout_minutes=float(env.get("LOGIN_LOCKOUT_MINUTES", "15")),
        cookie_secure=_flag(env.get("COOKIE_SECURE", "true")),
        admin_email=env.get("ADMIN_EMAIL", ""),
        trusted_proxy=env.get("TRUSTED_PROXY", ""),
        key_file=Path(env.get("INTAKE_KEY_FILE") or var_dir / "keys" / "intake.keys"),
        encryption_keys=env.get("INTAKE_ENCRYPTION_KEYS", ""),
        retention_abandoned_days=int(env.get("RETENTION_ABANDONED_DAYS", "30")),
        retention_tracker_days=int(env.get("RETENTION_TRACKER_DAYS", "7")),
        retention_exported_days=int(env.get("RETENTION_EXPORTED_DAYS", "90")),
        purge_interval_seconds=float(env.get("PURGE_INTERVAL_SECONDS", "3600")),
        tracker_retry_seconds=float(env.get("TRACKER_RETRY_SECONDS", "25")),
        redis_url=env.get("REDIS_URL", ""),
        model_file=env.get("RASA_MODEL", ""),
        action_server_url=(
            env.get("ACTION_SERVER_URL") or f"http://127.0.0.1:{env.get('ACTION_PORT', '5055')}"
        ).rstrip("/"),
    )


@cache
def settings() -> Settings:
    return settings_from_env()
