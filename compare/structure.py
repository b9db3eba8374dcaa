"""Article structure: the role of each paragraph on its page (headline, byline, caption, …).

Pure: strings in, dataclasses out; no ORM, no model.

Roles come from one of two sources:

- the page's markup, when the article was imported from HTML (`compare.fetch` reads
  `figcaption`, `h2`–`h4`, `blockquote`, `li`, `aside` and the byline metadata) and passes one
  role per block;
- for plain text, clear cues only, block by block (a block is a line: scraped pages put each
  title, caption and credit on a line of its own). A block no cue decides stays `body`.

The plain-text cues, in the order they are tried (each one general: none names a site):

0. Markdown's own marks, where a text carries them: "# Title" is the headline and "## …" an
   intertitle, "> …" a quotation, "![alt text](address)" a picture (its caption).

1. promo: a block that opens with a page-furniture label (`lexicon.PROMO_LABELS`: donate,
   subscribe, share, comments, categories, "this post is part of …") and is short, a block
   that ends like a link ("… »"), a site line made of a name and an address, a tag list
   (short comma-separated names), a comment count ("3 Comments"), a wiki's tagline ("From
   Wikinews, the free news source …"), a note on the links' language, bracketed ("[Liens en
   anglais]") or short and naming the language ("Tous les liens sont en anglais."), a link
   to the story in another medium ("Watch X's TV Report:"); everything above the headline
   that is not a byline or a dateline (site chrome); everything from a comment section's
   heading to the end.
2. credit: a short block that opens with a credit word (`lexicon.CREDIT_OPENERS`: "Photo:",
   "Foto di …", "Source : …", "Screenshot …") or carries a licence ("CC BY", "used with
   permission"), a "via @name" line, an embedded post's signature ("— Name (@name) date").
3. byline: a short block that opens with an author word ("By …", "Par …", "Von …") followed
   by a capitalised name; under the headline, a list of one item that is only a name ("•
   Jane Doe", "• 蕭雨").
4. dateline: a short block that is mostly a date or a time, once the words that introduce it
   are set aside ("Veröffentlicht: 18:33, 9. Dez. 2012 (CET)").
5. caption: a block repeated right after itself (a picture's alt text, then its caption), a
   short block just before a credit or ending in one, a block that points at a picture
   ("In the photo …"), a file name or an address standing alone (an embedded picture or video),
   an embedded map's link ("View larger map", `lexicon.MAP_LINKS`),
   a short block with no final full stop that ends with a date (an agency's caption), a
   block that opens with a picture's credit and goes on ("Cartoon by X about Y: …").
6. headline: before the first paragraph of running text, the first short block without a
   final full stop (nor a comma: a Japanese line cut after "、" is part of a sentence) of four
   words or more that starts with no lower-case letter and neither exclaims nor ends with a
   date (where blank lines separate the paragraphs, one that stands alone in its own: a
   site's menu lines stand together); else the first such block of two words or more; else
   the last short block. Under it, its repeat is furniture (or, cut to a name, a caption), a
   line in lower case is the site's tagline and a line without a word is furniture too, a
   name or noun phrase of eight words or fewer with no final stop is the caption of the lead
   picture.
7. intertitle: a short block with no final punctuation between a body block and a body block
   or a list (in any script when it is set in bold or italics: "*Title*"), or ending a page
   cut after it when it cannot be a name ("À la recherche des proches", "GUIDELINES"; not
   "Jane Doe"); a wiki's section heading with its edit link ("Quellen[Bearbeiten]").
8. quote: a block set in quotation marks that names no speaker outside them (not '"…,"
   he said. "…"'), a block after one that ends with a colon ("X
   tweeted:") and, where blank lines separate the paragraphs, the next lines of its
   paragraph (a message quoted line by line), or any block in another script than the
   article's, and when a colon announced that block, the paragraph after it, its translation
   ("@name:", a tweet in Japanese, then the same in English). The lines of one quotation are
   one quote paragraph.
9. list_item: a block that opens with a bullet or a list number.

A credit glued to the end of a caption ("Homs this winter. (Source: unknown)", "Photo of the
square (via @durf)", "… du 12 janvier 2010 (David Morel @photomorel)", "Le chocolat Rakhat
(Capture d'écran d'une vidéo …)", and in Japanese or Chinese,
where the credit word comes last, "… 2021年8月1日 ロイター通信…のスクリーンショット") is cut off
into a credit paragraph of its own, even inside a sentence; a byline line that carries the date
and the comment count too ("Written by X On 31 January 2014 @ 1:01 am | 3 Comments") is cut into
a byline, a dateline and page furniture. The marks that set a block out (Markdown's "## " and
"> ", a picture's "![…](address)", the asterisks of "*Title*", a list item's bullet) are left out
of its sentences, which the page shows and the encoder reads.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from compare import lexicon, text
from compare.folding import normalise_words
from compare.vocabulary import Role


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the original text with its role and sentences (offsets into the text)."""

    start: int
    end: int
    text: str
    role: str
    sentences: tuple[text.Span, ...]


@dataclass(frozen=True)
class _Block:
    """One line of a paragraph: the unit roles are decided on."""

    paragraph: int  # index of the blank-line paragraph it belongs to
    start: int
    end: int
    text: str
    sentences: tuple[text.Span, ...]


# Short: a title, a caption, a credit or a label, not running text.
SHORT_WORDS = 25
LABEL_WORDS = 12
_FINAL_STOP = re.compile(r"[.…。!?！？]['\"»”’)\]]*$")
# Running text ends a sentence, or announces a quotation with a colon.
_ENDS_SENTENCE = re.compile(r"[.…。!?！？:：]['\"»”’)\]]*\s*$")
_ENDS_LIKE_LINK = re.compile(r"(?:»|›|→|>>)\s*$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# The patterns below that meet long runs of spaces or marks start a run only at its first
# character (a lookbehind) or take it whole (a possessive "*+"): a run is read once, not once
# from each of its characters, so reading stays linear on any text.
# (Not a sentence whose Markdown link ends it: "… [the agency said](https://x.org/a).")
_SITE_LINE = re.compile(r"^\W*+[^/\n]{1,60}\W+(?<!\]\()https?://\S+\W*$", re.IGNORECASE)
_FILE_NAME = re.compile(r"(?<!\S)\S+\.(?:jpe?g|png|gif|webp|svg|tiff?|mp4|mov)\b", re.IGNORECASE)
_COUNT_LABEL = re.compile(r"^\W*\d+\s+(\w+)\W*$")
_HANDLE_CREDIT = re.compile(r"^\W*(?:via|by|par|von|uber|über|di|de|por)\s+@\w+", re.IGNORECASE)
_POST_SIGNATURE = re.compile(r"^[—–-]\s*\S.*\(@\w+\)")
_PARENTHESISED_HANDLE = re.compile(r"^\((?:[^()@]{0,40})@\w+\)\W*$")
_BULLET = re.compile(r"^\s*(?:[•·▪►‣●◦*]|[-–—]\s|\d{1,2}[.)]\s)")
_SYMBOL_BULLET = re.compile(r"^\s*(?:[•·▪►‣●◦*]|[-–—](?=\s))\s*")
# A wiki's name, then what it is: "Wikinews, the free news source", "Википедии — свободной".
_WIKI_NAME = re.compile(r"\b(?:Wiki|Вики)\w*\s*[,—–-]\s", re.IGNORECASE)
# Markdown: an ATX heading, a block quotation, a picture.
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})[ \t]+(?=\S)")  # its end: where the words start
_MARKDOWN_QUOTE = re.compile(r"^>[ \t]*\S")
_MARKDOWN_IMAGE = re.compile(r"^!\[[^\]]*\]\([^()\s]+(?:\s+\"[^\"]*\")?\)\W*$")
_FINAL_BRACKETS = re.compile(r"\[([^\[\]]{1,30})\]\s*$")
_BRACKETED = re.compile(r"^\s*(?:\[[^\[\]]*\]|\([^()]*\))\W*$")
_QUOTED = re.compile(r"^\s*[«\"“„‘'].+[»\"”“’']\W*$", re.DOTALL)
# A line set in bold or italics by the markers a text export keeps ("*Title*", "**Title**").
_EMPHASIS_MARK = re.compile(r"\s*(\*{1,2}|_{1,2})")
# A credit glued to the end of a caption: "(via @name)", "by @name", or a name and handle in
# parentheses closing the line ("… du 12 janvier 2010 (David Morel @photomorel)").
_GLUED_HANDLE = re.compile(
    r"(?:(?<!\s)\s*\((?:via|by|über|uber|par|von|di|de|por)\s+@\w+\)"
    r"|[,;]?(?<!\s)\s+(?:via|by|über|par|von|di|por)\s+@\w+)\W*$"
    r"|(?<!\s)\s+\([^()@]{1,40}@\w+\)\s*$",
    re.IGNORECASE,
)


