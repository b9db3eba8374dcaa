from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from compare import services
from compare.models import Story


class Command(BaseCommand):
    help = (
        "Align what each story needs: a comparison for every pair of its articles, aligned "
        "with the configured model (already aligned pairs are reused). Queues the alignments "
        "for the workers (`manage.py run_worker`) unless --inline, which aligns here."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("story_ids", nargs="*", type=int, help="Stories (default: all).")
        parser.add_argument(
            "--inline", action="store_true", help="Align in this process instead of queueing."
        )

    def handle(self, *args, story_ids: list[int], inline: bool = False, **options) -> None:
        stories = Story.objects.order_by("pk")
        if story_ids:
            stories = stories.filter(pk__in=story_ids)
            if missing := set(story_ids) - set(stories.values_list("pk", flat=True)):
                raise CommandError(f"No such story: {', '.join(map(str, sorted(missing)))}.")
        failed = 0
        for story in stories:
            if inline:
                outcome = services.align_story(story=story)
                done = f"{outcome.aligned} aligned"
            else:
                outcome = services.request_story_alignment(story=story)
                done = f"{outcome.queued} queued, {outcome.waiting} already in progress"
            failed += len(outcome.failed)
            self.stdout.write(
                f"Story {story.pk} “{story.title}”: {outcome.pairs} pair(s), {done}, "
                f"{outcome.reused} reused, {len(outcome.failed)} failed."
            )
            for comparison, error in outcome.failed:
                self.stderr.write(f"  comparison {comparison.pk} failed: {error}")
        if failed:
            raise CommandError(f"{failed} pair(s) could not be aligned.")
