"""What the referential imports share: a file, `--dry-run`, the report's lines."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablissements.referentials import ReferentialFormatError


class ReferentialImportCommand(BaseCommand):
    """Runs `importer(path=, dry_run=)` on the file given and prints its report."""

    @staticmethod
    def importer(*, path: Path, dry_run: bool):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le fichier exporté (CSV ou JSON).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Dire ce qui serait fait, sans rien modifier."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = self.importer(path=path, dry_run=options["dry_run"])
        except ReferentialFormatError as exc:
            raise CommandError(str(exc)) from exc
        if options["dry_run"]:
            self.stdout.write("Essai à blanc : rien n’a été enregistré.")
        for line in report.lines():
            self.stdout.write(line)
