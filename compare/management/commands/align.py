from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from compare import embeddings, services, structure, text
from compare.results import ComparisonResult, ResultSentence, Side, analyse


def read_side(path: str, language: str | None, *, presegmented: bool) -> Side:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"No such file: {path}")
    try:
        decoded, code = services.read_text(file.read_bytes(), language=language)
    except text.TextError as error:
        raise CommandError(f"{path}: {error}") from error
    sentences: list[ResultSentence] = []
    if presegmented:
        # One sentence per line, kept whole; a blank line starts a new paragraph.
        for number, paragraph in enumerate(text.split_paragraphs(decoded)):
            for line in paragraph.text.splitlines():
                if line.strip():
                    sentences.append(ResultSentence(len(sentences), number, line.strip()))
    else:
        # Read as an import reads it: paragraphs, sentences and each paragraph's role.
        for number, paragraph in enumerate(structure.read_article(decoded, code)):
            for span in paragraph.sentences:
                sentences.append(
                    ResultSentence(len(sentences), number, span.text, role=paragraph.role)
                )
    return Side(language=code, sentences=tuple(sentences), title=file.name)


def summary(result: ComparisonResult, width: int) -> str:
    """Two columns: A's sentences beside their counterparts, additions beside a blank."""
    column = max(20, (width - 15) // 2)
    rows = []
    for position, link in enumerate(result.links):
        label = f"{'moved ' if link.moved else ''}{link.kind} {link.score:.2f}"
        rows.append((min(link.a), label, link.a, link.b, position))
    for index in result.additions("a"):
        rows.append(
            (index, result.a.sentences[index].addition_type or "addition", (index,), (), None)
        )
    rows.sort(key=lambda row: row[0])
    lines = [f"{'A (' + result.a.language + ')':<{column}} | {'':^11} | B ({result.b.language})"]
    lines.append("-" * min(width, column * 2 + 15))

    def cell(side: str, indices) -> list[str]:
        joined = " ".join(result.side(side).sentences[i].text for i in indices)
        prefix = ",".join(map(str, indices))
        return textwrap.wrap(f"[{prefix}] {joined}" if indices else "", column) or [""]

    for _, label, indices_a, indices_b, _ in rows:
        left, right = cell("a", indices_a), cell("b", indices_b)
        for number in range(max(len(left), len(right))):
            lines.append(
                f"{left[number] if number < len(left) else '':<{column}} | "
                f"{label if number == 0 else '':^11} | "
                f"{right[number] if number < len(right) else ''}"
            )
    additions_b = result.additions("b")
    if additions_b:
        lines.append("")
        lines.append(f"Only in B ({len(additions_b)}):")
        for index in additions_b:
            sentence = result.b.sentences[index]
            lines.append(f"  [{index}] ({sentence.addition_type}) {sentence.text}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Align two text files sentence by sentence, with no database rows: "
        "prints a two-column summary, or JSON with --json."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file_a")
        parser.add_argument("file_b")
        parser.add_argument("--lang-a", default=None, help="Language of A; detected when absent.")
        parser.add_argument("--lang-b", default=None, help="Language of B; detected when absent.")
        parser.add_argument(
            "--presegmented",
            action="store_true",
            help="One sentence per line, a blank line between paragraphs.",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options) -> None:
        side_a = read_side(
            options["file_a"], options["lang_a"], presegmented=options["presegmented"]
        )
        side_b = read_side(
            options["file_b"], options["lang_b"], presegmented=options["presegmented"]
        )
        model = embeddings.model_name()
        try:
            vectors_a = embeddings.encode([s.text for s in side_a.sentences])
            vectors_b = embeddings.encode([s.text for s in side_b.sentences])
        except embeddings.EncoderError as error:
            raise CommandError(str(error)) from error
        result = analyse(side_a, side_b, vectors_a, vectors_b, model=model)
        if options["json"]:
            self.stdout.write(json.dumps(result.to_document(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(result, shutil.get_terminal_size((160, 40)).columns))
