"""Synthetic corpora of N passages made from the real passages' sentences (fixed seed)."""

from __future__ import annotations

import random

from bot.answer.extract import split_sentences


def sentence_tokens(passages: list[dict], tokenizer) -> list[list[str]]:
    out = []
    for p in passages:
        for a, b in split_sentences(p["text"]):
            toks = tokenizer.tokens(p["text"][a:b])
            if toks:
                out.append(toks)
    return out


def make_corpus(sentences: list[list[str]], n: int, seed: int = 42) -> list[list[str]]:
    """n passages, each 2-6 randomly chosen real sentences (token lists) joined."""
    rng = random.Random(seed)
    k = len(sentences)
    corpus = []
    for _ in range(n):
        doc: list[str] = []
        for _ in range(rng.randint(2, 6)):
            doc.extend(sentences[rng.randrange(k)])
        corpus.append(doc)
    return corpus
