"""Names of people, places and bodies, matched across scripts, spellings and languages.

Pure: standard library, anyascii (transliteration to Latin letters, for Cyrillic,
Greek and the like) and rapidfuzz (edit-distance ratio), with CLDR data from
`compare.facts.data`.

Extraction (`extract_names`): runs of capitalised words, joined by spaces or by a
connector ("Bank of England", "Ursula von der Leyen"); acronyms of 2-6 capitals, each
its own fact; words with inner capitals ("SpaceX") or capital and digits ("Luna-25").
Elided articles are peeled off ("dell'Agenzia" -> "Agenzia", "l'ILRS" -> "ILRS").
A run needs a *significant* word: not a function word, honorific, month or weekday
name, title abbreviation ("CEO"), Roman numeral or nationality adjective
("chinois", "Russian"). A single plain capitalised word at a sentence start counts only
when the sentence also capitalises it elsewhere. In ALL-CAPS and Title Case text only
marked names (acronyms, inner capitals, digits) count; in German, where every noun is
capitalised, a lone capitalised word is not a name, connectors join nothing and the first
word after a determiner is dropped. Not names either: handles and hashtags ("@RAMhaiti"),
a link's language marker ("[FR]"), currency codes ("USD"), capitals written in a row
("COMITÉ DE PLANIFICATION"), common nouns a language's typography capitalises ("État",
"Stato"), the word a number counts ("7 degrés Richter"). Scripts without case (Chinese,
Japanese, Arabic...) give no names.

Matching: every word is reduced to a spelling key, transliterated, accent-folded and
with the usual transliteration variants merged (z/s, ou/u, kh/h, w/v, y/i/j, doubled
letters, a final e): Rogozin, Rogozine, Рогозин and Rogosin share one key. A name is
matched when any of its significant words is near a word of the other side (equal keys,
one a 5+ letter prefix of the other, or an edit ratio >= 0.75), or names the same
country, region or language (CLDR names in every supported language: "Allemagne" =
"Deutschland"). So a translated institution keeps its cognates ("Agenzia spaziale russa"
/ "agence spatiale russe").

Acronyms match an equal acronym, the same letters in another order (NATO / OTAN), a run
of words on the other side whose initials are its letters in any order ("Administration
spatiale nationale chinoise" for CNSA), or, when the sentence gives its expansion ("la
Station scientifique internationale lunaire (MNLS)"), an expansion whose words are
mostly found on the other side. An acronym left unmatched facing one left unmatched on
the other side is a *variant* (CNSA / KNKA) unless both expansions are given and differ.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from anyascii import anyascii
from rapidfuzz import fuzz, process

from compare.facts import data
from compare.facts.model import Fact, Name, Taken
from compare.folding import fold as _fold_text

# Word-level helpers run once per distinct word: a process meets the same words again
# and again, so they are cached.
fold = functools.lru_cache(maxsize=65536)(_fold_text)

_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[-'’](?=[^\W_]))*")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_SENTENCE_START = re.compile(r"(?:^\s*|[.!?…:;]['\"»”’)\]]*\s+|[«»\"“”‘’„(\[¿¡–—-]\s*)$")
_POSSESSIVE = re.compile(r"['’]s$")
_APOSTROPHE = re.compile(r"['’]")
_SPACES = re.compile(r"\s+")
_ELIDED_GAP = re.compile(r"\s+([^\W\d_]{1,5})['’]")
_FINAL_STOP = re.compile(r"[.!?…]\W*$")
_NOT_KEY = re.compile(r"[^a-z0-9]")
_REPEATED = re.compile(r"(.)\1+")
_FIRST_GROUP = operator.itemgetter(1)  # as a replacement: "\1", without a template to expand
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_NOT_LETTER = re.compile(r"[\W\d_]")
_NOT_ALNUM = re.compile(r"[\W_]")
_ORDINAL_END = re.compile(r"(?:e|er|re|ème|eme|es|st|nd|rd|th|º|ª)$")
_LAST_WORD = re.compile(r"(\w+)\s+$")
_WORD_PARTS = re.compile(r"[-'’]")
_RATIO = 75  # rapidfuzz ratio in [0, 100]
_PREFIX = 5
_VARIANTS = (
    ("shch", "sh"), ("tsch", "ch"), ("sch", "sh"), ("kh", "h"), ("ph", "f"), ("th", "t"),
    ("ck", "k"), ("qu", "k"), ("ou", "u"), ("w", "v"), ("y", "i"), ("j", "i"), ("z", "s"),
    ("ce", "se"), ("ci", "si"), ("c", "k"), ("q", "k"), ("x", "ks"),
)  # fmt: skip


class Token(NamedTuple):
    """A word and its offsets (a tuple: a sentence makes dozens)."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Word tokens with offsets; elided articles and prepositions are split off."""
    if "'" not in text and "’" not in text:
        return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(0), m.start()
        while "'" in word or "’" in word:  # "dell'Agenzia" -> "Agenzia"; "O'Brien" stays
            parts = _APOSTROPHE.split(word, maxsplit=1)
            if len(parts) == 2 and parts[1] and fold(parts[0]) in data.ELISIONS:
                cut = len(parts[0]) + 1
                word, start = word[cut:], start + cut
            else:
                break
        out.append(Token(word, start, start + len(word)))
    return out


