"""Raw text → paragraphs → sentences, with character offsets into the original.

Pure: strings in, dataclasses out; no ORM and no embedding model.

- Paragraphs are separated by blank lines (lines holding only white space,
  non-breaking spaces included; Windows and old Mac line ends alike).
- Inside a paragraph every line break ends a sentence. Scraped pages put each
  block (a title, a caption, a credit) on its own line, and a title has no full
  stop to end it; hard-wrapped prose is rare in what this app imports.
- Each line is split into sentences by pysbd, a maintained rule-based
  segmenter with per-language abbreviation and quotation rules (Italian,
  French, German, Spanish, Russian, …). Languages it has no rules for use its
  English rules, which follow the punctuation. Two repairs for text run together
  without spaces (quoted tweets): the ellipsis character ends a sentence as "..." does
  in pysbd's rules, or when a capital letter follows it at once; punctuation glued to
  the end of a sentence stays with it (`_pieces`, `_glued_end`).
- Every sentence and paragraph is a `Span` of the original text: `text[start:end]`
  gives it back exactly, so the original can be rebuilt and highlighted.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from dataclasses import dataclass

from compare import lexicon
from compare.folding import ADDRESS, normalise_spaces

# Languages the default model (Universal Sentence Encoder multilingual v3)
# was trained on, by ISO 639-1 code. Thai is left out: it writes no sentence
# punctuation, so no rule-based segmenter splits it sensibly.
SUPPORTED_LANGUAGES: dict[str, str] = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "tr": "Turkish",
    "zh": "Chinese",
}

# pysbd's own language rules; the others fall back to English punctuation rules.
_PYSBD_LANGUAGES = {"ar", "de", "en", "es", "fr", "it", "ja", "nl", "pl", "ru", "zh"}

# A line end is "\r\n", "\n" or a lone "\r" (never the "\r" of a "\r\n": one Windows line
# end is no blank line).
_BLANK_LINES = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?:[^\S\r\n]*(?:\r\n|\r(?!\n)|\n))+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class TextError(ValueError):
    """A text that cannot be imported; the message says why, for the user."""


class EmptyTextError(TextError):
    pass


class TextTooLongError(TextError):
    pass


class EncodingError(TextError):
    pass


class UnsupportedLanguageError(TextError):
    pass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SegmentedParagraph:
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]


def decode_text(data: bytes) -> str:
    """Decode UTF-8 bytes (a byte-order mark is dropped); anything else is an error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EncodingError(
            f"The text is not valid UTF-8 (byte 0x{data[error.start]:02x} at position "
            f"{error.start}). Save the file as UTF-8 and import it again."
        ) from error


def check_text(text: str, *, max_chars: int) -> None:
    """Raise a `TextError` for a text that is blank or longer than `max_chars` characters."""
    if not text.strip():
        raise EmptyTextError("The text is empty: there is nothing to import.")
    if len(text) > max_chars:
        raise TextTooLongError(
            f"The text has {len(text):,} characters; the limit is {max_chars:,}. "
            "Import one article at a time."
        )


def check_language(language: str) -> str:
    """Return the normalised language code, or raise `UnsupportedLanguageError`."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    if code not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguageError(
            f"The language {language!r} is not supported. Supported languages: "
            f"{supported_languages_sentence()}."
        )
    return code


# The text reduced to what identifies it (NFC, one space between words); fetch.py and
# content_hash compare texts by it.
normalise = normalise_spaces


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text, so line ends and spacing do not make a new article."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """The span [start, end) of `text` without white space at either end, or None if blank."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    start += len(chunk) - len(chunk.lstrip())
    end = start + len(stripped)
    return Span(start, end, text[start:end])


def split_paragraphs(text: str) -> list[Span]:
    """Blank-line separated paragraphs of `text`, trimmed, empty ones dropped."""
    paragraphs = []
    position = 0
    for separator in _BLANK_LINES.finditer(text):
        if span := _trimmed(text, position, separator.start()):
            paragraphs.append(span)
        position = separator.end()
    if span := _trimmed(text, position, len(text)):
        paragraphs.append(span)
    return paragraphs


# One pysbd segmenter per thread and language: a Segmenter keeps the text it is working on
# in its own attributes, so two threads sharing one cut each other's texts.
_segmenters = threading.local()


def _segmenter(language: str):
    import pysbd

    cache = _segmenters.__dict__.setdefault("by_language", {})
    if language not in cache:
        cache[language] = pysbd.Segmenter(
            language=language if language in _PYSBD_LANGUAGES else "en", clean=False
        )
    return cache[language]


