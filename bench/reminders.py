"""Reminder engine end to end: N due reminders, scanned, written to the outbox and sent by a
real Celery worker.

    createdb -h 127.0.0.1 -U portal portal_rap_bench
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_rap_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
    .venv/bin/python bench/reminders.py [--count 100000] [--concurrency 2] [--mail file|smtp]

The database must be a bench database (its name contains "bench"): its reminders are wiped.
Each reminder goes to a different person (the worst case: one mail per row) and is truly due
(its occasion is the partnership's, so the check before sending keeps it). The scan task is
sent as beat would, again each time the previous scan's batches are all composed (one scan lists
at most RAPPELS_SCAN_LIMIT rows); each composed batch commits its mails to the outbox, and the
outbox task claims them by batches of COURRIELS_BATCH_SIZE, one SMTP connection per batch.
Mails go to files (`--mail file`, Django's file backend) or to
an SMTP sink on loopback (`--mail smtp`, aiosmtpd). Prints the scan time (as the worker logs
it), the total time, mails per second and the worker's peak memory (VmHWM of each process).
"""

import argparse
import datetime
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Not bench/ itself: bench/http.py would shadow the standard library's http.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from courriels import conf  # noqa: E402
from courriels.models import Email, EmailStatus  # noqa: E402
from partenariats.models import PartnershipStatus  # noqa: E402
from portal.celery import app  # noqa: E402
from rappels import conf as rappels_conf  # noqa: E402
from rappels.models import Reminder, ReminderStatus  # noqa: E402
from rappels.rules import get_rule  # noqa: E402

RULE = "partenariat_convention_fin"
OBJECTS = 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="rappels dus (100 000)")
    parser.add_argument("--concurrency", type=int, default=2, help="processus du worker")
    parser.add_argument("--mail", choices=["file", "smtp"], default="file")
    parser.add_argument(
        "--sink", choices=["fast", "aiosmtpd"], default="fast", help="puits SMTP (--mail smtp)"
    )
    return parser.parse_args()


def check_target():
    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        sys.exit(f"Base {name!r} : utilisez une base dédiée dont le nom contient « bench ».")
    if not app.conf.broker_url.startswith("redis://"):
        print("attention : le broker n’est pas Redis (CELERY_BROKER_URL=redis://…)")


def partnerships():
    """OBJECTS partnerships whose convention ends in 30 days (made once, kept between runs)."""
    from entreprises.models import Company
    from etablissements.models import School
    from partenariats.models import Partnership

    end = timezone.localdate() + datetime.timedelta(days=30)
    school, _ = School.objects.get_or_create(
        uai="0319999Z",
        defaults={
            "name": "Lycée du banc d’essai",
            "kind": "LP",
            "town": "Toulouse",
            "academy": "Toulouse",
        },
    )
    ids = list(Partnership.objects.filter(school=school).values_list("pk", flat=True))
    if len(ids) >= OBJECTS:
        Partnership.objects.filter(pk__in=ids).update(
            convention_signed_on=end - datetime.timedelta(days=365), convention_end=end
        )
        return ids[:OBJECTS]
    from stdnum import luhn

    for n in range(len(ids), OBJECTS):
        siren = f"{90000000 + n:08d}"
        siren += luhn.calc_check_digit(siren)
        digits = siren + "0001"
        digits += luhn.calc_check_digit(digits)
        company, _ = Company.objects.get_or_create(
            siret=digits, defaults={"name": f"Entreprise d’essai {n}"}
        )
        Partnership.objects.create(
            school=school,
            company=company,
            status=PartnershipStatus.ACTIVE,
            convention_signed_on=end - datetime.timedelta(days=365),
            convention_end=end,
        )
    return list(Partnership.objects.filter(school=school).values_list("pk", flat=True))


def create_reminders(count: int) -> None:
    from django.contrib.contenttypes.models import ContentType

    from partenariats.models import Partnership

    Reminder.objects.all().delete()
    Email.objects.all().delete()
    content_type = ContentType.objects.get_for_model(Partnership)
    objects = partnerships()
    # The rule's own occasion: the check before sending finds the reminder still due.
    rule = get_rule(RULE)
    occasions = {obj.pk: rule.occasion(obj) for obj in Partnership.objects.filter(pk__in=objects)}
    now = timezone.now()
    rows = []
    for n in range(count):
        rows.append(
            Reminder(
                rule_code=RULE,
                kind=RULE,
                content_type=content_type,
                object_id=objects[n % len(objects)],
                object_label="Partenariat d’essai",
                occasion=occasions[objects[n % len(objects)]],
                recipient_email=f"personne{n}@essai.example",
                recipient_name=f"Personne {n}",
                due_at=now,
            )
        )
        if len(rows) == 5000:
            Reminder.objects.bulk_create(rows)
            rows = []
    Reminder.objects.bulk_create(rows)
    if connection.vendor == "postgresql":
        # Statistics, as autovacuum keeps them on a live table: without them, the planner
        # takes the fresh 100,000 rows for a handful and the scan's anti-join runs for minutes.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE rappels_reminder")
            cursor.execute("VACUUM ANALYZE courriels_email")


