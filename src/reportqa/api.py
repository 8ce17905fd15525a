"""A face: the HTTP JSON API, served beside the web UI by ``reportqa serve`` (server.py).

A FastAPI app whose routes validate requests, call the same core as the UI and the CLI
(:class:`~reportqa.service.AnswerService`) and serialise what it returns in the CLI's ``--json``
shapes (payloads.py); the server mounts the Gradio UI on it at ``/``. It never imports the UI.
OpenAPI docs at ``/api/docs``, drawn by Swagger UI from files in the fastapi-offline wheel (no CDN:
the page works on a network without internet). Errors are ``{"error": "...", "status": N}`` with a
status that fits: 400 a bad question or filter or a body that is not JSON, 401 no or wrong login,
404 an unknown report or path (or one the user may not read), 403 an upload or deletion
outside the user's collections, 405 a method the path does not take, 413 an upload over the size
limit, 415 a file type reportqa does not read, 409 another ingest is writing the index (try
again), 503 no index yet or the index cannot be read.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, File, Query, Request, Response, UploadFile
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.params import Form
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from . import payloads
from .service import (
    MAX_HIGHLIGHT_CHARS,
    AnswerService,
    CorrectionError,
    FilterError,
    Filters,
    IndexBusyError,
    IndexProblem,
    LoginRequired,
    NoIndexYet,
    NotAllowed,
    PageUnavailable,
    UnknownDocument,
    User,
    safe_filename,
)

DOCS_ASSETS = "/api/docs/assets"  # Swagger UI's script, style sheet and icon
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# Filters that take one string or a list of strings; a list in the query string is the
# parameter repeated (doc=a&doc=b).
_ONE_OR_MANY = ("doc", "entity")
OneOrMany = str | list[str]


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class Credentials:
    """Who may call the API: the ``REPORTQA_AUTH`` user:password pairs (HTTP basic), and the
    ``REPORTQA_API_TOKEN`` tokens (``Authorization: Bearer TOKEN``). With neither, anyone who
    can reach the port may: ``serve`` binds to 127.0.0.1 unless told otherwise."""

    def __init__(self, logins: Sequence[tuple[str, str]] = (), tokens: Sequence[str] = ()):
        self.logins = list(logins)
        self.tokens = list(tokens)
        # Who a web-page login (its session cookie) belongs to, None for none: set by server.py,
        # so that the page's own requests to the API (a cited page's image) pass the same login.
        self.page_session: Callable[[Mapping[str, str]], str | None] | None = None

    def session_user(self, cookies: Mapping[str, str]) -> str | None:
        """The user logged in on the web page whose cookies these are, or None."""
        return self.page_session(cookies) if self.required and self.page_session else None

    @property
    def required(self) -> bool:
        return bool(self.logins or self.tokens)

    def allows(self, authorization: str | None) -> bool:
        if not self.required:
            return True
        scheme, _, value = (authorization or "").partition(" ")
        value = value.strip()
        # Every stored secret is compared, matched or not: the time taken says nothing about which.
        matched = False
        if scheme.lower() == "bearer":
            for token in self.tokens:
                matched |= secrets.compare_digest(value.encode(), token.encode())
        elif scheme.lower() == "basic":
            try:
                user, _, password = base64.b64decode(value, validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return False
            for known_user, known_password in self.logins:
                same_user = secrets.compare_digest(user.encode(), known_user.encode())
                matched |= same_user & secrets.compare_digest(password.encode(), known_password.encode())
        return matched

    def user_of(self, authorization: str | None) -> str | None:
        """Who a request logged in as: the HTTP basic user, "api token" for a bearer token, None without login."""
        if not self.required:
            return None
        scheme, _, value = (authorization or "").partition(" ")
        if scheme.lower() == "bearer":
            return "api token"
        try:
            return base64.b64decode(value.strip(), validate=True).decode().partition(":")[0] or None
        except (binascii.Error, UnicodeDecodeError):
            return None


def build_api(service: AnswerService, credentials: Credentials | None = None) -> FastAPI:
    """The JSON API over ``service`` (mount the UI on it afterwards: routes here come first)."""
    credentials = credentials or Credentials()
    # FastAPI's own docs page loads Swagger UI from a CDN: blank without internet. This one serves
    # the files from the fastapi-offline wheel, under /api/docs/assets/.
    app = FastAPIOffline(
        title="reportqa",
        summary="Search and cited answers over institutional reports",
        version=_version(),
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
        static_url=DOCS_ASSETS,
    )
    limit_mb = max(service.settings.max_file_mb, service.settings.max_text_mb)
    upload_cap = service.settings.largest_file_bytes() + 1_000_000  # room for the multipart framing

    @app.exception_handler(ApiError)
    def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": 'Basic realm="reportqa"'} if exc.status == 401 else exc.headers
        return JSONResponse({"error": exc.message, "status": exc.status}, exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Raised by Starlette itself (e.g. a docs asset that does not exist): the API's shape
        # under /api/, FastAPI's default elsewhere.
        path = request.url.path
        if not path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        message = _no_such_path(path) if exc.status_code == 404 else f"{exc.detail} ({request.method} {path})"
        return JSONResponse({"error": message, "status": exc.status_code}, exc.status_code, headers=exc.headers)

    @app.exception_handler(IndexProblem)
    def _index_problem(request: Request, exc: IndexProblem) -> JSONResponse:
        # Another ingest holds the index (a watcher, a CLI run): try again later. Anything else
        # (an unreachable store, a damaged or mismatched index) is the server's, not the request's.
        status = 409 if isinstance(exc, IndexBusyError) else 503
        return JSONResponse({"error": str(exc), "status": status}, status)

    @app.exception_handler(LoginRequired)
    def _no_user(request: Request, exc: LoginRequired) -> JSONResponse:
        headers = {"WWW-Authenticate": 'Basic realm="reportqa"'}
        return JSONResponse({"error": str(exc), "status": 401}, 401, headers=headers)

    @app.exception_handler(NotAllowed)
    def _not_allowed(request: Request, exc: NotAllowed) -> JSONResponse:
        return JSONResponse({"error": str(exc), "status": 403}, 403)

    @app.exception_handler(NoIndexYet)
    def _no_index(request: Request, exc: NoIndexYet) -> JSONResponse:
        return JSONResponse({"error": str(exc), "status": 503}, 503)

    @app.middleware("http")
    async def _refuse_oversized(request: Request, call_next: Any) -> Any:
        # Before the body is read: a 2 GB upload is refused by its header, not after it lands on disk.
        declared = request.headers.get("content-length", "")
        if request.url.path.startswith("/api/") and declared.isdigit() and int(declared) > upload_cap:
            message = f"the request is {int(declared) / 1e6:.0f} MB; no report may exceed {limit_mb:g} MB"
            return JSONResponse({"error": message, "status": 413}, 413)
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    def _bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _validation_message(request, exc), "status": 400}, 400)

    def login(request: Request) -> User | None:
        """Who is calling. With access control (an access file) a user of that file -- HTTP basic,
        a bearer token, or for reading the web page's login -- whose readable reports are then all
        the route sees; else None once REPORTQA_AUTH / REPORTQA_API_TOKEN let the request in."""
        if service.access_on:
            return _access_user(service, credentials, request)
        shared_login(request)
        return None

    def shared_login(request: Request) -> None:
        # The web page's login (a cookie) is taken for reading only: a cookie rides along on
        # requests other sites make, and no other site may upload, delete or correct.
        by_page = request.method in ("GET", "HEAD") and credentials.session_user(request.cookies)
        if not (credentials.allows(request.headers.get("authorization")) or by_page):
            raise ApiError(401, "log in: HTTP basic with a REPORTQA_AUTH user, or a bearer REPORTQA_API_TOKEN")

    app.state.service = service
    app.state.login = login
    api = [Depends(_caller)]

    @app.get("/api/search", dependencies=api, tags=["search"])
    def search(
        svc: Open,
        user: Caller,
        q: Annotated[str, Query(description="the words or question to search for")],
        k: Annotated[int, Query(ge=1, le=100)] = 10,
        mode: Literal["dense", "bm25", "hybrid"] = "hybrid",
        doc: Annotated[list[str] | None, Query(description="report ids or source globs (repeatable)")] = None,
        date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
        entity: Annotated[list[str] | None, Query(description="only reports that mention this name")] = None,
    ) -> dict[str, Any]:
        """The passages that best match ``q``, best first (as ``reportqa search --json``)."""
        _need_words(q, "q")
        filters = _filters(doc, date_from, date_to, entity)
        hits = svc.search(q, k=k, filters=filters, mode=mode, user=user)
        return payloads.search_payload(q, hits)

    @app.post("/api/ask", dependencies=api, tags=["search"])
    def ask(
        svc: Open,
        user: Caller,
        question: Annotated[str, Body(embed=True)],
        doc: Annotated[OneOrMany | None, Body(embed=True, description="report ids or source globs")] = None,
        date_from: Annotated[str | None, Body(alias="from", embed=True)] = None,
        date_to: Annotated[str | None, Body(alias="to", embed=True)] = None,
        entity: Annotated[OneOrMany | None, Body(embed=True, description="names the reports mention")] = None,
    ) -> dict[str, Any]:
        """An answer quoting the reports with [n] citations, or saying they don't answer
        (as ``reportqa ask --json``). Body: ``{"question": "...", "doc": [...], "from": "YYYY-MM-DD",
        "to": "...", "entity": [...]}``; ``doc`` and ``entity`` take one string or a list."""
        _need_words(question, "question")
        filters = _filters(_as_list(doc), date_from, date_to, _as_list(entity))
        answer = svc.ask(question, filters, user=user)
        return payloads.answer_payload(answer)

    @app.get("/api/documents", dependencies=api, tags=["documents"])
    def documents(user: Caller) -> dict[str, Any]:
        """Every indexed report the user may read (an empty list before the first ingest)."""
        records = service.records(user)
        return payloads.documents_payload(records, service.uploaded_ids(records))

    @app.post("/api/documents", dependencies=api, tags=["documents"])
    def upload(
        request: Request, user: Caller, files: Annotated[list[UploadFile], File(description="report files")]
    ) -> dict[str, Any]:
        """Add reports: each is checked as the UI checks uploads, copied under ``corpus/uploads/``
        and ingested. A request with any refused file stores none of them."""
        limit = service.settings.largest_file_bytes()
        with tempfile.TemporaryDirectory(prefix="reportqa-upload-") as folder:
            paths = []
            for item in files:
                path = Path(folder) / safe_filename(item.filename or "upload")
                with path.open("wb") as out:
                    while block := item.file.read(1 << 20):
                        out.write(block)
                        if out.tell() > limit:  # over every type's limit: the rest need not land
                            break
                paths.append(path)
            # The UI's own checks (uploads.refusal), all before anything is stored.
            refused = service.refusal(paths)
            if refused is not None:
                raise ApiError(413 if refused.too_large else 415, f"{refused.name}: {refused.reason}")
            accepted, summary = service.add_files(paths, user)
        assert not accepted.refused and summary is not None  # the same checks passed above
        return payloads.ingest_payload(summary)

    @app.delete("/api/documents/{doc_id}", dependencies=api, tags=["documents"])
    def delete(doc_id: str, svc: Open, user: Caller) -> dict[str, Any]:
        """Remove a report from the index, and its file when it was uploaded (a report whose file
        stays in an ingested folder comes back at that folder's next ingest)."""
        try:
            summary = svc.delete(doc_id, user)
        except UnknownDocument as exc:
            raise ApiError(404, str(exc.args[0])) from None
        return payloads.ingest_payload(summary)

    @app.get(
        "/api/documents/{doc_id}/pages/{number}.png",
        dependencies=api,
        tags=["documents"],
        response_class=Response,
        responses={200: {"content": {"image/png": {}}}},
    )
    def page_image(
        doc_id: str,
        number: int,
        svc: Open,
        user: Caller,
        highlight: Annotated[str | None, Query(description="words to mark where the page prints them")] = None,
    ) -> Response:
        """A PDF report's page as printed (PNG), the ``highlight`` words marked on it (a citation's
        quoted sentence); the ``X-Highlight`` header says whether they were found on the page."""
        if highlight is not None and len(highlight) > MAX_HIGHLIGHT_CHARS:
            raise ApiError(400, f"highlight is longer than {MAX_HIGHLIGHT_CHARS} characters")
        try:
            image = svc.page_image(doc_id, number, highlight, user)
        except (UnknownDocument, PageUnavailable) as exc:
            raise ApiError(404, str(exc.args[0])) from None
        found = "found" if image.highlighted else "not found" if highlight else "none asked"
        return Response(image.png, media_type="image/png", headers={"X-Highlight": found})

    @app.get("/api/entities", dependencies=api, tags=["who's who"])
    def entities(
        svc: Open,
        user: Caller,
        name: str | None = None,
        type: Literal["person", "org", "place"] | None = None,  # named as the CLI's --type
    ) -> dict[str, Any]:
        """People, organisations and places the reports name, with roles (as ``reportqa entities --json``)."""
        return payloads.entities_payload(svc.entities(name, type, user))

    @app.get("/api/entities/status", dependencies=api, tags=["who's who"])
    def entities_status(svc: Open, user: Caller) -> dict[str, Any]:
        """How far the who's who is: ingest commits reports answerable first and their entities
        after, so for a while ``analysed`` is below ``reports`` and ``status`` says "updating: 40
        of 150 reports". ``entities: false`` for an index built without the entity stage."""
        progress = svc.entity_progress(user)
        if progress is None:
            return {"entities": False, "updating": False, "status": "no entities"}
        return {"entities": True, **progress.as_dict(), "status": str(progress)}

    @app.get("/api/entities/corrections", dependencies=api, tags=["who's who"])
    def corrections(svc: Open, user: Caller) -> dict[str, Any]:
        """Every correction of the who's who, oldest first, each with ``stale`` (it matches no
        record of the index now), as ``reportqa entities corrections --json``."""
        return payloads.corrections_payload(svc.corrections(user))

    @app.post("/api/entities/corrections", dependencies=api, tags=["who's who"])
    def correct(
        request: Request,
        svc: Open,
        caller: Caller,
        action: Annotated[
            Literal["rename", "hide", "unhide", "merge", "split", "set_role", "remove_role"], Body(embed=True)
        ],
        name: Annotated[str, Body(embed=True, description="the record to correct (the one kept by a merge)")],
        value: Annotated[
            str | None, Body(embed=True, description="the new name (rename), the alias (split) or the role")
        ] = None,
        others: Annotated[list[str] | None, Body(embed=True, description="the records merged into name")] = None,
        organisation: Annotated[str | None, Body(embed=True, description="the organisation of a set role")] = None,
        by: Annotated[str | None, Body(embed=True, description="who makes it, when there is no login")] = None,
    ) -> dict[str, Any]:
        """Record a correction of the who's who, kept outside the index (it outlasts a rebuild);
        made by the logged-in user when login is on. 400 when it matches no record."""
        _need_words(name, "name")
        user = caller.name if caller else credentials.user_of(request.headers.get("authorization")) or by or "api"
        try:
            made = svc.correct(
                action, name, user, value=value, others=others or (), organisation=organisation, user=caller
            )
        except CorrectionError as exc:
            raise ApiError(400, str(exc)) from None
        return {"correction": made.as_dict()}

    @app.get("/api/timeline", dependencies=api, tags=["who's who"])
    def timeline(
        svc: Open,
        user: Caller,
        entity: Annotated[
            list[str] | None, Query(description="only reports that mention this name (repeatable)")
        ] = None,
        date_from: Annotated[str | None, Query(alias="from")] = None,
        date_to: Annotated[str | None, Query(alias="to")] = None,
    ) -> dict[str, Any]:
        """Visits, meetings and agreements by date (as ``reportqa timeline --json``); with several
        ``entity``, the events of reports that mention any of them."""
        chosen = _filters(None, date_from, date_to, entity)
        events = svc.timeline(chosen.entities or (), chosen.date_from, chosen.date_to, user)
        return payloads.timeline_payload(events, svc.included_parts(chosen.entities or (), user))

    @app.get("/api/health", tags=["operations"])
    def health() -> dict[str, Any]:
        """For load balancers: 200 with the index's size, 503 before the first ingest (no login;
        with access control, no size either: how many reports there are is not for everyone)."""
        if service.access_on:
            service.require_index()
            return {"status": "ok"}
        manifest = service.manifest()
        return {"status": "ok", "documents": manifest.documents, "chunks": manifest.chunks}

    # Last of the API's routes: any other path under /api/ stops here (not in the UI mounted at /).
    @app.api_route("/api/{path:path}", methods=list(_METHODS), include_in_schema=False)
    def unknown(request: Request) -> None:
        path = request.url.path
        allowed = _methods_taken(app, request)
        if allowed:
            raise ApiError(
                405,
                f"{request.method} is not allowed on {path}: use {' or '.join(allowed)}",
                {"Allow": ", ".join(allowed)},
            )
        raise ApiError(404, _no_such_path(path))

    return app


def _caller(request: Request) -> User | None:
    """Who is calling (the app's login check, which raises a 401 for none)."""
    user: User | None = request.app.state.login(request)
    return user


# A route parameter of this type gets the logged-in user (the dependency of every route in
# ``dependencies``: FastAPI runs it once per request). At module level, as ``Open``: FastAPI
# resolves annotations by name.
Caller = Annotated[User | None, Depends(_caller)]


def _access_user(service: AnswerService, credentials: Credentials, request: Request) -> User:
    """The access file's user a request logs in as (HTTP basic or a bearer token; for GET and HEAD
    also the web page's session cookie, as for the page's own image requests); 401 without one."""
    address = request.client.host if request.client else None
    scheme, _, value = (request.headers.get("authorization") or "").partition(" ")
    value = value.strip()
    user = None
    if scheme.lower() == "bearer" and value:
        user = service.login_token(value, address)
    elif scheme.lower() == "basic" and value:
        try:
            name, _, password = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            name, password = "", ""
        user = service.login(name, password, address) if name else None
    elif request.method in ("GET", "HEAD") and credentials.page_session is not None:
        user = service.user(credentials.page_session(request.cookies), address)
    if user is None:
        raise ApiError(
            401, "log in: HTTP basic with a user of the access file, or a bearer token from `reportqa users token`"
        )
    return user


def _opened(request: Request) -> AnswerService:
    """The service, with its index open (NoIndexYet, a 503, when there is none)."""
    service: AnswerService = request.app.state.service
    service.require_index()
    return service


# A route parameter of this type gets the service with an index (FastAPI resolves it by name,
# so it lives at module level).
Open = Annotated[AnswerService, Depends(_opened)]


def _need_words(text: str, field: str) -> None:
    if not any(ch.isalnum() for ch in text):
        raise ApiError(400, f"{field} is empty: send some words, e.g. 'Who visited from Nantong?'")


def _no_such_path(path: str) -> str:
    return f"no such API path: {path} (the API's routes are listed at /api/docs)"


def _as_list(value: OneOrMany | None) -> list[str] | None:
    return [value] if isinstance(value, str) else value


def _methods_taken(app: FastAPI, request: Request) -> list[str]:
    """The methods of the API route whose path is the request's (none: no route has it)."""
    methods: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, APIRoute) and route is not request.scope.get("route"):  # not this catch-all
            match, _ = route.matches({**request.scope, "method": "\0"})  # no method: a path match is partial
            if match is Match.PARTIAL:
                methods |= route.methods or set()
    return sorted(methods)


