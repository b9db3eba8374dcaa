from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from compare import curation, selectors, services
from compare.models import Comparison


class Command(BaseCommand):
    help = (
        "Score the machine's stored alignment of a comparison against its editors' decisions "
        "(curated links and additions), so that curated comparisons make a growing gold set. "
        "Links are scored strictly, as in Text+Berg: a machine link is right only when its "
        "(A sentences, B sentences) equal an editor's link exactly. Additions are scored by "
        "sentence, and again requiring the editor's type. Only decided sentences count: those "
        "an editor linked or typed. A machine link is scored when it touches one of them or "
        "contains a set an editor rejected; additions only among them; the other sentences are "
        "unknown, not wrong. A comparison is a complete gold set when every sentence of both "
        "articles has a decision (the output says so); load `curated_seed` after `seed` for one."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("comparison", type=int, help="Comparison id.")
        parser.add_argument(
            "--align",
            action="store_true",
            help="Align the comparison first (with the configured model).",
        )

    def handle(self, *args, comparison: int, align: bool, **options) -> None:
        try:
            stored = selectors.get_comparison(comparison)
        except Comparison.DoesNotExist as error:
            raise CommandError(f"No comparison with id {comparison}.") from error
        if align:
            services.align_comparison(comparison=stored)
            stored = selectors.get_comparison(comparison)
        if stored.aligned_at is None:
            raise CommandError(
                f"Comparison {comparison} is not aligned yet: run `manage.py align_all` "
                "or add --align."
            )
        read = selectors.read_comparison(stored)
        machine, decisions = read.machine, read.curation
        if not decisions:
            raise CommandError(
                f"Comparison {comparison} has no curated links or additions to score against."
            )
        evaluation = curation.evaluate(machine, decisions)
        self.stdout.write(f"Comparison {stored.pk}: {stored}")
        self.stdout.write(
            f"Machine alignment: {stored.model_name or 'unknown model'}, "
            f"{len(machine.links)} links."
        )
        extent = "complete gold set" if evaluation.complete else "partial: the rest is not scored"
        self.stdout.write(
            f"Curated: {evaluation.curated_sentences} of {evaluation.total_sentences} sentences "
            f"({extent}); {evaluation.links.expected} links, "
            f"{evaluation.additions.expected} additions, {evaluation.rejections} rejections."
        )
        for label, score in (
            ("Links", evaluation.links),
            ("Additions", evaluation.additions),
            ("Typed additions", evaluation.typed_additions),
        ):
            self.stdout.write(
                f"{label + ':':<17} precision {score.precision:.3f}  recall {score.recall:.3f}  "
                f"F1 {score.f1:.3f}  ({score.correct} right of {score.predicted} found, "
                f"{score.expected} expected)"
            )