def start_worker(queue: str, env: dict, concurrency: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 - lives as long as the worker
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-Q",
            queue,
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while " ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit("le worker n’a pas démarré :\n" + log_path.read_text()[-3000:])
        time.sleep(0.2)
    return process


def process_group_peaks(pgid: int) -> list[tuple[int, int, float]]:
    """(pid, VmHWM in kB, CPU seconds used) of each live process of the group."""
    peaks = []
    tick = os.sysconf("SC_CLK_TCK")
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # field 5 of stat: process group
                continue
            text = (status.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", text)
        if match:
            cpu = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            peaks.append((int(status.parent.name), int(match.group(1)), cpu))
    return peaks


def scan_durations(log_path: Path) -> list[float]:
    pattern = r"Task rappels\.tasks\.scan\[[^\]]+\] succeeded in ([\d.]+)s"
    return [float(x) for x in re.findall(pattern, log_path.read_text())]


def main():
    args = parse_args()
    check_target()
    call_command("migrate", verbosity=0)
    workdir = Path(tempfile.mkdtemp(prefix="bench-rappels-"))
    sink = None
    if args.mail == "smtp" and args.sink == "aiosmtpd":
        sys.path.insert(0, str(BASE_DIR / "tests" / "rappels"))
        from smtp_server import SmtpServer

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
        sink = SmtpServer()
        sink.start()
        email_url = sink.url
    elif args.mail == "smtp":
        sys.path.insert(0, str(BASE_DIR / "bench"))
        from smtp_sink import FastSmtpSink

        sys.path.pop(0)  # bench/http.py would shadow the standard library's http
        sink = FastSmtpSink()
        sink.start()
        email_url = sink.url
    else:
        email_url = f"file:///{workdir}/mail"

    print(f"{args.count} rappels dus, un destinataire chacun…", flush=True)
    started = time.monotonic()
    create_reminders(args.count)
    print(f"création : {time.monotonic() - started:.1f} s", flush=True)

    queue = f"bench-rappels-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    log_path = workdir / "worker.log"
    # As in production: DEBUG off (on, Django would also keep every query in memory).
    env = {"EMAIL_URL": email_url, "DEBUG": os.environ.get("DEBUG", "false")}
    worker = start_worker(queue, env, args.concurrency, log_path)
    from rappels.tasks import scan

    try:
        started = time.monotonic()
        scans = 0
        while True:
            left = Reminder.objects.filter(
                status__in=[ReminderStatus.PENDING, ReminderStatus.CLAIMED]
            )
            pending = left.filter(status=ReminderStatus.PENDING).count()
            claimed = left.filter(status=ReminderStatus.CLAIMED).count()
            outbox = Email.objects.filter(status__in=[EmailStatus.PENDING, EmailStatus.SENDING])
            if not pending and not claimed and not outbox.exists():
                break
            if pending and not claimed and len(scan_durations(log_path)) == scans:
                scan.delay()  # what beat does every minute
                scans += 1
            time.sleep(0.5)
        total = time.monotonic() - started
        peaks = process_group_peaks(worker.pid)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        if sink:
            sink.stop()

    sent = Reminder.objects.filter(status=ReminderStatus.SENT).count()
    failed = Reminder.objects.exclude(status=ReminderStatus.SENT).count()
    emails_sent = Email.objects.filter(status=EmailStatus.SENT).count()
    once = per_person = None
    if sink:
        handler = getattr(sink, "handler", sink)
        mails = sink.count if handler is sink else len(handler.messages)
        per_person = Counter(handler.recipients())
        once = len(per_person) == args.count and set(per_person.values()) == {1}
    else:
        mails = sum(
            path.read_text(errors="replace").count("\nMessage-ID: ")
            + path.read_text(errors="replace").startswith("Message-ID: ")
            for path in (workdir / "mail").glob("*")
        )
    durations = scan_durations(log_path)
    print(f"broker : {app.conf.broker_url} ; base : {connection.vendor} ; courriels : {args.mail}")
    print(f"worker : {args.concurrency} processus ; lots de {rappels_conf.batch_size()}")
    print(f"rappels envoyés : {sent} ; autres : {failed} ; courriels produits : {mails}")
    print(f"file d’envoi : {emails_sent} courriels envoyés, lots de {conf.batch_size()}")
    if once is not None:
        print(f"chaque personne a reçu exactement un courriel (compté au puits SMTP) : {once}")
    print(
        f"analyse (tâche scan, {len(durations)} passage(s)) : "
        + " + ".join(f"{d:.2f} s" for d in durations)
        + f" = {sum(durations):.2f} s"
    )
    print(f"total de bout en bout (analyse + envoi) : {total:.1f} s")
    print(f"débit : {mails / total:.0f} courriels par seconde")
    for pid, peak, cpu in sorted(peaks):
        role = "principal" if pid == worker.pid else "processus du pool"
        print(f"worker ({role}, pid {pid}) : mémoire crête {peak / 1024:.0f} Mo ; CPU {cpu:.1f} s")
    cpu_ms = 1000 * sum(cpu for _, _, cpu in peaks) / max(mails, 1)
    print(f"CPU du worker par courriel : {cpu_ms:.2f} ms ; charge : {os.getloadavg()}")
    duplicates = sum(n - 1 for n in per_person.values()) if sink else None
    print("| rappels | secondes | courriels/s | comptés au puits | doublons | RSS crête (Mo) |")
    print("|---|---|---|---|---|---|")
    rss = " / ".join(f"{peak / 1024:.0f}" for _, peak, _ in sorted(peaks))
    print(f"| {args.count} | {total:.1f} | {mails / total:.0f} | {mails} | {duplicates} | {rss} |")
    print(f"journal du worker : {log_path}")


if __name__ == "__main__":
    main()
