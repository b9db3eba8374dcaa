from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from compare import services
from compare.models import Article


class Command(BaseCommand):
    help = (
        "List the stored articles most likely to be other versions of an article's event (other "
        "languages, other outlets), with a score and the reason: shared sentences and names."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("article_id", type=int)
        parser.add_argument("--limit", type=int, default=10, help="How many (default 10).")
        window = parser.add_mutually_exclusive_group()
        window.add_argument(
            "--days",
            type=int,
            default=None,
            help="Publication-date window in days, applied when both dates are known "
            f"(default {settings.COMPARE_COUNTERPART_DAYS}).",
        )
        window.add_argument("--any-date", action="store_true", help="No date window.")

    def handle(self, *args, article_id: int, limit: int, days, any_date: bool, **options) -> None:
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more (or use --any-date).")
        article = Article.objects.select_related("outlet").filter(pk=article_id).first()
        if article is None:
            raise CommandError(f"There is no article {article_id}.")
        found = services.find_counterparts(
            article=article, limit=limit, days=-1 if any_date else days
        )
        self.stdout.write(
            f"Counterparts of article {article.pk} ({article.language}, {article.outlet.name}): "
            f"{article.title}"
        )
        if not found:
            self.stdout.write("No candidate.")
            return
        self.stdout.write(f"{'#':>2} {'score':>5} {'doc':>5} {'shared':>6}  {'id':>5} article")
        for rank, candidate in enumerate(found, start=1):
            other = candidate.article
            self.stdout.write(
                f"{rank:>2} {candidate.score:>5.2f} {candidate.document_score:>5.2f} "
                f"{candidate.shared_sentences:>6}  {other.pk:>5} [{other.language}] "
                f"{other.outlet.name}: {other.title}"
            )
            if candidate.shared_facts:
                self.stdout.write(f"{'':>28}both name: {', '.join(candidate.shared_facts)}")
            if candidate.other_countries:
                self.stdout.write(f"{'':>28}they name no country in common")