@functools.lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """The key a word is compared by across scripts and spellings ("Рогозин",
    "Rogozine", "Rogosin" -> "rogosin")."""
    key = _NOT_KEY.sub("", fold(anyascii(word)))
    for old, new in _VARIANTS:
        key = key.replace(old, new)
    key = _REPEATED.sub(_FIRST_GROUP, key)
    return key[:-1] if len(key) > 4 and key.endswith("e") else key


@functools.lru_cache(maxsize=65536)
def _letters_digits(key: str) -> tuple[str, tuple[str, ...]]:
    return _DIGIT.sub("", key), tuple(_DIGITS.findall(key))


def near(key: str, others: Iterable[str], choices: tuple[str, ...] | None = None) -> bool:
    """Has `key` (a `spelling_key`) a near spelling among `others`?"""
    letters, digits = _letters_digits(key)
    if not letters:
        return False
    for other in others:
        if other == key:
            return True
    candidates = choices if choices is not None else tuple(others)
    for other in candidates:
        o_letters, o_digits = _letters_digits(other)
        if digits and o_digits and digits != o_digits:
            continue
        if o_letters == letters and (not digits or not o_digits or digits == o_digits):
            return True
        short, long_ = sorted((letters, o_letters), key=len)
        if len(short) >= _PREFIX and long_.startswith(short):
            return True
    if len(letters) < 4:
        return False
    best = process.extractOne(
        letters, _long_letters(candidates), scorer=fuzz.ratio, score_cutoff=_RATIO
    )
    return best is not None


@functools.lru_cache(maxsize=4096)
def _long_letters(candidates: tuple[str, ...]) -> tuple[str, ...]:
    """The letters of the candidates that have four or more (fuzzy matching is for those)."""
    return tuple(c for c in (_letters_digits(o)[0] for o in candidates) if len(c) >= 4)


@functools.lru_cache(maxsize=65536)
def is_acronym(word: str) -> bool:
    letters = _NOT_LETTER.sub("", word)
    return (
        2 <= len(letters) <= 6
        and len(letters) == len(_NOT_ALNUM.sub("", word))
        and letters.isupper()
        and not _ROMAN.fullmatch(letters)
        and fold(letters) not in data.TITLE_ABBREVIATIONS
        and fold(letters) not in data.COMMON_NOUN_ACRONYMS
        and letters not in data.currency_codes()
    )


@functools.lru_cache(maxsize=65536)
def _is_roman(word: str) -> bool:
    """A Roman numeral, optionally with an ordinal ending ("XXI", "XXIe")."""
    base = _ORDINAL_END.sub("", word)
    return len(base) >= 2 and base.isupper() and bool(_ROMAN.fullmatch(base))


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


@functools.lru_cache(maxsize=65536)
def _capitalised_word(word: str, german: bool) -> bool:
    """A capitalised word that may be (part of) a name, wherever it stands: not a function
    word, a German determiner, a currency code ("USD 2,500": a unit), a single letter
    ("U.S.") or a Roman numeral ("XXI secolo")."""
    if not _capitalised(word) or fold(word) in data.ALL_FUNCTION_WORDS:
        return False
    if german and fold(word) in data.GERMAN_DETERMINERS:
        return False
    return word not in data.currency_codes() and len(word) >= 2 and not _is_roman(word)


