"""The one tokenizer used for corpus passages AND queries.

normalise (NFKC + t2s) -> jieba search-mode segmentation with the domain user dictionary ->
drop stopwords/punctuation -> map synonyms to canonical tokens (and add broader terms).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

from bot.core.errors import DataFileError
from bot.text.fastcut import FastCut
from bot.text.normalize import normalize
from bot.text.segmenter import load_segmenter

_KEEP = re.compile(r"[\u4e00-\u9fff0-9a-z]")
# Numbers (with their unit) are cut out before jieba so "2万能报" never becomes "万能".
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[万千百]|元|块|%)?")
_jieba_lock = threading.Lock()
# How many recent texts keep their jieba words: enough for the stages of one question (places, tokens,
# intent features, a follow-up's earlier question) to share one segmentation, too few to be a cache
# of questions across requests.
RECENT_TEXTS = 8

# libyaml's C parser when PyYAML has it (~10x faster, same safe types), else the pure-Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Synonyms:
    canonical: dict[str, str]
    broader: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path) -> "Synonyms":
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            raise DataFileError(path, f"invalid YAML: {exc}", (line + 1) if line is not None else None)
        canonical: dict[str, str] = {}
        for group in data.get("same") or []:
            if not isinstance(group, list) or len(group) < 2:
                raise DataFileError(path, f"synonym group must list at least two forms: {group!r}")
            head = normalize(str(group[0]))
            for form in group:
                canonical[normalize(str(form))] = head
        broader: dict[str, list[str]] = {}
        for wide, narrows in (data.get("broader") or {}).items():
            for narrow in narrows:
                broader.setdefault(normalize(str(narrow)), []).append(normalize(str(wide)))
        return cls(canonical, {k: tuple(v) for k, v in broader.items()})

    def words(self) -> set[str]:
        return set(self.canonical) | set(self.broader)


def load_wordlist(path: Path) -> set[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(normalize(line))
    return words


class Tokenizer:
    """Segment text into retrieval tokens. Loads jieba once (lazily) per instance."""

    def __init__(
        self,
        dict_dir: Path,
        cache_dir: Path | None = None,
        *,
        use_userdict: bool = True,
        use_synonyms: bool = True,
        extra_words: "Iterable[str]" = (),
    ) -> None:
        self.dict_dir = Path(dict_dir)
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.use_userdict = use_userdict
        self.use_synonyms = use_synonyms
        self.stopwords = load_wordlist(self.dict_dir / "stopwords.txt")
        self.synonyms = Synonyms.load(self.dict_dir / "synonyms.yaml")
        # Words from other data (place names) so segmentation never cuts them ("山西晋/中").
        self.extra_words = sorted({normalize(w) for w in extra_words if len(w) > 1})
        self._jieba = None
        self._fast: FastCut | None = None
        self._recent: dict[str, tuple[str, ...]] = {}
        self._expansions: dict[str, tuple] = {}
        self._subwords: dict[str, tuple[str, ...]] = {}

    # -- jieba -----------------------------------------------------------------------------
    def _segmenter(self):
        if self._jieba is None:
            with _jieba_lock:
                if self._jieba is None:
                    self._jieba = self._load_jieba()
        return self._jieba

    def _cutter(self) -> FastCut:
        """jieba's default segmentation on this tokenizer's dictionary (bot.text.fastcut)."""
        if self._fast is None:
            self._fast = FastCut(self._segmenter())
        return self._fast

    def _load_jieba(self):
        return load_segmenter(self.cache_dir, self._table_inputs(), self._prepare)

    def _added_words(self) -> list[tuple[str, int]]:
        """(word, minimum frequency) added on top of jieba's dictionary and the user dictionary."""
        words = []
        if self.use_userdict and self.use_synonyms:
            # Every synonym form is a word too, so "报销比例" is never split before mapping.
            words += [(w, 800) for w in sorted(self.synonyms.words()) if len(w) > 1]
        # Words from other data (place names) so segmentation never cuts them ("山西晋/中").
        words += [(w, 2000) for w in self.extra_words]
        return words

    def _table_inputs(self):
        files = [self.dict_dir / "userdict.txt"] if self.use_userdict else []
        return files, self._added_words()

    def _prepare(self, seg) -> None:
        seg.initialize()
        if self.use_userdict:
            seg.load_userdict(str(self.dict_dir / "userdict.txt"))
        for word, freq in self._added_words():
            seg.add_word(word, freq=max(seg.FREQ.get(word, 0), freq))

    def warm_up(self) -> None:
        self._segmenter()

    def fill_table(self) -> None:
        """Unpack every shard of the word table now (a server does it in the background after start;
        a shard is otherwise unpacked by the first text that needs it)."""
        freq = self._segmenter().FREQ
        if hasattr(freq, "fill"):
            freq.fill()

    # -- public ----------------------------------------------------------------------------
    def words(self, text: str) -> list[str]:
        """Default-mode jieba words of the normalised text (numbers with units kept whole). The words
        of the last few texts are kept, so every stage of one question shares one jieba pass."""
        return list(self._kept_words(normalize(text)))

    def _kept_words(self, text: str) -> tuple[str, ...]:
        """The words of already-normalised text, kept for the last few texts."""
        known = self._recent.get(text)
        if known is None:
            known = tuple(self._cut(text))
            if len(self._recent) >= RECENT_TEXTS:
                self._recent.clear()
            self._recent[text] = known
        return known

    def forget_recent(self) -> None:
        """Drop the kept words of recent texts (benchmarks call it so no question reuses another's)."""
        self._recent.clear()

    def _cut(self, text: str) -> list[str]:
        seg = self._cutter()
        words: list[str] = []
        pos = 0
        for m in _NUMBER.finditer(text):
            if m.start() > pos:
                words.extend(seg.lcut(text[pos : m.start()]))
            words.append(m.group())
            pos = m.end()
        if pos < len(text):
            words.extend(seg.lcut(text[pos:]))
        return words

    def _parts(self, word: str) -> list[str]:
        """Search-mode sub-words (dictionary 2- and 3-grams) of a long word, as jieba's cut_for_search.
        Kept per word (a pure function of the dictionary)."""
        known = self._subwords.get(word)
        if known is None:
            freq = self._segmenter().FREQ
            out = []
            for n in (2, 3):
                if len(word) > n:
                    out += [word[i : i + n] for i in range(len(word) - n + 1) if freq.get(word[i : i + n])]
            known = tuple(out)
            if len(self._subwords) >= 100_000:
                self._subwords.clear()
            self._subwords[word] = known
        return list(known)

    def segment(self, text: str) -> list[str]:
        """Search-mode words: each word's dictionary sub-words, then the word itself."""
        out: list[str] = []
        for word in self.words(text):
            out += self._parts(word)
            out.append(word)
        return out

    def boundaries(self, normalized_text: str) -> set[int]:
        """Word-boundary offsets of already-normalised text (the ends of its `words`); the text is not
        normalised a second time, so the offsets are offsets into `normalized_text` itself."""
        out = {0}
        pos = 0
        for word in self._kept_words(normalized_text):
            pos += len(word)
            out.add(pos)
        return out

    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        expand = self._expansions
        for word in self.words(text):
            plan = expand.get(word)
            if plan is None:
                plan = self._expand(word)
                if len(expand) >= 100_000:
                    expand.clear()
                expand[word] = plan
            emitted, window, extra = plan
            out.extend(emitted)
            for w in extra:  # broader terms of the word itself, unless just emitted
                if w not in out[-window:]:
                    out.append(w)
        return out

    def _expand(self, word: str) -> tuple[tuple[str, ...], int, tuple[str, ...]]:
        """What one jieba word contributes (memoised per word): its tokens, and the broader terms to add
        unless they are among the last `window` tokens."""
        canonical = self.synonyms.canonical if self.use_synonyms else {}
        broader = self.synonyms.broader if self.use_synonyms else {}
        word = word.strip()
        if not word or not _KEEP.search(word):
            return (), 1, ()
        if word in canonical:
            # a synonym stands for its canonical form (医疗保险 -> 医保, never 医疗 + 保险)
            head = canonical[word]
            forms = [*self._parts(head), head]
        else:
            forms = [*self._parts(word), word]
        emitted: list[str] = []
        for form in forms:
            if form in self.stopwords:
                continue
            emitted.append(canonical.get(form, form))
            emitted.extend(broader.get(form, ()))
        extra = () if word in canonical else tuple(broader.get(word, ()))
        return tuple(emitted), len(forms), extra

    def query_tokens(self, text: str) -> list[str]:
        """Tokens of a question, each term once (a repeated word is not extra evidence)."""
        return list(dict.fromkeys(self.tokens(text)))

    def config_fingerprint(self) -> str:
        return f"userdict={int(self.use_userdict)};synonyms={int(self.use_synonyms)}"
