"""The HTTP side: reading Slack-style request bodies and serving them to the fake.

slack-sdk's sync WebClient POSTs every method, even those it marks http_verb="GET" (JSON for
chat.* and views.*, form-encoded for the rest, multipart when data= is used); other clients
may GET with a query string. All of them are read into one argument dict here.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, dict[str, str], dict[str, Any]]
Serve = Callable[[str, str, str | None, str, bytes], Answer]


def first_values(values: dict[str, list[str]]) -> dict[str, Any]:
    """parse_qs gives lists; Slack arguments are single values (the last one wins)."""
    return {k: v[-1] for k, v in values.items()}


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], str | None]:
    """Arguments from a POST body, or Slack's error for an unreadable one."""
    kind = content_type.split(";", maxsplit=1)[0].strip().lower()
    if not body:
        return {}, None
    if kind == "application/json":
        try:
            parsed = json.loads(body)
        except ValueError:
            return {}, "invalid_json"
        return (parsed, None) if isinstance(parsed, dict) else ({}, "json_not_object")
    if kind == "application/x-www-form-urlencoded":
        return first_values(parse_qs(body.decode("utf-8"), keep_blank_values=True)), None
    if kind == "multipart/form-data":
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        args: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                args[name] = payload.decode("utf-8", errors="replace")
        return args, None
    return {}, "missing_post_type" if not kind else "invalid_post_type"


class SlackServer(ThreadingHTTPServer):
    """A thread per connection, and a listen queue as deep as a web server's: with the
    standard library's five, a burst of calls (fifty modals opened at once) overflowed it,
    and the kernel's dropped connection cost a call a whole second before its retry."""

    request_queue_size = 128
    daemon_threads = True
    thread: threading.Thread | None = None

    @classmethod
    def serving(cls, serve: Serve) -> SlackServer:
        """A server on 127.0.0.1:<free port>, answering with ``serve`` from a thread."""
        server = cls(("127.0.0.1", 0), handler_for(serve))
        server.thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        server.thread.start()
        return server

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)


def handler_for(serve: Serve) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """Hands every GET/POST to the fake; Slack accepts both for every method."""

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if len(body) < length:  # the caller went away mid-request (a killed process):
                self.close_connection = True  # Slack never got a call, so neither do we
                return
            status, headers, response = serve(
                parts.path,
                parts.query,
                self.headers.get("Authorization"),
                self.headers.get("Content-Type", ""),
                body,
            )
            data = json.dumps(response).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            # The caller may have gone away (a process a test killed): as Slack, carry on.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

    return Handler
