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
import itertools
import operator
import re
from collections.abc import Callable, Collection, Iterable
from typing import NamedTuple

from anyascii import anyascii
from rapidfuzz import fuzz, process

from compare.facts import data
from compare.facts.model import Fact, Name, Taken
from compare.folding import bmp_class
from compare.folding import fold as _fold_text

# Word-level helpers run once per distinct word: a process meets the same words again
# and again, so they are cached.
fold = functools.lru_cache(maxsize=65536)(_fold_text)

# Letters and digits, joined by single hyphens and apostrophes ("Port-au-Prince", "l'ILRS").
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
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
_START = operator.attrgetter("start")
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_NOT_LETTER = re.compile(r"[\W\d_]")
_NOT_ALNUM = re.compile(r"[\W_]")
_ORDINAL_END = re.compile(r"(?:e|er|re|ème|eme|es|st|nd|rd|th|º|ª)$")
_LAST_WORD = re.compile(r"(\w+)\s+$")
_WORD_PARTS = re.compile(r"[-'’]")
# Bytes of the Latin-1 characters that are not letters, and not capital letters.
_NOT_LATIN_LETTERS = bytes(i for i in range(256) if not chr(i).isalpha())
_NOT_LATIN_CAPITALS = bytes(i for i in range(256) if not (chr(i).isalpha() and chr(i).isupper()))
_NOT_LATIN = re.compile(r"[^\x00-\xff]")
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


# `Token(word, start, end)` without the Python-level `__new__` a NamedTuple generates: the
# same tuple, made a third quicker (a sentence makes dozens).
_new_token = tuple.__new__


def tokens(text: str) -> list[Token]:
    """Word tokens with offsets; elided articles and prepositions are split off."""
    out: list[Token] = []
    end = 0
    elisions = "'" in text or "’" in text
    for word in _TOKEN.findall(text):
        # Where the word is: the next occurrence, as the characters skipped between two
        # words cannot start one.
        end = text.find(word, end) + len(word)
        if elisions and ("'" in word or "’" in word):
            word = _unelided(word)
        out.append(_new_token(Token, (word, end - len(word), end)))
    return out


def token_words(text: str) -> list[str]:
    """The words of `tokens(text)` without their offsets (a vocabulary needs no more)."""
    if "'" not in text and "’" not in text:
        return _TOKEN.findall(text)
    return [
        _unelided(word) if "'" in word or "’" in word else word for word in _TOKEN.findall(text)
    ]


def _unelided(word: str) -> str:
    """A word less its elided article or preposition ("dell'Agenzia" -> "Agenzia");
    "O'Brien" stays."""
    while "'" in word or "’" in word:
        parts = _APOSTROPHE.split(word, maxsplit=1)
        if len(parts) == 2 and parts[1] and fold(parts[0]) in data.ELISIONS:
            word = word[len(parts[0]) + 1 :]
        else:
            break
    return word


@functools.lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """The key a word is compared by across scripts and spellings ("Рогозин",
    "Rogozine", "Rogosin" -> "rogosin")."""
    key = fold(anyascii(word))
    if not (key.isascii() and key.isalnum()):  # most words are letters a-z only by now
        key = _NOT_KEY.sub("", key)
    for old, new in _VARIANTS:
        key = key.replace(old, new)
    if _REPEATED.search(key):  # a search is quicker than a `sub` that finds nothing
        key = _REPEATED.sub(_FIRST_GROUP, key)
    return key[:-1] if len(key) > 4 and key.endswith("e") else key


@functools.lru_cache(maxsize=65536)
def _letters_digits(key: str) -> tuple[str, tuple[str, ...]]:
    if key.isalpha():  # most keys: no digit to take out, and no pattern to run
        return key, ()
    return _DIGIT.sub("", key), tuple(_DIGITS.findall(key))


def has_letter(key: str) -> bool:
    """Has a spelling key a letter? `near` finds nothing near one without."""
    return bool(_letters_digits(key)[0])


def near(key: str, others: Collection[str], choices: tuple[str, ...] | None = None) -> bool:
    """Has `key` (a `spelling_key`) a near spelling among `others`? `choices`: those of
    `others` with two letters or more, when the caller has them."""
    letters, digits = _letters_digits(key)
    if not letters:
        return False
    if key in others:
        return True
    return _near_choice(letters, digits, choices if choices is not None else tuple(others))


