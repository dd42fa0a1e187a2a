"""Intent classifier: TF-IDF over jieba words + character n-grams, logistic regression (scikit-learn).

Trained at index time from intents/*.yml and stored with the index artifacts. At run time a low
confidence, or a top-two margin below the threshold, falls back to retrieval (policy_qa), never to
the calculator.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

from bot.text.normalize import normalize
from bot.text.tokenizer import Tokenizer

FALLBACK = "policy_qa"
MODEL_ARRAYS = "intent_model.npz"
MODEL_META = "intent_model.json"
SEED = 13


@dataclass
class IntentPrediction:
    intent: str  # after fallback
    confidence: float
    raw_intent: str  # the model's top intent
    ranking: list[tuple[str, float]]
    fallback: bool


def _char_analyzer(text: str) -> list[str]:
    s = normalize(text)
    return [s[i : i + n] for n in (1, 2, 3) for i in range(len(s) - n + 1) if not s[i : i + n].isspace()]


def _feature_counts(analyzer, text: str, vocab: dict) -> dict[int, int]:
    """{feature column: count} of the text's terms in the vocabulary, in the order the terms first occur,
    as Counter(analyzer(text)) filtered by the vocabulary gives them. For the character analyzer the
    1-, 2- and 3-grams are made and looked up by C-level map() over the string (whitespace-only grams,
    which the analyzer drops, are never in the vocabulary it was fitted with, so they need no test)."""
    if analyzer is _char_analyzer:
        s = normalize(text)
        bigrams = list(map(operator.add, s, s[1:]))
        terms = chain(s, bigrams, map(operator.add, bigrams, s[2:]))
    else:
        terms = analyzer(text)
    counts = Counter(map(vocab.get, terms))
    counts.pop(None, None)
    return counts


class _WordAnalyzer:
    """Picklable callable: the project tokenizer without stopword removal (question words matter),
    plus a marker feature saying whether the text uses any medical-insurance term."""

    def __init__(self, tokenizer: Tokenizer, domain_terms: frozenset[str] = frozenset()) -> None:
        self.tokenizer = tokenizer
        self.domain_terms = domain_terms
        self._domain = any_of(domain_terms)

    def __call__(self, text: str) -> list[str]:
        words = [w for w in self.tokenizer.segment(text) if w.strip()]
        has_domain = self._domain is not None and self._domain.search(normalize(text)) is not None
        words.append("__domain__" if has_domain else "__nodomain__")
        return words

    def __getstate__(self):
        return {"domain_terms": sorted(self.domain_terms)}

    def __setstate__(self, state):
        self.tokenizer = None
        self.domain_terms = frozenset(state.get("domain_terms", ()))
        self._domain = any_of(self.domain_terms)


def any_of(terms) -> re.Pattern | None:
    """One regex that finds any of the terms (one C scan instead of a substring test per term)."""
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))) if terms else None


def make_pipeline(tokenizer: Tokenizer, domain_terms: frozenset[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(analyzer=_WordAnalyzer(tokenizer, domain_terms), sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer=_char_analyzer, sublinear_tf=True, min_df=1)),
    ])
    model = LogisticRegression(C=8.0, max_iter=2000, random_state=SEED, class_weight="balanced")
    return Pipeline([("features", features), ("model", model)])


class IntentClassifier:
    """Trained with scikit-learn; predicts from the fitted weights alone (no sklearn at run time)."""

    def __init__(self, pipeline, threshold: float, margin: float) -> None:
        self.pipeline = pipeline
        self.threshold = threshold
        self.margin = margin
        self.labels = list(pipeline.named_steps["model"].classes_)
        self._compile()

    @classmethod
    def train(cls, pairs: list[tuple[str, str]], tokenizer: Tokenizer, domain_terms: frozenset[str],
              threshold: float, margin: float):
        texts, labels = zip(*pairs)
        pipeline = make_pipeline(tokenizer, domain_terms)
        pipeline.fit(list(texts), list(labels))
        return cls(pipeline, threshold, margin)

    def attach(self, tokenizer: Tokenizer) -> None:
        """Re-bind the word analyzer to this process's tokenizer after unpickling."""
        words = self.pipeline.named_steps["features"].transformer_list[0][1]
        words.analyzer.tokenizer = tokenizer
        self._compile()

    def _compile(self) -> None:
        """Pull the fitted vocabularies, idf weights and coefficients out of the sklearn pipeline so a
        single prediction is a few dictionary lookups (sklearn's per-call validation costs ~2 ms).
        predict_proba_fast() is tested to equal pipeline.predict_proba() (to float rounding)."""
        feats = self.pipeline.named_steps["features"].transformer_list
        model = self.pipeline.named_steps["model"]
        self._parts = []
        offset = 0
        for _, vec in feats:
            self._parts.append((vec.build_analyzer(), vec.vocabulary_, vec.idf_, offset))
            offset += len(vec.vocabulary_)
        self._coef = model.coef_
        self._intercept = model.intercept_

    def _weights(self) -> tuple[list[float], list[list[float]], list[float]]:
        """Intercepts, each feature's label weights already multiplied by its idf, and each feature's
        idf, as Python floats in one feature space: a question has a few dozen features, and plain
        arithmetic on them beats a dozen small numpy calls."""
        if getattr(self, "_py", None) is None:
            idf = np.concatenate([np.asarray(idf, dtype=np.float64) for _, _, idf, _ in self._parts])
            scaled = self._coef.T.astype(np.float64) * idf[:, None]
            self._py = (self._intercept.astype(np.float64).tolist(), scaled.tolist(), idf.tolist())
        return self._py

    def predict_proba_fast(self, text: str) -> np.ndarray:
        intercept, rows, idfs = self._weights()
        scores = list(intercept)
        log, add = math.log, operator.add
        for analyzer, vocab, _, offset in self._parts:
            # Count every feature once (Counter runs in C), in the order the terms first occur:
            # sublinear tf x idf, L2-normalised, dotted with each label's weights.
            total, squares = None, 0.0
            for j, c in _feature_counts(analyzer, text, vocab).items():
                j += offset
                row, value = rows[j], idfs[j]
                if c > 1:
                    tf = 1.0 + log(c)
                    row, value = [tf * w for w in row], tf * value
                squares += value * value
                total = row if total is None else list(map(add, total, row))
            if total is not None:
                inv = 1.0 / math.sqrt(squares)
                scores = [s + w * inv for s, w in zip(scores, total)]
        if len(scores) == 1:  # binary model
            p = 1.0 / (1.0 + math.exp(-scores[0]))
            return np.array([1 - p, p])
        top = max(scores)
        e = [math.exp(x - top) for x in scores]
        total = sum(e)
        return np.array([x / total for x in e])

    def predict(self, text: str) -> IntentPrediction:
        probs = self.predict_proba_fast(text).tolist()
        order = sorted(range(len(probs)), key=lambda i: -probs[i])  # stable, like argsort on a few values
        ranking = [(self.labels[i], probs[i]) for i in order]
        top, p1 = ranking[0]
        p2 = ranking[1][1] if len(ranking) > 1 else 0.0
        fallback = p1 < self.threshold or (p1 - p2) < self.margin
        # Never fall back *into* out_of_scope/chitchat: an unsure answer is retrieval.
        intent = FALLBACK if fallback else top
        return IntentPrediction(intent, p1, top, ranking, fallback)

    def save(self, directory: Path) -> None:
        """Write the fitted weights (vocabularies, idf, coefficients) as plain arrays + JSON."""
        feats = self.pipeline.named_steps["features"].transformer_list
        words, chars = feats[0][1], feats[1][1]
        np.savez_compressed(Path(directory) / MODEL_ARRAYS, coef=self._coef, intercept=self._intercept,
                            idf_words=words.idf_, idf_chars=chars.idf_)
        meta = {"labels": self.labels, "domain_terms": sorted(words.analyzer.domain_terms),
                "words": {k: int(v) for k, v in words.vocabulary_.items()},
                "chars": {k: int(v) for k, v in chars.vocabulary_.items()}}
        (Path(directory) / MODEL_META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


class CompiledIntentModel(IntentClassifier):
    """The run-time model: the saved arrays, the project tokenizer, no scikit-learn import."""

    def __init__(self, directory: Path, tokenizer: Tokenizer, threshold: float, margin: float) -> None:
        meta = json.loads((Path(directory) / MODEL_META).read_text(encoding="utf-8"))
        with np.load(Path(directory) / MODEL_ARRAYS, allow_pickle=False) as z:
            self._coef, self._intercept = z["coef"], z["intercept"]
            idf_words, idf_chars = z["idf_words"], z["idf_chars"]
        self.pipeline = None
        self.threshold, self.margin = threshold, margin
        self.labels = list(meta["labels"])
        words = _WordAnalyzer(tokenizer, frozenset(meta["domain_terms"]))
        self._parts = [(words, meta["words"], idf_words, 0),
                       (_char_analyzer, meta["chars"], idf_chars, len(meta["words"]))]
        if self._coef.shape[1] != len(meta["words"]) + len(meta["chars"]):
            raise ValueError("intent model arrays and vocabularies disagree")

    def attach(self, tokenizer: Tokenizer) -> None:
        self._parts[0][0].tokenizer = tokenizer
