from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from compare import services
from compare.text import TextError


class Command(BaseCommand):
    help = "Import an article from a UTF-8 text file: paragraphs separated by blank lines."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="Path of a .txt file.")
        parser.add_argument("--title", default="", help="Defaults to the first sentence.")
        parser.add_argument("--outlet", default="Unknown outlet", help="Outlet name.")
        parser.add_argument(
            "--language", default=None, help="ISO 639-1 code (it, fr, …); detected when absent."
        )
        parser.add_argument("--url", default="")
        parser.add_argument("--author", default="")
        parser.add_argument("--date", default=None, help="Publication date, YYYY-MM-DD.")

    def handle(self, *args, source: str, **options) -> None:
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"No such file: {source}")
        published_on = None
        if options["date"]:
            try:
                published_on = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        try:
            article = services.import_article(
                raw=path.read_bytes(),
                title=options["title"],
                outlet=options["outlet"],
                language=options["language"],
                url=options["url"],
                author=options["author"],
                published_on=published_on,
            )
        except TextError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Imported article {article.pk} “{article.title}” ({article.language}): "
            f"{article.paragraphs.count()} paragraphs, {article.sentences.count()} sentences."
        )
