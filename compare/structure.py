"""Article structure: each paragraph's role on its page (headline, byline, caption, credit, …).

Pure: strings in, dataclasses out.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare import text
from compare.vocabulary import Role


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str
    role: str
    sentences: tuple[text.Span, ...]


def read_article(raw: str, language: str) -> list[Paragraph]:
    """Paragraphs with their roles and sentences, all offsets into `raw`."""
    return [
        Paragraph(p.start, p.end, p.text, Role.BODY, p.sentences)
        for p in text.segment(raw, language)
    ]
