"""Secrets never reach the logs: the bot token, the webhook secret and passwords in URLs
(scheme://user:password@host, as in a database URL) are masked in every record."""

from __future__ import annotations

import logging
import re
import threading
import traceback
from typing import Any

_SECRETS: set[str] = set()
_FACTORY_LOCK = threading.Lock()
_factory_installed = False
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][\w+.-]*://[^\s:/@]*:)(?P<password>[^\s@/]+)@")


def redact(text: str) -> str:
    """`text` with every registered secret (the bot token, the webhook secret) and URL password masked."""
    text = mask_url_passwords(text)
    for s in _SECRETS:
        if s and s in text:
            text = text.replace(s, "<redacted>")
    return text


def mask_url_passwords(text: str) -> str:
    """`text` with the password of every scheme://user:password@host in it replaced by ***."""
    return _URL_PASSWORD.sub(lambda m: m.group("head") + "***@", text) if "://" in text else text


def install_log_redaction(*values: str | None) -> None:
    """Mask `values` in every log record, whatever logger or handler (httpx logs URLs with the token).

    A record factory rather than a handler filter, so handlers added later (pytest's, a
    deployment's) are covered too.
    """
    global _factory_installed
    with _FACTORY_LOCK:
        _SECRETS.update(v for v in values if v and len(v) >= 8)
        if _factory_installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            try:
                message = record.getMessage()
            except Exception:  # a broken format string is logging's problem, not ours
                return record
            record.msg, record.args = redact(message), None
            if record.exc_info and record.exc_info[1] is not None:
                record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
                record.exc_info = None
            if record.stack_info:
                record.stack_info = redact(record.stack_info)
            return record

        logging.setLogRecordFactory(factory)
        _factory_installed = True
