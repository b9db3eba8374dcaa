"""Typing the sentences the aligner left without a counterpart ("additions").

Pure: strings in, dicts out; standard library only, no ORM, no model, no I/O.

Input: every sentence of ONE article as a `SentenceInfo` (position, paragraph, text,
whether the aligner found no counterpart) and the article's ISO 639-1 language.
Output: ``{index: type}`` for every addition, the type one of `ADDITION_TYPES`.

Rules, first match wins:

1. ``credit`` - a source or photo credit line: starts (after an optional "(") with a
   credit word (credit(s), crédit(s), source, fonte, fuente, quelle, bildquelle,
   copyright, courtesy...) followed within a few words by ":" ("Source et crédits
   photographiques: Roscosmos"); or with a picture word (photo, foto, bild, image...)
   + ":" + at most five words ("Photo: AFP"); or "Photo by/di/de/von..."; or "Credit
   photo X" without a colon; or contains "©"/"(c)"/"copyright"; or is only news-agency
   names ("AFP/Getty Images"). Always short (at most 15 words).
2. ``duplicate`` - near-identical to another sentence of the same article
   (`find_duplicates`: equal after normalisation, equal once parentheticals are removed,
   or ``SequenceMatcher`` ratio >= 0.88 on accent-folded, lower-cased, punctuation-free
   text, once the lengths and the word sets (Jaccard >= 0.5) are close enough; texts of
   fewer than four words must be equal). In a group of repeats the fullest (longest,
   earliest on a tie) keeps its own type and the others are duplicates; if any member
   of the group is linked, every addition of the group is a duplicate (its content is
   already covered). Linked sentences are never typed at all.
3. ``other`` for a title: alone in the article's first paragraph, no final punctuation,
   starts with a capital.
4. ``commentary`` for a question ("...l'Histoire?") and for an editorial framing line that
   starts with "Ecco", "Voici", "Here is", "Hier ist", "A continuación"...
5. ``caption`` for an explicit picture marker at the start ("Nelle immagini", "Sur la
   photo", "In the photo", "Pictured", "Im Bild", "En la imagen"...) and for slug-like
   alt text (no capital letter, no final punctuation, at most 12 words:
   "russia cina lunar aggrement 09032021"; or a file name "img_0042.jpg").
6. ``commentary`` for a sentence of 12+ words with an evaluative, hedging or analytic
   marker of the language (it "potrebbe", "infatti", "di conseguenza"; fr "pourrait",
   "en effet", "semble"; en "could", "analysts"; de "könnte", "allerdings"; es
   "podría"...).
7. ``caption`` for a standalone sentence (alone in its paragraph, credits aside) of at
   most 35 words that either starts with a name, a comma and a job title ("Youri
   Ourlichich, Premier Vice-DG de Roscosmos...") or has no auxiliary / reporting verb of
   the language ("Dmitry Rogozine lors de la vidéo-conférence...").
8. ``commentary`` for prose (8+ words) in a paragraph of 2+ sentences (credits aside) of
   which more than half are additions: a whole paragraph the other outlet does not have
   is the outlet's own text ("La Russia, con questo accordo, ...").
9. ``other`` for anything else (e.g. one extra factual sentence inside a linked paragraph).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ADDITION_TYPES",
    "SentenceInfo",
    "classify_additions",
    "find_duplicates",
    "normalise",
]

ADDITION_TYPES = ("commentary", "caption", "credit", "duplicate", "other")


@dataclass(frozen=True)
class SentenceInfo:
    """One sentence of an article: position, paragraph position, text, and whether the
    aligner left it without a counterpart (``is_addition``)."""

    index: int
    paragraph: int
    text: str
    is_addition: bool


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise(text: str) -> str:
    """Accent-folded, lower-cased words separated by single spaces, punctuation dropped."""
    return " ".join(re.findall(r"[^\W_]+", _fold(text)))


def _lower_words(text: str) -> str:
    """Lower-cased words WITH accents, single-spaced, padded: for marker look-ups where
    folding would merge words ("würde" would become "wurde")."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.casefold())) + " "


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
        norm = normalise(text)
        return cls(norm, normalise(_without_parentheticals(text)), frozenset(norm.split()))


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
    matcher = difflib.SequenceMatcher(None, a.norm, b.norm, autojunk=False)
    if matcher.quick_ratio() < _DUPLICATE_RATIO:
        return False
    return matcher.ratio() >= _DUPLICATE_RATIO