@functools.lru_cache(maxsize=65536)
def _marked(word: str) -> bool:
    """A name whatever its position: acronym, capital and digits, inner capital."""
    if is_acronym(word):
        return True
    if _capitalised(word) and any(c.isdigit() for c in word):
        return True
    # An inner capital inside one part ("SpaceX", "McDonald"), not a compound's second
    # capital ("Live-Updates", "Twitter-User").
    parts = [p for p in _WORD_PARTS.split(word) if p]
    if _capitalised(word) and any(
        any(c.isupper() for c in p[1:]) and any(c.islower() for c in p) for p in parts
    ):
        return any(_significant_part(p) for p in parts)
    return False


@functools.lru_cache(maxsize=65536)
def _demonym(folded: str) -> bool:
    """A nationality adjective or language name ("chinese", "russische", "francais")."""
    concepts = data.place_concepts().get(folded)
    if concepts is not None:
        return not any(c.startswith("T:") for c in concepts)
    return folded[:4] in data.place_prefixes() and folded.endswith(data.DEMONYM_ENDINGS)


@functools.lru_cache(maxsize=65536)
def _significant_part(part: str) -> bool:
    folded = fold(part).rstrip(".")
    if len(folded) < 2 or folded.isdigit():
        return False
    return not (
        folded in data.ALL_FUNCTION_WORDS
        or folded in data.HONORIFICS
        or folded in data.NAME_PARTICLES
        or folded in data.TITLE_ABBREVIATIONS
        or folded in data.CHANNELS
        or folded in data.COMMON_NOUN_ACRONYMS
        or folded in data.calendar_words()
        or _demonym(folded)
    )


@functools.lru_cache(maxsize=65536)
def _significant(word: str, lang: str) -> bool:
    if is_acronym(word) or (_capitalised(word) and any(c.isdigit() for c in word)):
        return True
    if fold(word) in data.CAPITALISED_NOUNS.get(lang, ()):
        return False
    german = lang == "de"
    if german and not _marked(word) and fold(word).endswith(data.GERMAN_NOUN_SUFFIXES):
        return False
    return any(_significant_part(p) for p in _WORD_PARTS.split(word) if p)


def _at_sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 8) : start]))


def _joining_gap(gap: str) -> bool:
    """Text between two words of one name: spaces, or an elision ("Société d'État")."""
    if _SPACES.fullmatch(gap):
        return True
    m = _ELIDED_GAP.fullmatch(gap)
    return bool(m and fold(m.group(1)) in data.ELISIONS)


def caseless(text: str) -> bool:
    """Mostly written in a script without case (Chinese, Japanese, Arabic, Hebrew...)."""
    found = len(data.CASELESS_SCRIPTS.findall(text))
    if not found:
        return False  # most texts: no need to count their letters
    letters = sum(map(str.isalpha, text))
    return letters > 0 and found > 0.5 * letters


