"""Truncated, edited or emptied artifact files are found by their checksum: rebuilt with a log line, or,
where building is not allowed (`serve --index DIR`), a clear exit naming the file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bot.core.config import ROOT
from bot.core.errors import DataFileError
from bot.index.artifacts import IndexProblem, build_index, load_or_build, read_index
from tests.ops.conftest import server_env


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _edit_passage(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    data[3]["text"] = data[3]["text"].replace("医保", "医疗", 1) if "医保" in data[3]["text"] else data[3]["text"] + "。"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


DAMAGE = {
    "truncated bm25.npz": ("bm25.npz", _truncate),
    "truncated intent model": ("intent_model.npz", _truncate),
    "emptied documents.json": ("documents.json", lambda p: p.write_text("[]", encoding="utf-8")),
    "edited passage text": ("passages.json", _edit_passage),
    "edited rule file": ("rules/weifang.yaml", lambda p: p.write_text(p.read_text(encoding="utf-8") + "\n# x\n",
                                                                      encoding="utf-8")),
}


@pytest.fixture()
def artifact(bot, tmp_path):
    target = tmp_path / "artifact"
    shutil.copytree(bot.index.directory, target)
    return target


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damage_is_named_and_rebuilt(case, artifact, settings, bot, gazetteer, caplog, tmp_path):
    name, damage = DAMAGE[case]
    if not (artifact / name).exists():
        name = next(p.relative_to(artifact).as_posix() for p in (artifact / "rules").glob("*.yaml"))
    damage(artifact / name)
    s = settings.model_copy(update={"index_dir": artifact, "derived_dir": tmp_path / "derived"})
    with pytest.raises(IndexProblem, match=name.split("/")[-1]):
        read_index(s, bot.tokenizer)
    with caplog.at_level("WARNING", logger="yibao.index"):
        index = load_or_build(s, bot.tokenizer, gazetteer)
    assert "rebuilding" in caplog.text and name.split("/")[-1] in caplog.text
    assert len(index.passages) == len(bot.index.passages)
    read_index(s, bot.tokenizer)  # the rebuilt artifact verifies


def _yibao(env, *args, timeout=120):
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_index_check_and_read_only_serve_name_the_broken_file(artifact, settings):
    env = server_env(settings)
    ok = _yibao(env, "index", "--check", "--index", str(artifact))
    assert ok.returncode == 0 and "files verified" in ok.stdout
    _truncate(artifact / "bm25.npz")
    check = _yibao(env, "index", "--check", "--index", str(artifact))
    assert check.returncode == 1 and "bm25.npz" in check.stderr and "checksum" in check.stderr
    serve = _yibao(env, "serve", "--index", str(artifact), "--port", "9")
    assert serve.returncode == 1 and "bm25.npz" in serve.stderr
    assert artifact.joinpath("bm25.npz").stat().st_size < 84_000  # read-only: nothing was rebuilt


def test_read_only_serve_refuses_other_dictionaries(artifact, bot, settings, tmp_path):
    dict_dir = tmp_path / "dict"
    shutil.copytree(settings.dict_dir, dict_dir)
    synonyms = dict_dir / "synonyms.txt"
    target = synonyms if synonyms.exists() else next(dict_dir.iterdir())
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    s = settings.model_copy(update={"dict_dir": dict_dir, "index_readonly": True})
    with pytest.raises(IndexProblem, match=target.name):
        read_index(s, bot.tokenizer, directory=artifact, check_inputs=False)


def test_missing_rules_folder_is_an_error(settings, bot, gazetteer, tmp_path):
    s = settings.model_copy(update={"rules_dir": tmp_path / "no-rules", "index_dir": tmp_path / "idx",
                                    "derived_dir": tmp_path / "derived"})
    with pytest.raises(DataFileError, match="rules folder is missing"):
        build_index(s, bot.tokenizer, gazetteer)
    out = _yibao(server_env(settings, YIBAO_RULES_DIR=tmp_path / "no-rules", YIBAO_INDEX_DIR=tmp_path / "idx"), "index")
    assert out.returncode == 3 and "no-rules" in out.stderr