def find_duplicates(texts: Sequence[str]) -> dict[int, int]:
    """Near-identical texts within ONE article.

    Returns ``{index of a repeat: index of the sentence it repeats}``. Repeats are grouped
    (transitively); in each group the fullest text (longest normalised text, the earliest
    on a tie) is the one kept, and every other member maps to it. Indices are positions
    in ``texts``.

    Near-linear: texts equal after normalisation (or once parentheticals are removed) are
    found by hashing, and ``_near_identical`` is only asked about the pairs that
    `_similar_word_sets` cannot rule out, instead of every pair.
    """
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

    prepared = [_Prepared.of(t) for t in texts]
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
    """Every pair (i, j), i < j, of word sets that may have a Jaccard similarity >= 0.5:
    a superset of those that do (None: a set left out).

    Prefix filtering with positions (PPJoin: Xiao et al., "Efficient similarity joins for
    near duplicate detection", 2008). With the words of every set in one order, rarest first,
    two sets x, y of Jaccard >= 0.5 share at least (|x| + |y|) / 3 words, and one of them among
    the first |s| - ceil(|s| / 2) + 1 words of each. Only sets sharing one of those rare words
    are looked at, and a pair is dropped as soon as the words left after the shared one cannot
    make up the overlap it needs, so a sentence meets a handful of others rather than all.
    """
    frequency: dict[str, int] = {}
    for words in sets:
        for word in words or ():
            frequency[word] = frequency.get(word, 0) + 1
    index: dict[str, list[tuple[int, int]]] = {}  # word -> (set, position of the word in it)
    pairs: list[tuple[int, int]] = []
    for j, words in enumerate(sets):
        if not words:
            continue
        size = len(words)
        ordered = sorted(words, key=lambda word: (frequency[word], word))
        overlap: dict[int, int] = {}  # shared words seen so far; -1 once ruled out
        for position, word in enumerate(ordered[: size - math.ceil(size / 2) + 1]):
            for i, position_i in index.get(word, ()):
                other = len(sets[i])
                seen = overlap.get(i, 0)
                if seen < 0 or 2 * min(other, size) < max(other, size):
                    continue  # ruled out, or sizes too far apart for Jaccard >= 0.5
                # At best every word after this one, on the shorter side, is shared too.
                best = seen + 1 + min(size - position, other - position_i) - 1
                overlap[i] = seen + 1 if 3 * best >= size + other else -1
            index.setdefault(word, []).append((j, position))
        pairs.extend((i, j) for i in sorted(overlap) if overlap[i] > 0)
    return pairs


# ---------------------------------------------------------------------------
# Credits
# ---------------------------------------------------------------------------

_CREDIT_WORDS = (
    r"(?:credits?|credito|crediti|creditos|sources?|fonte|fonti|fuentes?|quellen?|"
    r"bildquelle|bildnachweis|copyright|courtesy|avec l aimable autorisation)"
)
_PICTURE_WORDS = (
    r"(?:photos?|fotos?|fotografia|fotografie|photographie|photograph|images?|immagine|"
    r"immagini|imagen|imagenes|bild|bilder|picture|pictures|video|illustration)"
)
_AGENCIES = frozenset(
    re.findall(
        r"\S+",
        "afp ap ansa reuters epa efe dpa getty images lapresse shutterstock photo ria "
        "novosti tass xinhua imago keystone sipa",
    )
)


def _is_credit(text: str) -> bool:
    if _word_count(text) > 15:
        return False
    folded = _fold(text).strip()
    norm = normalise(text)
    if "©" in text or re.search(r"\(c\)|\bcopyright\b", folded):
        return True
    # "Source et crédits photographiques: Roscosmos", "Credit: Roscosmos", "(Fonte: X)".
    if re.match(rf"\W*{_CREDIT_WORDS}\b[^.!?:]{{0,40}}:", folded):
        return True
    # "Photo: AFP", "Foto: ANSA" (but "Photo: Dmitry Rogozin speaking at the ..." is a
    # caption: the part after the colon must be short).
    m = re.match(rf"\W*{_PICTURE_WORDS}\b[^.!?:]{{0,20}}:(.*)$", folded)
    if m and _word_count(m.group(1)) <= 5:
        return True
    # "Photo by Jane Doe", "Foto di Mario Rossi", "Bild von ...", "Photo de ..."
    if re.match(rf"\W*{_PICTURE_WORDS}\s+(?:by|di|de|du|von|par|courtesy of)\b", folded):
        return _word_count(text) <= 10
    # "Crédit photo Roscosmos", "Credits NASA"
    if re.match(r"\W*(?:credits?|credito|crediti)\b", folded):
        return _word_count(text) <= 8
    # A line made only of agency names: "AFP/Getty Images".
    words = norm.split()
    return bool(words) and len(words) <= 4 and all(w in _AGENCIES for w in words)


