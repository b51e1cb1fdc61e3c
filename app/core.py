"""Small shared contracts: who acts, what changed, what was wrong with the input, and
the clock. Every action in ``app/`` takes ``actor`` (keyword-only), runs in one
transaction and returns ``Changes``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

ROLES = ("owner", "manager", "clerk")


@dataclass(frozen=True)
class Actor:
    """The user performing an action. ``user_id`` is None for the system itself
    (migrations, the demo generator, scheduled jobs, the command line), which may do
    everything; people sign in (``app.auth.login``) and their role's permissions are in
    ``app.permissions``."""

    user_id: int | None
    name: str
    role: str

    def __post_init__(self) -> None:
        if self.role not in (*ROLES, "system"):
            raise ValueError(f"unknown role {self.role!r}; expected one of {ROLES}")


SYSTEM = Actor(user_id=None, name="system", role="system")


@dataclass(frozen=True)
class Changes:
    """What an action changed, for the UI to decide what to refresh.

    ``tables`` names the tables written; ``member_ids`` the members whose archive,
    history or points changed; ``created_id`` the new row's id for create actions.
    """

    tables: frozenset[str] = frozenset()
    member_ids: frozenset[int] = frozenset()
    created_id: int | None = None

    @classmethod
    def of(
        cls, tables: Iterable[str], member_ids: Iterable[int] = (), created_id: int | None = None
    ) -> Changes:
        return cls(frozenset(tables), frozenset(member_ids), created_id)

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.tables | other.tables,
            self.member_ids | other.member_ids,
            other.created_id if other.created_id is not None else self.created_id,
        )

    def __bool__(self) -> bool:
        return bool(self.tables)


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field: ``code`` is stable (the UI and the importer
    translate it through ``app.labels``), ``params`` fill the message."""

    field: str
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        from app.labels import error_text

        return error_text(self.code, lang, **self.params)


class ValidationError(ValueError):
    """Input refused before anything was written. Carries every field's problem at once,
    so a form can mark all of them, not just the first."""

    def __init__(self, errors: Iterable[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message('en')}" for e in self.errors))

    def for_field(self, name: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == name]


class PermissionDenied(PermissionError):
    """The actor's role may not do this."""


class NotFound(LookupError):
    """The record asked for does not exist (or no longer does)."""


_CLOCK: contextvars.ContextVar[str | None] = contextvars.ContextVar("vk_clock", default=None)


def now() -> str:
    """Local time, ISO 8601, to the second: ``2026-11-22T14:05:00`` (or the time
    :func:`clock_at` holds in this thread)."""
    return _CLOCK.get() or dt.datetime.now().replace(microsecond=0).isoformat()


@contextlib.contextmanager
def clock_at(stamp: str) -> Iterator[None]:
    """``now()`` returns ``stamp`` inside the block, in this thread (a context variable:
    other threads keep the real clock). The demo store uses it so the same seed and
    ``today`` give the same rows, bookkeeping times included."""
    token = _CLOCK.set(stamp)
    try:
        yield
    finally:
        _CLOCK.reset(token)


def today() -> dt.date:
    return dt.date.today()


@contextlib.contextmanager
def gc_deferred() -> Iterator[None]:
    """No cyclic garbage collection while the block makes its (tens of thousands of)
    objects, and none of them left for the next young collection afterwards. For work
    on a worker thread that makes many objects: the call list, the day's plan, the
    analysis.

    The cyclic GC would walk the growing heap several times while 20k+ tasks are made
    (a tenth of the time on the demo store); nothing here makes cycles, so it waits.
    Worse, on a worker a collection holds the GIL for as long as it walks: a full one
    over the window's heap froze the GUI thread 100-180 ms while the analysis read its
    rows (the analytics page on the 100k store). But while it waits, everything made
    stays in the youngest generation, and the first collection after it is enabled
    again walks all of it at once, holding the GIL: 60 ms of CPU on the 100k store, on
    whichever thread allocates next — the window's, when the list is computed on a
    worker (seen as the page's stall). So what was made is moved to the oldest
    generation instead: ``gc.freeze()`` then ``gc.unfreeze()``, two list splices. It
    is then walked only by the full collections Python makes anyway."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def parse_at(value: object, *, field: str, errors: list[FieldError]) -> str | None:
    """A time as ``YYYY-MM-DDTHH:MM:SS`` from None (now), ``datetime``, ``date``
    (midnight) or ISO text; refuses dates after today. None when refused (the error
    is appended)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return now()
    try:
        if isinstance(value, dt.datetime):
            stamp = value
        elif isinstance(value, dt.date):
            stamp = dt.datetime.combine(value, dt.time())
        else:
            stamp = dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(FieldError(field, "datetime_invalid", {"value": value}))
        return None
    stamp = stamp.replace(microsecond=0, tzinfo=None)
    if stamp.date() > dt.date.today():
        errors.append(FieldError(field, "date_in_future", {"value": stamp.date().isoformat()}))
        return None
    return stamp.isoformat()
