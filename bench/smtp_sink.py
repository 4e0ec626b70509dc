"""A fast SMTP sink for the benches: answers the few commands a client sends and counts mails.

aiosmtpd (tests/rappels/smtp_server.py) parses every message and runs a coroutine per command,
which makes it, not the portal, the bottleneck past a hundred mails a second. This one is a bare
asyncio protocol on loopback, in a thread: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; it keeps
only the recipients of each accepted message (to count who got how many) and their sizes.
"""

from __future__ import annotations

import asyncio
import socket
import threading


class _Session(asyncio.Protocol):
    def __init__(self, sink: FastSmtpSink):
        self.sink = sink
        self.buffer = bytearray()
        self.in_data = False
        self.scanned = 0
        self.rcpts: list[str] = []

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"220 puits ESMTP\r\n")

    def data_received(self, data: bytes):
        self.buffer += data
        replies = []
        while True:
            if self.in_data:
                if self.buffer.startswith(b".\r\n"):
                    end, skip = 0, 3
                else:
                    end = self.buffer.find(b"\r\n.\r\n", max(self.scanned - 4, 0))
                    skip = 5
                if end < 0:
                    self.scanned = len(self.buffer)
                    break
                self.sink.accepted(self.rcpts, end)
                del self.buffer[: end + skip]
                self.in_data, self.scanned, self.rcpts = False, 0, []
                replies.append(b"250 OK")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                break
            line = bytes(self.buffer[:end])
            del self.buffer[: end + 2]
            verb = line[:4].upper()
            if verb == b"EHLO":
                replies.append(b"250-puits\r\n250-8BITMIME\r\n250 SMTPUTF8")
            elif verb == b"MAIL":
                self.rcpts = []
                replies.append(b"250 OK")
            elif verb == b"RCPT":
                address = line.split(b":", 1)[1].strip().strip(b"<>").split(b">")[0]
                self.rcpts.append(address.decode(errors="replace").lower())
                replies.append(b"250 OK")
            elif verb == b"DATA":
                self.in_data = True
                replies.append(b"354 Envoyez")
            elif verb == b"QUIT":
                replies.append(b"221 Au revoir")
                self.transport.write(b"\r\n".join(replies) + b"\r\n")
                self.transport.close()
                return
            elif verb in {b"HELO", b"RSET", b"NOOP"}:
                if verb == b"RSET":
                    self.rcpts = []
                replies.append(b"250 OK")
            else:
                replies.append(b"502 Commande inconnue")
        if replies:
            self.transport.write(b"\r\n".join(replies) + b"\r\n")


class FastSmtpSink:
    """Start, send mails to `url`, read `count` and `recipients()`, stop."""

    def __init__(self):
        self.lock = threading.Lock()
        self.count = 0
        self.bytes = 0
        self._recipients: list[str] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server = None
        self.port = None

    def accepted(self, rcpts: list[str], size: int):
        with self.lock:
            self.count += 1
            self.bytes += size
            self._recipients.extend(rcpts)

    def recipients(self) -> list[str]:
        with self.lock:
            return list(self._recipients)

    def start(self):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.thread.start()
        future = asyncio.run_coroutine_threadsafe(
            self.loop.create_server(lambda: _Session(self), sock=sock, backlog=64), self.loop
        )
        self.server = future.result(timeout=10)

    def stop(self):
        async def close():
            self.server.close()
            await self.server.wait_closed()

        if self.server:
            asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=10)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            self.server = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"