def _split_line(line: str, language: str) -> list[tuple[int, int]]:
    """Offsets of the sentences in one line, found back in the line itself.

    pysbd returns the sentences as strings; they are searched for in order so
    that offsets are exact even where pysbd keeps or drops white space.
    """
    offsets = []
    cursor = 0
    for found, piece in _pieces(line, language):
        if offsets and not any(c.isalpha() for c in piece):
            # A piece with no letter ("[1]", "*", "…") is a reference mark or stray
            # punctuation that belongs to the sentence before it, not a sentence.
            offsets[-1] = (offsets[-1][0], found + len(piece))
            cursor = found + len(piece)
            continue
        if offsets and found == offsets[-1][1]:
            glued = _glued_end(line[offsets[-1][0] : found], piece)
            if glued:
                offsets[-1] = (offsets[-1][0], found + glued)
                found += glued + len(piece[glued:]) - len(piece[glued:].lstrip())
                piece = piece[glued:].strip()
        offsets.append((found, found + len(piece)))
        cursor = found + len(piece)
    if span := _trimmed(line, cursor, len(line)):
        offsets.append((span.start, span.end))
    return _whole_addresses(line, offsets)


def _whole_addresses(line: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences with none cut inside a web address: pysbd ends one at the "?" of
    "http://www.youtube.com/watch?v=rWgvX1FGK4I"."""
    inside = [m.span() for m in ADDRESS.finditer(line)]
    if not inside:
        return offsets
    joined = offsets[:1]
    for start, end in offsets[1:]:
        if any(a < start < b or a < joined[-1][1] < b for a, b in inside):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


# An ellipsis run into a capital letter with no space ("plan…J'espère"): tweets quoted
# one after the other.
_ELLIPSIS_BEFORE_CAPITAL = re.compile(r"(?:…|\.\.\.)(?=[^\W\d_])")


def _pieces(line: str, language: str) -> list[tuple[int, str]]:
    """pysbd's sentences of `line`, each with its offset in the line.

    pysbd has rules for an ellipsis written as three full stops ("plan... Je pense" ends a
    sentence, "des... choses" does not) but none for the ellipsis character, which it never
    takes as an end: it reads the line with each "…" written as "...", and the offsets are
    mapped back. An ellipsis glued to a capital letter ends a sentence too (pysbd cuts after
    "?" there, not after an ellipsis). The pieces are searched for in order so that offsets
    are exact even where pysbd keeps or drops white space; if pysbd ever changed the text
    (it should not with clean=False), the rest of the line is left to the caller.
    """
    dotted = line.replace("…", "...")
    where = [k for k, c in enumerate(line) for _ in range(3 if c == "…" else 1)]
    pieces: list[tuple[int, str]] = []
    cursor = 0
    for piece in _segmented(dotted, language):
        piece = piece.strip()
        if not piece:
            continue
        found = dotted.find(piece, cursor)
        if found < 0:
            break
        cursor = found + len(piece)
        start = where[found]
        end = where[cursor - 1] + 1
        if pieces and start < pieces[-1][0] + len(pieces[-1][1]):  # cut inside an ellipsis
            start = pieces[-1][0] + len(pieces[-1][1])
        if start >= end:
            continue
        cuts = [
            m.end()
            for m in _ELLIPSIS_BEFORE_CAPITAL.finditer(line, start, end)
            if m.end() < end and line[m.end()].isupper()
        ]
        for a, b in zip([start, *cuts], [*cuts, end], strict=True):
            pieces.append((a, line[a:b]))
    return pieces


# pysbd reads a line in time that grows with the square of its length (each abbreviation it
# meets rewrites the whole line): a longer line is given to it in parts of about this size,
# cut where a sentence surely ends.
_PART_CHARS = 2000
_STOP = re.compile(r"[.!?]\s+(?=[^\W\d_])|[。！？]")


def _segmented(line: str, language: str) -> list[str]:
    """pysbd's sentences of `line`, a long line read part by part (`_PART_CHARS`)."""
    pieces, start = [], 0
    while len(line) - start > 2 * _PART_CHARS:
        end = _sure_end(line, start, start + _PART_CHARS)
        if end is None:
            break
        pieces += _segmenter(language).segment(line[start:end])
        start = end
    return pieces + _segmenter(language).segment(line[start:])


def _sure_end(line: str, start: int, position: int) -> int | None:
    """Where the first sentence that surely ends after `position` ends: outside quotation
    marks opened since `start` (pysbd does not cut a quotation), a full-width stop, or a stop
    after a word of three lower-case letters or more ("Dr.", "Mrs." and "U.S." are not)
    before a letter that is not lower-case."""
    counted, open_marks = start, []
    for stop in _STOP.finditer(line, position):
        for char in line[counted : stop.start()]:
            if open_marks and char in _QUOTATION_PAIRS[open_marks[-1]]:
                open_marks.pop()
            elif char in _QUOTATION_PAIRS:
                open_marks.append(char)
        counted = stop.start()
        before = line[max(0, stop.start() - 3) : stop.start()]
        sure = stop[0][0] in "。！？" or (
            len(before) == 3
            and before.isalpha()
            and before.islower()
            and not line[stop.end()].islower()  # "bzw. übersetzt", "тыс. до" go on
        )
        if sure and not open_marks:
            return stop.end()
    return None


# Sentence-final punctuation, and the quotation marks that can close a quotation.
_FINAL_PUNCTUATION = re.compile(r"[.!?…]+")
_QUOTE_MARKS = '"“”„«»'
_CLOSING_QUOTES = '"“”»'


def _glued_end(previous: str, piece: str) -> int:
    """How many characters at the start of `piece` end the sentence `previous` instead.

    pysbd sometimes cuts a run of final punctuation, or a closing quotation mark, off the
    sentence it ends when no space follows ("vivants..”Vous" gives "vivants." and ".”Vous").
    A mark glued to the end of a sentence belongs to it: final punctuation always (no sentence
    starts with a full stop), and a quotation mark when it closes a quotation that sentence
    left open (an odd number of quotation marks so far). Called only for a piece that touches
    the sentence before it; the rest must keep a letter to remain a sentence.
    """
    length = 0
    if match := _FINAL_PUNCTUATION.match(piece):
        length = match.end()
    text = previous + piece[:length]
    if (
        piece[length : length + 1] in tuple(_CLOSING_QUOTES)
        and sum(text.count(mark) for mark in _QUOTE_MARKS) % 2 == 1
    ):
        length += 1
    return length if any(c.isalpha() for c in piece[length:]) else 0


# Scripts written without spaces between words: Japanese kana, CJK ideographs, Hangul.
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def shorten(text: str, length: int) -> str:
    """`text` in at most `length` characters: cut after its last whole word that fits, with
    an ellipsis (in the middle of a word only when one word is longer than that)."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if text[length - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"


def announces(text: str) -> bool:
    """Does `text` end by announcing what follows, with a colon ("X tweeted:", "Le
    communiqué dit :", "@name：")?"""
    return text.rstrip().endswith((":", "："))


def word_count(text: str) -> int:
    """Words in a text; in scripts written without spaces, two characters count as one."""
    spaced = len(re.findall(r"[^\W_]+", _CJK_CHAR.sub(" ", text)))
    return spaced + len(_CJK_CHAR.findall(text)) // 2


# Quotation marks by pairs, as each typographic tradition opens and closes a quotation
# (English and Italian “…”, French and Russian «…», German „…“, Japanese and Chinese 「…」 and
# 『…』, and the straight "…" of any keyboard). Single marks are left out: ’ is an apostrophe too.
_QUOTATION_PAIRS = {"“": "”", "«": "»", "„": "“”", '"': '"', "「": "」", "『": "』"}


def quoted_words(sentence: str, *, open_quote: str | None = None) -> tuple[int, str | None]:
    """How many words of `sentence` lie inside quotation marks, and the closing marks still
    awaited at its end (a quotation that goes on into the next sentence), or None.

    `open_quote` is what the previous sentence of the paragraph left open ("Il a écrit : « Un
    jour… » " is three sentences, all of them quoted).
    """
    inside, closers, start = open_quote is not None, open_quote or "", 0
    pieces = []
    for position, char in enumerate(sentence):
        if inside and char in closers:
            pieces.append(sentence[start:position])
            inside = False
        elif not inside and char in _QUOTATION_PAIRS:
            inside, closers, start = True, _QUOTATION_PAIRS[char], position + 1
    if inside:
        pieces.append(sentence[start:])
    return sum(map(word_count, pieces)), (closers if inside else None)


def split_sentences(paragraph: str, language: str) -> list[Span]:
    """Sentences of one paragraph, as spans of the paragraph's text.

    A line break ends a sentence (a title, a caption and a byline have no full stop), except
    where it wraps one (`_wraps`): there the sentence goes on over it.
    """
    sentences = []
    position = 0
    line_ends = [*_line_ends(paragraph, language), None]
    for line_end in line_ends:
        end = line_end.start() if line_end else len(paragraph)
        line = paragraph[position:end]
        if "\n" in line or "\r" in line:  # read a wrapping break as the space it stands for
            line = _LINE_BREAK.sub(lambda wrap: " " * len(wrap[0]), line)
        for start, stop in _split_line(line, language):
            sentences.append(
                Span(
                    position + start, position + stop, paragraph[position + start : position + stop]
                )
            )
        position = line_end.end() if line_end else end
    return sentences


# A line that stops in the middle of a sentence: on a word, a comma or a dash.
_OPEN_LINE_END = re.compile(r"(?:[^\W_]|[,–—-])[^\S\r\n]*$")
_ITEM_MARKS = "•·▪►‣●◦*-–—#>|"
_LAST_WORD = re.compile(r"[^\W\d_]+[^\S\r\n]*$")


def _line_ends(paragraph: str, language: str) -> list[re.Match]:
    """The paragraph's line breaks that end a line, not those that wrap a sentence."""
    breaks = list(_LINE_BREAK.finditer(paragraph))
    ends = []
    for k, line_break in enumerate(breaks):
        start = breaks[k - 1].end() if k else 0
        stop = breaks[k + 1].start() if k + 1 < len(breaks) else len(paragraph)
        line, following = paragraph[start : line_break.start()], paragraph[line_break.end() : stop]
        if not _wraps(line, following, language):
            ends.append(line_break)
    return ends


def _wraps(line: str, following: str, language: str) -> bool:
    """Does a line break wrap a sentence, as a text copied from an e-mail, a PDF or a
    terminal breaks its lines at a fixed width ("… beschlossen, die Steuern" / "zu senken,
    wie der Minister sagte.")? The line stops on a word, a comma or a dash, and the next
    goes on in lower case, or the line stops on an article or a preposition
    (`lexicon.OPEN_WORDS`: "… hatte den" / "WordPress-Blog …"); a web address on either side
    stands on a line of its own. Otherwise a wrap before a capital (a German noun, a name)
    is not told from the end of a title's line, and cuts the sentence there."""
    following, words = following.lstrip(), line.split()
    if not following or following[0] in _ITEM_MARKS or ADDRESS.match(following):
        return False  # a list item or an address starts a line of its own
    if _OPEN_LINE_END.search(line) is None or (words and ADDRESS.match(words[-1])):
        return False
    first_word = following.split(maxsplit=1)[0]
    if first_word.islower() and first_word[:1].isalpha():
        return True  # not "iPhone" or "eBay", names that may open a line of their own
    last = _LAST_WORD.search(line)
    return last is not None and lexicon.folded_words(last[0]) in lexicon.phrases(
        "OPEN_WORDS", language
    )


def segment(text: str, language: str) -> list[SegmentedParagraph]:
    """Paragraphs and their sentences, all offsets into `text`."""
    paragraphs = []
    for paragraph in split_paragraphs(text):
        sentences = tuple(
            Span(paragraph.start + s.start, paragraph.start + s.end, s.text)
            for s in split_sentences(paragraph.text, language)
        )
        paragraphs.append(
            SegmentedParagraph(paragraph.start, paragraph.end, paragraph.text, sentences)
        )
    return paragraphs


@functools.cache
def _language_detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED_LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def supported_languages_sentence() -> str:
    """ "Arabic (ar), Chinese (zh), …": the supported languages, for messages."""
    return ", ".join(
        f"{name} ({code})"
        for code, name in sorted(SUPPORTED_LANGUAGES.items(), key=lambda item: item[1])
    )


@functools.cache
def _any_language_detector():
    """lingua over every language it knows, to name a text's language when the app does not
    support it (built on first need: it holds more models than the restricted one)."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def language_of(text: str, *, confidence: float = 0.5) -> str | None:
    """The supported language `text` reads as (ISO 639-1), when lingua is at least this sure
    of it; None for a text too short or too mixed to tell."""
    detector = _language_detector()
    found = detector.detect_language_of(text)
    if found is None or detector.compute_language_confidence(text, found) < confidence:
        return None
    return found.iso_code_639_1.name.lower()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language among the supported ones.

    Uses lingua, restricted to the supported languages so that a short text is
    not taken for a language the app could not align anyway. A text in another language
    raises `UnsupportedLanguageError` naming that language and the supported ones.
    """
    sample = text[:5000]
    language = _language_detector().detect_language_of(sample)
    if (
        language is not None
        and _language_detector().compute_language_confidence(sample, language) >= 0.2
    ):
        return language.iso_code_639_1.name.lower()
    found = _any_language_detector().detect_language_of(sample)
    if found is not None and found.iso_code_639_1.name.lower() not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguageError(
            f"The text is in {found.name.title()}, which this site cannot compare. Supported "
            f"languages: {supported_languages_sentence()}."
        )
    if language is not None:
        return language.iso_code_639_1.name.lower()
    raise UnsupportedLanguageError(
        "The language of the text could not be recognised: choose it yourself. Supported "
        f"languages: {supported_languages_sentence()}."
    )


def declared_language_mismatch(text: str, declared: str) -> str | None:
    """The supported language the text clearly reads as, when it is not the one declared.

    Only for a text long enough to tell (20 words or more) and a clear verdict (lingua's
    confidence of 0.9 or more); None otherwise, and the declared language stands.
    """
    if len(text.split()) < 20:
        return None
    code = language_of(text[:5000], confidence=0.9)
    return None if code == declared else code
