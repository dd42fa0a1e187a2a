"""Storage: one interface (`Store`), SQLite by default, PostgreSQL when YIBAO_DATABASE_URL says so."""

from __future__ import annotations

from bot.core.config import Settings
from bot.store.base import ExchangeRecord, Store, StoreUnavailable

__all__ = ["ExchangeRecord", "Store", "StoreUnavailable", "open_store", "describe"]


def open_store(settings: Settings) -> Store:
    url = settings.database_url
    max_bytes = int(settings.store_max_mb * 1024 * 1024)
    if url and url.startswith(("postgres://", "postgresql://")):
        from bot.store.postgres import PostgresStore

        return PostgresStore(url, pool_size=settings.database_pool_size, busy_ms=settings.store_busy_ms,
                             connect_timeout=settings.database_connect_seconds)
    if url and not url.startswith("sqlite:///"):
        raise ValueError("YIBAO_DATABASE_URL must be postgresql://... or sqlite:///PATH")
    from pathlib import Path

    from bot.store.sqlite import SQLiteStore

    path = Path(url[len("sqlite:///"):]) if url else settings.feedback_db
    return SQLiteStore(path, busy_ms=settings.store_busy_ms, max_bytes=max_bytes)


def describe(settings: Settings) -> str:
    """Where the store lives, without credentials."""
    url = settings.database_url
    if url and url.startswith(("postgres://", "postgresql://")):
        from urllib.parse import urlsplit

        u = urlsplit(url)
        return f"postgresql://{u.hostname}:{u.port or 5432}{u.path}"
    return f"sqlite:{settings.feedback_db if not url else url[len('sqlite:///'):]}"
