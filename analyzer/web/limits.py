"""Request body limit, enforced while the upload streams in: a declared Content-Length above the limit is refused
before a byte is read, and a body without one is counted chunk by chunk and cut off as soon as it passes."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(Exception):
    pass


def too_large_message(max_bytes: int) -> str:
    return f"Fichier trop volumineux : la limite est de {max_bytes / 2**20:g} Mo par envoi."


class BodyLimit:
    """ASGI middleware: 413 for a POST body larger than `max_bytes` (JSON under /api/, an HTML page elsewhere)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if not started:
                await self._reject(scope, send)

    async def _reject(self, scope: Scope, send: Send) -> None:
        text = too_large_message(self.max_bytes)
        if str(scope.get("path", "")).startswith("/api/"):
            body = json.dumps({"error": text, "status": 413}, ensure_ascii=False).encode()
            ctype = b"application/json"
        else:
            from html import escape

            body = (
                '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fichier trop volumineux</title>'
                '<link rel="stylesheet" href="/static/style.css"></head><body><main id="contenu">'
                f'<h1>Fichier trop volumineux</h1><p role="alert">{escape(text)}</p><p><a href="/">Revenir au formulaire</a></p>'
                "</main></body></html>"
            ).encode()
            ctype = b"text/html; charset=utf-8"
        headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