def read_article(
    raw: str, language: str, *, roles: Sequence[str | None] | None = None
) -> list[Paragraph]:
    """The paragraphs of `raw` with their roles and sentences, all offsets into `raw`.

    `roles`, one per blank-line paragraph of `raw` (`None` for "no markup said"), come from
    the page's markup; without them, or for a paragraph they leave open, roles are inferred
    from the text (see the module docstring).
    """
    segmented = text.segment(raw, language)
    if roles is not None and len(roles) != len(segmented):
        raise ValueError(f"{len(roles)} roles for {len(segmented)} paragraphs")
    blocks = _blocks(raw, segmented)
    inferred = infer_roles(
        [[s.text for s in b.sentences] for b in blocks],
        language,
        paragraphs=[b.paragraph for b in blocks],
    )
    block_roles = [
        (roles[b.paragraph] if roles is not None and roles[b.paragraph] else role)
        for b, role in zip(blocks, inferred, strict=True)
    ]
    paragraphs: list[Paragraph] = []
    last: _Block | None = None  # the block the last paragraph's last sentences came from
    for block, role in zip(blocks, block_roles, strict=True):
        for piece_role, sentences in _split_credits(_unmarked(block, role), role, language):
            previous = paragraphs[-1] if paragraphs else None
            if (
                previous is not None
                and previous.role == piece_role
                and piece_role in (Role.BODY, Role.QUOTE)  # the lines of one paragraph
                and last is not None
                and last.paragraph == block.paragraph
            ):
                paragraphs[-1] = _joined(raw, previous, sentences)
            else:
                start, end = sentences[0].start, sentences[-1].end
                paragraphs.append(Paragraph(start, end, raw[start:end], piece_role, sentences))
            last = block
    return paragraphs


def publication_date(paragraphs: Sequence[Paragraph], language: str) -> datetime.date | None:
    """The date of the article's first dateline ("Monday, April 6, 2009", "Publié le 2 mai
    2017", the "Washington 27 February 2010" of a byline line), when it gives the day, the
    month and the year; None otherwise."""
    from compare.facts import extract_facts

    dateline = next((p for p in paragraphs if p.role == Role.DATELINE), None)
    if dateline is None:
        return None
    for fact in extract_facts(dateline.text, language):
        when = fact.value
        if fact.kind == "date" and when is not None and when.year and when.month and when.day:
            try:
                return datetime.date(when.year, when.month, when.day)
            except ValueError:
                return None
    return None


def byline_name(paragraphs: Sequence[Paragraph], language: str) -> str:
    """The author the article's first byline names ("By Jane Doe" -> "Jane Doe", "Michael
    Bowman", "蕭雨"), or ""."""
    byline = next((p for p in paragraphs if p.role == Role.BYLINE), None)
    if byline is None:
        return ""
    name = byline.text.strip()
    if opener := lexicon.starts_with(name, "BYLINE_OPENERS", language):
        name = _after_opener(name, opener).lstrip(":：").strip()
    return name.strip(" ,;–—-")[:300]


def _blocks(raw: str, segmented: list[text.SegmentedParagraph]) -> list[_Block]:
    """Each paragraph cut at its line breaks; a line's sentences are those it holds."""
    blocks = []
    for number, paragraph in enumerate(segmented):
        position, first = paragraph.start, 0  # the paragraph's sentences, in order, are
        for line in re.split(r"(\r\n|\r|\n)", paragraph.text):  # shared out line by line
            if line in ("\r\n", "\r", "\n"):
                position += len(line)
                continue
            start, end = position, position + len(line)
            position = end
            while first < len(paragraph.sentences) and paragraph.sentences[first].start < start:
                first += 1
            last = first
            while last < len(paragraph.sentences) and paragraph.sentences[last].start < end:
                last += 1
            sentences, first = paragraph.sentences[first:last], last
            if sentences:
                blocks.append(
                    _Block(
                        number,
                        sentences[0].start,
                        sentences[-1].end,
                        raw[sentences[0].start : sentences[-1].end],
                        sentences,
                    )
                )
    return blocks


def _unmarked(block: _Block, role: str) -> _Block:
    """The block without the marks that set it out, which the page sets out its own way: a
    Markdown heading's hashes, a quotation's ">", a picture's "![" and "](address)" around its
    alt text, the asterisks of "*Title*", and a list item's or a byline's bullet ("• Jane
    Doe"). Only the sentences are cut, so their offsets still point into the raw text; a
    list's numbers stay ("1. …")."""
    head, tail = 0, len(block.text)
    if _MARKDOWN_IMAGE.match(block.text):
        alt = re.match(r"!\[\s*([^\]]*?)\s*\]", block.text)
        if alt and alt[1]:
            head, tail = alt.start(1), alt.end(1)
    elif heading := _MARKDOWN_HEADING.match(block.text):
        head = heading.end()
        words = block.text.rstrip(" \t").rstrip("#")  # "## Title ##": the closing hashes too
        if words.endswith((" ", "\t")) and len(words.rstrip(" \t")) > head:
            tail = len(words.rstrip(" \t"))
    elif _MARKDOWN_QUOTE.match(block.text):
        head = re.match(r">[ \t]*", block.text).end()
    elif (
        role in (Role.LIST_ITEM, Role.BYLINE)
        and (bullet := _SYMBOL_BULLET.match(block.text))
        and not _emphasised(block.text)  # "*By Jane Doe*": the asterisks set it in italics
    ):
        head = bullet.end()
    if emphasised := _emphasised(block.text[head:tail]):
        head, tail = head + emphasised[0], head + emphasised[1]
    if (head, tail) == (0, len(block.text)):
        return block
    start, end = block.start + head, block.start + tail
    sentences = tuple(
        text.Span(a, b, s.text[a - s.start : b - s.start])
        for s in block.sentences
        if (a := max(s.start, start)) < (b := min(s.end, end))
    )
    if not sentences:
        return block
    return replace(block, start=start, end=end, text=block.text[head:tail], sentences=sentences)


def _joined(raw: str, paragraph: Paragraph, sentences: tuple[text.Span, ...]) -> Paragraph:
    end = sentences[-1].end
    return replace(
        paragraph,
        end=end,
        text=raw[paragraph.start : end],
        sentences=paragraph.sentences + sentences,
    )


# --- Role inference -------------------------------------------------------------------------


