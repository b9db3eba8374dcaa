"""The app's words, defined once: addition types, link kinds, sentence statuses, paragraph roles
and editors' verdicts.

Models use these as `choices`, forms as their choice lists, the pure modules (additions,
curation, display, results) compare against their values, and templates render their labels
from the forms and page objects that carry them. No ORM here: `TextChoices` are str enums.
"""

from __future__ import annotations

from django.db.models import TextChoices


class AdditionType(TextChoices):
    """What a sentence with no counterpart is (see `compare.additions` for how it is decided).

    In the order the page lists them: the outlet's own content first, then what the page
    around the article adds, "other" last.
    """

    # Body text, from what it says.
    COMMENTARY = "commentary", "Commentary"
    BACKGROUND = "background", "Background"
    QUOTE = "quote", "Quote"
    # Structural types, from the paragraph's role on the page.
    CAPTION = "caption", "Caption"
    CREDIT = "credit", "Credit"
    HEADING = "heading", "Heading"
    SUMMARY = "summary", "Summary"
    BOILERPLATE = "boilerplate", "Boilerplate"
    DUPLICATE = "duplicate", "Duplicate"
    OTHER = "other", "Other"


# (singular, plural) for summaries such as "adds a caption" / "adds captions (3 sentences)".
ADDITION_NOUNS: dict[str, tuple[str, str]] = {
    AdditionType.CAPTION: ("a caption", "captions"),
    AdditionType.CREDIT: ("a credit line", "credit lines"),
    AdditionType.HEADING: ("a heading", "headings"),
    AdditionType.SUMMARY: ("a summary", "summaries"),
    AdditionType.BOILERPLATE: ("boilerplate", "boilerplate"),
    AdditionType.DUPLICATE: ("a duplicate", "duplicates"),
    AdditionType.COMMENTARY: ("commentary", "commentary"),
    AdditionType.BACKGROUND: ("background", "background"),
    AdditionType.QUOTE: ("a quote", "quotes"),
    AdditionType.OTHER: ("other content", "other content"),
}


class LinkKind(TextChoices):
    MATCH = "match", "Match"
    PARTIAL = "partial", "Partial"


class Status(TextChoices):
    """What the page says of one sentence; derived from the links in `results.assemble` only."""

    MATCH = "match", "shared"
    PARTIAL = "partial", "partly shared"
    MOVED = "moved", "shared, moved"
    ADDITION = "addition", "added"


class Relatedness(TextChoices):
    """How related two articles are overall (`results.ComparisonResult.relatedness`)."""

    NEAR_TRANSLATION = "near-translation", "near-translation"
    SAME_EVENT = "same event", "same event"
    LOOSELY_RELATED = "loosely related", "loosely related"


class Verdict(TextChoices):
    """An editor's decision about a set of sentences."""

    LINK = "link", "Linked by an editor"
    REJECT = "reject", "Rejected by an editor"


class Role(TextChoices):
    """What a paragraph is on the page it came from."""

    HEADLINE = "headline", "Headline"
    STANDFIRST = "standfirst", "Standfirst"
    BYLINE = "byline", "Byline"
    DATELINE = "dateline", "Dateline"
    INTERTITLE = "intertitle", "Intertitle"
    BODY = "body", "Body"
    CAPTION = "caption", "Caption"
    CREDIT = "credit", "Credit"
    QUOTE = "quote", "Quote"
    LIST_ITEM = "list_item", "List item"
    POLL = "poll", "Poll"
    PROMO = "promo", "Promo"
    TABLE = "table", "Table"


# The addition type a paragraph's role implies, where the role alone decides it: a sentence
# with no counterpart in a caption paragraph is a caption whatever it says. Roles missing here
# (standfirst, list item, quote, dateline, table, body) are typed from their text.
ROLE_ADDITION_TYPES: dict[str, str] = {
    Role.HEADLINE: AdditionType.HEADING,
    Role.INTERTITLE: AdditionType.HEADING,
    Role.BYLINE: AdditionType.CREDIT,
    Role.CREDIT: AdditionType.CREDIT,
    Role.CAPTION: AdditionType.CAPTION,
    Role.PROMO: AdditionType.BOILERPLATE,
    Role.POLL: AdditionType.BOILERPLATE,
}


# What a paragraph's role makes of its sentences for the aligner (`alignment.KINDS`): running
# text links with running text, titles with titles, captions with captions, credits and
# bylines with their like; page furniture never links (it says nothing about the story).
ROLE_LINK_KINDS: dict[str, str] = {
    Role.HEADLINE: "title",
    Role.INTERTITLE: "title",
    Role.DATELINE: "title",
    Role.STANDFIRST: "text",
    Role.BODY: "text",
    Role.QUOTE: "text",
    Role.LIST_ITEM: "text",
    Role.TABLE: "text",
    Role.CAPTION: "picture",
    Role.CREDIT: "credit",  # a name or a source: it says nothing a caption says
    Role.BYLINE: "credit",
    Role.PROMO: "furniture",
    Role.POLL: "furniture",
}
