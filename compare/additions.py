"""Typing the sentences the aligner left without a counterpart ("additions").

Pure: strings in, dicts out; no ORM, no model, no I/O.

Input: every sentence of ONE article as a `SentenceInfo` (position, paragraph, paragraph
role, text, whether the aligner found no counterpart) and the article's ISO 639-1 language.
Output: ``{index: type}`` for every addition, the type an `AdditionType` value.

Structure first, text second; first match wins:

1. ``boilerplate`` for page furniture, repeated or not; then ``duplicate``: near-identical
   to another sentence of the same article (`find_duplicates`). In a group of repeats the
   fullest (longest; the first on a tie, what is read again later being the repeat) keeps
   its own type and the others are duplicates; when a member of the group is linked, every
   addition of the group is a duplicate (its content is already covered).
2. ``other`` for a sentence with no word (a bare address standing for an embedded video).
3. The paragraph's role decides when it alone can (`vocabulary.ROLE_ADDITION_TYPES`):
   headline and intertitle -> ``heading``, caption -> ``caption``, byline and credit ->
   ``credit``, promo and poll -> ``boilerplate``; a quote paragraph -> ``quote``; a
   standfirst or key point that restates the article's own body -> ``summary``.
4. Running text, by what it says, and only on clear evidence:
   ``commentary`` for the outlet speaking about its own text ("Here is the statement …":
   `lexicon.PRESENTATIVES`; not when it ends with a colon, announcing what follows as "X
   wrote:" does), for a question it asks, and for a paragraph of the outlet's own
   (two or more sentences, most of them additions) that argues (`lexicon.STANCE_MARKERS`);
   ``quote`` for a sentence that is a quotation or carries one: it translates the quotation
   right above it (``translates_quote``), opens with a quotation mark, holds a quoted
   passage of `QUOTED_WORDS` words or more (Obama said "Steve was among the greatest …"),
   or lies inside a quotation an earlier sentence of its paragraph opened. A few quoted
   words ("a “great friend”") are a citation, not a quote;
   ``background`` for a sentence that dates what it tells at least `BACKGROUND_DAYS` before
   the article's publication ("He started Apple in 1976", "On August 24, Jobs resigned" in
   a report of 6 October): history the article recalls, not its news.
5. ``other`` otherwise: one extra fact, a detail the other article lacks. When unsure, say
   other rather than guess.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from compare import lexicon
from compare.facts import extract_facts
from compare.folding import ADDRESS, fold, words
from compare.folding import normalise_words as normalise
from compare.text import announces, quoted_words
from compare.vocabulary import ROLE_ADDITION_TYPES, AdditionType, Role

__all__ = ["SentenceInfo", "classify_additions", "find_duplicates", "normalise"]


@dataclass(frozen=True)
class SentenceInfo:
    """One sentence of an article: position, paragraph position, text, whether the aligner
    left it without a counterpart (``is_addition``), its paragraph's role, and whether it
    translates the quotation right above it (``translates_quote``, which the embeddings tell:
    `results.quote_translations`)."""

    index: int
    paragraph: int
    text: str
    is_addition: bool
    role: str = Role.BODY
    translates_quote: bool = False


def _without_parentheticals(text: str) -> str:
    return re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", text)


def _word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))


# ---------------------------------------------------------------------------
# Duplicates
# ---------------------------------------------------------------------------

_DUPLICATE_RATIO = 0.88


@dataclass(frozen=True)
class _Prepared:
    """A text's normalised forms, computed once per sentence."""

    norm: str
    no_parens: str
    tokens: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Prepared:
        found = words(fold(text))  # the words of `normalise(text)`, for the set too
        norm = " ".join(found)
        # Without a bracket there is no parenthetical to remove (most texts).
        bare = normalise(_without_parentheticals(text)) if "(" in text or "[" in text else norm
        return cls(norm, bare, frozenset(found))


@functools.lru_cache(maxsize=16)
def _prepared(texts: tuple[str, ...]) -> tuple[_Prepared, ...]:
    """The normalised forms of an article's texts: its repeats (`_duplicates_of`) and then
    the words of its body (`classify_additions`) are read from them, each text folded once."""
    return tuple(map(_Prepared.of, texts))


