from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablissements.referentials import schools_import


class Command(BaseCommand):
    help = (
        "Importe les lycées à voie professionnelle d’un export de l’Annuaire de l’éducation "
        "(CSV ou JSON), par UAI."
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
        report = schools_import(path=path, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write("Essai à blanc : rien n’a été enregistré.")
        for line in report.lines():
            self.stdout.write(line)
