from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from compare import selectors
from compare.models import Comparison


class Command(BaseCommand):
    help = "Print a stored comparison as JSON (the shape of `align --json`) or CSV."

    def add_arguments(self, parser) -> None:
        parser.add_argument("comparison_id", type=int)
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="JSON (the default).")
        output.add_argument("--csv", action="store_true", help="CSV, one row per link or addition.")

    def handle(self, *args, comparison_id: int, **options) -> None:
        try:
            comparison = selectors.get_comparison(comparison_id)
        except Comparison.DoesNotExist as error:
            raise CommandError(f"There is no comparison {comparison_id}.") from error
        if comparison.status != Comparison.Status.ALIGNED:
            raise CommandError(
                f"Comparison {comparison_id} is not aligned ({comparison.get_status_display()}); "
                "run `manage.py align_all` first."
            )
        result = selectors.get_comparison_result(comparison)
        if options["csv"]:
            self.stdout.write(result.to_csv(), ending="")
        else:
            self.stdout.write(json.dumps(result.to_document(), ensure_ascii=False, indent=2))
