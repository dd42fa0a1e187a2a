"""The exchange writer: batches off the request path, counts and reports failures, never blocks."""

from __future__ import annotations

import logging

from bot.store.base import StoreUnavailable
from bot.store.writer import ExchangeWriter
from tests.store.test_store import record


class BrokenStore:
    backend = "broken"

    def __init__(self):
        self.calls = 0

    def write_exchanges(self, records):
        self.calls += 1
        raise StoreUnavailable(detail="locked")

    def apply_retention(self, **kw):
        return 0


def test_records_and_builders_are_written_in_batches(store):
    writer = ExchangeWriter(store, maxsize=1000)
    for i in range(300):
        writer.submit(record(f"r{i}"))
    writer.submit(lambda: record("built"))
    assert writer.flush(10)
    assert store.count_exchanges() == 301 and store.has_exchange("built")
    assert writer.status.written == 301 and writer.healthy() == (True, "ok")
    writer.close()


def test_failures_are_counted_and_logged_once_per_interval(caplog):
    failures = []
    writer = ExchangeWriter(BrokenStore(), report_seconds=3600, on_failure=lambda kind, n: failures.append(n))
    with caplog.at_level(logging.WARNING, logger="yibao.store"):
        for batch in range(5):
            writer.submit(record(f"r{batch}"))
            assert writer.flush(5)
    assert writer.status.failed == 5 and sum(failures) == 5
    assert len([r for r in caplog.records if "exchange store" in r.getMessage()]) == 1
    ok, reason = writer.healthy()
    assert not ok and "locked" in reason
    writer.close()


def test_a_full_queue_drops_and_counts_instead_of_blocking():
    class SlowStore(BrokenStore):
        def write_exchanges(self, records):
            import time

            time.sleep(0.2)

    writer = ExchangeWriter(SlowStore(), maxsize=3)
    accepted = sum(writer.submit(record(f"r{i}")) for i in range(50))
    assert accepted < 50 and writer.status.dropped == 50 - accepted
    writer.close()


def test_close_drains_what_is_queued(store):
    writer = ExchangeWriter(store)
    for i in range(20):
        writer.submit(record(f"r{i}"))
    writer.close()
    assert store.count_exchanges() == 20


class CappedStore(BrokenStore):
    """Takes `room` records in all; a transaction that would pass that is refused whole, as SQLite's
    max_page_count refuses it."""

    def __init__(self, room: int):
        super().__init__()
        self.room, self.kept = room, []

    def write_exchanges(self, records):
        self.calls += 1
        if len(self.kept) + len(records) > self.room:
            raise StoreUnavailable(detail="full")
        self.kept += records


def test_a_batch_that_does_not_fit_keeps_what_fits():
    store = CappedStore(room=37)
    writer = ExchangeWriter(store, linger=0.5)  # everything below arrives within one batch
    for i in range(100):
        writer.submit(record(f"r{i}"))
    assert writer.flush(10)
    assert [r.request_id for r in store.kept] == [f"r{i}" for i in range(37)]
    assert writer.status.written == 37 and writer.status.failed == 63
    assert store.calls < 20  # halves, not one try per record
    writer.close()


def test_linger_gathers_a_burst_into_one_transaction():
    counted = CappedStore(room=10_000)
    writer = ExchangeWriter(counted, linger=0.5)
    for i in range(50):
        writer.submit(record(f"r{i}"))
    assert writer.flush(10)
    assert counted.calls == 1 and len(counted.kept) == 50
    writer.close()