def infer_roles(
    blocks: Sequence[Sequence[str]],
    language: str,
    *,
    paragraphs: Sequence[int] | None = None,
) -> list[str]:
    """A role for each block (line) of a plain-text article, given as its sentences, from
    clear cues only. `paragraphs` numbers the blank-line paragraph of each block (by default
    each block is a paragraph of its own)."""
    if paragraphs is None:
        paragraphs = range(len(blocks))
    roles = [_own_role(sentences, language) for sentences in blocks]
    blocks = [" ".join(sentences) for sentences in blocks]
    _comment_section(blocks, roles, language)
    _labelled_captions(blocks, roles, language)
    _sandwiched_chrome(blocks, roles, language)
    marked = [i for i, role in enumerate(roles) if role == Role.HEADLINE]  # "# Title"
    for i in marked[1:]:
        roles[i] = Role.INTERTITLE
    headline = marked[0] if marked else _headline(blocks, roles, language, paragraphs)
    if headline is not None:
        roles[headline] = Role.HEADLINE
        for i in range(headline):
            if roles[i] not in (Role.BYLINE, Role.DATELINE):
                roles[i] = Role.PROMO  # above the headline: the site's own chrome
        _repeated_headline(blocks, roles, headline)
        _under_headline(blocks, roles, headline)
    _repeated_captions(blocks, roles)
    for i in range(len(blocks) - 1):
        # An embedded post signed below ("— Name (@name) date") is a quotation; any other
        # short block right before a credit is what the credit is about.
        if roles[i] != Role.BODY or roles[i + 1] != Role.CREDIT:
            continue
        credit = blocks[i + 1].rstrip()
        if _POST_SIGNATURE.match(credit.strip()):
            roles[i] = Role.QUOTE
        elif text.announces(credit):
            continue  # "Photo by X:" announces the picture that follows, not this block
        elif _closing_rights(blocks, roles, i + 1, language):
            continue  # "© AFP" under the last paragraph: the page's rights, not a picture's
        elif text.word_count(blocks[i]) <= SHORT_WORDS * 2 and not blocks[i].rstrip().endswith(":"):
            roles[i] = Role.CAPTION
    for i in range(len(blocks) - 1):
        if (
            roles[i] in (Role.BODY, Role.CAPTION)  # not the name under a headline's picture
            and roles[i + 1] == Role.DATELINE
            and _is_bare_name(blocks[i])
        ):
            roles[i] = Role.BYLINE  # "MARÍA R. SAHUQUILLO", then "Moscú - 09 mar 2021"
    _dated_captions(blocks, roles, language)
    _quotes(blocks, roles, language, paragraphs)
    _intertitles(blocks, roles)
    _related_links(blocks, roles, language)
    return roles


def _closing_rights(blocks: Sequence[str], roles: Sequence[str], i: int, language: str) -> bool:
    """Is credit block `i` a rights notice ("© AFP", "Riproduzione riservata ©", "All rights
    reserved") that no running text follows: the notice of the whole article? Not a picture's
    credit that says its licence ("Photo: Jane Doe, CC BY 2.0")."""
    opener = lexicon.starts_with(blocks[i], "CREDIT_OPENERS", language)
    if not _states_rights(blocks[i]) or opener not in (None, "copyright"):
        return False
    return not any(
        role in (Role.BODY, Role.QUOTE, Role.LIST_ITEM, Role.CAPTION) for role in roles[i + 1 :]
    )


def _states_rights(block: str) -> bool:
    """Does the block state rights: "©", or a licence or permission phrase
    (`lexicon.LICENCE_PHRASES`)?"""
    if "©" in block:
        return True
    folded = lexicon.folded_words(block)
    return any(phrase in folded for phrase in _licence_phrases())


@functools.cache
def _licence_phrases() -> tuple[str, ...]:
    return tuple(map(lexicon.folded_words, lexicon.LICENCE_PHRASES))


def _label_alone(block: str, table: str, language: str) -> bool:
    """Is the block only one of the table's labels (and its punctuation: "Image caption,")?"""
    return lexicon.folded_words(block) in lexicon.phrases(table, language)


def _date_label(block: str, language: str) -> bool:
    """ "Published", "Updated", "Veröffentlicht": a page's word for its date, on a line of its
    own (not a bare preposition, "on" or "le")."""
    label = lexicon.folded_words(block)
    return len(label) > 3 and label in lexicon.phrases("DATE_INTRODUCERS", language)


_MINUTES = re.compile(
    r"\b\d{1,3}\s?(?:-\s?)?(?:min|mins|minute|minutes|minuten|minuti|minutos|minut|мин|минут)\b",
    re.IGNORECASE,
)


def _reading_time(block: str, language: str) -> bool:
    """ "3 minute read", "Lecture : 4 min", "Lesezeit: 3 Min.": how long the article takes."""
    return _MINUTES.search(block) is not None and lexicon.contains(block, "READING_WORDS", language)


def _marker(block: str, language: str) -> bool:
    """A line that marks a place in the article, not a box of its own: its reading time, or
    where an advertisement breaks it ("Story continues below advertisement")."""
    return _reading_time(block, language) or bool(
        lexicon.starts_with(block, "CONTINUATION_LABELS", language)
    )


def _labelled_captions(blocks: Sequence[str], roles: list[str], language: str) -> None:
    """The block after a caption's label ("Image caption,", "Légende :") is the caption."""
    for i in range(len(blocks) - 1):
        if (
            roles[i] == Role.PROMO
            and roles[i + 1] == Role.BODY
            and text.word_count(blocks[i + 1]) <= SHORT_WORDS * 2
            and _label_alone(blocks[i], "CAPTION_LABELS", language)
        ):
            roles[i + 1] = Role.CAPTION


def _related_links(blocks: Sequence[str], roles: list[str], language: str) -> None:
    """Under a label of related links standing alone ("Related Topics", "Lire aussi"), each
    short line with no final stop is a link to another article, page furniture, as long as
    another such line, furniture or the end follows it: the last line before running text may
    be the next section's title."""

    def link_like(j: int) -> bool:
        stripped = blocks[j].strip()
        return (
            roles[j] in (Role.BODY, Role.INTERTITLE, Role.CAPTION, Role.LIST_ITEM)
            and text.word_count(stripped) <= LABEL_WORDS
            and not _ENDS_SENTENCE.search(stripped)
        )

    i = 0
    while i < len(blocks):
        if roles[i] != Role.PROMO or not _label_alone(blocks[i], "RELATED_LABELS", language):
            i += 1
            continue
        i += 1  # each block is looked at once: a run of links ends where the next begins
        while i < len(blocks) and (link_like(i) or roles[i] in (Role.PROMO, Role.CREDIT)):
            following = i + 1
            if link_like(i) and (
                following == len(blocks)
                or link_like(following)
                or roles[following] in (Role.PROMO, Role.CREDIT)
            ):
                roles[i] = Role.PROMO
            i += 1


def _dated_captions(blocks: Sequence[str], roles: list[str], language: str) -> None:
    """A short block of four words or more without a final full stop that ends with a date is
    a photo caption, as agencies write them ("Men stand on top of an armored vehicle during a
    protest in Cairo, January 29, 2011"); running text ends its sentences."""
    for i, block in enumerate(blocks):
        stripped = block.strip()
        following = blocks[i + 1].strip() if i + 1 < len(blocks) else ""
        if (
            roles[i] == Role.BODY
            and 4 <= text.word_count(stripped) <= SHORT_WORDS * 2
            and not _ENDS_SENTENCE.search(stripped)
            and not following[:1].islower()  # a sentence the line break cut goes on
            and _ends_with_date(stripped, language)
        ):
            roles[i] = Role.CAPTION


def _sandwiched_chrome(blocks: Sequence[str], roles: list[str], language: str) -> None:
    """A block of running text between two pieces of page furniture is furniture too (the
    text of a donation box between its title and its button)."""
    for i in range(1, len(blocks) - 1):
        if (
            roles[i] == Role.BODY
            and roles[i - 1] == Role.PROMO
            and roles[i + 1] == Role.PROMO
            and text.word_count(blocks[i]) <= SHORT_WORDS * 2
            and _FINAL_STOP.search(blocks[i].strip())  # running text, not a title
            # Not text between marks of places in it ("3 minute read", "Story continues
            # below advertisement"), which are no box.
            and not (_marker(blocks[i - 1], language) or _marker(blocks[i + 1], language))
        ):
            roles[i] = Role.PROMO


