"""Prometheus metrics (prometheus-client). With several workers `yibao serve` sets
PROMETHEUS_MULTIPROC_DIR, and /metrics merges every worker's figures (multi-process mode)."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from bot.answer import refusals

REQUESTS = Counter("yibao_http_requests_total", "HTTP requests by route and status", ["route", "method", "status"])
LATENCY = Histogram("yibao_http_request_duration_seconds", "HTTP request latency by route", ["route"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0))
REPLIES = Counter("yibao_replies_total", "chat replies by status and intent", ["status", "intent"])
REFUSALS = Counter("yibao_refusals_total", "refusals by reason", ["reason"])
INDEX_INFO = Gauge("yibao_index_info", "the index version a worker serves (1)", ["version"],
                   multiprocess_mode="liveall")
STORE_FAILURES = Counter("yibao_store_write_failures_total", "exchange records not stored, by cause", ["kind"])
RELOADS = Counter("yibao_index_reloads_total", "hot reloads of the index artifact", ["result"])

_OFF_TOPIC = refusals.off_topic()[:12]
_NO_EVIDENCE = refusals.no_evidence()[:12]


def refusal_reason(answer: str) -> str:
    if answer.startswith(_OFF_TOPIC):
        return "off_topic"
    if answer.startswith(_NO_EVIDENCE):
        return "no_evidence"
    if "资料库里没有" in answer:
        return "not_covered"
    return "other"


_SERIES: dict[tuple, object] = {}  # (metric, label values) -> its child
MAX_SERIES = 4096


def labelled(metric, *values: str):
    """metric.labels(*values), kept: prometheus-client's labels() takes a lock and builds a key on every call."""
    key = (metric, values)
    series = _SERIES.get(key)
    if series is None:
        series = metric.labels(*values)
        if len(_SERIES) < MAX_SERIES:
            _SERIES[key] = series
    return series


def count_reply(reply: dict) -> None:
    labelled(REPLIES, reply.get("status", ""), reply.get("intent", "")).inc()
    if reply.get("status") == "refuse":
        REFUSALS.labels(refusal_reason(reply.get("answer") or "")).inc()


def set_index_version(new: str, old: str | None = None) -> None:
    if old and old != new:
        INDEX_INFO.labels(old).set(0)
    INDEX_INFO.labels(new).set(1)


def render() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
