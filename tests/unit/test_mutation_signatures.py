"""Every mutation in ``app/`` takes everything after ``db`` keyword-only
(``def f(db, *, record_id, actor, ...)``), so a call reads ``cancel_event(db,
event_id=3, actor=...)`` and two ids can never be passed the wrong way round.

Checked statically: every module-level function of app/ with an ``actor`` parameter
(private helpers too: they write as well) may take its first parameter (the database,
or the database file) positionally and nothing else. The few that take ``actor`` but
only read are listed below with why; they are checked to write nothing themselves."""

from __future__ import annotations

import ast
from pathlib import Path

from app.paths import project_root

APP = project_root() / "app"

# Public functions with an ``actor`` that only read: the actor decides what they may
# show (a masked phone, a permission), nothing is written.
READ_ONLY = {
    "app/members.py:get_member": "one member, its phone shown as the actor may see it",
    "app/members.py:find_by_phone": "a lookup; the phone as the actor may see it",
    "app/member_card.py:member_card": "the card's data, as the actor may see it",
    "app/search.py:search": "search results, as the actor may see them",
    "app/search.py:fetch_rows": "the rows of a search, as the actor may see them",
    "app/privacy.py:member_data": "everything stored about a member, for the actor",
    "app/privacy.py:display_phone": "a phone as the actor may see it (actor first)",
    "app/permissions.py:allowed": "a yes/no about the actor (actor first)",
    "app/permissions.py:require": "raises when the actor may not (actor first)",
}
# The audit log's own writer, called by every mutation inside its transaction with the
# entry's fields in a fixed order; it is not a user action.
PRIMITIVES = {"app/audit.py:record"}
WRITES = ("audit.record(", ".atomic(", "INSERT ", "UPDATE ", "DELETE ", ".insert(", ".upsert(")


def functions_with_actor(source: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(source)
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            every = [*a.posonlyargs, *a.args, *a.kwonlyargs]
            if any(p.arg == "actor" for p in every):
                out.append(node)
    return out


def positional_after_first(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The parameters a caller could pass by position, the first one excepted."""
    a = fn.args
    names = [p.arg for p in [*a.posonlyargs, *a.args]][1:]
    if a.vararg is not None:
        names.append("*" + a.vararg.arg)
    return names


def offenders() -> tuple[list[str], dict[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    bad: list[str] = []
    seen: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for path in sorted(APP.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(project_root()).as_posix()
        for fn in functions_with_actor(path.read_text(encoding="utf-8")):
            key = f"{rel}:{fn.name}"
            seen[key] = fn
            extra = positional_after_first(fn)
            if extra and key not in READ_ONLY and key not in PRIMITIVES:
                bad.append(f"{key}:{fn.lineno} takes {', '.join(extra)} by position")
    return bad, seen


def test_every_mutation_takes_all_but_db_keyword_only():
    bad, seen = offenders()
    assert len(seen) > 100, "the walk found too few functions: is app/ where it should be?"
    assert bad == [], "make these keyword-only (def f(db, *, ...)):\n" + "\n".join(bad)


def test_the_read_only_exceptions_exist_take_an_actor_and_write_nothing():
    _bad, seen = offenders()
    for key in [*READ_ONLY, *PRIMITIVES]:
        assert key in seen, f"{key} is gone or takes no actor: drop it from the list"
    for key in READ_ONLY:
        path, _, _name = key.partition(":")
        fn = seen[key]
        body = ast.get_source_segment((project_root() / path).read_text(encoding="utf-8"), fn)
        assert body is not None
        wrote = [w for w in WRITES if w in body]
        assert wrote == [], f"{key} writes ({wrote}): it is a mutation, make it keyword-only"


def test_the_check_catches_a_positional_id_and_passes_a_keyword_only_one():
    offender = "def cancel(db, event_id, *, actor):\n    pass\n"
    fine = "def cancel(db, *, event_id, actor):\n    pass\n"
    reader = "def rows(db, ids):\n    pass\n"  # no actor: not a mutation, not checked
    (fn,) = functions_with_actor(offender)
    assert positional_after_first(fn) == ["event_id"]
    (fn,) = functions_with_actor(fine)
    assert positional_after_first(fn) == []
    assert functions_with_actor(reader) == []
    (fn,) = functions_with_actor("def _helper(db, x, actor):\n    pass\n")
    assert positional_after_first(fn) == ["x", "actor"]


def test_the_read_only_list_names_files_that_exist():
    for key in READ_ONLY:
        assert Path(project_root() / key.partition(":")[0]).is_file(), key
