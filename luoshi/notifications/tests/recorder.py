"""A real HTTP server on 127.0.0.1 for the channels' tests: it records every request and answers as
scripted (then with the robots' success, ``{"errcode": 0}``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

OK = (200, {"errcode": 0, "errmsg": "ok"})


@dataclass
class Recorder:
    """A local HTTP server: records every request and answers from ``script`` (then ``OK``)."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    script: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def bodies(self) -> list[Any]:
        return [json.loads(r["body"]) for r in self.requests]


@pytest.fixture
def server() -> Iterator[Recorder]:
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server convention
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            recorder.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            status, answer = recorder.script.pop(0) if recorder.script else OK
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    recorder.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield recorder
    httpd.shutdown()
    httpd.server_close()