def _validation_message(request: Request, exc: RequestValidationError) -> str:
    """What is wrong with a request, in words: a body that is not a JSON object is named as
    such (not listed field by field); a filter given a number gets the types it takes."""
    route = request.scope.get("route")
    json_fields = _json_body_fields(route) if isinstance(route, APIRoute) else []
    if json_fields and not isinstance(exc.body, dict):
        return (
            "the request body must be a JSON object (sent with Content-Type: application/json) with the "
            f'fields {", ".join(json_fields)}, e.g. {{"{json_fields[0]}": "..."}}'
        )
    problems: dict[str, str] = {}
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"] if p not in ("query", "body", "path", "header"))
        name = field.split(".")[0]
        if name in _ONE_OR_MANY:
            problems[name] = f"{name} must be one string or a list of strings"
        else:
            problems.setdefault(field, f"{field}: {error['msg']}")
    return "; ".join(problems.values())


def _json_body_fields(route: APIRoute) -> list[str]:
    """The names of the JSON body's fields a route takes (none for a form or no body)."""
    fields = route.dependant.body_params
    if any(isinstance(field.field_info, Form) for field in fields):
        return []
    return [field.alias for field in fields]


def _filters(
    documents: list[str] | None, date_from: str | None, date_to: str | None, entities: list[str] | None
) -> Filters:
    try:
        return Filters.parse(documents, date_from, date_to, entities)
    except FilterError as exc:
        raise ApiError(400, str(exc)) from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reportqa")
    except PackageNotFoundError:
        return "0"
