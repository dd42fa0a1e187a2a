import json

import numpy as np
import pytest
from sklearn.model_selection import StratifiedKFold

from bot.core.config import ROOT
from bot.nlu.classifier import CompiledIntentModel, IntentClassifier
from bot.nlu.training_data import load_training_data
from bot.text.tokenizer import load_wordlist

CV_FLOOR = 0.85
HELDOUT_FLOOR = 0.90


@pytest.fixture(scope="module")
def pairs(settings):
    return load_training_data(settings.intents_dir).pairs()


@pytest.fixture(scope="module")
def domain(settings):
    return frozenset(load_wordlist(settings.dict_dir / "domain_terms.txt"))


def test_cross_validated_accuracy(pairs, tokenizer, domain, settings, capsys):
    texts = np.array([t for t, _ in pairs], dtype=object)
    labels = np.array([y for _, y in pairs])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    correct = 0
    for train, test in folds.split(texts, labels):
        clf = IntentClassifier.train(list(zip(texts[train], labels[train])), tokenizer, domain,
                                     settings.intent_threshold, settings.intent_margin)
        correct += sum(clf.predict(t).raw_intent == y for t, y in zip(texts[test], labels[test]))
    accuracy = correct / len(texts)
    with capsys.disabled():
        print(f"\nintent 5-fold CV accuracy on {len(texts)} training examples: {accuracy:.3f}")
    assert accuracy >= CV_FLOOR


def test_heldout_accuracy(bot, capsys):
    rows = [json.loads(line) for line in (ROOT / "tests/data/intent_heldout.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) >= 60
    correct = sum(bot.route(bot.analyse(r["text"]))[0] == r["intent"] for r in rows)
    accuracy = correct / len(rows)
    with capsys.disabled():
        print(f"\nintent accuracy on {len(rows)} held-out questions (after fallback): {accuracy:.3f} "
              f"(threshold {bot.settings.intent_threshold}, margin {bot.settings.intent_margin})")
    assert accuracy >= HELDOUT_FLOOR


def test_heldout_is_separate_from_training(pairs):
    train = {t for t, _ in pairs}
    rows = [json.loads(line) for line in (ROOT / "tests/data/intent_heldout.jsonl").read_text("utf-8").splitlines()]
    assert not [r["text"] for r in rows if r["text"] in train]


def test_saved_model_predicts_exactly_like_sklearn(pairs, tokenizer, domain, settings, tmp_path):
    trained = IntentClassifier.train(pairs, tokenizer, domain, settings.intent_threshold, settings.intent_margin)
    trained.save(tmp_path)
    compiled = CompiledIntentModel(tmp_path, tokenizer, settings.intent_threshold, settings.intent_margin)
    for text in ["潍坊居民医保高档一家三口交多少", "你好", "今天天气", "平阳县住院花了2万能报多少", "濰坊醫保", "x"]:
        assert np.allclose(trained.pipeline.predict_proba([text])[0], compiled.predict_proba_fast(text))


def test_low_confidence_falls_back_to_retrieval(bot, settings):
    strict = CompiledIntentModel(bot.index.directory, bot.tokenizer, threshold=0.999, margin=0.5)
    pred = strict.predict("潍坊居民医保交多少")
    assert pred.fallback and pred.intent == "policy_qa"


def test_out_of_scope_never_reaches_the_calculator(bot):
    assert bot.ask("养老金每个月能领多少").calculation is None
