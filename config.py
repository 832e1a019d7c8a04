"""Configuration read from environment variables.

`make run` works with none of them set: SQLite under ./instance, a secret key
generated once into ./instance/secret_key, Japanese locale and calendar.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = Path(os.environ.get("PLANNER_INSTANCE", ROOT / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'planner.db'}")
    # Heroku-style URLs name the dialect "postgres"; SQLAlchemy wants a driver too.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _secret_key() -> str:
    """The SECRET_KEY env var, or a key generated once per instance folder.

    Several hosts must share one key, so production sets SECRET_KEY; a single
    machine keeps working across restarts without anyone choosing a key.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    SQLALCHEMY_DATABASE_URI = database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SECRET_KEY = _secret_key()

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    BABEL_DEFAULT_LOCALE = "ja"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("PLANNER_TIMEZONE", "Asia/Tokyo")
    PLANNER_TIMEZONE = BABEL_DEFAULT_TIMEZONE
    PLANNER_COUNTRY = os.environ.get("PLANNER_COUNTRY", "JP")
    # Empty: the address the app is served on (planner/core/urls.py).
    PLANNER_BASE_URL = os.environ.get("PLANNER_BASE_URL", "")
    # Where a person the directory (SCIM) sends without a group is put: a
    # department code, made on first need (README, "SCIM").
    SCIM_DEFAULT_DEPARTMENT = os.environ.get("SCIM_DEFAULT_DEPARTMENT", "SCIM-NEW")
    # The directory groups that give a role instead of being a department: a
    # JSON object from a group's displayName or externalId to a role, e.g.
    # {"Planner managers": "manager"}; checked at start-up (identity/provisioning.py).
    SCIM_ROLE_GROUPS = os.environ.get("SCIM_ROLE_GROUPS", "")
    LANGUAGES = ("ja", "en")

    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = _bool("SMTP_STARTTLS")
    MAIL_FROM = os.environ.get("MAIL_FROM", "planner@localhost")
    # `planner run` with no SMTP_HOST delivers to a mailbox of its own, which
    # administrators read in the app (planner/notifications/dev_mailbox.py).
    DEV_MAILBOX = _bool("PLANNER_DEV_MAILBOX", "SMTP_HOST" not in os.environ)
    # The longest one message may take to hand over (connecting included); cut off then.
    SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "30"))
    # A claimed notification comes back to the queue after this long if its
    # dispatcher died. Renewed right before each send, so it must cover one
    # send: at least SMTP_TIMEOUT + DISPATCH_LEASE_MARGIN_SECONDS (checked at
    # start-up, planner/notifications/leases.py); the margin covers clock skew
    # between the dispatchers' hosts.
    DISPATCH_LEASE_SECONDS = float(os.environ.get("DISPATCH_LEASE_SECONDS", "120"))
    DISPATCH_LEASE_MARGIN_SECONDS = float(os.environ.get("DISPATCH_LEASE_MARGIN_SECONDS", "5"))
    DISPATCH_BATCH = int(os.environ.get("DISPATCH_BATCH", "50"))
    RETRY_BASE_SECONDS = float(os.environ.get("RETRY_BASE_SECONDS", "60"))

    PASSWORD_HASH_METHOD = "scrypt"  # Werkzeug's default: memory-hard
    PER_PAGE = 25
    MAX_PER_PAGE = 200
    SCHEDULER_ENABLED = _bool("SCHEDULER_ENABLED", True)
    # Uploads: an .xlsx of 100,000 task rows is about 8 MB; anything much
    # larger is refused with 413 before it is read.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "32")) * 1024 * 1024
    INSTANCE_PATH = str(INSTANCE)
    # Evidence files (planner/evidence): the largest one taken (413 above it;
    # MAX_UPLOAD_MB caps every request first), and where they are kept: a
    # folder (EVIDENCE_PATH, default <instance>/evidence) or an S3-compatible
    # bucket (EVIDENCE_STORAGE=s3, `pip install 'planner[s3]'`, credentials as
    # boto3 finds them).
    EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
    EVIDENCE_STORAGE = os.environ.get("EVIDENCE_STORAGE", "local")
    EVIDENCE_PATH = os.environ.get("EVIDENCE_PATH", "")
    EVIDENCE_S3_BUCKET = os.environ.get("EVIDENCE_S3_BUCKET", "")
    EVIDENCE_S3_PREFIX = os.environ.get("EVIDENCE_S3_PREFIX", "evidence/")
    EVIDENCE_S3_ENDPOINT_URL = os.environ.get("EVIDENCE_S3_ENDPOINT_URL", "")
    EVIDENCE_S3_REGION = os.environ.get("EVIDENCE_S3_REGION", "")
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
    # What reading one import file may cost, checked before it is parsed and
    # enforced while it is, in a child process (planner/core/sheet_reader.py).
    # A 100,000-row export inflates to about 100 MB at a ratio near 20 and
    # reads in about 15 s of CPU and 40 MB of memory.
    IMPORT_MAX_PARTS = int(os.environ.get("IMPORT_MAX_PARTS", "1000"))
    IMPORT_MAX_UNCOMPRESSED_MB = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_MB", "1024"))
    IMPORT_MAX_SHARED_STRINGS_MB = int(os.environ.get("IMPORT_MAX_SHARED_STRINGS_MB", "64"))
    IMPORT_MAX_RATIO = int(os.environ.get("IMPORT_MAX_RATIO", "100"))
    IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", "32767"))
    IMPORT_PARSE_MEMORY_MB = int(os.environ.get("IMPORT_PARSE_MEMORY_MB", "512"))
    IMPORT_PARSE_SECONDS = int(os.environ.get("IMPORT_PARSE_SECONDS", "60"))

    # Sessions end after this long, or after this long without a request.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", "12")))
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
    # Both are checked against the server-side session record
    # (people/sessions.py), the lifetime from sign-in, however often the cookie
    # is re-sent; the cookie's own expiry only tidies the browser.
    SESSION_REFRESH_EACH_REQUEST = False
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host
    # (werkzeug's ProxyFix); 0 trusts none of those headers.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Sign-in throttling (Flask-Limiter, people/throttling.py): failed attempts
    # per address and per account from browsers that never signed in to the
    # account, and per device from those that did. The counters live in the
    # database by default, so every worker and host shares them; memory://
    # counts per process (one process only).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "planner+db://")
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "100 per 10 minutes")
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_DEVICE = os.environ.get("LOGIN_LIMIT_PER_DEVICE", "10 per 15 minutes")
    # Refused (unsigned or badly signed) event-webhook deliveries an address may send.
    WEBHOOK_LIMIT_PER_ADDRESS = os.environ.get("WEBHOOK_LIMIT_PER_ADDRESS", "30 per 10 minutes")
    # How long a browser stays a known device after its last sign-in.
    LOGIN_DEVICE_DAYS = int(os.environ.get("LOGIN_DEVICE_DAYS", "180"))

    # Sign-in with OpenID Connect (planner/identity/oidc.py); off while OIDC_ISSUER
    # is empty. OIDC_GROUP_MAP is JSON: a group -> {"role": ..., "departments":
    # [codes]}, read at start-up (a bad map stops it). With OIDC_ONLY, passwords
    # sign in only OIDC_BREAK_GLASS_EMAIL's account (for when the provider is down).
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
    OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "")
    OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
    OIDC_EMAIL_VERIFIED_CLAIM = os.environ.get("OIDC_EMAIL_VERIFIED_CLAIM", "email_verified")
    OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
    OIDC_GROUP_MAP = os.environ.get("OIDC_GROUP_MAP", "")
    OIDC_JIT = _bool("OIDC_JIT")
    OIDC_ONLY = _bool("OIDC_ONLY")
    OIDC_BREAK_GLASS_EMAIL = os.environ.get("OIDC_BREAK_GLASS_EMAIL", "")


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SECRET_KEY = "test-secret-key"  # noqa: S105 - tests only
    SCHEDULER_ENABLED = False
    DEV_MAILBOX = False
    PLANNER_BASE_URL = "http://127.0.0.1:5000"
    WTF_CSRF_ENABLED = True
    # Tests create many accounts; a memory-hard hash there only costs time.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