# ---------------------------------------------------------------------------
# Markers per language
# ---------------------------------------------------------------------------

# Editorial framing at the start of a sentence: the outlet introducing what follows.
_FRAMING = {
    "it": ("ecco", "di seguito", "qui di seguito", "qui sotto", "riportiamo",
           "pubblichiamo", "vi proponiamo", "questo è il", "questa è la"),
    "fr": ("voici", "voilà", "ci-dessous", "nous publions", "nous reproduisons",
           "ci après"),
    "en": ("here is", "here s", "here are", "below is", "below are", "the following is",
           "we publish", "this is the"),
    "de": ("hier ist", "hier sind", "hier die", "hier das", "hier der", "im folgenden",
           "nachfolgend", "wir dokumentieren", "wir veröffentlichen"),
    "es": ("este es", "esta es", "aquí está", "aquí están", "a continuación", "he aquí",
           "reproducimos", "publicamos"),
}  # fmt: skip

# Picture markers at the start of a caption.
_CAPTION_STARTS = {
    "it": ("nella foto", "nelle foto", "nell immagine", "nelle immagini", "in foto",
           "in alto", "in basso", "foto di copertina", "nel video", "immagine di"),
    "fr": ("sur la photo", "sur cette photo", "sur l image", "sur cette image",
           "sur les photos", "ci dessus", "en photo", "photo d illustration", "en image"),
    "en": ("in the photo", "in this photo", "in the picture", "in the image", "pictured",
           "above", "photo shows", "image shows", "file photo", "in the video"),
    "de": ("im bild", "auf dem bild", "auf dem foto", "unser bild", "bild oben",
           "auf den bildern", "im video"),
    "es": ("en la imagen", "en la foto", "en la fotografía", "en imagen", "imagen de",
           "en el video", "en el vídeo"),
}  # fmt: skip

# Evaluative, hedging or analytic markers (lower case, accents kept).
_COMMENTARY_MARKERS = {
    "it": ("potrebbe", "potrebbero", "sarebbe", "sarebbero", "infatti", "di conseguenza",
           "a questo punto", "tuttavia", "sembra", "sembrerebbe", "probabilmente", "forse",
           "secondo noi", "a nostro avviso", "evidentemente", "chiaramente", "insomma",
           "resta da vedere", "non è chiaro", "in realtà", "peraltro"),
    "fr": ("pourrait", "pourraient", "serait", "seraient", "en effet", "reste", "semble",
           "sans doute", "peut être", "probablement", "il faut", "à notre avis",
           "selon nous", "cependant", "toutefois", "néanmoins", "en réalité", "pourtant"),
    "en": ("could", "would", "might", "analysts", "arguably", "perhaps", "likely",
           "unlikely", "however", "it remains", "seems", "in our view", "clearly",
           "of course", "remains to be seen", "in fact"),
    "de": ("könnte", "könnten", "würde", "würden", "allerdings", "jedoch", "offenbar",
           "wohl", "vermutlich", "scheint", "möglicherweise", "bleibt abzuwarten",
           "unserer meinung", "freilich", "tatsächlich"),
    "es": ("podría", "podrían", "sería", "serían", "sin embargo", "parece",
           "probablemente", "quizá", "quizás", "de hecho", "a nuestro juicio", "sin duda",
           "en realidad"),
}  # fmt: skip

# Auxiliary and reporting verbs: their presence marks prose rather than a caption.
_VERB_CUES = {
    "it": ("è", "sono", "ha", "hanno", "era", "erano", "sarà", "saranno", "fu", "aveva",
           "avevano", "viene", "vengono", "può", "possono", "deve", "devono", "ha detto",
           "dice", "spiega"),
    "fr": ("est", "sont", "a", "ont", "était", "étaient", "sera", "seront", "fut",
           "avait", "avaient", "peut", "peuvent", "doit", "doivent", "va", "vont",
           "a déclaré", "dit", "explique"),
    "en": ("is", "are", "was", "were", "has", "have", "had", "will", "would", "can",
           "could", "did", "does", "do", "said", "says", "may", "must"),
    "de": ("ist", "sind", "war", "waren", "hat", "haben", "hatte", "hatten", "wird",
           "werden", "wurde", "wurden", "kann", "können", "muss", "müssen", "sagte",
           "sagt"),
    "es": ("es", "son", "fue", "fueron", "era", "eran", "ha", "han", "había", "habían",
           "será", "serán", "está", "están", "puede", "pueden", "debe", "dijo", "dice"),
}  # fmt: skip

