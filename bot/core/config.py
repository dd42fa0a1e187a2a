"""One Settings object for paths, thresholds and server options (env vars prefixed YIBAO_)."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Literal
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YIBAO_", extra="ignore")

    # Paths
    root: Path = ROOT
    raw_dir: Path = ROOT / "corpus" / "raw"
    dict_dir: Path = ROOT / "corpus" / "dict"
    build_dir: Path = ROOT / "corpus" / "build"
    data_dir: Path = ROOT / "corpus" / "data"
    derived_dir: Path = ROOT / "corpus" / "derived"
    rules_dir: Path = ROOT / "corpus" / "rules"
    intents_dir: Path = ROOT / "intents"
    web_dir: Path = ROOT / "web"
    index_dir: Path = ROOT / "var" / "index"
    cache_dir: Path = ROOT / "var" / "cache"
    feedback_db: Path = ROOT / "var" / "feedback.sqlite3"
    secret_file: Path = ROOT / "var" / "secret.key"

    # Server
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = Field(default_factory=list)  # origins allowed to call the API; [] = same origin only
    secret: str | None = None  # HMAC key for signed conversation context; generated into secret_file if unset
    max_message_chars: int = 500
    max_body_bytes: int = 16_384

    # Hardening (see README "Limits and security")
    min_secret_bytes: int = 32
    context_max_age_seconds: int = 24 * 3600  # a signed context older than this is refused
    rate_limit_per_minute: int = 60  # per client address and worker process; 0 = off
    trusted_proxies: list[str] = Field(default_factory=list)  # addresses / networks whose X-Forwarded-For is used
    frame_ancestors: str = "'self'"  # CSP frame-ancestors: who may embed our pages in a frame
    docs_enabled: bool = True  # /docs (self-hosted Swagger UI) and /openapi.json
    max_header_bytes: int = 16_384  # request line + headers; more -> 431
    request_read_timeout: float = 10.0  # seconds to receive a whole request (headers and body); then 408 + close
    timeout_keep_alive: int = 5  # seconds an idle keep-alive connection stays open
    limit_concurrency: int = 1000  # open connections + running requests per worker; more -> 503
    graceful_shutdown_seconds: int = 10  # SIGTERM: finish in-flight requests for at most this long

    # Retrieval
    top_k: int = 5
    bm25_k1: float = 1.5
    bm25_b: float = 0.75
    bm25_epsilon: float = 0.25
    min_score: float = 6.0  # below this best BM25 score the bot says it does not know (dev splits unchanged up to 7)
    min_domain_terms: int = 1  # a question must mention at least this many 医保 terms
    answer_sentences: int = 3

    # Intent routing
    intent_threshold: float = 0.40
    intent_margin: float = 0.10
    followup_max_chars: int = 14  # a short message after a clarify question completes the earlier one

    # Feature switches (ablations for `yibao eval`)
    use_synonyms: bool = True
    use_userdict: bool = True
    use_region_boost: bool = True

    current_year: int = Field(default_factory=lambda: _dt.date.today().year)

    # Deployment: a shipped artifact, storage, retention, operations (README "Deploying at scale")
    index_readonly: bool = False  # serve the artifact at index_dir as it is: verify, never build
    database_url: str | None = None  # postgresql://... -> PostgreSQL; unset -> SQLite at feedback_db
    database_pool_size: int = 4
    database_connect_seconds: float = 5.0  # PostgreSQL unreachable this long at start: serve without the store
    store_exchanges: bool = True  # log each exchange (masked) for feedback export and `yibao audit`
    store_queue_size: int = 10_000  # exchanges waiting for the writer thread; more are dropped and counted
    # process: a separate writer process fed through a pipe (the request path pays one pipe write);
    # thread: a writer thread in each server process (masking and writing share the server's GIL)
    exchange_writer: Literal["process", "thread"] = "process"
    retention_days: float = 30.0  # exchanges older than this are deleted (0 = keep)
    retention_rows: int = 200_000  # at most this many exchanges are kept (0 = no limit)
    store_max_mb: float = 512.0  # size cap of the SQLite file / the PostgreSQL exchange table
    store_busy_ms: int = 2_000  # how long a store write waits for a lock before it is counted as failed
    store_report_seconds: float = 60.0  # store failures are logged at most once per this interval
    maintenance_seconds: float = 300.0  # how often retention and the size cap are applied
    admin_token: str | None = None  # bearer token for POST /admin/reload; unset = endpoint disabled
    log_format: str = "json"  # json | text (server logs)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
