"""The tests read sent mails as before (`mailoutbox`), once the outbox has sent them.

A mail is a row of `courriels.Email` written by a service; in production a Celery task sends it
after the commit. In the tests, `mailoutbox` runs that task's work (`emails_send_due`) each time
it is read, so `mailoutbox[0].subject` is what the person received.
"""

from django.core import mail as django_mail


def deliver() -> None:
    """Send every mail of the outbox that is due, as the worker would."""
    from courriels.sending import emails_send_due

    emails_send_due()


class DeliveredMails:
    """`django.core.mail.outbox`, after the outbox's due mails were sent."""

    def _mails(self) -> list:
        deliver()
        return django_mail.outbox

    def __len__(self):
        return len(self._mails())

    def __iter__(self):
        return iter(list(self._mails()))

    def __getitem__(self, index):
        return self._mails()[index]

    def __eq__(self, other):
        return list(self._mails()) == list(other)

    def __bool__(self):
        return bool(self._mails())

    def __repr__(self):
        return repr(self._mails())

    def clear(self):
        deliver()
        django_mail.outbox.clear()


class _Mail:
    """Stands for `django.core.mail` in a test: `mail.outbox` is the delivered mails."""

    outbox = DeliveredMails()


mail = _Mail()