def _near_choice(letters: str, digits: tuple[str, ...], candidates: tuple[str, ...]) -> bool:
    """`near` for a key with `letters` and `digits` that has no equal among `candidates`."""
    if digits:
        if _near_with_digits(letters, digits, candidates):
            return True
    elif _near_letters(letters, candidates):  # most keys: no digits
        return True
    if len(letters) < 4:
        return False
    best = process.extractOne(
        letters, _long_letters(candidates), scorer=fuzz.ratio, score_cutoff=_RATIO
    )
    return best is not None


def _near_letters(letters: str, candidates: tuple[str, ...]) -> bool:
    """`_near_with_digits` for a key without digits, which no candidate's digits can
    contradict: its letters are looked up among the candidates' (`_letters_index`) instead
    of compared with each candidate in turn."""
    found, ordered = _letters_index(candidates)
    if letters in found:
        return True
    if len(letters) < _PREFIX:
        return False
    # A candidate of five letters or more that `letters` starts with...
    if any(letters[:n] in found for n in range(_PREFIX, len(letters))):
        return True
    # ... or one that starts with `letters`: if any does, the first not sorted before it.
    i = bisect.bisect_left(ordered, letters)
    return i < len(ordered) and ordered[i].startswith(letters)


@functools.lru_cache(maxsize=4096)
def _letters_index(candidates: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The letters of the candidates, as a set and sorted (a vocabulary is searched for many
    keys)."""
    found = frozenset(_letters_digits(c)[0] for c in candidates)
    return found, tuple(sorted(found))


def _near_with_digits(letters: str, digits: tuple[str, ...], candidates: tuple[str, ...]) -> bool:
    """Has a candidate the same letters, or one a prefix of the other (the shorter of five
    letters or more), and no other digits (when both have some)?"""
    for other in candidates:
        o_letters, o_digits = _letters_digits(other)
        if digits and o_digits and digits != o_digits:
            continue
        if o_letters == letters:
            return True  # the digits agree, or one side has none
        # One a prefix of the other, the shorter of five letters or more.
        if min(len(letters), len(o_letters)) >= _PREFIX and (
            letters.startswith(o_letters) or o_letters.startswith(letters)
        ):
            return True
    return False


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
    if word[1:2].islower():
        return False  # "Berg": the numeral would have that letter, in lower case
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
    if not _capitalised(word):
        return False
    if not word.isalpha() and any(c.isdigit() for c in word):  # no letter is a digit
        return True
    if word[1:].islower():
        return False  # most words: no capital after the first letter
    # An inner capital inside one part ("SpaceX", "McDonald"), not a compound's second
    # capital ("Live-Updates", "Twitter-User").
    parts = [p for p in _WORD_PARTS.split(word) if p]
    if any(any(c.isupper() for c in p[1:]) and any(c.islower() for c in p) for p in parts):
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


def may_hold_names(text: str, language: str) -> bool:
    """False when `extract_names` would find nothing, told without tokenising the text:
    no word after the first has an upper-case letter, and the first word is not a
    capitalised name word, or is a plain one (not `_marked`) at a sentence start, where a
    one-word name counts only when capitalised again further on. Most sentences of a
    language that capitalises only names are so. (When the rest of the text has no cased
    letter at all, `str.islower` says False too; such a text is just read in full.)
    """
    first = _TOKEN.search(text)
    if first is None:
        return False
    german = data.language_code(language) == "de"
    if not text[first.end() :].islower():
        return not german or _german_names_possible(text)
    word = _unelided(first.group())
    start = first.end() - len(word)
    return (
        word[0].isupper()
        and _capitalised_word(word, german)
        and (_marked(word) or not _at_sentence_start(text, start))
    )


def _german_names_possible(text: str) -> bool:
    """False when `extract_names` would find nothing in a German text, where a lone
    capitalised word is a noun: a name needs a capitalised word with more than lower-case
    letters after its first (what an acronym or a `_marked` word has: capitals, digits, a
    hyphen), or two capitalised words with only spaces or a name particle between (a run
    of two). Most German sentences have neither. A text with an apostrophe (an elision may
    join two words) or a character beyond the Basic Multilingual Plane (whose letters
    `_german_name_shapes` does not list) is read in full.
    """
    if "'" in text or "’" in text or not (text.isascii() or max(text) <= "\uffff"):
        return True
    return _german_name_shapes().search(text) is not None


@functools.cache
def _german_name_shapes() -> re.Pattern:
    """The pattern of `_german_names_possible`: a capital (`str.isupper`), then lower-case
    letters and something else in the same word, or the rest of its word, spaces, maybe a
    particle (a word that may fold to one of `data.NAME_PARTICLES`: one of them in any
    case, or any word with a letter beyond ASCII) and spaces, and a capital. Built once per
    process (the capitals and lower-case letters of the BMP, listed by `str` itself)."""
    upper = bmp_class(str.isupper)
    lower = bmp_class(lambda c: c.isalpha() and c.islower())
    listed = "|".join(re.escape(p) for p in sorted(data.NAME_PARTICLES))
    particle = rf"(?:[^\W_]*[^\x00-\x7f][^\W_]*|(?i:{listed}))"
    return re.compile(
        rf"[{upper}](?:"
        rf"[{lower}]*(?:(?![{lower}])[^\W_]|-[^\W_])"  # more than lower-case letters
        rf"|[^\W_]*(?:-[^\W_]+)*\s+(?:{particle}\s+)?[{upper}]"  # two capitalised words
        r")"
    )


class _Casing:
    """How a text uses capitals, each property computed on first use: most sentences
    have no capitalised word that needs it."""

    def __init__(self, text: str, all_tokens: list[Token], toks: list[Token], german: bool):
        self.text, self.all_tokens, self.toks, self.german = text, all_tokens, toks, german

    @functools.cached_property
    def shouting(self) -> bool:
        """ALL-CAPS text: capitals carry no information, acronyms included.

        More than half the letters are capitals (`str.isalpha`, `str.isupper`), counted
        in C for the Latin-1 characters and one by one for the others ("’", Cyrillic).
        """
        latin = self.text.encode("latin-1", "ignore")
        letters = len(latin.translate(None, _NOT_LATIN_LETTERS))
        capitals = len(latin.translate(None, _NOT_LATIN_CAPITALS))
        if len(latin) < len(self.text):
            others = [c for c in _NOT_LATIN.findall(self.text) if c.isalpha()]
            letters += len(others)
            capitals += sum(map(str.isupper, others))
        return letters > 0 and capitals > 0.5 * letters

    @functools.cached_property
    def title_case(self) -> bool:
        """Title Case text ("Russia And China Sign A Memorandum"): only marked names count.
        Never German, where every noun is capitalised: its words are not counted."""
        if self.german:
            return False
        long_words = [word for word, _, _ in self.all_tokens if len(word) >= 4 and word.isalpha()]
        capitalised = sum(1 for word in long_words if word[0].isupper())
        headline = not _FINAL_STOP.search(self.text)  # a headline has no final stop
        return (len(long_words) >= 4 and capitalised >= 0.8 * len(long_words)) or (
            headline and len(long_words) >= 3 and capitalised == len(long_words)
        )

    @functools.cached_property
    def shouted(self) -> set[int]:
        return _shouted_spans(self.text, self.toks)


def _capital(text: str, t: Token, german: bool, casing: _Casing) -> bool:
    """Is `t` a capitalised word of a possible name (its first letter is upper-case)?"""
    before = text[t.start - 1 : t.start]
    return (
        _capitalised_word(t.text, german)
        # a handle, a hashtag, a link marker ("[FR]": a word alone in brackets)
        and before not in ("@", "#")
        and not (before == "[" and text[t.end : t.end + 1] == "]")
        # capitals written in a row, or an ALL-CAPS text (`_shouted_spans` holds only
        # capitals-only words, so the others need neither)
        and not (t.text.isupper() and (t.start in casing.shouted or casing.shouting))
    )


def extract_names(
    text: str, language: str, taken: Taken, all_tokens: list[Token] | None = None
) -> list[Fact]:
    """Name facts of `text` with `Name` values (see the module docstring); `all_tokens`
    are `tokens(text)` when the caller has them already."""
    lang = data.language_code(language)
    german = lang == "de"
    all_tokens = tokens(text) if all_tokens is None else all_tokens
    toks = list(all_tokens) if taken.empty() else taken.free_spans(all_tokens)
    casing = _Casing(text, all_tokens, toks, german)

    # The tokens that are capitalised words of a possible name, with their positions in
    # `toks`, and their starts.
    capitals = [
        (index, t)
        for index, t in enumerate(toks)
        if t.text[0].isupper()  # most words: no need to ask further
        and _capital(text, t, german, casing)
    ]
    if not capitals:
        return []
    capital = {t.start for _, t in capitals}
    facts: list[Fact] = []

    # Acronyms are facts of their own, even inside a run ("ILRS - International ...").
    for index, t in capitals:
        if is_acronym(t.text) and not casing.shouting:
            expansion = _expansion(text, toks, index)
            name = Name((spelling_key(t.text),), _acronym_concepts(t.text), t.text, expansion)
            facts.append(Fact("name", t.text, t.start, t.end, fold(t.text), value=name))

    # Runs start at a capitalised word that is not an acronym, after the previous run.
    runs: list[list[Token]] = []
    j = 0
    for i, first in capitals:
        if i < j or is_acronym(first.text):
            continue
        run = [first]
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
                    (not german and toks[j].text in data.CONNECTORS)
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

    # Capitalised words that do not start a sentence, built when first needed.
    mid_caps: set[str] | None = None
    # Each test below drops a run; they are independent, so the cheap and common ones
    # come first.
    for run in runs:
        single, run_start = len(run) == 1, run[0].start
        if single and german and not _marked(run[0].text):
            continue  # in German a lone capitalised word is a noun (most runs: the test below)
        if (
            german
            and len(run) > 1
            and _after_determiner(text, run[0].start)
            and _GERMAN_INFLECTED.search(run[0].text)
        ):
            # A capitalised run right after a determiner or a number is a noun phrase, its
            # first word an inflected adjective or noun ("der Russischen Raumfahrtbehörde");
            # not "an der Harvard Law School", a name.
            run = run[1:]
            while run and run[0].start not in capital:
                run = run[1:]  # a connector left at the front
        caps = [t for t in run if t.start in capital]
        if not caps:
            continue
        marked = any(_marked(t.text) for t in caps)
        if not marked and german and len(caps) == 1:
            continue  # in German a lone capitalised word is a noun
        significant = [t for t in caps if _significant(t.text, lang)]
        if not significant:
            continue
        first = run[0]  # in `capital`, so `caps[0]`
        if len(caps) == 1 and not marked and _at_sentence_start(text, first.start):
            if mid_caps is None:
                mid_caps = {
                    fold(t.text)
                    for t in toks
                    if t.start in capital and not _at_sentence_start(text, t.start)
                }
            if fold(first.text) not in mid_caps:
                continue  # "Participait", "Nelle": capitalised only because a sentence starts
        if not marked and (casing.shouting or casing.title_case):
            continue
        if (single or german) and _after_measure(text, run_start):
            # "7 degrés Richter", "25 Grad Celsius", "7 Metern Höhe": a word after a
            # number names what is counted or the scale, not a separate fact.
            continue
        start, end = run[0].start, run[-1].end
        keys = tuple(_keys_with_parts(t.text for t in significant))
        concepts = _concepts([fold(t.text) for t in caps])
        name = Name(
            keys,
            concepts,
            context=_context(text, all_tokens, run) if len(caps) == 1 else (),
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
    if "-" not in word and "'" not in word and "’" not in word:
        return (spelling_key(word),)  # most words: one part, no possessive
    word = _POSSESSIVE.sub("", word)  # "Ali's" is "Ali"
    parts = [p for p in _WORD_PARTS.split(word) if len(p) >= 3]
    return (spelling_key(word), *(spelling_key(p) for p in parts if len(parts) > 1))


def _context(text: str, all_tokens: list[Token], run: list[Token]) -> tuple[str, ...]:
    """Spelling keys of up to three lower-case content words right after a one-word run,
    joined to it by spaces only ("Agenzia spaziale russa", "Ministère public")."""
    keys: list[str] = []
    previous = run[-1]
    first = bisect.bisect_left(all_tokens, previous.end, key=_START)
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


# The endings a German adjective takes after a determiner, and most plural nouns.
_GERMAN_INFLECTED = re.compile(r"(?:e|en|er|es|em|n|s)$")
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


@functools.lru_cache(maxsize=1024)
def countries(text: str) -> frozenset[str]:
    """The countries and world regions a text names, in any supported language, as concepts:
    "T:JP" for "Japan", "Japon" or "Giappone" (CLDR's names, `data.place_concepts`).

    Cached: counterpart searches read the same candidate articles again and again (about a
    millisecond an article of 2,000 characters)."""
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


class Vocabulary:
    """What the other side of a pair is searched in: every word's spelling key (`keys`;
    `choices`: those of two letters or more, sorted), the places and languages it names
    (`concepts`), its acronyms, the initials of its content words in reading order
    (`initials`: one string per sentence, joined by spaces) and whether it is written in
    a script without case (`caseless`).

    Each part is computed on first use and kept: a name needs only some of them (the
    acronyms and initials only for an acronym, the concepts only for a place).
    """

    def __init__(self, text: str) -> None:
        self._text = text

    @functools.cached_property
    def _words(self) -> list[str]:
        return token_words(self._text)

    @functools.cached_property
    def keys(self) -> frozenset[str]:
        keys = set(itertools.chain.from_iterable(map(_word_keys, self._words)))
        # Declined forms: also each long word less its last two letters ("нидерландах").
        keys |= {k[:-2] for k in keys if len(k) >= 7}
        keys.discard("")
        return frozenset(keys)

    @functools.cached_property
    def choices(self) -> tuple[str, ...]:
        return tuple(sorted(k for k in self.keys if len(k) >= 2))

    @functools.cached_property
    def concepts(self) -> frozenset[str]:
        concepts = set(_concepts([fold(word) for word in self._words]))
        for acronym in self.acronyms:
            concepts |= _acronym_concepts(acronym)
        return frozenset(concepts)

    @functools.cached_property
    def acronyms(self) -> frozenset[str]:
        # Also the acronym a hyphen joins to a word ("CNN-Journalistin", "NASA-Chef", as
        # German writes them).
        return frozenset(
            part
            for word in self._words
            for part in (_WORD_PARTS.split(word) if "-" in word else (word,))
            if part.isupper() and len(part) >= 2
        )

    @functools.cached_property
    def initials(self) -> str:
        return "".join(spelling_key(word)[:1] or "?" for word in self._words if _content(word))

    @functools.cached_property
    def caseless(self) -> bool:
        return caseless(self._text)

    def near(self, key: str) -> bool:
        """`near(key, self.keys, self.choices)`, sorting the choices only when no key is
        equal to `key`."""
        letters, digits = _letters_digits(key)
        return bool(letters) and (key in self.keys or _near_choice(letters, digits, self.choices))


class _Merged(Vocabulary):
    """The vocabulary of several sentences: the union of theirs (each computed alone, so
    that no place name is read across two sentences)."""

    def __init__(self, parts: list[Vocabulary]) -> None:
        self._parts = parts

    @functools.cached_property
    def keys(self) -> frozenset[str]:
        return frozenset().union(*(v.keys for v in self._parts))

    @functools.cached_property
    def concepts(self) -> frozenset[str]:
        return frozenset().union(*(v.concepts for v in self._parts))

    @functools.cached_property
    def acronyms(self) -> frozenset[str]:
        return frozenset().union(*(v.acronyms for v in self._parts))

    @functools.cached_property
    def initials(self) -> str:
        return " ".join(v.initials for v in self._parts)

    @functools.cached_property
    def caseless(self) -> bool:
        return bool(self._parts) and all(v.caseless for v in self._parts)


def vocabulary(text: str) -> Vocabulary:
    """The `Vocabulary` of a text (nothing is read from it before a part is asked for)."""
    return Vocabulary(text)


def merge(vocabularies: Iterable[Vocabulary]) -> Vocabulary:
    """One vocabulary for the sentences of one side of a link."""
    items = list(vocabularies)
    if len(items) == 1:
        return items[0]  # what merging one would give
    return _Merged(items)


def acronym_matched(name: Name, other: Vocabulary) -> bool:
    """Equal acronym, same letters in another order, a window of initials, or an
    expansion mostly found on the other side."""
    letters = spelling_key(name.acronym)
    ordered = sorted(letters)
    for candidate in other.acronyms:
        if sorted(spelling_key(candidate)) == ordered:
            return True
    if name.concepts and name.concepts & other.concepts:
        return True
    n = len(letters)
    if n >= 3:
        for part in other.initials.split(" "):
            for i in range(len(part) - n + 1):
                if sorted(part[i : i + n]) == ordered:
                    return True
    return _half_found(name.expansion, other.near)


def expansion_matched(
    expansion: tuple[str, ...], keys: frozenset[str], choices: tuple[str, ...]
) -> bool:
    """At least half the expansion's words have a near spelling among `keys`."""
    return _half_found(expansion, lambda key: near(key, keys, choices))


def _half_found(expansion: tuple[str, ...], found: Callable[[str], bool]) -> bool:
    return bool(expansion) and 2 * sum(map(found, expansion)) >= len(expansion)


def name_matched(name: Name, other: Vocabulary) -> bool:
    """Any significant word near a word of the other side, or the same place."""
    if name.acronym:
        return acronym_matched(name, other)
    if name.concepts and name.concepts & other.concepts:
        return True
    if any(map(other.near, name.keys)):
        return True
    return sum(map(other.near, name.context)) >= 2