def _repeated_headline(blocks: Sequence[str], roles: list[str], headline: int) -> None:
    """The headline repeated under it: the title set twice by the page (its title and its
    heading) is page furniture; shortened to a name, it is the caption of the picture below
    ("Умер бывший глава ООН Хавьер Перес де Куэльяр", then "Хавьер Перес де Куэльяр")."""
    below = headline + 1
    if below >= len(blocks) or roles[below] != Role.BODY:
        return
    title, repeat = normalise_words(blocks[headline]), normalise_words(blocks[below])
    if len(repeat) <= len(title) and _near_repeat(blocks[headline], blocks[below]):
        roles[below] = Role.PROMO if repeat == title else Role.CAPTION


def _under_headline(blocks: Sequence[str], roles: list[str], headline: int) -> None:
    """Between the headline and the text, a short line that starts in lower case is the
    site's tagline ("aus Wikinews, einem freien Wiki für Nachrichten"), as above the
    headline: page furniture, as is a line without a word (share counters: "0", "$"); a name
    or a noun phrase with no final stop is the caption of the picture under the headline."""
    for i in range(headline + 1, len(blocks)):
        stripped = blocks[i].strip()
        if roles[i] == Role.LIST_ITEM and _lone_name_item(blocks, roles, i):
            roles[i] = Role.BYLINE  # "• Jane Doe": the author, set as a list of one
            continue
        if roles[i] != Role.BODY:
            continue  # the title's repeat, a byline, a picture
        if text.word_count(stripped) > LABEL_WORDS:
            return  # the text has begun
        if stripped[:1].islower() or not any(c.isalpha() for c in stripped):
            roles[i] = Role.PROMO  # a tagline, or counters and marks with no word ("0", "$")
        elif (
            text.word_count(stripped) <= 8
            and not _ENDS_SENTENCE.search(stripped)
            and not stripped.startswith(("[", "("))  # an editor's note: "[links in English]"
        ):
            # A name or a noun phrase: the lead picture's caption ("Александр Усик",
            # "Празднование образования КНР, 2009 год"); a deck says more.
            roles[i] = Role.CAPTION


def _lone_name_item(blocks: Sequence[str], roles: Sequence[str], i: int) -> bool:
    """Is block i a list of one item that is only a person's name ("• Jane Doe", "• 蕭雨")?"""
    alone = (i == 0 or roles[i - 1] != Role.LIST_ITEM) and (
        i + 1 == len(blocks) or roles[i + 1] != Role.LIST_ITEM
    )
    bullet = _SYMBOL_BULLET.match(blocks[i])
    if not alone or bullet is None:
        return False
    name = blocks[i][bullet.end() :].strip()
    # A Chinese or Japanese name: two to four ideographs, with no space or mark.
    return _is_bare_name(name) or re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name) is not None


def _repeated_captions(blocks: Sequence[str], roles: list[str]) -> None:
    """A picture's alt text and its caption: the same short text twice in a row, or once more
    with a few words added."""
    for i in range(1, len(blocks)):
        if roles[i] not in (Role.BODY, Role.CAPTION) or roles[i - 1] not in (
            Role.BODY,
            Role.CAPTION,
        ):
            continue
        if text.word_count(blocks[i]) <= SHORT_WORDS * 2 and _near_repeat(blocks[i - 1], blocks[i]):
            roles[i] = roles[i - 1] = Role.CAPTION


def _near_repeat(first: str, second: str) -> bool:
    a, b = normalise_words(first).split(), normalise_words(second).split()
    if min(len(a), len(b)) < 3:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    # A misspelt word in ten; in a short line, one other word makes another line ("No más
    # Secuestros.", "No más Mentiras.").
    if len(set(shorter) - set(longer)) <= len(shorter) // 10:
        return len(shorter) >= 0.5 * len(longer)  # the same words, a few added or misspelt
    return False


def _own_role(sentences: Sequence[str], language: str) -> str:
    """The role a block's own words decide, without looking at its neighbours."""
    block = " ".join(sentences)
    stripped = block.strip()
    if marked := _markdown_role(stripped):
        return marked
    words = text.word_count(stripped)
    if words <= LABEL_WORDS and _ends_with_edit_link(stripped):
        return Role.INTERTITLE  # a wiki's section heading: "Quellen[Bearbeiten]"
    if words <= 3 and _date_label(stripped, language):
        return Role.DATELINE  # "Published", "Mis à jour", above or before the date
    if words <= 6 and _marker(stripped, language):
        return Role.PROMO  # "3 minute read", "Story continues below advertisement"
    if words <= 4 and _label_alone(stripped, "CAPTION_LABELS", language):
        return Role.PROMO  # "Image caption,": the caption follows
    if len(sentences) > 1 and _is_credit(
        sentences[-1].strip(), text.word_count(sentences[-1]), language
    ):
        if _is_credit(sentences[0].strip(), text.word_count(sentences[0]), language):
            return Role.CREDIT
        if words <= SHORT_WORDS * 2 and not _signed_dispatch(sentences, language):
            return Role.CAPTION  # a caption with its credit glued on: cut apart later
    if _URL.match(stripped) or (_FILE_NAME.search(stripped) and words <= 6):
        return Role.CAPTION  # an embedded picture or video, by its address or file name
    if _is_promo(stripped, words, language):
        return Role.PROMO
    if _is_credit(stripped, words, language):
        return Role.CREDIT
    if _credited_caption(stripped, words, language):
        return Role.CAPTION
    glued = _GLUED_HANDLE.search(stripped)
    glued_at = (
        glued.start()
        if glued
        else _closing_credit(sentences[-1], language) or _bracketed_credit(sentences[-1], language)
    )
    if glued_at and words <= SHORT_WORDS * 2:
        return Role.CAPTION  # "Lines for the bus, by @name": a caption with its credit
    if words <= SHORT_WORDS and (
        _is_byline(stripped, language) or _is_name_meta_line(stripped, language)
    ):
        return Role.BYLINE
    if words <= LABEL_WORDS * 2 and _is_dateline(stripped, language):
        return Role.DATELINE
    if _is_slug(stripped, words):
        return Role.CAPTION  # a picture's file name or alt text slug
    if lexicon.starts_with(stripped, "CAPTION_OPENERS", language) and words <= SHORT_WORDS * 2:
        return Role.CAPTION
    if words <= LABEL_WORDS and lexicon.starts_with_any(stripped, lexicon.MAP_LINKS):
        return Role.CAPTION  # an embedded map's "View larger map" link
    if _BULLET.match(block) and not _emphasised(block):
        return Role.LIST_ITEM
    return Role.BODY


def _is_slug(block: str, words: int) -> bool:
    """ "russia cina lunar aggrement 09032021", "segunda vuelta voto elecciones lima peru
    2011": lower case only, no punctuation, and a number of four digits or more (a date, a
    picture's number); not a title that starts with a figure ("8 centrali nucleari francesi
    non superano test")."""
    return (
        2 <= words <= LABEL_WORDS
        and block == block.lower()
        and re.search(r"\d{4}", block) is not None
        and any(c.isalpha() for c in block)
        and not re.search(r"[^\w\s-]", block)
        and _main_script(block) in ("LATIN", "CYRILLIC")
    )


