from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablissements.referentials import diplomas_import


class Command(BaseCommand):
    help = (
        "Importe les diplômes de la table N_FORMATION_DIPLOME de la BCN (CSV ou JSON), par "
        "code diplôme."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le fichier exporté (CSV ou JSON).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Dire ce qui serait fait, sans rien modifier."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        report = diplomas_import(path=path, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write("Essai à blanc : rien n’a été enregistré.")
        for line in report.lines():
            self.stdout.write(line)
