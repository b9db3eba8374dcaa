"""Whether two articles are versions of the same event, and why: document vectors, shared
sentences, shared names and numbers.

Pure: numpy arrays and `compare.facts.Fact`s in, dataclasses out; no ORM, no model. The
services (`compare.services.counterparts`) read the stored vectors, search them
(`compare.vectors`) and hand each candidate's evidence here.

- An article's *document vector* is the mean of its sentence embeddings weighted by the
  sentences' lengths in characters, L2-normalised: a one-word credit line weighs little, the
  body's long sentences a lot. The vectors of one model are comparable across languages
  (the encoder is multilingual), so the nearest documents are candidates in any language.
- *Shared sentences* are mutual best matches between the two articles' sentences (each is the
  other's most similar sentence) with a cosine of at least `SHARED_SENTENCE_SIMILARITY`: a
  translated or rewritten sentence, which two reports of different events rarely have.
- *Shared facts* are the names, numbers and dates `compare.facts.extract_facts` finds in both
  texts: numbers and dates by their normalised value, names when a word of 4 letters or more of
  one is a word of the other, or one begins the other with 5 letters or more ("Rogozin" and
  "Rogozine", as `compare.facts` matches names across languages).

- *Other countries*: both articles name countries (or world regions), and none of them the
  same (`compare.facts.names.countries`, from CLDR's names in every language: "Japon" and
  "Giappone" are one country). Two reports of one event rarely do; two earthquakes, one in
  Haiti and one in Japan, do, and read alike to the document vectors.

The ranking score (`rank_score`) weighs the document cosine 0.7 and the share of the shorter
article's sentences that are shared 0.3, less `OTHER_COUNTRIES_PENALTY` for other countries:
the document vectors find the right neighbourhood, the shared sentences put the versions of the
same report before other reports on the same event, the countries keep apart two events of one
kind. The weights were chosen on the development press corpus (`benchmarks/counterparts.py`):
0.3 gave the best recall@1 of 0, 0.1, 0.2, 0.3 and 0.5 for the shared sentences, with or
without a date window; the penalty 0.15 is the smallest of 0.05, 0.1, 0.15, 0.2 and 0.3 that
gave the best recall@1 with the app's date window (a reward for countries in common, by their
Jaccard index, did less well).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from compare.facts import Fact

# Mutual best sentence matches from this cosine count as shared sentences. The aligner's own
# "strong link" floor (`AlignmentParameters.strong_similarity`, 0.45) is tuned for sentences
# already known to be in the same story; across a whole corpus a stricter floor keeps two
# reports of different events from "sharing" their boilerplate.
SHARED_SENTENCE_SIMILARITY = 0.6
MAX_FACTS = 12
DOCUMENT_WEIGHT = 0.7  # of the document cosine in `rank_score`; the rest is the shared sentences
OTHER_COUNTRIES_PENALTY = 0.15  # taken off `rank_score` when the two name no country in common


def document_vector(vectors: np.ndarray, lengths: Sequence[int]) -> np.ndarray:
    """The length-weighted mean of sentence vectors, L2-normalised (float32, shape (d,)).

    `vectors`: one L2-normalised row per sentence; `lengths`: the sentences' lengths in
    characters (each counts at least 1).
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or not len(vectors):
        raise ValueError("A document vector needs at least one sentence vector.")
    weights = np.maximum(np.asarray(lengths, dtype=np.float32), 1.0)
    mean = weights @ vectors
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(np.float32)


@dataclass(frozen=True)
class SharedSentence:
    query: int  # index of the sentence in the query article
    candidate: int  # index of its match in the candidate article
    score: float  # cosine in [-1, 1]


def shared_sentences(
    query: np.ndarray, candidate: np.ndarray, *, threshold: float = SHARED_SENTENCE_SIMILARITY
) -> list[SharedSentence]:
    """Mutual best matches of the two articles' sentence vectors from `threshold` up, best first."""
    if not len(query) or not len(candidate):
        return []
    similarity = np.asarray(query, dtype=np.float32) @ np.asarray(candidate, dtype=np.float32).T
    best_candidate = similarity.argmax(axis=1)
    best_query = similarity.argmax(axis=0)
    found = [
        SharedSentence(int(i), int(j), float(similarity[i, j]))
        for i, j in enumerate(best_candidate)
        if best_query[j] == i and similarity[i, j] >= threshold
    ]
    return sorted(found, key=lambda shared: -shared.score)


def _name_words(fact: Fact) -> set[str]:
    return {word for word in fact.key.split() if len(word) >= 4 and any(c.isalpha() for c in word)}


def _words_match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.startswith(short)


def shared_facts(facts_a: Sequence[Fact], facts_b: Sequence[Fact]) -> list[str]:
    """Names, numbers and dates of A that B also mentions, as A writes them, once each, in A's
    order; at most `MAX_FACTS`. One-digit numbers are left out: "2" is rarely a fact."""
    values_b = {fact.key for fact in facts_b if fact.kind != "name"}
    words_b = set().union(*(_name_words(fact) for fact in facts_b if fact.kind == "name"))
    found: dict[str, str] = {}
    named: set[str] = set()  # the words of the names found so far: "Rogozin" after "Dmitry Rogozin"
    for fact in facts_a:
        if fact.key in found or len(found) >= MAX_FACTS:
            continue
        if fact.kind == "name":
            words = _name_words(fact)
            if words - named and any(_words_match(w, o) for w in words for o in words_b):
                found[fact.key] = fact.text
                named |= words
        elif len(fact.key) > 1 and fact.key in values_b:
            found[fact.key] = fact.text
    return list(found.values())


def other_countries(countries_a: frozenset[str], countries_b: frozenset[str]) -> bool:
    """Both articles name countries (`compare.facts.names.countries`), none of them the same."""
    return bool(countries_a) and bool(countries_b) and not countries_a & countries_b


def rank_score(
    document_score: float,
    shared: int,
    *,
    query_sentences: int,
    candidate_sentences: int,
    other_countries: bool = False,
) -> float:
    """The ranking score in [-0.85, 1]: 0.7 x the document cosine + 0.3 x the share of the
    shorter article's sentences that the two share, less 0.15 when they name other countries."""
    shorter = max(1, min(query_sentences, candidate_sentences))
    score = DOCUMENT_WEIGHT * document_score + (1 - DOCUMENT_WEIGHT) * min(1.0, shared / shorter)
    return score - (OTHER_COUNTRIES_PENALTY if other_countries else 0.0)