def _is_promo(block: str, words: int, language: str) -> bool:
    if _ENDS_LIKE_LINK.search(block) and words <= SHORT_WORDS and not _closes_quotation(block):
        return True
    if words <= LABEL_WORDS and lexicon.starts_with_any(block, lexicon.SKIP_LINKS):
        return True  # "Jump to: navigation, search"
    if _SITE_LINE.match(block) and words <= LABEL_WORDS:
        return True
    if words <= LABEL_WORDS and (_is_wiki_tagline(block) or _is_media_link(block, language)):
        return True
    if words <= SHORT_WORDS and _links_note(block, language):
        return True  # "[Liens en anglais]"
    count = _COUNT_LABEL.match(block)
    if count and lexicon.starts_with(count[1], "COMMENTS_HEADINGS", language):
        return True  # "3 Comments"
    label = lexicon.starts_with(block, "PROMO_LABELS", language)
    if label is not None:
        # A one-word label ("Share", "Comments") is the whole line; a label followed by a
        # colon heads a list of any length ("Categories: …"); a longer phrase ("This post is
        # part of …") opens a notice.
        if words <= LABEL_WORDS and (len(label.split()) > 1 or words <= 3):
            return True
        if words <= 8 and block.rstrip().endswith(("!", "！")):
            return True  # an appeal: "Donate today to keep us going!"
        if _after_opener(block, label).startswith((":", "：")):
            return True
        if len(label.split()) >= 3 and words <= SHORT_WORDS:
            return True
        if (
            words <= 8
            and not block.rstrip().endswith(".")
            and _names_another_label(block, label, language)
        ):
            return True  # "Subscribe to our newsletter", "Suscríbete a nuestro boletín"
    return _is_tag_list(block)


def _names_another_label(block: str, label: str, language: str) -> bool:
    """Does the line name another label of page furniture after the one it starts with?"""
    return lexicon.contains(lexicon.folded_words(block)[len(label) :], "PROMO_LABELS", language)


def _is_wiki_tagline(block: str) -> bool:
    """ "From Wikinews, the free news source you can write!": MediaWiki's tagline, a tagline
    opener (`lexicon.WIKI_TAGLINES`), a wiki's name, and what the wiki is after a comma or a
    dash ("Da Wikipedia è emerso che…" is a sentence)."""
    if not _WIKI_NAME.search(block):
        return False
    words = lexicon.folded_words(block)
    for opener in lexicon.WIKI_TAGLINES:
        if words.startswith(opener + " "):
            return words[len(opener) + 1 :].startswith(("wiki", "вики"))
    return False


def _is_media_link(block: str, language: str) -> bool:
    """ "Watch Ravi Khanna's Companion TV Report:", "View the slide show of …": a link to the
    story in another medium, with no full stop; "Watch how the crowd reacted." is a
    sentence."""
    return (
        not _FINAL_STOP.search(block)
        and lexicon.starts_with(block, "MEDIA_PROMPTS", language) is not None
        and lexicon.contains(block, "MEDIA_WORDS", language)
    )


def _links_note(block: str, language: str) -> bool:
    """ "[Liens en anglais]", "(Tous les liens sont en anglais.)": a note on the links, set
    apart in brackets on a line of its own; or, short and unbracketed, one that names the
    links' language ("Tous les liens sont en anglais.", "Alle Links in diesem Artikel führen
    zu englischsprachigen Seiten.")."""
    if not lexicon.contains(block, "LINK_WORDS", language):
        return False
    if _BRACKETED.match(block):
        return True
    names = lexicon.language_names(language)
    words = lexicon.folded_words(block).split()
    return len(words) <= LABEL_WORDS and any(
        word.startswith(name) for word in words for name in names
    )


def _closes_quotation(block: str) -> bool:
    """Does the final "»" close a "«" of the block ("… в «Капитане Марвел»"), rather than
    point at a link ("Lire la suite »")?"""
    return block.rstrip().endswith("»") and block.count("«") >= block.count("»")


def _is_tag_list(block: str) -> bool:
    """ "In English, History, Photography, Ukraine": short capitalised names and commas only."""
    if _FINAL_STOP.search(block):
        return False
    items = [item.strip() for item in re.split(r"(?<!\s)\s*[,|]\s*", block) if item.strip()]
    if len(items) < 4:
        return False
    return all(len(item.split()) <= 3 and item[:1].isupper() for item in items)


def _is_credit(block: str, words: int, language: str) -> bool:
    if _POST_SIGNATURE.match(block) or _PARENTHESISED_HANDLE.match(block):
        return True
    if len(block) <= 120 and _agency_credit(block):
        return True
    if _HANDLE_CREDIT.match(block) and words <= 4 and not block.rstrip().endswith(":"):
        return True
    if words > LABEL_WORDS * 2:
        return False
    if _states_rights(block):
        return True
    opener = lexicon.starts_with(block, "CREDIT_OPENERS", language)
    if opener is None or words > LABEL_WORDS:
        return False
    if opener == "copyright":
        return True  # "Copyright 2021 The Associated Press.", as "© …"
    # "Photo: X", "Source : X", "Screenshot from …", "Foto di X", "Photo by X": the word is
    # followed by a colon or by a preposition of authorship, or the line is only the word
    # and a name. "Photo de Port-au-Prince après le séisme" (a photo *of*) is not a credit.
    after = _after_opener(block, opener)
    if after.startswith((":", "：", "-", "—", "–")) or re.match(
        r"^(?:\W*[^\W\d_]+){0,3}\s*:", after
    ):
        return True  # "Photo: X", "Source et crédits photographiques: X"
    if words <= 6 and (comma := re.match(r"^(?:\W*[^\W\d_]+){0,3}\s*,\s*", after)):
        name = after[comma.end() :]
        if name[:1].isalpha() and not name[:1].islower():
            return True  # "Image source, Getty Images", "Crédit photo, AFP" (BBC services)
    if lexicon.folded_words(after).startswith("courtesy"):
        return True  # "Image courtesy X"
    if _authored(after, language):
        return True
    # "Screenshot from a video by Reuters": a screenshot is always somebody else's picture.
    return opener in lexicon.SCREENSHOT_WORDS


# Between the parts of an agency's credit: "REUTERS/Kevin Lamarque", "(أرشيف - رويترز)"; in
# brackets, a Japanese middle dot too ("（ロスコスモス提供・共同）"), which elsewhere joins the
# parts of a foreign name.
_CREDIT_PARTS = re.compile(r"/|\s[-–—]\s")
_BRACKETED_CREDIT_PARTS = re.compile(r"/|\s[-–—]\s|・")
_NAME_AND_AGENCY = re.compile(r"(.{3,60}?)\s*\(([^()]{2,40})\)")


def _signed_dispatch(sentences: Sequence[str], language: str) -> bool:
    """ "… a quitté le pays vendredi soir. AFP": running text signed with its agency's name
    alone, not a picture's caption, which says when the picture was taken ("…, le 9 mars
    2021. AFP")."""
    last = sentences[-1].strip()
    return (
        len(sentences) > 1
        and _CREDIT_PARTS.search(last) is None
        and _agency_credit(last)
        and not _ends_with_date(sentences[-2], language)
    )


def _agency_credit(block: str, *, bracketed: bool = False) -> bool:
    """A news or picture agency's credit (`lexicon.PHOTO_AGENCIES`), alone or in brackets
    (`bracketed`: the block stood inside them): its name ("AFP", "(ANSA)"), or a wire photo's
    two to four short parts joined by slashes, one of them the agency ("REUTERS/Kevin
    Lamarque", "(AP Photo/Evan Vucci)", "Kay Nietfeld/dpa", "Mandel Ngan/AFP via Getty
    Images", "SERGEI ILNITSKY (EFE)"); not "24/7" or an address."""
    inner = block.strip().rstrip(".").strip()
    if inner.startswith(("(", "（")) and inner.endswith((")", "）")):
        inner, bracketed = inner[1:-1], True
    elif (
        not bracketed and (signed := _NAME_AND_AGENCY.fullmatch(inner)) and _is_bare_name(signed[1])
    ):
        inner = signed[2]  # the photographer, then the agency in brackets
    separators = _BRACKETED_CREDIT_PARTS if bracketed else _CREDIT_PARTS
    parts = [part.strip() for part in separators.split(inner)]
    if len(parts) > 4 or any(not p or len(p.split()) > 4 or len(p) > 40 for p in parts):
        return False
    return any(
        lexicon.folded_words(name) in lexicon.PHOTO_AGENCIES
        for part in parts
        for name in re.split(r"\s+via\s+", part)
    )