def extract_names(
    text: str, language: str, taken: Taken, all_tokens: list[Token] | None = None
) -> list[Fact]:
    """Name facts of `text` with `Name` values (see the module docstring); `all_tokens`
    are `tokens(text)` when the caller has them already."""
    lang = data.language_code(language)
    german = lang == "de"
    all_tokens = tokens(text) if all_tokens is None else all_tokens
    if taken.empty():
        toks = list(all_tokens)
    else:
        toks = [t for t in all_tokens if taken.free(t.start, t.end)]
    letters = list(filter(str.isalpha, text))
    # ALL-CAPS text: capitals carry no information, acronyms included.
    shouting = bool(letters) and sum(map(str.isupper, letters)) > 0.5 * len(letters)
    # Title Case text ("Russia And China Sign A Memorandum"): only marked names count.
    long_words = [t.text for t in all_tokens if len(t.text) >= 4 and t.text.isalpha()]
    capitalised = sum(1 for word in long_words if _capitalised(word))
    headline = not _FINAL_STOP.search(text)  # a headline has no final stop
    title_case = not german and (
        (len(long_words) >= 4 and capitalised >= 0.8 * len(long_words))
        or (headline and len(long_words) >= 3 and capitalised == len(long_words))
    )

    shouted = _shouted_spans(text, toks)

    # Starts of the tokens that are capitalised words of a possible name.
    capital = {
        t.start
        for t in toks
        if _capitalised(t.text)  # most words: no need to ask further
        and _capitalised_word(t.text, german)
        and t.start not in shouted
        # a handle, a hashtag, a link marker ("[FR]")
        and text[t.start - 1 : t.start] not in ("@", "#")
        and not _alone_in_brackets(text, t)
        and not (shouting and t.text.isupper())
    }

    starts = [t.start for t in all_tokens]
    mid_caps = {
        fold(t.text) for t in toks if t.start in capital and not _at_sentence_start(text, t.start)
    }
    facts: list[Fact] = []

    # Acronyms are facts of their own, even inside a run ("ILRS - International ...").
    for index, t in enumerate(toks):
        if t.start in capital and is_acronym(t.text) and not shouting:
            expansion = _expansion(text, toks, index)
            name = Name((spelling_key(t.text),), _acronym_concepts(t.text), t.text, expansion)
            facts.append(Fact("name", t.text, t.start, t.end, fold(t.text), value=name))

    runs: list[list[Token]] = []
    i = 0
    while i < len(toks):
        if toks[i].start not in capital or is_acronym(toks[i].text):
            i += 1
            continue
        run = [toks[i]]
        j = i + 1
        while j < len(toks):
            gap = text[run[-1].end : toks[j].start]
            if toks[j].start in capital and not is_acronym(toks[j].text):
                if not _joining_gap(gap):
                    break  # punctuation between two capitalised words: two names
                run.append(toks[j])
                j += 1
                continue
            # A connector followed by a capitalised word continues the run; not in
            # German, where it joins nouns ("Zahl von Rettungshelfern").
            if (
                (
                    (toks[j].text in data.CONNECTORS and not german)
                    or fold(toks[j].text) in data.NAME_PARTICLES
                )
                and _SPACES.fullmatch(gap)
                and j + 1 < len(toks)
                and toks[j + 1].start in capital
                and not is_acronym(toks[j + 1].text)
                and _joining_gap(text[toks[j].end : toks[j + 1].start])
            ):
                run.extend([toks[j], toks[j + 1]])
                j += 2
                continue
            break
        runs.append(run)
        i = j

    for run in runs:
        if (len(run) == 1 or german) and _after_measure(text, run[0].start):
            # "7 degrés Richter", "25 Grad Celsius", "7 Metern Höhe": a word after a
            # number names what is counted or the scale, not a separate fact.
            continue
        if german and len(run) > 1 and _after_determiner(text, run[0].start):
            # A capitalised run right after a determiner or a number is a noun phrase.
            run = run[1:]
            while run and run[0].start not in capital:
                run = run[1:]  # a connector left at the front
        caps = [t for t in run if t.start in capital]
        significant = [t for t in caps if _significant(t.text, lang)]
        if not significant:
            continue
        first = run[0]
        if (
            len(caps) == 1
            and _at_sentence_start(text, first.start)
            and not _marked(first.text)
            and fold(first.text) not in mid_caps
        ):
            continue  # "Participait", "Nelle": capitalised only because a sentence starts
        if not any(_marked(t.text) for t in caps) and (
            shouting or title_case or (german and len(caps) == 1)
        ):
            continue
        start, end = run[0].start, run[-1].end
        keys = tuple(_keys_with_parts(t.text for t in significant))
        concepts = _concepts([fold(t.text) for t in caps])
        name = Name(
            keys,
            concepts,
            context=_context(text, all_tokens, starts, run) if len(caps) == 1 else (),
        )
        facts.append(
            Fact(
                "name",
                text[start:end],
                start,
                end,
                " ".join(fold(t.text) for t in significant),
                value=name,
            )
        )
    for fact in facts:
        taken.take(fact.start, fact.end)
    return facts


def _keys_with_parts(words: Iterable[str]) -> list[str]:
    """Spelling keys of words and of the parts of hyphenated ones ("Port-au-Prince")."""
    return [key for word in words for key in _word_keys(word)]


@functools.lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, ...]:
    word = _POSSESSIVE.sub("", word)  # "Ali's" is "Ali"
    parts = [p for p in _WORD_PARTS.split(word) if len(p) >= 3]
    return (spelling_key(word), *(spelling_key(p) for p in parts if len(parts) > 1))


