from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from compare import services
from compare.models import Article, Comparison


class _DryRun(Exception):
    """Rolls a dry run's writes back."""


class Command(BaseCommand):
    help = (
        "Read stored articles again with today's reading rules (paragraphs, roles, sentences), "
        "keeping editors' decisions, and align the comparisons they are in again: queued for "
        "the workers (`manage.py run_worker`) unless --inline. Without ids, every article."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, metavar="ARTICLE_ID")
        parser.add_argument(
            "--from-text",
            action="store_true",
            help="Read the roles from the text alone, not from what the page's markup said.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )
        parser.add_argument("--inline", action="store_true", help="Align here instead of queueing.")

    def handle(
        self,
        *args,
        ids: list[int],
        from_text: bool = False,
        dry_run: bool = False,
        inline: bool = False,
        **options,
    ) -> None:
        articles = Article.objects.order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
            if missing := set(ids) - set(articles.values_list("pk", flat=True)):
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
        changed, failed, to_align = 0, 0, set()
        # One article in memory at a time: the texts may be long, and there may be many.
        numbers = list(articles.values_list("pk", flat=True))
        for number in tqdm(numbers, desc="Reading", unit="article", disable=len(numbers) == 1):
            article = Article.objects.filter(pk=number).first()
            if article is None:
                continue  # deleted meanwhile
            try:
                reread = self.reread(article, from_text=from_text, dry_run=dry_run)
            except services.RereadError as error:
                failed += 1
                self.stderr.write(str(error))
                continue
            if reread.changed:
                changed += 1
                to_align.update(reread.comparisons)
                self.stdout.write(str(reread))
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            f"{changed} article(s) {verb}; {failed} could not be read again; "
            f"{len(to_align)} comparison(s) to align again."
        )
        if dry_run or not to_align:
            return
        comparisons = Comparison.objects.with_articles().filter(pk__in=to_align).order_by("pk")
        if inline:
            for comparison in comparisons:
                try:
                    services.align_comparison(comparison=comparison)
                except services.AlignmentError as error:
                    self.stderr.write(f"Comparison {comparison.pk} failed: {error}")
            self.stdout.write(f"Aligned {len(to_align)} comparison(s).")
        else:
            queued, not_queued = services.request_alignments(comparisons=comparisons)
            self.stdout.write(f"Queued {queued} alignment(s); {not_queued} could not be queued.")

    def reread(self, article: Article, *, from_text: bool, dry_run: bool) -> services.Reread:
        if not dry_run:
            return services.reread_article(article=article, from_text=from_text)
        try:
            with transaction.atomic():
                reread = services.reread_article(article=article, from_text=from_text)
                raise _DryRun
        except _DryRun:
            return reread
