from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from compare import embeddings, services
from compare.models import Comparison


class Command(BaseCommand):
    help = (
        "Align every comparison that needs it: never aligned, failed, or aligned "
        "with another model than the configured one."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Re-align every comparison.")

    def handle(self, *args, force: bool = False, **options) -> None:
        comparisons = Comparison.objects.with_articles()
        if not force:
            comparisons = comparisons.exclude(
                status=Comparison.Status.ALIGNED, model_name=embeddings.model_name()
            )
        comparisons = list(comparisons)
        failed = 0
        for comparison in tqdm(
            comparisons, desc="Aligning", unit="comparison", disable=not comparisons
        ):
            try:
                services.align_comparison(comparison=comparison)
            except services.AlignmentError as error:  # one failure must not stop the others
                failed += 1
                self.stderr.write(f"Comparison {comparison.pk} failed: {error}")
        # Comparisons aligned before the listing stored its figures get them now.
        for comparison in Comparison.objects.filter(
            status=Comparison.Status.ALIGNED, members__shared_percent__isnull=True
        ).distinct():
            services.store_figures(comparison=comparison)
        self.stdout.write(
            f"Aligned {len(comparisons) - failed} comparison(s); {failed} failed; "
            f"{Comparison.objects.count() - len(comparisons)} already up to date."
        )