_NAME_TITLE = re.compile(r"^\W*[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3},\s+\S")
_FILE_NAME = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|tiff?)\b", re.IGNORECASE)
_FINAL_PUNCT = re.compile(r"[.!?…:;]['\"»”’)\]]*\s*$")


def _table(table: dict[str, tuple[str, ...]], language: str) -> tuple[str, ...]:
    """The language's entries; all languages together for an unknown language."""
    lang = (language or "").lower().split("-")[0].split("_")[0]
    if lang in table:
        return table[lang]
    return tuple(m for entries in table.values() for m in entries)


def _has_phrase(words: str, phrases: Sequence[str]) -> bool:
    """Does the padded word string contain one of the phrases as whole words?"""
    return any(_lower_words(p) in words for p in phrases)


def _starts_with(words: str, phrases: Sequence[str]) -> bool:
    return any(words.startswith(_lower_words(p)) for p in phrases)


def _starts_with_folded(text: str, phrases: Sequence[str]) -> bool:
    norm = " " + normalise(text) + " "
    return any(norm.startswith(" " + normalise(p) + " ") for p in phrases)


def _is_slug(text: str) -> bool:
    stripped = text.strip()
    if _FILE_NAME.search(stripped) and _word_count(stripped) <= 6:
        return True
    return (
        bool(stripped)
        and not any(c.isupper() for c in stripped)
        and not _FINAL_PUNCT.search(stripped)
        and 1 <= _word_count(stripped) <= 12
    )


# ---------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------


def classify_additions(sentences: Sequence[SentenceInfo], *, language: str) -> dict[int, str]:
    """``{sentence.index: type}`` for every sentence with ``is_addition`` (see module doc).

    ``sentences`` are all the sentences of one article (linked ones included: they tell
    which paragraphs are the outlet's own and which repeats are already covered).
    """
    sentences = list(sentences)
    credits = {s.index for s in sentences if s.is_addition and _is_credit(s.text)}
    by_paragraph: dict[int, list[SentenceInfo]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    first_paragraph = min(by_paragraph, default=0)

    # Duplicate groups, with positions mapped back to sentence indices.
    repeats = find_duplicates([s.text for s in sentences])
    group_of: dict[int, int] = {}  # sentence index -> keeper's sentence index
    for pos, keeper_pos in repeats.items():
        group_of[sentences[pos].index] = sentences[keeper_pos].index
        group_of.setdefault(sentences[keeper_pos].index, sentences[keeper_pos].index)
    linked_groups = {
        group_of[s.index] for s in sentences if not s.is_addition and s.index in group_of
    }

    result: dict[int, str] = {}
    for s in sentences:
        if not s.is_addition:
            continue
        result[s.index] = _classify_one(
            s,
            peers=[p for p in by_paragraph[s.paragraph] if p.index not in credits],
            is_credit=s.index in credits,
            duplicate=(
                s.index in group_of
                and (group_of[s.index] != s.index or group_of[s.index] in linked_groups)
            ),
            first_paragraph=s.paragraph == first_paragraph,
            language=language,
        )
    return result


def _classify_one(
    s: SentenceInfo,
    *,
    peers: list[SentenceInfo],
    is_credit: bool,
    duplicate: bool,
    first_paragraph: bool,
    language: str,
) -> str:
    """Type of one addition; ``peers`` are the non-credit sentences of its paragraph."""
    text = s.text.strip()
    words = _lower_words(text)
    n_words = _word_count(text)
    standalone = len(peers) <= 1
    punctuated = bool(_FINAL_PUNCT.search(text))

    if is_credit:
        return "credit"
    if duplicate:
        return "duplicate"
    if first_paragraph and standalone and not punctuated and text[:1].isupper():
        return "other"  # the title
    if text.rstrip("»”\"')] ").endswith("?"):
        return "commentary"  # the outlet asks: its own framing
    if _starts_with(words, _table(_FRAMING, language)):
        return "commentary"  # "Ecco il comunicato...": the outlet introducing the text
    if _starts_with_folded(text, _table(_CAPTION_STARTS, language)) or _is_slug(text):
        return "caption"
    if n_words >= 12 and _has_phrase(words, _table(_COMMENTARY_MARKERS, language)):
        return "commentary"
    if (
        standalone
        and n_words <= 35
        and (_NAME_TITLE.match(text) or not _has_phrase(words, _table(_VERB_CUES, language)))
    ):
        return "caption"
    additions = sum(p.is_addition for p in peers)
    if len(peers) >= 2 and additions * 2 > len(peers) and n_words >= 8:
        return "commentary"
    return "other"