def _context(
    text: str, all_tokens: list[Token], starts: list[int], run: list[Token]
) -> tuple[str, ...]:
    """Spelling keys of up to three lower-case content words right after a one-word run,
    joined to it by spaces only ("Agenzia spaziale russa", "Ministère public")."""
    keys: list[str] = []
    previous = run[-1]
    first = bisect.bisect_left(starts, previous.end)
    for t in all_tokens[first : first + 3]:
        if len(keys) == 3 or not _SPACES.fullmatch(text[previous.end : t.start]):
            break
        if _capitalised(t.text) or not _content(t.text):
            break
        keys.append(spelling_key(t.text))
        previous = t
    return tuple(keys)


def _after_determiner(text: str, start: int) -> bool:
    m = _LAST_WORD.search(text[max(0, start - 20) : start])
    return bool(m and (fold(m.group(1)) in data.GERMAN_DETERMINERS or m.group(1).isdigit()))


_MEASURE = re.compile(r"\d(?:[\s\u00a0\u202f]+[^\W\d_]+)?[\s\u00a0\u202f]+$")


def _after_measure(text: str, start: int) -> bool:
    """Right after a number, or a number and one lower-case word ("7 degrés")."""
    m = _MEASURE.search(text[max(0, start - 30) : start])
    return bool(m and not any(c.isupper() for c in m.group(0)))


def _shouted_spans(text: str, toks: list[Token]) -> set[int]:
    """Starts of capitals-only words written in a row ("COMITÉ DE PLANIFICATION") or
    longer than an acronym ("BREAKING"): shouting, not acronyms."""
    found: set[int] = set()
    for i, t in enumerate(toks):
        if not (t.text.isupper() and len(t.text) >= 2):
            continue
        if len(t.text) > 6:
            found.add(t.start)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt and nxt.text.isupper() and _SPACES.fullmatch(text[t.end : nxt.start]):
            found |= {t.start, nxt.start}
    return found


def _alone_in_brackets(text: str, t: Token) -> bool:
    return text[t.start - 1 : t.start] == "[" and text[t.end : t.end + 1] == "]"


def _acronym_concepts(word: str) -> frozenset[str]:
    """A two-letter acronym that is a CLDR region code ("US", "EU", "UN") stands for it."""
    code = word.upper()
    if len(code) == 2 and f"T:{code}" in data.territory_concepts():
        return frozenset({f"T:{code}"})
    return frozenset()


def _concepts(folded: list[str]) -> frozenset[str]:
    """Places and languages named by the words (or a run of up to 4 words) of a list."""
    table, stems, phrases = data.place_concepts(), data.place_stems(), data.place_phrases()
    starts, stem_starts = data.phrase_starts(), data.stem_prefixes()
    folded = [word[:-2] if word.endswith(("'s", "’s")) else word for word in folded]  # "Tunisia's"
    found: set[str] = set()
    for i, word in enumerate(folded):
        if hit := table.get(word):
            found |= hit
        elif len(word) >= 5 and word[:5] in stem_starts:
            # A declined place name ("в Нидерландах"): the longest shared stem.
            found |= next((stems[f] for f in data.stems(word) if f in stems), frozenset())
        if word[:4] not in starts:
            continue  # no place name of several words starts so
        for n in range(2, 5):
            if i + n <= len(folded):
                window = folded[i : i + n]
                found |= table.get(" ".join(window), frozenset())
                found |= phrases.get(" ".join(w[:4] for w in window), frozenset())
    return frozenset(found)


def countries(text: str) -> frozenset[str]:
    """The countries and world regions a text names, in any supported language, as concepts:
    "T:JP" for "Japan", "Japon" or "Giappone" (CLDR's names, `data.place_concepts`)."""
    found = _concepts([fold(t.text) for t in tokens(text)])
    return frozenset(concept for concept in found if concept.startswith("T:"))


@functools.lru_cache(maxsize=65536)
def _content(word: str) -> bool:
    folded = fold(word)
    return len(folded) >= 3 and folded not in data.ALL_FUNCTION_WORDS


