"""A real Radicale CalDAV server for the tests, in a thread on 127.0.0.1 and a port the system picks.

Radicale's command line refuses port 0, so its WSGI application is served
in-process instead: the same server code, on a free port, with its storage in
a temporary folder and plain-text htpasswd users.
"""

import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from radicale import Application, config


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Radicale:
    """Start, stop and start again on the same port, keeping the same calendars."""

    def __init__(self, folder: Path, users: dict[str, str]) -> None:
        self.folder = folder
        htpasswd = folder / "users"
        htpasswd.write_text("".join(f"{name}:{password}\n" for name, password in users.items()))
        configuration = config.load()
        configuration.update(
            {
                "storage": {"filesystem_folder": str(folder / "collections")},
                "auth": {
                    "type": "htpasswd",
                    "htpasswd_filename": str(htpasswd),
                    "htpasswd_encryption": "plain",
                    "delay": "0",
                },
                "rights": {"type": "owner_only"},
            },
            "tests",
            privileged=True,
        )
        self.application = Application(configuration)
        self.port = 0
        self.server: WSGIServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        self.server = make_server(
            "127.0.0.1",
            self.port,
            self.application,
            server_class=_ThreadingServer,
            handler_class=_QuietHandler,
        )
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
