from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from editions import config as editions
from ninjs.importer import import_path


class Command(BaseCommand):
    help = (
        "Import IPTC ninjs 2.x JSON files (files, or every *.json in a folder) as draft "
        "stories. Safe to run again: items are matched by their ninjs uri."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="PATH", help="ninjs .json files or folders."
        )
        parser.add_argument(
            "--edition",
            choices=[edition.code for edition in editions.all_editions()],
            help="The edition for items in a language that is no edition's (agency copy to "
            "translate there); without it such items are refused. An item in an edition's "
            "language always goes to that edition, and one without a language to this edition "
            "or the default one.",
        )
        parser.add_argument(
            "--section",
            help="Slug of the section for items whose subjects name none "
            "(default: NEWSROOM_NINJS_DEFAULT_SECTION).",
        )

    def handle(
        self, *args, paths: list[Path], section: str | None, edition: str | None, **options
    ) -> None:
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path} does not exist.")
        reports = [
            report
            for path in paths
            for report in import_path(path, default_section=section, edition=edition)
        ]
        if not reports:
            raise CommandError(f"No .json files in {', '.join(map(str, paths))}.")
        for report in reports:
            style = self.style.ERROR if report.outcome == "refused" else self.style.SUCCESS
            self.stdout.write(style(str(report)) if report.outcome != "skipped" else str(report))
        counts = Counter(report.outcome for report in reports)
        summary = ", ".join(
            f"{counts[o]} {o}" for o in ("created", "updated", "skipped", "refused") if counts[o]
        )
        self.stdout.write(f"{len(reports)} file(s): {summary}.")
        if counts["refused"]:
            raise CommandError(f"{counts['refused']} file(s) refused; nothing of them was saved.")
