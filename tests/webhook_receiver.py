"""A real HTTP receiver on 127.0.0.1 for webhook and chat tests: records what arrives, answers what it is told."""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """Started on a free port; `answer` is the status it gives; `stop()` takes it down, `start()` brings it back on the same port."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answer = 204
        self.port = 0
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    answer = receiver.answer
                    if 200 <= answer < 300:
                        receiver.received.append(
                            Received(
                                self.path, {k.lower(): v for k, v in self.headers.items()}, body
                            )
                        )
                    else:
                        receiver.refused += 1
                self.send_response(answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.refused = getattr(self, "refused", 0)
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
        self.server = None
