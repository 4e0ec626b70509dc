import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from entreprises.services import contacts_anonymise_inactive, contacts_inactive, inactivity_cutoff


class Command(BaseCommand):
    help = "Anonymise les contacts sans activité depuis trois ans (RGPD)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Dire ce qui serait fait, sans rien modifier."
        )
        parser.add_argument("--date", help="Date du jour (AAAA-MM-JJ), aujourd’hui par défaut.")

    def handle(self, *args, **options):
        today = (
            datetime.date.fromisoformat(options["date"])
            if options["date"]
            else timezone.localdate()
        )
        cutoff = inactivity_cutoff(today)
        if options["dry_run"]:
            contacts = contacts_inactive(today).select_related("company").order_by("pk")
            count = contacts.count()
            self.stdout.write(
                f"{count} contact(s) sans activité depuis le {cutoff:%d/%m/%Y} "
                "seraient anonymisés (rien n’a été modifié) :"
            )
            for contact in contacts[:50]:
                self.stdout.write(f"  n°{contact.pk} — {contact.company.name}")
            if count > 50:
                self.stdout.write(f"  … et {count - 50} autre(s).")
            return
        count = contacts_anonymise_inactive(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} contact(s) sans activité depuis le {cutoff:%d/%m/%Y} anonymisé(s)."
            )
        )