def _expansion(text: str, toks: list[Token], index: int) -> tuple[str, ...]:
    """Spelling keys of an acronym's expansion given in its own sentence: the words just
    before "(ACRONYM" and the words just after "ACRONYM (", "ACRONYM -", "ACRONYM:"."""
    acronym = toks[index]
    found: list[str] = []
    before = text[max(0, acronym.start - 2) : acronym.start]
    if "(" in before:
        j = index - 1
        while j >= 0 and len(found) < 8:
            gap = text[toks[j].end : toks[j + 1].start if j + 1 < index else acronym.start]
            if j + 1 < index and not re.fullmatch(r"\s+|\s*['’]\s*", gap):
                break
            if not _content(toks[j].text):
                break
            found.append(spelling_key(toks[j].text))
            j -= 1
    after = re.match(r"\s*(?:\(|[-–—:]\s)", text[acronym.end : acronym.end + 4])
    if after:
        end_of_group = text.find(")", acronym.end, acronym.end + 200)
        limit = end_of_group if end_of_group > 0 else len(text)
        for t in toks[index + 1 : index + 9]:
            if t.start >= limit or not re.fullmatch(r"[\w\s'’(–—:-]*", text[acronym.end : t.start]):
                break
            if _content(t.text) and not is_acronym(t.text):
                found.append(spelling_key(t.text))
    return tuple(found)


@dataclass(frozen=True)
class Vocabulary:
    """What the other side of a pair is searched in: every word's spelling key, the
    places and languages it names, its acronyms, and the initials of its content words
    in reading order."""

    keys: frozenset[str]
    choices: tuple[str, ...]
    concepts: frozenset[str]
    acronyms: frozenset[str]
    initials: str
    caseless: bool


def vocabulary(text: str, toks: list[Token] | None = None) -> Vocabulary:
    """The `Vocabulary` of a text (`toks`: its `tokens`, when the caller has them)."""
    toks = tokens(text) if toks is None else toks
    keys = set(_keys_with_parts(t.text for t in toks))
    # Declined forms: also each long word less its last two letters ("нидерландах").
    keys |= {k[:-2] for k in keys if len(k) >= 7}
    keys.discard("")
    folded = [fold(t.text) for t in toks]
    acronyms = frozenset(t.text for t in toks if t.text.isupper() and len(t.text) >= 2)
    concepts = set(_concepts(folded))
    for acronym in acronyms:
        concepts |= _acronym_concepts(acronym)
    initials = "".join(spelling_key(t.text)[:1] or "?" for t in toks if _content(t.text))
    return Vocabulary(
        frozenset(keys),
        tuple(sorted(k for k in keys if len(k) >= 2)),
        frozenset(concepts),
        acronyms,
        initials,
        caseless(text),
    )


def merge(vocabularies: Iterable[Vocabulary]) -> Vocabulary:
    """One vocabulary for the sentences of one side of a link."""
    items = list(vocabularies)
    if len(items) == 1:
        return items[0]  # what merging one would give
    keys = frozenset().union(*(v.keys for v in items))
    return Vocabulary(
        keys,
        tuple(sorted(k for k in keys if len(k) >= 2)),
        frozenset().union(*(v.concepts for v in items)),
        frozenset().union(*(v.acronyms for v in items)),
        " ".join(v.initials for v in items),
        bool(items) and all(v.caseless for v in items),
    )


def acronym_matched(name: Name, other: Vocabulary) -> bool:
    """Equal acronym, same letters in another order, a window of initials, or an
    expansion mostly found on the other side."""
    letters = spelling_key(name.acronym)
    ordered = sorted(letters)
    for candidate in other.acronyms:
        if sorted(spelling_key(candidate)) == ordered:
            return True
    if name.concepts & other.concepts:
        return True
    n = len(letters)
    if n >= 3:
        for part in other.initials.split(" "):
            for i in range(len(part) - n + 1):
                if sorted(part[i : i + n]) == ordered:
                    return True
    return expansion_matched(name.expansion, other.keys, other.choices)


def expansion_matched(
    expansion: tuple[str, ...], keys: frozenset[str], choices: tuple[str, ...]
) -> bool:
    """At least half the expansion's words have a near spelling among `keys`."""
    if not expansion:
        return False
    hits = sum(near(key, keys, choices) for key in expansion)
    return 2 * hits >= len(expansion)


def name_matched(name: Name, other: Vocabulary) -> bool:
    """Any significant word near a word of the other side, or the same place."""
    if name.acronym:
        return acronym_matched(name, other)
    if name.concepts & other.concepts:
        return True
    if any(near(key, other.keys, other.choices) for key in name.keys):
        return True
    return sum(near(key, other.keys, other.choices) for key in name.context) >= 2
