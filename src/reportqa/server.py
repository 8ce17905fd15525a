"""``reportqa serve``: the two web faces in one server, over one core.

The JSON API (api.py) at ``/api/`` and the Gradio page (ui.py) mounted on it at ``/``, both
calling one :class:`~reportqa.service.AnswerService`, run by uvicorn. They meet here, not in
api.py, so that the API never imports the UI.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from .api import Credentials, build_api
from .config import Settings
from .service import AnswerService
from .ui import CSS, build_ui, theme


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """``user:password[,user2:password2]`` (from REPORTQA_AUTH) as Gradio's auth list."""
    if not value:
        return None
    pairs = []
    for item in value.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise ValueError("REPORTQA_AUTH must look like user:password (comma-separate several pairs)")
        pairs.append((user, password))
    return pairs


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    logins: Sequence[tuple[str, str]] | None = None,
    tokens: Sequence[str] = (),
) -> None:
    """The web UI at ``/`` and the JSON API at ``/api/``, in one server (uvicorn)."""
    import gradio as gr
    import uvicorn

    service = AnswerService(settings)
    service.warm_up()
    credentials = Credentials(logins or (), tokens)
    app = build_api(service, credentials)
    # The service itself lets settings.answer_concurrency answers run at once (UI and API
    # together); the UI's queue hands it a few more, so that one is always waiting to start.
    demo = build_ui(service, login=bool(logins)).queue(default_concurrency_limit=2 * settings.answer_concurrency)
    # With an access file, the page's login is checked against it (with the API's delay after
    # failures, per name and per address); REPORTQA_AUTH's pairs are not used.
    page_auth: Any = list(logins) if logins else None
    if service.access_on:
        page_auth = _page_login(service)
        app.add_middleware(_ClientAddress)
    gr.mount_gradio_app(
        app,
        demo,
        path="/",
        auth=page_auth,
        css=CSS,
        theme=theme(),
        show_error=True,
        max_file_size=settings.largest_file_bytes(),
    )
    credentials.page_session = _page_session(app)
    print(
        f"reportqa UI on http://{host}:{port} and its API on http://{host}:{port}/api/docs "
        f"(index {service.location}; Ctrl+C stops it)",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


# The address of the request being served: Gradio's login check is called with a name and a
# password only, and the delay after failed logins is per address too.
_CLIENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("reportqa_client", default=None)


class _ClientAddress:
    """ASGI middleware that keeps each HTTP request's client address in ``_CLIENT``."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        client = scope.get("client") if scope["type"] == "http" else None
        token = _CLIENT.set(client[0] if client else None)
        try:
            await self.app(scope, receive, send)
        finally:
            _CLIENT.reset(token)


def _page_login(service: AnswerService) -> Callable[[str, str], Awaitable[bool]]:
    """Gradio's login check against the access file, off the event loop (argon2 and the delay
    after failed logins take time; other users' requests go on meanwhile)."""

    async def check(name: str, password: str) -> bool:
        user = await asyncio.to_thread(service.login, name, password, _CLIENT.get(), True)
        return user is not None

    return check


def _page_session(app: Any) -> Callable[[Mapping[str, str]], str | None]:
    """Who a browser logged in as on the Gradio page mounted on ``app``, from its session cookie
    (Gradio's names: ``access-token[-unsecure]-<cookie id>``, mapped to the user by its ``tokens``)."""
    from starlette.routing import Mount

    page: Any = next(route.app for route in app.routes if isinstance(route, Mount) and hasattr(route.app, "tokens"))

    def user(cookies: Mapping[str, str]) -> str | None:
        token = cookies.get(f"access-token-{page.cookie_id}") or cookies.get(f"access-token-unsecure-{page.cookie_id}")
        return page.tokens.get(token) if token else None

    return user
