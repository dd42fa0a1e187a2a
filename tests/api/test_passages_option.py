"""The `passages` request option: full (default, as before), ids, none; the rest of the reply is the
same whichever is asked for, and the exchange log keeps the reply as sent."""

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app

QUESTION = "潍坊居民医保怎么缴费"


@pytest.fixture(scope="module")
def client(bot, settings):
    with TestClient(create_app(settings, bot=bot)) as c:
        yield c


def _ask(client, **extra):
    r = client.post("/api/chat", json={"message": QUESTION, **extra})
    assert r.status_code == 200
    return r.json()


def _without(body, *keys):
    return {k: v for k, v in body.items() if k not in keys}


def test_default_is_full_passages(client, bot):
    body = _ask(client)
    assert body["passages"] and all(p["text"] for p in body["passages"])
    expected = bot.ask(QUESTION).model_dump(mode="json")
    assert _without(body, "request_id", "context") == _without(expected, "request_id", "context")
    assert _ask(client, passages="full")["passages"] == body["passages"]


def test_ids_and_none(client):
    full = _ask(client)
    ids = _ask(client, passages="ids")
    assert ids["passages"] == [{"passage_id": p["passage_id"], "score": p["score"]} for p in full["passages"]]
    none = _ask(client, passages="none")
    assert none["passages"] == []
    for body in (ids, none):
        assert _without(body, "passages", "request_id", "context") == _without(full, "passages", "request_id",
                                                                               "context")
    for p in ids["passages"]:  # each passage can be fetched when a citation is opened
        assert client.get(f"/api/passages/{p['passage_id']}").status_code == 200


def test_unknown_option_is_rejected(client):
    r = client.post("/api/chat", json={"message": QUESTION, "passages": "some"})
    assert r.status_code == 422
