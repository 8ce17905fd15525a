"""Corrections users make to the who's who, kept outside the index so that they outlast any rebuild.

A correction file is readable JSON (``{"corrections": [...]}``), by default ``corrections.json``
next to the index folder. Each correction says what to change (rename, hide, unhide, merge,
split an alias off, set or remove a role), who made it and when. They are applied in the order
they were made, whenever the who's who is built (:func:`apply`), on the query path: no spaCy.

A correction whose name no longer matches any record is *stale*: it is listed as such, never
dropped, so that a user can see it and decide.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .whoswho import Directory, DocumentRef, Entity, RoleRecord, TimelineEvent, _roles, name_key, same_role

ACTIONS = ("rename", "hide", "unhide", "merge", "split", "set_role", "remove_role")


class CorrectionError(ValueError):
    """A correction that cannot be made (an unknown action, a missing name) or a file that cannot be read."""


@dataclass(frozen=True)
class Correction:
    """One change to the who's who: ``action`` on the record called ``name``.

    ``value`` is the new name (rename), the alias to split off (split) or the role (set_role,
    remove_role); ``others`` the records merged into ``name``; ``organisation`` that of a set role.
    """

    action: str
    name: str
    by: str
    at: str  # UTC, ISO 8601
    value: str | None = None
    others: tuple[str, ...] = ()
    organisation: str | None = None

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise CorrectionError(f"unknown correction {self.action!r}: use one of {', '.join(ACTIONS)}")
        if not self.name.strip():
            raise CorrectionError("a correction needs the name of a record")
        needs_value = self.action in ("rename", "split", "set_role", "remove_role")
        if needs_value and not (self.value or "").strip():
            raise CorrectionError(f"{self.action} needs a {'role' if 'role' in self.action else 'name'}")
        if self.action == "merge" and not self.others:
            raise CorrectionError("merge needs at least two names")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["others"] = list(self.others)
        return data

    @classmethod
    def of(cls, data: dict[str, Any]) -> Correction:
        try:
            return cls(
                action=str(data["action"]),
                name=str(data["name"]),
                by=str(data.get("by") or "unknown"),
                at=str(data.get("at") or ""),
                value=data.get("value"),
                others=tuple(str(n) for n in data.get("others") or ()),
                organisation=data.get("organisation"),
            )
        except (KeyError, TypeError) as exc:
            raise CorrectionError(f"a correction without {exc}: {data!r}") from None


def new_correction(action: str, name: str, by: str | None = None, **fields: Any) -> Correction:
    """A correction made now by ``by`` (default: the user logged in to this machine)."""
    return Correction(action=action, name=name, by=by or current_user(), at=now(), **fields)


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return "unknown"


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def load_corrections(path: Path) -> list[Correction]:
    """The corrections in ``path``, oldest first; none when the file does not exist."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise CorrectionError(f"cannot read the corrections in {path}: {exc}") from None
    items = data.get("corrections") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise CorrectionError(f"{path} is not a corrections file: it needs a list under 'corrections'")
    return [Correction.of(item) for item in items]


def save(path: Path, corrections: Sequence[Correction]) -> None:
    """Write ``corrections`` to ``path`` at once (a crash leaves the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"corrections": [c.as_dict() for c in corrections]}, indent=2, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def stamp(path: Path) -> tuple[int, int] | None:
    """What changes when the file does (modification time and size): a cache key."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


@dataclass
class _State:
    shown: list[Entity]
    texts: dict[tuple[str, int, int], str]  # (doc id, start, end) -> the mention's text, for split
    hidden: list[Entity] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # name key -> corrected name, for events


def apply(directory: Directory, corrections: Iterable[Correction]) -> tuple[Directory, list[Correction]]:
    """``directory`` with ``corrections`` applied in order, and those that matched no record (stale)."""
    corrections = list(corrections)
    if not corrections:
        return directory, []
    texts = {
        (doc_id, start, end): text
        for doc_id, mentions in directory._mentions_by_doc.items()
        for _, start, end, text in mentions
    }
    state = _State(list(directory.entities), texts)
    stale = [c for c in corrections if not _apply_one(state, c)]
    state.shown.sort(key=lambda e: (-e.mentions, e.name))
    events = [_renamed_event(item, state.renamed) for item in directory.events]
    doc_ids = {f"{e.type}:{name_key(e.name)}": {ref.doc_id for ref in e.documents} for e in state.shown}
    return Directory(state.shown, events, doc_ids, directory._mentions_by_doc, directory._parts), stale


def _named(entities: Sequence[Entity], name: str) -> list[Entity]:
    key = name_key(name)
    return [e for e in entities if key in {name_key(n) for n in (e.name, *e.aliases)}]


