from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from compare import selectors, services
from compare.models import Comparison


class Command(BaseCommand):
    help = (
        "Align every comparison that needs it: never aligned, failed, or aligned with another "
        "model than the configured one. Queues the alignments for the workers "
        "(`manage.py run_worker`) unless --inline, which aligns here, one after the other."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Every comparison, also those queued."
        )
        parser.add_argument(
            "--inline", action="store_true", help="Align in this process instead of queueing."
        )

    def handle(self, *args, force: bool = False, inline: bool = False, **options) -> None:
        comparisons = selectors.needing_alignment(force=force)
        total = Comparison.objects.count()
        verb = "Aligning" if inline else "Queueing"
        with tqdm(
            total=len(comparisons), desc=verb, unit="comparison", disable=not comparisons
        ) as bar:
            if inline:
                done, failed = self.align_here(comparisons, bar)
            else:
                done, failed = services.request_alignments(
                    comparisons=comparisons, progress=lambda comparison: bar.update()
                )
        # Comparisons aligned before the listing stored its figures get them now.
        for comparison in Comparison.objects.filter(
            status=Comparison.Status.ALIGNED, members__shared_percent__isnull=True
        ).distinct():
            services.store_figures(comparison=comparison)
        self.stdout.write(
            f"{'Aligned' if inline else 'Queued'} {done} comparison(s); {failed} failed; "
            f"{total - len(comparisons)} already up to date or in progress."
        )

    def align_here(self, comparisons: list[Comparison], bar: tqdm) -> tuple[int, int]:
        failed = 0
        for comparison in comparisons:
            try:
                services.align_comparison(comparison=comparison)
            except services.AlignmentError as error:  # one failure must not stop the others
                failed += 1
                self.stderr.write(f"Comparison {comparison.pk} failed: {error}")
            bar.update()
        return len(comparisons) - failed, failed