def _authored(after: str, language: str) -> bool:
    """Does the text after a credit word start by naming an author ("by Jane Doe", "di
    @name", "von dpa.de")?"""
    first = lexicon.folded_words(after).split(" ")[:4]
    for by in lexicon.phrases("CREDIT_BY", language):
        by_words = by.split(" ")
        if first[: len(by_words)] == by_words and len(first) > len(by_words):
            name = after.split()[len(by_words)] if len(after.split()) > len(by_words) else ""
            if name[:1].isupper() or name.startswith("@") or "." in name:
                return True
    return False


def _credited_caption(block: str, words: int, language: str) -> bool:
    """ "Cartoon by X about Arab divisions: two men arguing …": longer than a credit line, a
    block that opens with a picture's credit and goes on to say what the picture shows."""
    opener = lexicon.starts_with(block, "CREDIT_OPENERS", language)
    return (
        opener is not None
        and LABEL_WORDS < words <= SHORT_WORDS * 2
        and _authored(_after_opener(block, opener), language)
    )


def _after_opener(block: str, opener: str) -> str:
    """The text after the opening phrase, punctuation kept."""
    count = len(opener.split(" "))
    tokens = list(re.finditer(r"[^\W_]+", block))
    if len(tokens) < count:
        return ""
    return block[tokens[count - 1].end() :].strip()


def _ends_with_edit_link(block: str) -> bool:
    """ "Themenverwandte Artikel[Bearbeiten]": a heading, then a wiki's edit link
    (`lexicon.EDIT_LINKS`) in brackets."""
    link = _FINAL_BRACKETS.search(block)
    return (
        link is not None
        and bool(block[: link.start()].strip())
        and lexicon.folded_words(link[1]) in lexicon.EDIT_LINKS  # folded already
    )


def _emphasised(block: str) -> tuple[int, int] | None:
    """Where the words of a line set in bold or italics by a text export's marks ("*Title*",
    "**Title**", "_Title_") start and end, or None. Read from both ends, not by a regular
    expression that would rescan a long run of spaces from each of its characters."""
    opened = _EMPHASIS_MARK.match(block)
    if opened is None:
        return None
    end = len(block.rstrip())
    marks = (opened[1], opened[1][0]) if len(opened[1]) == 2 else (opened[1],)
    for mark in marks:  # "**a*" is "*a" set in italics
        after = opened.start(1) + len(mark)
        if end - len(mark) <= after or not block[:end].endswith(mark):
            continue
        inner = block[after : end - len(mark)]
        start, stop = after + len(inner) - len(inner.lstrip()), after + len(inner.rstrip())
        if start < stop:
            return start, stop
    return None


def _markdown_role(block: str) -> str | None:
    """The role Markdown's marks give a block: "# " a headline, "## " to "###### " an
    intertitle, "> " a quotation, "![alt text](address)" a picture; None without a mark
    ("#hashtag" is none: a heading's hashes are followed by a space)."""
    if heading := _MARKDOWN_HEADING.match(block):
        return Role.HEADLINE if len(heading[1]) == 1 else Role.INTERTITLE
    if _MARKDOWN_QUOTE.match(block):
        return Role.QUOTE
    if _MARKDOWN_IMAGE.match(block):
        return Role.CAPTION
    return None


def _is_byline(block: str, language: str) -> bool:
    """ "By Jane Doe", "Written by Danica Radisic On 31 January 2014": an author word, then a
    name; not "Von @name, einem Opfer des Tsunami:", which announces a quotation. Or the author
    named by the paper's own words, on a short line that ends no sentence: "By a staff
    reporter", "Par notre envoyé spécial" (not "Di più" or "Por favor", one word after)."""
    opener = lexicon.starts_with(block, "BYLINE_OPENERS", language)
    if opener is None or text.announces(block):
        return False
    after = _after_opener(block, opener).lstrip(":：").strip()
    if after[:1].isupper() or after.startswith("@"):
        return True
    if after[:1].isalpha() and not after[:1].islower() and len(after) <= 20:
        return True  # a name in a script without capitals: "责任编辑：王明", "بقلم أحمد"
    words = after.split()
    return 2 <= len(words) <= 4 and not block.rstrip().endswith((".", "!", "?", ",", ";"))


def _is_dateline(block: str, language: str) -> bool:
    """Mostly a date or a time, once the words that introduce it are set aside
    ("Veröffentlicht: 18:33, 9. Dez. 2012 (CET)", "Posted on 3 March 2021"); or dates
    side by side ("Publié le 09/03/2021 à 18h02 - Mis à jour le 10/03/2021 à 08h15")."""
    if _dated(block, language):
        return True
    parts = _DATE_SEPARATOR.split(block)
    if len(parts) == 1:
        return False
    # "Moscú - 09 mar 2021", "موسكو - الثلاثاء 9 مارس 2021": a place, then the date.
    place = text.word_count(parts[0]) <= 2 and not _dated(parts[0], language)
    return all(_dated(part, language) for part in parts[1 if place else 0 :])


# Between a page's publication and update dates: a dash or a bar with spaces around it.
_DATE_SEPARATOR = re.compile(r"(?<!\s)\s+[-–—|·]\s+")


def _dated(block: str, language: str) -> bool:
    from compare.facts import extract_facts

    if opener := lexicon.starts_with(block, "DATE_INTRODUCERS", language):
        block = _after_opener(block, opener).lstrip(":：").strip()
    letters = sum(c.isalnum() for c in block)
    if not letters:
        return False
    dated = sum(
        sum(c.isalnum() for c in fact.text)
        for fact in extract_facts(block, language)
        if fact.kind in ("date", "time") or (fact.kind == "number" and ":" in fact.text)
    )
    return dated / letters >= 0.5


