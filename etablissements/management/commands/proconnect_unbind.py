from django.core.management.base import BaseCommand

from etablissements.services import proconnect_identity_unbind


class Command(BaseCommand):
    help = (
        "Délie le compte de cette adresse de son identité ProConnect (la personne a changé de "
        "fournisseur d’identité) : sa prochaine connexion demandera une nouvelle invitation."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if proconnect_identity_unbind(email=email, by="manage.py proconnect_unbind"):
            self.stdout.write(f"Identité ProConnect de {email} oubliée.")
        else:
            self.stdout.write(f"Aucune identité ProConnect n’était reliée à {email}.")
