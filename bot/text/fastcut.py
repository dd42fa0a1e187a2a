"""jieba's default segmentation (`Tokenizer.lcut(text)`: accurate mode with the HMM for unknown words),
re-implemented to give the same words in about half the time.

jieba builds a dict of every word's DAG, then a dict of routes, recomputing `log(freq)` of every
candidate word on every call, through several generator layers. Here the DAG walk and the route
search are one loop over plain lists, and what the dictionary says of each fragment (a word's
`log(freq) - log(total)`, or "only a prefix", or "nothing") is kept per fragment: a pure function of
the dictionary. The arithmetic and the tie-breaking are jieba's own, so the words are
identical (tested on the whole corpus, every evaluation question and random text); runs of single
characters jieba does not know go to the same HMM (`jieba.finalseg`), whose Viterbi search is
re-implemented the same way: jieba's probabilities, additions in jieba's order, jieba's tie-breaking.
"""

from __future__ import annotations

from math import log

from bot.text.segmenter import import_jieba

MAX_KEPT = 200_000  # fragments kept; cleared when full (the dictionary itself has ~500k words)
PREFIX = object()  # a fragment that begins dictionary words but is not one itself
MISSING = object()


class FastCut:
    def __init__(self, seg) -> None:
        jieba = import_jieba()
        self._han = jieba.re_han_default  # the very patterns jieba splits with
        self._skip = jieba.re_skip_default
        self._hmm = _Hmm(jieba.finalseg)
        self.freq = seg.FREQ
        self.logtotal = log(seg.total)
        self._seen: dict[str, object] = {}  # fragment -> log-probability | PREFIX | None

    def lcut(self, sentence: str) -> list[str]:
        """== jieba.Tokenizer.lcut(sentence) (cut_all=False, HMM=True)."""
        out: list[str] = []
        han, skip = self._han, self._skip
        for blk in han.split(sentence):
            if not blk:
                continue
            if han.match(blk):
                self._block(blk, out)
            else:
                for x in skip.split(blk):
                    if skip.match(x):
                        out.append(x)
                    else:
                        out.extend(x)  # one character at a time, as jieba yields them
        return out

    def _lookup(self, frag: str):
        """What jieba's dictionary says of `frag`: its log-probability when it is a word, PREFIX when
        it only begins words, None when nothing starts with it. Kept per fragment, so a question
        walks a small dict of what questions use instead of the 500k-entry table."""
        f = self.freq.get(frag)
        value = None if f is None else (log(f) - self.logtotal if f else PREFIX)
        if len(self._seen) >= MAX_KEPT:
            self._seen.clear()
        self._seen[frag] = value
        return value

    def _route(self, s: str) -> list[int]:
        """For each start, the end (inclusive) of the word on the best path (jieba's get_DAG + calc)."""
        seen, lookup = self._seen, self._lookup
        n = len(s)
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best = best_x = None
            i, frag = k, s[k]
            while True:
                lp = seen.get(frag, MISSING)
                if lp is MISSING:
                    lp = lookup(frag)
                if lp is None:  # frag begins no word: the walk from k ends
                    break
                if lp is not PREFIX:
                    value = lp + score[i + 1]  # (log(freq) - log(total)) + route, as jieba adds them
                    # max over (value, x) as jieba takes it: a tie goes to the longer word
                    if best is None or value >= best:
                        best, best_x = value, i
                i += 1
                if i >= n:
                    break
                frag = s[k : i + 1]
            if best is None:  # no word starts here: the single character, log(freq or 1)
                f = self.freq.get(s[k])
                best, best_x = log(f or 1) - self.logtotal + score[k + 1], k
            score[k], end[k] = best, best_x
        return end

    def _block(self, s: str, out: list[str]) -> None:
        """jieba's __cut_DAG: the best path, with runs of single characters the dictionary does not
        hold as a word handed to the HMM."""
        end = self._route(s)
        freq = self.freq
        n = len(s)
        x = 0
        buf = ""
        while x < n:
            y = end[x] + 1
            if y - x == 1:
                buf += s[x]
            else:
                if buf:
                    self._flush(buf, out, freq)
                    buf = ""
                out.append(s[x:y])
            x = y
        if buf:
            self._flush(buf, out, freq)

    def _flush(self, buf: str, out: list[str], freq) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not freq.get(buf):
            self._hmm.cut(buf, out)
        else:
            out.extend(buf)


