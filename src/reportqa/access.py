"""Who may read what: users, groups and collections in one access file, and the login checks.

The access file is TOML (default ``access.toml`` beside the index folder; ``--access FILE``,
``REPORTQA_ACCESS``)::

    [[collections]]            # first match wins; a report no rule matches: the admin group only
    match = "board/*"          # a glob (or a list of globs) on the report's source, as citations show it
    groups = ["board"]         # who may read it
    writers = ["secretariat"]  # who may upload into it and delete from it

    [users.alice]
    groups = ["board"]
    password = "$argon2id$..."  # argon2 hash (``reportqa users add``), never the password
    token = "sha256:..."        # sha256 of the API token (``reportqa users token``), never the token

The group ``admin`` reads and writes everything. The file is read and written with tomlkit,
which keeps the comments and layout of a file written by hand. Passwords are hashed with
argon2 (argon2-cffi); tokens are 256-bit random strings, so a plain sha256 of them is safe to
keep and fast to check. Every check compares in constant time, and :class:`LoginGuard` makes
each failed login cost the next attempt from that user or that address more time.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import os
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomlkit
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .types import DocumentRecord

ADMIN = "admin"
TOKEN_PREFIX = "rqa_"
_HASHER = PasswordHasher()
# Checked against when the user does not exist, so that an unknown name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class AccessError(ValueError):
    """An access file that cannot be read or a change that cannot be made; the message says why."""


@dataclass(frozen=True)
class User:
    """Someone logged in: their name and groups (``address``: where the request came from, for the audit log)."""

    name: str
    groups: frozenset[str]
    address: str | None = field(default=None, compare=False)

    @property
    def admin(self) -> bool:
        return ADMIN in self.groups

    def at(self, address: str | None) -> User:
        return replace(self, address=address)


@dataclass(frozen=True)
class Collection:
    """A ``[[collections]]`` table: the reports whose source matches one of ``match``."""

    match: tuple[str, ...]
    groups: frozenset[str]
    writers: frozenset[str] = frozenset()

    def matches(self, source: str) -> bool:
        return any(fnmatch.fnmatchcase(source, pattern) for pattern in self.match)


@dataclass(frozen=True)
class Rules:
    """The collections, in order: who may read and write a report is decided by the first that matches it."""

    collections: tuple[Collection, ...] = ()

    def collection_of(self, source: str) -> Collection | None:
        return next((c for c in self.collections if c.matches(source)), None)

    def may_read(self, groups: frozenset[str], source: str) -> bool:
        if ADMIN in groups:
            return True
        found = self.collection_of(source)
        return found is not None and bool(found.groups & groups)

    def may_write(self, groups: frozenset[str], source: str) -> bool:
        if ADMIN in groups:
            return True
        found = self.collection_of(source)
        return found is not None and bool(found.writers & groups)

    def reader(self, groups: frozenset[str]) -> Callable[[DocumentRecord], bool]:
        """Whether a report is readable by ``groups``, as a predicate on its record."""
        return lambda record: self.may_read(groups, record.source)


@dataclass(frozen=True)
class Account:
    """A ``[users.NAME]`` table as listed (no secret in it: only whether there is one)."""

    name: str
    groups: tuple[str, ...]
    has_password: bool
    has_token: bool


class AccessFile:
    """The access file: read, changed by ``reportqa users``, written back atomically (mode 600)."""

    def __init__(self, path: Path, document: tomlkit.TOMLDocument):
        self.path = path
        self._document = document
        self.rules = _parse_rules(document.unwrap().get("collections", []), path)
        self._users = _parse_users(document.unwrap().get("users", {}), path)

    @classmethod
    def load(cls, path: Path) -> AccessFile:
        """The file at ``path``; an empty one when it does not exist yet."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path, tomlkit.document())
        except OSError as exc:
            raise AccessError(f"cannot read the access file {path}: {exc}") from None
        try:
            return cls(path, tomlkit.parse(text))
        except tomlkit.exceptions.ParseError as exc:
            raise AccessError(f"the access file {path} is not valid TOML: {exc}") from None

    # --- users --------------------------------------------------------------------------------

    def accounts(self) -> list[Account]:
        return [
            Account(name, tuple(entry["groups"]), bool(entry.get("password")), bool(entry.get("token")))
            for name, entry in sorted(self._users.items())
        ]

    def user(self, name: str) -> User | None:
        entry = self._users.get(name)
        return User(name, frozenset(entry["groups"])) if entry is not None else None

    def set_user(self, name: str, groups: list[str], password: str | None = None) -> None:
        """Create or update a user: their groups, and their password when one is given."""
        name = name.strip()
        if not name or any(ch in name for ch in ":\n\r\t") or name != name.strip('"'):
            raise AccessError(f"a user name may not be empty or hold ':', quotes or control characters: {name!r}")
        if not groups or not all(g.strip() for g in groups):
            raise AccessError("give the user at least one group: --group NAME")
        table = self._users_table()
        entry = table.get(name)
        if entry is None:
            entry = tomlkit.table()
            table[name] = entry
        entry["groups"] = sorted({g.strip() for g in groups})
        if password is not None:
            if not password:
                raise AccessError("the password is empty")
            entry["password"] = _HASHER.hash(password)
        self._reparse()

    def new_token(self, name: str) -> str:
        """A new API token for ``name`` (replacing any earlier one); only its sha256 is kept."""
        table = self._users_table()
        if name not in table:
            raise AccessError(f"no user {name!r}: add them first with `reportqa users add {name} --group GROUP`")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        table[name]["token"] = "sha256:" + _sha256(token)
        self._reparse()
        return token

    def remove(self, name: str) -> None:
        table = self._users_table()
        if name not in table:
            raise AccessError(f"no user {name!r} in {self.path}")
        del table[name]
        self._reparse()

    def check_password(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs; None otherwise, in about the same time either way."""
        entry = self._users.get(name)
        stored = entry.get("password") if entry is not None else None
        try:
            ok: bool = _HASHER.verify(stored or _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        return self.user(name) if ok and stored else None

    def check_token(self, token: str) -> User | None:
        """The user whose API token this is (every stored token compared, in constant time)."""
        digest = "sha256:" + _sha256(token)
        found = None
        for name, entry in self._users.items():
            if hmac.compare_digest(digest, str(entry.get("token") or "")):
                found = name
        return self.user(found) if found is not None else None

    def save(self) -> None:
        """Write the file atomically, readable by its owner only (it holds password hashes)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".access-", suffix=".toml", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(tomlkit.dumps(self._document))
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _users_table(self) -> Any:
        if "users" not in self._document:
            self._document["users"] = tomlkit.table(is_super_table=True)
        return self._document["users"]

    def _reparse(self) -> None:
        self._users = _parse_users(self._document.unwrap().get("users", {}), self.path)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _strings(value: Any, what: str, path: Path) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise AccessError(f"{path}: {what} must be a string or a list of strings")
    return tuple(items)


def _parse_rules(tables: Any, path: Path) -> Rules:
    if not isinstance(tables, list):
        raise AccessError(f"{path}: collections must be [[collections]] tables")
    collections = []
    for table in tables:
        if not isinstance(table, dict) or "match" not in table:
            raise AccessError(f"{path}: every [[collections]] table needs a match (a glob on the report's source)")
        # Other keys (a name, a description) are the file's own notes: a misspelt "groups" or
        # "writers" only gives fewer rights.
        collections.append(
            Collection(
                _strings(table["match"], "match", path),
                frozenset(_strings(table.get("groups", []), "groups", path)),
                frozenset(_strings(table.get("writers", []), "writers", path)),
            )
        )
    return Rules(tuple(collections))


def _parse_users(tables: Any, path: Path) -> dict[str, dict[str, Any]]:
    if not isinstance(tables, dict):
        raise AccessError(f"{path}: users must be [users.NAME] tables")
    users = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise AccessError(f"{path}: users.{name} must be a table")
        users[name] = {**table, "groups": list(_strings(table.get("groups", []), f"users.{name}.groups", path))}
    return users


class LoginGuard:
    """A growing delay after failed logins, per user name and per client address (a token names no
    user: per address only, so that nobody's wrong tokens slow everyone's): after n failures
    in a row the next attempt waits ``base * 2**(n-1)`` seconds (at most ``cap``) from the last one.
    A success clears the user's and the address's count; a count is forgotten after ``forget`` s."""

    def __init__(self, base: float = 0.25, cap: float = 10.0, forget: float = 900.0, keep: int = 10_000):
        self.base, self.cap, self.forget, self.keep = base, cap, forget, keep
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # key -> (count, time of the last)
        self._lock = threading.Lock()

    def delay(self, name: str | None, address: str | None) -> float:
        """Seconds the next attempt by ``name`` from ``address`` must still wait."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in self._keys(name, address):
                count, last = self._failures.get(key, (0, 0.0))
                if count and now - last < self.forget:
                    wait = max(wait, last + min(self.cap, self.base * 2 ** (count - 1)) - now)
        return max(0.0, wait)

    def failed(self, name: str | None, address: str | None) -> int:
        """Count a failure; returns the failures in a row (of the user, else of the address)."""
        now = time.monotonic()
        counts = []
        with self._lock:
            for key in self._keys(name, address):
                count, last = self._failures.pop(key, (0, 0.0))
                count = count + 1 if now - last < self.forget else 1
                self._failures[key] = (count, now)
                counts.append(count)
            while len(self._failures) > self.keep:
                self._failures.popitem(last=False)
        return counts[0] if counts else 0

    def succeeded(self, name: str | None, address: str | None) -> None:
        with self._lock:
            for key in self._keys(name, address):
                self._failures.pop(key, None)

    @staticmethod
    def _keys(name: str | None, address: str | None) -> list[str]:
        return ([f"user:{name}"] if name is not None else []) + ([f"address:{address}"] if address else [])
