import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from etablissements import demo as schools_demo
from home.content import site_ensure_home

# Each app that has demo data offers `<app>.demo.load()`, idempotent, run in this order.
DEMO_MODULES = [
    "etablissements.demo",
    "home.demo",
    "entreprises.demo",
    "partenariats.demo",
    "offres.demo",
    "formations.demo",
    "pacte.demo",
    "pfmp.demo",
    "pilotage.demo",
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (sans effet si elles sont déjà là)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Ne pas afficher les comptes."
        )
        parser.add_argument(
            "--logins-only", action="store_true", help="Afficher les comptes sans rien charger."
        )

    def handle(self, *args, **options):
        if not options["logins_only"]:
            with transaction.atomic():
                site_ensure_home()
                for name in DEMO_MODULES:
                    try:
                        module = importlib.import_module(name)
                    except ModuleNotFoundError as exc:
                        if exc.name != name:
                            raise
                        continue
                    module.load()
            self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        if options["quiet_logins"]:
            return
        self.stdout.write("  Comptes de démonstration (identifiant / mot de passe) :")
        for login, password, label in schools_demo.logins():
            self.stdout.write(f"    {login:<11} / {password}   {label}")