def _comment_section(blocks: Sequence[str], roles: list[str], language: str) -> None:
    """From a comment section's heading, in the last third of the page, everything is chrome."""
    for i in range(len(blocks) * 2 // 3, len(blocks)):
        block = blocks[i].strip()
        count = _COUNT_LABEL.match(block)
        label = count[1] if count else block
        if text.word_count(block) <= 4 and lexicon.starts_with(
            label, "COMMENTS_HEADINGS", language
        ):
            for j in range(i, len(blocks)):
                roles[j] = Role.PROMO
            return


def _headline(
    blocks: Sequence[str], roles: list[str], language: str, paragraphs: Sequence[int]
) -> int | None:
    """The title: among the short blocks without a final full stop before the first paragraph
    of running text, the first of four words or more that starts with no lower-case letter
    and neither exclaims nor ends with a date; else the first such of two words or more
    ("Умер Эдуард Лимонов" above "Эдуард Лимонов", its picture's caption); else the last
    short block. Page chrome may stand above the title, but its labels are shorter
    ("Military", "voanews.com"), its taglines start in lower case or exclaim ("aus Wikinews,
    einem freien Wiki für Nachrichten", "From Wikinews, the free news source you can write!")
    and an archive's label ends with its month; a picture's caption or a byline may stand
    between the title and the text."""
    lead = next(
        (
            i
            for i, block in enumerate(blocks)
            if roles[i] == Role.BODY
            and text.word_count(block) >= 12
            and _ENDS_SENTENCE.search(block)
            # Running text is not set twice; a title is, as its picture's caption ("Il y a
            # 10 ans, le premier billet … était publié…", then the same with a credit).
            and not (i + 1 < len(blocks) and _near_repeat(block, blocks[i + 1]))
        ),
        len(blocks),
    )
    candidates = [
        i
        for i in range(min(lead, len(blocks)))
        if roles[i] == Role.BODY
        and text.word_count(blocks[i]) <= SHORT_WORDS
        and not re.search(r"[.。:;,、，،]$", blocks[i].strip())  # commas of CJK and Arabic too
        and not blocks[i].strip().startswith(("[", "("))  # an editor's note, not a title
    ]
    shaped = [
        i
        for i in candidates
        if not blocks[i].strip()[:1].islower()
        and not blocks[i].rstrip().endswith(("!", "！"))
        and not _ends_with_date(blocks[i], language)
    ]
    titles = [i for i in shaped if text.word_count(blocks[i]) >= 4]
    # Where blank lines separate the paragraphs, a title stands alone in its own; a site's
    # menu or label lines stand together ("Quantcast", "Channel: …", "Viewing all …").
    if len(set(paragraphs)) >= 3:
        lines = Counter(paragraphs)
        titles = [i for i in titles if lines[paragraphs[i]] == 1] or titles
    short = [i for i in shaped if text.word_count(blocks[i]) >= 2]
    return titles[0] if titles else short[0] if short else (candidates[-1] if candidates else None)


def _ends_with_date(block: str, language: str) -> bool:
    """Does the block end with a date? A caption does ("… during a protest in Cairo, January
    29, 2011"), and so does an archive's label ("Статьи с Сводка с Январь, 2014"); a title
    hardly ever."""
    from compare.facts import extract_facts

    stripped = block.rstrip(" .)]")
    return any(
        f.kind == "date" and f.end >= len(stripped) for f in extract_facts(stripped, language)
    )


def _intertitles(blocks: Sequence[str], roles: list[str]) -> None:
    for i in range(1, len(blocks)):
        stripped = blocks[i].strip()
        # A line in bold or italics ("*Title*") is a title in any script; otherwise a title
        # starts with a capital.
        emphasised = _emphasised(stripped)
        stripped = stripped[emphasised[0] : emphasised[1]] if emphasised else stripped
        capital = not stripped[:1].islower() if emphasised else stripped[:1].isupper()
        last = i == len(blocks) - 1
        # After running text (or a quotation in it), or between a picture that closes the
        # section before and running text (not a one-word label under a picture: "Comentar").
        before = i - 1
        if before > 0 and roles[before] == Role.PROMO and roles[before - 1] != Role.PROMO:
            before -= 1  # a teaser set into the text ("Lesen Sie auch: …") between them
        after_text = (
            roles[before] in (Role.BODY, Role.QUOTE) and text.word_count(blocks[before]) > 10
        )
        after_picture = (
            not last
            and roles[i - 1] in (Role.CAPTION, Role.CREDIT)
            and text.word_count(blocks[i + 1]) > 10
        )
        if (
            roles[i] == Role.BODY
            and (after_text or after_picture)
            # Running text or a list follows it ("Sister links", then its items).
            and (
                roles[i + 1] in (Role.BODY, Role.LIST_ITEM)
                if not last
                else _unlike_a_name(stripped, emphasised)
            )
            and text.word_count(stripped) <= 7
            and capital
            and not re.search(r"[,(\[、，،]", stripped)
            and not re.search(r"[.。:;!?！？…\"”»]$", stripped)
        ):
            roles[i] = Role.INTERTITLE


def _unlike_a_name(title: str, emphasised: tuple[int, int] | None) -> bool:
    """Can the last line of a text, set like a title, be nothing but a title? A page cut after
    a sub-heading ends with one ("À la recherche des proches", "GUIDELINES"); a complete one
    may end with its author's name or its agency ("Jane Doe", "Reuters"), every word
    capitalised, which is no title. Bold or italics, capitals only or a word in lower case
    tell a title."""
    words = re.findall(r"[^\W\d_]+", title)
    return bool(
        emphasised
        or (title.isupper() and any(len(w) > 3 for w in words))
        or any(w[:1].islower() for w in words)
    )


def _quotes(
    blocks: Sequence[str], roles: list[str], language: str, paragraphs: Sequence[int]
) -> None:
    own_script = _script_of(language)
    # Blank lines separate this text's paragraphs, so a line break inside one is the author's:
    # the lines of a quoted message, a poem, an address.
    line_breaks_inside = len(set(paragraphs)) >= 3
    announced = False  # is block i - 1 part of a quotation a block ending in a colon announced?
    original = False  # is block i - 1 such a quotation, in another script than the article's?
    for i, block in enumerate(blocks):
        after_colon = i > 0 and text.announces(blocks[i - 1]) and roles[i - 1] == Role.BODY
        goes_on = announced and paragraphs[i] == paragraphs[i - 1] and line_breaks_inside
        translates = original and paragraphs[i] != paragraphs[i - 1]
        announced = original = False
        if roles[i] != Role.BODY:
            continue
        script = _main_script(block)
        if own_script and script and script != own_script:
            roles[i] = Role.QUOTE  # quoted in its original script
            original = after_colon
        elif translates and not text.announces(block):
            # "@name:", the message in Japanese, then its translation: quoted too.
            roles[i] = Role.QUOTE
            announced = True  # its next lines in the paragraph go on translating
        elif _QUOTED.match(block) and text.word_count(block) >= 3 and not _attributed(block):
            roles[i] = Role.QUOTE
        elif not (after_colon or goes_on) or text.announces(block):
            continue
        roles[i] = Role.QUOTE  # "X tweeted:", then what X said, line by line
        announced = after_colon or goes_on


def _attributed(block: str) -> bool:
    """Does a block that opens and closes with quotation marks say who speaks between them
    ('"… in 1960," he said. "So this region …"')? Then it is running text that quotes, as a
    report quotes its sources paragraph after paragraph, not a quotation set apart."""
    inside, _ = text.quoted_words(block)
    return text.word_count(block) > inside


_SCRIPTS = {
    "ar": "ARABIC", "ja": "CJK", "zh": "CJK", "ko": "HANGUL", "ru": "CYRILLIC",
}  # fmt: skip


def _script_of(language: str) -> str:
    return _SCRIPTS.get(language, "LATIN")


def _main_script(block: str) -> str | None:
    """The script most of the block's letters are in (LATIN, CYRILLIC, ARABIC, CJK, HANGUL)."""
    counts: dict[str, int] = {}
    for char in block:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        cjk = name.startswith(("CJK", "HIRAGANA", "KATAKANA"))
        script = "CJK" if cjk else name.split(" ")[0]
        counts[script] = counts.get(script, 0) + 1
    total = sum(counts.values())
    if total < 4:
        return None
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count / total >= 0.6 else None


def _split_credits(block: _Block, role: str, language: str):
    """The block's sentences by role: a credit at the end of a caption becomes its own piece,
    cut inside its sentence when it is glued to it ("… in Ibaraki (via @name):"); a byline
    line that also carries the date and the comment count is cut into its three parts."""
    if role in (Role.BYLINE, Role.DATELINE) and len(block.sentences) == 1:
        return _split_meta_line(block.sentences[0], role, language)
    if role not in (Role.CAPTION, Role.BODY) or len(block.sentences) == 0:
        return [(role, block.sentences)]
    sentences = list(block.sentences)
    last = sentences[-1]
    if len(sentences) > 1 and _is_credit(last.text, text.word_count(last.text), language):
        head_role = (
            Role.CAPTION
            if role == Role.BODY and text.word_count(block.text) <= SHORT_WORDS * 2
            else role
        )
        if _signed_dispatch([s.text for s in sentences], language):
            head_role = role
        return [(head_role, tuple(sentences[:-1])), (Role.CREDIT, (last,))]
    glued = _GLUED_HANDLE.search(last.text)
    if glued and glued.start() > 0:
        # The caption keeps its punctuation ("Lines for the bus,"); the credit starts at its
        # first word or parenthesis ("by @durf", "(via @name):").
        offset = glued.start() + next(k for k, c in enumerate(glued[0]) if c.isalnum() or c in "(@")
    else:
        offset = _closing_credit(last.text, language)
        if offset is None and role == Role.CAPTION:
            offset = _bracketed_credit(last.text, language)
    if offset is not None:
        head_text = last.text[:offset].rstrip()
        head = text.Span(last.start, last.start + len(head_text), head_text)
        tail = text.Span(last.start + offset, last.end, last.text[offset:])
        head_role = Role.CAPTION if role == Role.BODY else role
        if len(sentences) == 1 and _is_dateline(head_text, language):
            head_role = Role.DATELINE  # "2021-03-09 18:02 来源：新华网": the date, its source
        return [(head_role, (*sentences[:-1], head)), (Role.CREDIT, (tail,))]
    return [(role, block.sentences)]


def _closing_credit(sentence: str, language: str) -> int | None:
    """Where a credit glued to a caption after a space starts, in Japanese or Chinese: they
    set no space between words, so a space sets the credit apart. The first part from a space
    on that opens with a credit word and is a credit ("… 教会 撮影:Julio Costa …",
    "photographed by: …"; a space inside a Latin name opens none), or the
    last part when it ends with a credit word, which these languages put last ("… 2021年8月1日
    ロイター通信オンラインビデオのスクリーンショット", "Reuters online video's screenshot").
    None when there is neither."""
    if language not in ("ja", "zh"):
        return None
    parts = list(re.finditer(r"(?<=[ \u3000])\S", sentence))
    for part in parts:
        rest = sentence[part.start() :].rstrip()
        if (
            sentence[: part.start()].strip()
            and lexicon.starts_with(rest, "CREDIT_OPENERS", language)
            and _is_credit(rest, text.word_count(rest), language)
        ):
            return part.start()
    if not parts or not sentence[: parts[-1].start()].strip():
        return None
    last = sentence[parts[-1].start() :].rstrip()
    credit = text.word_count(last) <= LABEL_WORDS and last.endswith(
        lexicon.CREDIT_OPENERS[language]
    )
    return parts[-1].start() if credit else None


def _bracketed_credit(sentence: str, language: str) -> int | None:
    """Where a credit in parentheses closing a caption starts ("Le chocolat Rakhat (Capture
    d'écran d'une vidéo Youtube chargée par l'utilisateur Maxim Bykov)", "… (captura de ecrã
    feita pelo autor)"); None when the sentence ends with no such credit. The brackets bound
    the credit, so it may be longer than a credit line standing alone."""
    bracketed = _CLOSING_BRACKETS.search(sentence)
    if bracketed is None or not sentence[: bracketed.start()].strip():
        return None
    inner = (bracketed[1] or bracketed[2]).strip()
    words = min(text.word_count(inner), LABEL_WORDS)
    opens = lexicon.starts_with(inner, "CREDIT_OPENERS", language) is not None
    if opens and _is_credit(inner, words, language):
        return bracketed.start()
    # "… durante la firma (ANSA)", "…社長（ロスコスモス提供・共同）": an agency's name, where
    # a caption ends without a stop (a dispatch signs off "… ha detto il ministro (ANSA).").
    agency = _agency_credit(inner, bracketed=True) and not sentence.rstrip().endswith((".", "。"))
    return bracketed.start() if agency else None


# Brackets closing a sentence: after a space, or full-width ones, which Chinese and Japanese
# set without a space.
_CLOSING_BRACKETS = re.compile(r"(?:(?<=\s)\(([^()]+)\)|（([^（）]+)）)\W*$")


# The separators a page sets between the parts of its meta line ("By X | 3 Comments").
_META_SEPARATOR = re.compile(r"(?<!\s)\s+[|·•]\s+")


def _split_meta_line(sentence: text.Span, role: str, language: str):
    """ "Written by Jane Doe On 31 January 2014 @ 1:01 am | 3 Comments", as one line under a
    title: the byline, the dateline and the comment count (page furniture), each a piece of
    its own, so that the date is not typed as a credit nor the count as a byline. Cut only
    when every part is one of the three; the separators belong to no part."""
    starts = [0] + [m.end() for m in _META_SEPARATOR.finditer(sentence.text)]
    ends = [m.start() for m in _META_SEPARATOR.finditer(sentence.text)] + [len(sentence.text)]
    pieces: list[tuple[str, int, int]] = []
    for start, end in zip(starts, ends, strict=True):
        part = sentence.text[start:end]
        part_words = text.word_count(part)
        if _is_byline(part, language) or (start == 0 and _is_bare_name(part)):
            cut, date = _date_start(part, language)
            if cut and _is_dateline(part[date:], language):
                pieces += [(Role.BYLINE, start, start + cut), (Role.DATELINE, start + cut, end)]
            else:
                pieces.append((Role.BYLINE, start, end))
        elif part_words <= LABEL_WORDS and _is_dateline(part, language):
            pieces.append((Role.DATELINE, start, end))
        elif _is_promo(part, part_words, language):
            pieces.append((Role.PROMO, start, end))
        else:
            return [(role, (sentence,))]
    if len(pieces) == 1:
        return [(role, (sentence,))]
    spans = []
    for piece_role, start, end in pieces:
        piece = sentence.text[start:end].rstrip(" ,;–—-")
        spans.append(
            (
                piece_role,
                (text.Span(sentence.start + start, sentence.start + start + len(piece), piece),),
            )
        )
    return spans


def _is_name_meta_line(block: str, language: str) -> bool:
    """ "Michael Bowman | Washington 27 February 2010": an author's name alone, then, after a
    separator, the place and date (a byline without its "By")."""
    parts = _META_SEPARATOR.split(block)
    return (
        len(parts) >= 2
        and _is_bare_name(parts[0])
        and all(
            text.word_count(part) <= LABEL_WORDS and _is_dateline(part, language)
            for part in parts[1:]
        )
    )


def _is_bare_name(part: str) -> bool:
    """Two to four capitalised words of letters or initials and nothing else ("Michael Bowman",
    "MARÍA R. SAHUQUILLO"; "Anne-Marie de la Tour" has a particle and is not taken): a
    person's name standing alone."""
    words = part.split()
    return 2 <= len(words) <= 4 and all(
        word[:1].isupper() and _NAME_WORD.fullmatch(word) for word in words
    )


_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|[^\W\d_]\.")


def _date_start(part: str, language: str) -> tuple[int, int]:
    """(where the dateline starts, where its date starts) in a byline line: the first date,
    with the words before it that introduce it ("On 31 January", "le 3 mars", "veröffentlicht
    am 3. März": `lexicon.DATE_INTRODUCERS`); (0, 0) without a date or when the dateline would
    open the line."""
    from compare.facts import extract_facts

    starts = [f.start for f in extract_facts(part, language) if f.kind == "date"]
    if not starts:
        return 0, 0
    date = cut = min(starts)
    head = part[:date].rstrip(" ,;–—-")
    before = lexicon.folded_words(head)
    for phrase in lexicon.phrases("DATE_INTRODUCERS", language):
        if before.endswith(" " + phrase):
            # Back over as many words as the phrase has, from the end of the head.
            words = list(re.finditer(r"[^\W_]+", head))
            cut = words[-len(phrase.split(" "))].start()
            break
    return (cut, date) if part[:cut].strip() else (0, 0)
