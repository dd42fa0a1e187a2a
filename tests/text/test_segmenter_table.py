"""jieba's word table in shards (bot.text.segmenter): every lookup gives what the full dict gives, a
fresh process unpacks only the shards its texts need, and it segments exactly as with the whole table."""

from __future__ import annotations

import random
from types import SimpleNamespace

from bot.core.resources import make_tokenizer
from bot.text.fastcut import FastCut
from bot.text.normalize import normalize
from bot.text.segmenter import SHARDS, pack_table, unpack_table


def test_sharded_table_answers_as_the_dict():
    rng = random.Random(3)
    chars = "医保报销门诊住院缴费档次平阳县潍坊abc0123𠀀é" + "".join(chr(0x4E00 + i) for i in range(0, 20000, 37))
    words = {"".join(rng.choice(chars) for _ in range(rng.randint(1, 5))) for _ in range(5000)}
    table = {w: rng.choice([0, 0, 1, 7, 300]) for w in words}
    sharded, total = unpack_table(pack_table(table, 12345))
    assert total == 12345
    probes = list(words) + ["".join(rng.choice(chars) for _ in range(3)) for _ in range(2000)] + [""]
    for w in probes:
        assert sharded.get(w) == table.get(w)
        assert sharded.get(w, -1) == table.get(w, -1)
        assert (w in sharded) == (w in table)
    sharded["新词"] = 5
    assert sharded["新词"] == 5 and sharded.get("新") == table.get("新")
    assert len(sharded) == len(table) + ("新词" not in table)


def test_a_fresh_tokenizer_unpacks_only_what_it_reads_and_cuts_the_same(settings, gazetteer, tokenizer):
    tokenizer.warm_up()  # the session tokenizer has written the table cache by now
    fresh = make_tokenizer(settings, gazetteer)
    question = "平阳县县级医院住院花了2万能报多少"
    words = fresh.words(question)
    table = fresh._segmenter().FREQ
    unpacked = sum(s is not None for s in table._shards)
    assert 0 < unpacked <= len(set(question)) < SHARDS
    texts = [question, "潍坊居民医保高档一家三口交多少", "湖南靈活就業人員可以在哪裡參保", "异地就医怎么备案,需要带什么材料"]
    lazy = [fresh.words(t) for t in texts]
    fresh.fill_table()
    assert all(s is not None for s in table._shards)
    merged: dict = {}
    for shard in table._shards:
        merged.update(shard)
    whole = FastCut(SimpleNamespace(FREQ=merged, total=fresh._segmenter().total))  # one plain dict
    assert [fresh._cut(normalize(t)) for t in texts] == lazy
    assert all(whole.lcut(normalize(t)) == FastCut(fresh._segmenter()).lcut(normalize(t)) for t in texts)
