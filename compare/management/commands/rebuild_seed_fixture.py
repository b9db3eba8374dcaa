"""Rewrite the paragraphs and sentences of fixtures/seed.json from its articles' texts.

For developers: after a change to segmentation or to paragraph roles, the seed fixture must
hold what an import of the same texts would store today, or `loaddata seed` would load a
stale reading. Articles (read as plain texts, with no markup roles), outlets, comparisons and
anything else in the file are kept as they are; paragraphs and sentences are numbered afresh
from 1.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand

from compare import structure


class Command(BaseCommand):
    help = "Rewrite the paragraphs and sentences of fixtures/seed.json from its articles' texts."

    def handle(self, *args, **options) -> None:
        path = settings.FIXTURE_DIRS[0] / "seed.json"
        objects = json.loads(path.read_text(encoding="utf-8"))
        kept = [o for o in objects if o["model"] not in ("compare.paragraph", "compare.sentence")]
        articles = [o for o in objects if o["model"] == "compare.article"]
        paragraphs, sentences = [], []
        for article in sorted(articles, key=lambda o: o["pk"]):
            fields = article["fields"]
            fields["markup_roles"] = []  # plain texts: read without a page's markup
            for position, paragraph in enumerate(
                structure.read_article(fields["original_text"], fields["language"])
            ):
                paragraphs.append(
                    {
                        "model": "compare.paragraph",
                        "pk": len(paragraphs) + 1,
                        "fields": {
                            "article": article["pk"],
                            "position": position,
                            "text": paragraph.text,
                            "role": paragraph.role,
                            "start": paragraph.start,
                            "end": paragraph.end,
                        },
                    }
                )
                for span in paragraph.sentences:
                    sentences.append(
                        {
                            "model": "compare.sentence",
                            "pk": len(sentences) + 1,
                            "fields": {
                                "article": article["pk"],
                                "paragraph": len(paragraphs),
                                "position": sum(
                                    s["fields"]["article"] == article["pk"] for s in sentences
                                ),
                                "text": span.text,
                                "start": span.start,
                                "end": span.end,
                            },
                        }
                    )
        # Paragraphs and sentences after the articles they point to, as loaddata needs.
        first_after_articles = max(kept.index(a) for a in articles) + 1
        rewritten = (
            kept[:first_after_articles] + paragraphs + sentences + kept[first_after_articles:]
        )
        path.write_text(
            json.dumps(rewritten, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        self.stdout.write(
            f"{path}: {len(paragraphs)} paragraphs and {len(sentences)} sentences "
            f"for {len(articles)} articles."
        )
