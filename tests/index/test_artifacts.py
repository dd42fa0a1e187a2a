"""A missing, stale or corrupt index is detected with a clear message and rebuilt."""

import json
import shutil

import pytest

from bot.index.artifacts import IndexProblem, load_or_build, read_index


@pytest.fixture()
def index_copy(bot, settings, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(settings.index_dir, target)
    return settings.model_copy(update={"index_dir": target, "derived_dir": tmp_path / "derived"})


def test_current_index_loads(bot, settings):
    assert read_index(settings, bot.tokenizer).version == bot.index.version


def test_missing_index(tmp_path, settings, bot):
    s = settings.model_copy(update={"index_dir": tmp_path / "nothing"})
    with pytest.raises(IndexProblem, match="no index"):
        read_index(s, bot.tokenizer)


def test_stale_index_is_rebuilt(index_copy, bot, gazetteer, caplog):
    manifest = index_copy.index_dir / "manifest.json"
    data = json.loads(manifest.read_text())
    data["fingerprint"] = "0" * 64
    manifest.write_text(json.dumps(data))
    with pytest.raises(IndexProblem, match="stale"):
        read_index(index_copy, bot.tokenizer)
    with caplog.at_level("WARNING"):
        index = load_or_build(index_copy, bot.tokenizer, gazetteer)
    assert "rebuilding" in caplog.text
    assert len(index.passages) == len(bot.index.passages)


def test_corrupt_index_is_rebuilt(index_copy, bot, gazetteer):
    (index_copy.index_dir / "bm25.npz").write_bytes(b"not a numpy file")
    with pytest.raises(IndexProblem, match="corrupt"):
        read_index(index_copy, bot.tokenizer)
    assert len(load_or_build(index_copy, bot.tokenizer, gazetteer).passages) == len(bot.index.passages)


def test_build_is_deterministic(index_copy, bot, gazetteer):
    from bot.index.artifacts import build_index

    again = build_index(index_copy, bot.tokenizer, gazetteer, write_corpus=False)
    assert again.manifest["fingerprint"] == bot.index.manifest["fingerprint"]
    assert [p["passage_id"] for p in again.passages] == [p["passage_id"] for p in bot.index.passages]