def _near_identical(a: _Prepared, b: _Prepared) -> bool:
    """Two texts are repeats of each other (see the module docstring, rule 2)."""
    if not a.norm or not b.norm:
        return False
    if a.norm == b.norm:
        return True
    # Short texts need to be identical: "Roscosmos" vs "Roscosmos." is, "Foto 1" vs
    # "Foto 2" is not.
    if min(len(a.tokens), len(b.tokens)) < 4:
        return False
    if a.no_parens and a.no_parens == b.no_parens:
        return True  # "... (par vidéo-conférence) ..." vs the same without it
    # Cheap filters first: lengths, then shared words, then characters.
    lo, hi = sorted((len(a.norm), len(b.norm)))
    if 2 * lo / (lo + hi) < _DUPLICATE_RATIO:
        return False
    if len(a.tokens & b.tokens) / len(a.tokens | b.tokens) < 0.5:
        return False
    # The matched characters of `SequenceMatcher` are a common subsequence: no more than the
    # longest one, which is quick to count and rules out most pairs (two sentences sharing
    # half of their words) before the matcher's slower search.
    total = len(a.norm) + len(b.norm)
    if 2 * _common_subsequence(a.norm, b.norm) / total < _DUPLICATE_RATIO:
        return False
    matcher = difflib.SequenceMatcher(None, a.norm, b.norm, autojunk=False)
    return matcher.ratio() >= _DUPLICATE_RATIO


def _common_subsequence(a: str, b: str) -> int:
    """Length of the longest common subsequence of two strings, bit-parallel (Allison and
    Dix 1986; Hyyrö 2004): one bit a character of `a`, a few integer operations a character
    of `b`, instead of a table of len(a) x len(b) cells."""
    masks: dict[str, int] = {}
    for position, character in enumerate(a):
        masks[character] = masks.get(character, 0) | 1 << position
    everything = (1 << len(a)) - 1
    row = everything  # a zero bit: a character of `a` matched in the subsequence so far
    for character in b:
        matched = row & masks.get(character, 0)
        row = (row + matched) | (row - matched)
    return len(a) - (row & everything).bit_count()


def find_duplicates(texts: Sequence[str]) -> dict[int, int]:
    """Near-identical texts within ONE article.

    Returns ``{index of a repeat: index of the sentence it repeats}``. Repeats are grouped
    (transitively); in each group the fullest text (longest normalised text, the earliest
    on a tie) is the one kept, and every other member maps to it. Indices are positions
    in ``texts``.

    Near-linear: texts equal after normalisation (or once parentheticals are removed) are
    found by hashing, and ``_near_identical`` is only asked about the pairs that
    `_similar_word_sets` cannot rule out, instead of every pair.

    An article's repeats do not depend on what it is compared with, and a page re-types the
    additions of the same articles again and again (a threshold, a story's pairs): the answer
    is kept per article text for the process (`_duplicates_of`).
    """
    return dict(_duplicates_of(tuple(texts)))