class _Hmm:
    """jieba.finalseg.cut: BMES tagging of unknown runs by Viterbi over jieba's own probabilities."""

    STATES = "BMES"
    PREV = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}  # finalseg.PrevStatus
    COLUMN = {"B": 0, "M": 1, "S": 2, "E": 3}  # a state's place in the back-pointer tuples of _tags

    def __init__(self, finalseg) -> None:
        self.module = finalseg
        self.min = finalseg.MIN_FLOAT
        self.start = finalseg.start_P
        self.emit = finalseg.emit_P
        low = finalseg.MIN_FLOAT
        to = {(y0, y): finalseg.trans_P[y0].get(y, low) for y in self.STATES for y0 in self.PREV[y]}
        # The eight transitions Viterbi uses, named by (from, to): into B from E or S, into M from M or
        # B, into S from S or E, into E from B or M.
        self._trans = (to["E", "B"], to["S", "B"], to["M", "M"], to["B", "M"],
                       to["S", "S"], to["E", "S"], to["B", "E"], to["M", "E"])
        self._emits: dict[str, tuple[float, float, float, float]] = {}  # char -> (B, M, S, E) emission

    def cut(self, sentence: str, out: list[str]) -> None:
        m = self.module
        force_split = m.Force_Split_Words  # the module's live set (jieba adds to it in place)
        for blk in m.re_han.split(sentence):
            if m.re_han.match(blk):
                for word in self._words(blk):
                    if word not in force_split:
                        out.append(word)
                    else:
                        out.extend(word)
            else:
                out.extend(x for x in m.re_skip.split(blk) if x)

    def _emit(self, ch: str) -> tuple[float, float, float, float]:
        """A character's emission log-probabilities in states B, M, S, E (kept per character)."""
        known = self._emits.get(ch)
        if known is None:
            emit, low = self.emit, self.min
            known = (emit["B"].get(ch, low), emit["M"].get(ch, low), emit["S"].get(ch, low), emit["E"].get(ch, low))
            if len(self._emits) >= MAX_KEPT:
                self._emits.clear()
            self._emits[ch] = known
        return known

    def _tags(self, obs: str) -> list[str]:
        """finalseg.viterbi's best tag sequence, the four states unrolled, kept as back-pointers
        instead of copied paths. Each state's score is jieba's (previous + transition) + emission, and
        a tie goes to the later letter, as jieba's max over (value, state) tuples decides."""
        eb_, sb_, mm_, bm_, ss_, es_, be_, me_ = self._trans
        emit = self._emit
        start = self.start
        xb, xm, xs, xe = emit(obs[0])
        b, m, s, e = start["B"] + xb, start["M"] + xm, start["S"] + xs, start["E"] + xe
        back: list[tuple[str, str, str, str]] = []
        for ch in obs[1:]:
            xb, xm, xs, xe = emit(ch)
            from_e, from_s = e + eb_ + xb, s + sb_ + xb
            nb, pb = (from_s, "S") if from_s >= from_e else (from_e, "E")
            from_m, from_b = m + mm_ + xm, b + bm_ + xm
            nm, pm = (from_m, "M") if from_m >= from_b else (from_b, "B")
            from_s, from_e = s + ss_ + xs, e + es_ + xs
            ns, ps = (from_s, "S") if from_s >= from_e else (from_e, "E")
            from_b, from_m = b + be_ + xe, m + me_ + xe
            ne, pe = (from_m, "M") if from_m >= from_b else (from_b, "B")
            b, m, s, e = nb, nm, ns, ne
            back.append((pb, pm, ps, pe))
        state = "S" if s >= e else "E"
        tags = [state]
        column = self.COLUMN
        for came in reversed(back):
            state = came[column[state]]
            tags.append(state)
        tags.reverse()
        return tags

    def _words(self, sentence: str) -> list[str]:
        tags = self._tags(sentence)
        words = []
        begin = nexti = 0
        for i, char in enumerate(sentence):
            pos = tags[i]
            if pos == "B":
                begin = i
            elif pos == "E":
                words.append(sentence[begin : i + 1])
                nexti = i + 1
            elif pos == "S":
                words.append(char)
                nexti = i + 1
        if nexti < len(sentence):
            words.append(sentence[nexti:])
        return words