def _apply_one(state: _State, correction: Correction) -> bool:
    """Apply one correction to ``state``; False when it matches no record."""
    action = correction.action
    if action == "unhide":
        found = _named(state.hidden, correction.name)
        for entity in found:
            state.hidden.remove(entity)
            state.shown.append(entity)
        return bool(found)
    found = _named(state.shown, correction.name)
    if not found:
        return False
    target = found[0]  # the most mentioned record of that name
    if action == "hide":
        for entity in found:
            state.shown.remove(entity)
            state.hidden.append(entity)
        return True
    if action == "merge":
        merged = [e for other in correction.others for e in _named(state.shown, other) if e is not target]
        merged = list({id(e): e for e in merged}.values())
        if not merged:
            return False
        for entity in merged:
            state.shown.remove(entity)
            for name in (entity.name, *entity.aliases):
                state.renamed[name_key(name)] = target.name
        _swap(state, target, _merged(target, merged))
        return True
    value = correction.value or ""
    if action == "rename":
        aliases = {a for a in (*target.aliases, target.name) if name_key(a) != name_key(value)}
        for name in (target.name, *target.aliases):
            state.renamed[name_key(name)] = value
        _swap(state, target, replace(target, name=value, aliases=tuple(sorted(aliases))))
        return True
    if action == "split":
        return _split(state, target, value)
    if action == "set_role":
        _swap(state, target, replace(target, roles=(_stated_role(correction), *target.roles)))
        return True
    # remove_role
    kept = tuple(r for r in target.roles if not same_role(r.role, value))
    if len(kept) == len(target.roles):
        return False
    claims = tuple(c for c in target.claims if not same_role(c.role, value))
    _swap(state, target, replace(target, roles=kept, claims=claims))
    return True


def _swap(state: _State, old: Entity, new: Entity) -> None:
    state.shown[state.shown.index(old)] = new


def _merged(target: Entity, others: Sequence[Entity]) -> Entity:
    """One record from ``target`` and ``others``: their names as aliases, everything else combined."""
    everyone = (target, *others)
    names = {n for e in everyone for n in (e.name, *e.aliases)}
    aliases = sorted(n for n in names if name_key(n) != name_key(target.name))
    by_doc: dict[str, DocumentRef] = {}
    for ref in (ref for e in everyone for ref in e.documents):
        seen = by_doc.get(ref.doc_id)
        by_doc[ref.doc_id] = ref if seen is None else replace(seen, mentions=seen.mentions + ref.mentions)
    documents = sorted(by_doc.values(), key=lambda ref: (ref.date or "", ref.source), reverse=True)
    claims = [c for e in everyone for c in e.claims]
    roles = _roles(claims) if claims else tuple(r for e in everyone for r in e.roles)
    return replace(
        target,
        aliases=tuple(aliases),
        roles=roles,
        documents=tuple(documents),
        mentions=sum(e.mentions for e in everyone),
        occurrences=tuple(o for e in everyone for o in e.occurrences),
        claims=tuple(sorted(claims, key=lambda r: (r.date or "", r.source), reverse=True)),
    )


def _split(state: _State, target: Entity, alias: str) -> bool:
    """The alias ``alias`` of ``target`` becomes a record of its own (the roles stay with ``target``)."""
    key = name_key(alias)
    if key == name_key(target.name) or key not in {name_key(a) for a in target.aliases}:
        return False
    # Which occurrences were written as the alias: the mention's text at the same report offsets.
    split_off = [o for o in target.occurrences if name_key(_text_at(state, o.doc_id, o.start, o.end) or "") == key]
    kept = [o for o in target.occurrences if o not in split_off]
    state.renamed.pop(key, None)
    _swap(
        state,
        target,
        replace(
            target,
            aliases=tuple(a for a in target.aliases if name_key(a) != key),
            occurrences=tuple(kept),
            mentions=max(0, target.mentions - len(split_off)),
            documents=_documents_of(target.documents, kept) if split_off else target.documents,
        ),
    )
    state.shown.append(
        Entity(alias, target.type, (), (), _documents_of(target.documents, split_off), len(split_off), tuple(split_off))
    )
    return True


def _text_at(state: _State, doc_id: str, start: int, end: int) -> str | None:
    return state.texts.get((doc_id, start, end))


def _documents_of(documents: Sequence[DocumentRef], occurrences: Sequence[Any]) -> tuple[DocumentRef, ...]:
    counts: dict[str, int] = {}
    for occurrence in occurrences:
        counts[occurrence.doc_id] = counts.get(occurrence.doc_id, 0) + 1
    return tuple(replace(ref, mentions=counts[ref.doc_id]) for ref in documents if ref.doc_id in counts)


def _stated_role(correction: Correction) -> RoleRecord:
    """A role a user set: dated the day it was set, the correction file as its source."""
    return RoleRecord(
        role=correction.value or "",
        organisation=correction.organisation,
        date=correction.at[:10] or None,
        doc_id="",
        source="corrections",
        title=f"set by {correction.by}",
        page=None,
        start=0,
        end=0,
    )


def _renamed_event(item: TimelineEvent, renamed: dict[str, str]) -> TimelineEvent:
    """The event with each participant's corrected name."""
    if not renamed:
        return item
    event = item.event

    def fix(people: Any) -> Any:
        return tuple(replace(p, name=renamed.get(name_key(p.name), p.name)) for p in people)

    fixed = replace(event, visitors=fix(event.visitors), hosts=fix(event.hosts), led_by=fix(event.led_by))
    return replace(item, event=fixed)