@functools.lru_cache(maxsize=64)
def _duplicates_of(texts: tuple[str, ...]) -> dict[int, int]:
    n = len(texts)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        root_i, root_j = find(i), find(j)
        if root_i != root_j:
            parent[max(root_i, root_j)] = min(root_i, root_j)

    prepared = _prepared(texts)
    # The two equalities of `_near_identical`, by hashing: the same normalised text (any
    # length), or the same text once parentheticals are removed (four words or more).
    for key, eligible in (
        (lambda p: p.norm, lambda p: bool(p.norm)),
        (lambda p: p.no_parens, lambda p: bool(p.no_parens) and len(p.tokens) >= 4),
    ):
        first: dict[str, int] = {}
        for i, p in enumerate(prepared):
            if eligible(p):
                union(first.setdefault(key(p), i), i)
    # Any other repeat has at least four words and shares half of its words (Jaccard >= 0.5).
    for i, j in _similar_word_sets([p.tokens if len(p.tokens) >= 4 else None for p in prepared]):
        if find(i) != find(j) and _near_identical(prepared[i], prepared[j]):
            union(i, j)

    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    result: dict[int, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        keeper = max(members, key=lambda k: (len(prepared[k].norm), -k))
        for k in members:
            if k != keeper:
                result[k] = keeper
    return result


def _similar_word_sets(sets: Sequence[frozenset[str] | None]) -> list[tuple[int, int]]:
    """Every pair (i, j), i < j, of word sets whose Jaccard similarity is >= 0.5, in order
    (None: a set left out).

    PPJoin (Xiao et al., "Efficient similarity joins for near duplicate detection", 2008).
    With the words of every set in one order, rarest first, two sets x, y of Jaccard >= 0.5
    share at least (|x| + |y|) / 3 words. Sets are taken from the smallest up, so that of a
    pair the one already seen, y, is never the larger: then one shared word is among the first
    |y| - ceil(2|y| / 3) + 1 words of y (the only ones indexed) and among the first
    |x| - ceil(|x| / 2) + 1 words of x (the ones looked up). A set already seen whose size is
    less than half the current one's can never pair again and is dropped from the lists; a
    pair is dropped as soon as the words left after a shared one cannot make up the overlap it
    needs; the pairs left are counted exactly. A sentence thus meets a handful of others
    rather than all, even when many share half of their words (the analysis benchmark's
    sentences are halves of two real ones).
    """
    frequency = Counter(chain.from_iterable(tokens for tokens in sets if tokens))
    ranked = sorted((count, word) for word, count in frequency.items())  # rarest first
    rank = {word: r for r, (_, word) in enumerate(ranked)}
    index: dict[int, list[tuple[int, int, int]]] = {}  # rank -> (set, its size, word position)
    pairs: list[tuple[int, int]] = []
    for size, j in sorted((len(tokens), j) for j, tokens in enumerate(sets) if tokens):
        tokens = sets[j]
        ordered = sorted(map(rank.__getitem__, tokens))
        indexed = size - (2 * size + 2) // 3 + 1
        overlap: dict[int, int] = {}  # shared words seen so far; -1 once ruled out
        for position, word in enumerate(ordered[: size - (size + 1) // 2 + 1]):
            entries = index.get(word)
            if entries:
                # Sets less than half this one's size pair with none from here on.
                small = 0
                while small < len(entries) and 2 * entries[small][1] < size:
                    small += 1
                del entries[:small]
                for i, other, position_i in entries:
                    seen = overlap.get(i, 0)
                    if seen < 0:
                        continue
                    # This word and, at best, every word after it on the shorter side.
                    best = seen + min(size - position, other - position_i)
                    overlap[i] = seen + 1 if 3 * best >= size + other else -1
            if position < indexed:
                index.setdefault(word, []).append((j, size, position))
        pairs.extend(
            (min(i, j), max(i, j))
            for i, seen in overlap.items()
            if seen > 0 and 3 * len(tokens & sets[i]) >= size + len(sets[i])
        )
    return sorted(pairs)


# ---------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------


def _stands_for_embed(sentence: SentenceInfo) -> bool:
    """An address alone, standing for the video or post the page embeds there; inside a
    quotation it is the quoted post's own link ("pic.twitter.com/…" closing a tweet)."""
    tokens = sentence.text.split()
    alone = len(tokens) == 1 and ADDRESS.search(tokens[0]) is not None
    return alone and sentence.role != Role.QUOTE


_QUESTION = re.compile(r"[?？؟]['\"»”’)\]]*\s*$")
_OPENING_QUOTE = re.compile(r"^\W{0,2}[«\"“„‘]")
# A quoted passage of this many words makes a sentence a quote (rule 4); on the press corpus's
# gold, body sentences holding one are quotes 15 times of 16 (the other, background, quotes a
# slogan of four words).
QUOTED_WORDS = 4


# A sentence dated this many days or more before the article's publication tells history
# (rule 4). On the press corpus's gold, body sentences stating a year before their article's
# are background 7 times of 9 (the others: a quote, first typed as one, and a time written
# "1400 UT").
BACKGROUND_DAYS = 30


def _tells_history(text: str, language: str, published_on: datetime.date) -> bool:
    """Does `text` date something at least `BACKGROUND_DAYS` before `published_on`? A date
    counts at its latest possible day ("in 1976": 31 December 1976); one without a year is
    taken in the last twelve months ("on August 24" in October: this year's)."""
    for fact in extract_facts(text, language):
        when = fact.value
        if fact.kind != "date" or when is None or when.weak:
            continue
        if when.year is None and when.month is None:
            continue
        stated = _last_day(when, published_on)
        if stated is not None and (published_on - stated).days >= BACKGROUND_DAYS:
            return True
    return False


def _last_day(when, published_on: datetime.date) -> datetime.date | None:
    """The last day a stated date can mean ("1976": 31 December 1976); without a year, the
    last such day up to `published_on`. None for no real day (31 April)."""
    month = when.month or 12
    years = [when.year] if when.year is not None else [published_on.year, published_on.year - 1]
    for year in years:
        try:
            stated = datetime.date(year, month, when.day or calendar.monthrange(year, month)[1])
        except ValueError:
            continue  # 29 February of a common year
        if when.year is not None or stated <= published_on:
            return stated
    return None


def _quoting(sentences: Sequence[SentenceInfo]) -> set[int]:
    """The indices of the sentences that quote (see QUOTED_WORDS), a quotation left open
    at the end of a sentence going on into the next ones of its paragraph."""
    quoting, open_quote, paragraph = set(), None, None
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            open_quote, paragraph = None, sentence.paragraph
        inside_before = open_quote is not None
        count, open_quote = quoted_words(sentence.text, open_quote=open_quote)
        if count >= QUOTED_WORDS or (inside_before and count):
            quoting.add(sentence.index)
    return quoting


def classify_additions(
    sentences: Sequence[SentenceInfo],
    *,
    language: str,
    published_on: datetime.date | None = None,
) -> dict[int, str]:
    """``{sentence.index: type}`` for every sentence with ``is_addition`` (module docstring).

    ``sentences`` are all the sentences of one article (linked ones included: they tell which
    repeats are already covered and which paragraphs are the outlet's own); without the
    article's ``published_on`` no sentence is typed ``background``.
    """
    sentences = list(sentences)
    texts = tuple(s.text for s in sentences)
    repeats = find_duplicates(texts)
    group_of: dict[int, int] = {}  # sentence index -> its group keeper's index
    for position, keeper in repeats.items():
        group_of[sentences[position].index] = sentences[keeper].index
        group_of.setdefault(sentences[keeper].index, sentences[keeper].index)
    linked_groups = {
        group_of[s.index] for s in sentences if not s.is_addition and s.index in group_of
    }
    by_paragraph: dict[int, list[SentenceInfo]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    body_words = {
        word
        for s, prepared in zip(sentences, _prepared(texts), strict=True)
        if s.role == Role.BODY
        for word in prepared.tokens
        if len(word) > 3
    }

    quoting = _quoting(sentences)
    types: dict[int, str] = {}
    for sentence in sentences:
        if not sentence.is_addition:
            continue
        if not words(sentence.text) or _stands_for_embed(sentence):
            types[sentence.index] = AdditionType.OTHER
            continue
        group = group_of.get(sentence.index)
        if ROLE_ADDITION_TYPES.get(sentence.role) == AdditionType.BOILERPLATE:
            types[sentence.index] = AdditionType.BOILERPLATE  # repeated furniture is furniture
        elif group is not None and (group != sentence.index or group in linked_groups):
            types[sentence.index] = AdditionType.DUPLICATE
        else:
            types[sentence.index] = _type_of(
                sentence,
                by_paragraph[sentence.paragraph],
                body_words,
                language,
                quotes=sentence.index in quoting,
                published_on=published_on,
            )
    return types


def _type_of(
    sentence: SentenceInfo,
    paragraph: list[SentenceInfo],
    body_words: set[str],
    language: str,
    *,
    quotes: bool,
    published_on: datetime.date | None,
) -> str:
    text = sentence.text.strip()
    if sentence.role in ROLE_ADDITION_TYPES:
        return ROLE_ADDITION_TYPES[sentence.role]
    if sentence.role == Role.QUOTE:
        return AdditionType.QUOTE
    if sentence.role in (Role.STANDFIRST, Role.LIST_ITEM):
        own = {w for w in normalise(text).split() if len(w) > 3}
        if own and len(own & body_words) >= 0.5 * len(own):
            return AdditionType.SUMMARY
        return AdditionType.OTHER
    if sentence.role != Role.BODY:
        return AdditionType.OTHER
    if sentence.translates_quote:
        return AdditionType.QUOTE  # the article's translation of the quotation above it
    if lexicon.starts_with(text, "PRESENTATIVES", language) and not announces(text):
        # The outlet presenting a document ("Ecco il comunicato che la Roscosmos ha
        # pubblicato…"); one that ends with a colon only announces what comes next, as "X
        # wrote:" does ("Voici certains outils en ligne… :").
        return AdditionType.COMMENTARY
    if quotes or _OPENING_QUOTE.match(text):
        return AdditionType.QUOTE
    if _QUESTION.search(text):
        return AdditionType.COMMENTARY  # a question the outlet asks its readers
    own = [s for s in paragraph if s.role == Role.BODY and s.is_addition]
    if (
        len(own) >= 2
        and 2 * len(own) > sum(s.role == Role.BODY for s in paragraph)
        and sum(lexicon.contains(s.text, "STANCE_MARKERS", language) for s in own) >= 2
    ):
        return AdditionType.COMMENTARY  # a paragraph of the outlet's own that argues
    if published_on is not None and _tells_history(text, language, published_on):
        return AdditionType.BACKGROUND
    return AdditionType.OTHER
