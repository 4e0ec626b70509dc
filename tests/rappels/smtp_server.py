"""A local SMTP server for the tests (aiosmtpd on loopback) that can be told to fail."""

import asyncio
import socket
import threading
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FailingHandler:
    """Accepts mail; `fail_next` answers 451 to the next N messages; `refuse` answers 550.

    `hold_after = N`: once N messages are accepted, the next RCPT waits (`held` is set) until
    `release` is set, so a test can kill the sender in the middle of a batch, before the server
    has taken the message.
    """

    def __init__(self):
        self.messages = []
        self.fail_next = 0
        self.refuse: set[str] = set()
        self.rcpt_delay = 0.0
        self.hold_after: int | None = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "421 4.3.0 Service interrompu"
        if address.lower() in self.refuse:
            return "550 5.1.1 Adresse inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return "451 4.3.0 Surcharge temporaire, réessayez plus tard"
            message = message_from_bytes(envelope.content, policy=policy.default)
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepté"

    def recipients(self) -> list[str]:
        with self.lock:
            return [rcpt for rcpts, _ in self.messages for rcpt in rcpts]


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.handler = FailingHandler()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


@contextmanager
def smtp_server(*, running: bool = True):
    server = SmtpServer()
    if running:
        server.start()
    try:
        yield server
    finally:
        server.stop()
