from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from compare import services
from compare.text import TextError


class Command(BaseCommand):
    help = (
        "Import an article from a web address (http/https), a saved web page (.html, .htm) or "
        "a UTF-8 text file (paragraphs separated by blank lines). Pages go through the "
        "extractor: the main text with its captions and credit lines, and the title, author, "
        "date, site name and language, which the options override."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="A URL, or the path of an .html or .txt file.")
        parser.add_argument(
            "--title", default="", help="Defaults to the page's title, or the first sentence."
        )
        parser.add_argument(
            "--outlet", default="", help="Outlet name; defaults to the page's site name."
        )
        parser.add_argument(
            "--language", default=None, help="ISO 639-1 code (it, fr, …); detected when absent."
        )
        parser.add_argument("--url", default="")
        parser.add_argument("--author", default="")
        parser.add_argument("--date", default=None, help="Publication date, YYYY-MM-DD.")

    def handle(self, *args, source: str, **options) -> None:
        published_on = None
        if options["date"]:
            try:
                published_on = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        common = {
            "title": options["title"],
            "outlet": options["outlet"],
            "language": options["language"],
            "author": options["author"],
            "published_on": published_on,
        }
        try:
            if urlsplit(source).scheme.lower() in {"http", "https"}:
                article = services.import_article_from_url(url=source, **common)
            else:
                path = Path(source)
                if not path.is_file():
                    raise CommandError(f"No such file: {source}")
                article = services.import_article_from_file(
                    name=path.name, data=path.read_bytes(), url=options["url"], **common
                )
        except TextError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Imported article {article.pk} “{article.title}” ({article.language}, "
            f"{article.outlet.name}): {article.paragraphs.count()} paragraphs, "
            f"{article.sentences.count()} sentences."
        )
