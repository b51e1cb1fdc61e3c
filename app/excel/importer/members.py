"""Members: the dry run (matching by phone, then member number; refusing identity
conflicts and repeats within the file; comparing matched rows with the archive) and
the writes (new members in chunks through :class:`~app.excel.importer.bulk._BulkLoad`,
updates one by one)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import sqlite_utils

from app import change_cards, members
from app.core import Actor, Changes, FieldError, now
from app.excel.importer.bulk import _BulkLoad
from app.excel.importer.plan import (
    CHUNK,
    IDENTITY_FIELDS,
    PREVIEW_LIMIT,
    Cancel,
    FieldChange,
    ImportCancelled,
    Plan,
    Progress,
    RowChange,
    _check_cancel,
)
from app.excel.importer.rows import _clerks, _MemberIndex, _reject, _Rows
from app.excel.readers import cell_text
from app.excel.validate import (
    Rejection,
    clean_member,
    family_order,
    fast_name_pinyin,
    tier_index,
)


def dry_run(db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    tiers = tier_index(db)
    clerks = _clerks(db)
    total = len(plan.table.rows)
    seen_phone: dict[str, int] = {}
    seen_no: dict[str, int] = {}
    new: list[tuple[int, dict[str, Any]]] = []
    matched: list[tuple[int, int, dict[str, Any]]] = []
    rej = plan.rejections
    # member numbers of this file's rows: a referrer may be any of them, in any order
    file_nos = {
        n
        for _, raw in rows
        if "member_no" in raw and (n := cell_text(raw["member_no"])) not in index.by_no
    }
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        if i % 5000 == 0:
            progress(i, total)
        ph = raw.get("phone")
        no = cell_text(raw["member_no"]) if "member_no" in raw else ""
        # who is it? (before validation, so for_new knows whether name is required)
        target = None
        clean, errors = clean_member(raw, tiers=tiers, for_new=False)
        if "enrolled_by" in raw:  # 办卡导购 by name or login (issue #19); a name that is
            # no user here (a clerk who has left, another store's) is left unknown: the
            # member is still welcome
            uid = clerks.get(cell_text(raw["enrolled_by"]).lower())
            if uid is not None:
                clean["enrolled_by"] = uid
        p = clean.get("phone")
        pid = index.by_phone.get(p) if p else None
        nid = index.by_no.get(no) if no else None
        if pid and nid and pid != nid:
            rej.append(
                Rejection(
                    number,
                    rows.header.get("member_no", ""),
                    raw.get("member_no"),
                    "identity_conflict",
                    {"phone_no": index.no_of[pid], "value": no},
                )
            )
            continue
        if pid and no and nid is None:
            rej.append(
                Rejection(
                    number,
                    rows.header.get("member_no", ""),
                    raw.get("member_no"),
                    "identity_conflict",
                    {"phone_no": index.no_of[pid], "value": no},
                )
            )
            continue
        target = pid or nid
        if target is None and not clean.get("name") and not any(e.field == "name" for e in errors):
            errors.append(FieldError("name", "required"))
        if "name" in clean and not clean["name"]:
            if target is None:
                errors.append(FieldError("name", "required"))
            else:
                clean.pop("name")
        if "referrer_no" in clean:
            ref_no = clean.pop("referrer_no")
            ref = index.by_no.get(ref_no)
            if ref is None and ref_no == no:
                errors.append(FieldError("referrer_no", "referrer_self"))
            elif ref is None and ref_no in file_nos:
                clean["referrer_pending"] = ref_no  # a new member of this file, any row
            elif ref is None:
                errors.append(FieldError("referrer_no", "referrer_missing"))
            elif ref == target:
                errors.append(FieldError("referrer_no", "referrer_self"))
            else:
                # a new member's referrer by id; a matched one's by number, so the
                # preview shows numbers (before → after) and the update resolves it
                if target is None:
                    clean["referrer_id"] = ref
                else:
                    clean["referrer_pending"] = ref_no
        if errors:
            for e in errors:
                _reject(rej, number, rows, raw, e)
            continue
        if p and p in seen_phone:
            rej.append(
                Rejection(number, rows.header["phone"], ph, "dup_in_file", {"first": seen_phone[p]})
            )
            continue
        if no and no in seen_no:
            rej.append(
                Rejection(
                    number,
                    rows.header["member_no"],
                    raw.get("member_no"),
                    "dup_in_file",
                    {"first": seen_no[no]},
                )
            )
            continue
        if p:
            seen_phone[p] = number
        if no:
            seen_no[no] = number
        if target is None:
            new.append((number, clean))
        else:
            matched.append((number, target, clean))
    progress(total, total)
    new, matched = _drop_lost_referrers(new, matched, rows, rej, index.by_no)

    # compare the matched rows with the archive
    updates: list[tuple[int, int, dict[str, Any]]] = []
    if matched:
        cols = sorted(
            {k for _, _, c in matched for k in c if k not in ("tags", "referrer_pending", "family")}
            | {"member_no"}
        )
        current: dict[int, dict[str, Any]] = {}
        ids = [t for _, t, _ in matched]
        for start in range(0, len(ids), 20000):
            part = json.dumps(ids[start : start + 20000])
            cur = db.execute(
                f"SELECT id, {', '.join(cols)} FROM members "
                "WHERE id IN (SELECT value FROM json_each(?))",
                [part],
            )
            for r in cur:
                current[r[0]] = dict(zip(cols, r[1:], strict=True))
        if any("family" in c for _, _, c in matched):
            fam: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for mid, relation, name, date, calendar, leap, note in db.execute(
                "SELECT member_id, relation, name, date, calendar, leap, note FROM member_family "
                "WHERE member_id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids)],
            ):
                fam[mid].append(
                    {
                        "relation": relation,
                        "name": name,
                        "date": date,
                        "calendar": calendar,
                        "leap": leap,
                        "note": note,
                    }
                )
            for mid in current:
                current[mid]["family"] = family_order(fam.get(mid, []))
        if any("referrer_pending" in c for _, _, c in matched):
            for mid, ref_no in db.execute(
                "SELECT m.id, r.member_no FROM members m JOIN members r ON r.id = m.referrer_id "
                "WHERE m.id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids)],
            ):
                current[mid]["referrer_no"] = ref_no
        want_tags = any("tags" in c for _, _, c in matched)
        tags: dict[int, list[str]] = defaultdict(list)
        if want_tags:
            for mid, tag in db.execute(
                "SELECT member_id, tag FROM member_tags WHERE member_id IN "
                "(SELECT value FROM json_each(?)) ORDER BY tag",
                [json.dumps(ids)],
            ):
                tags[mid].append(tag)
        for number, target, clean in matched:
            now_row = current[target]
            changes = compare(clean, now_row, tags[target], overwrite=plan.overwrite)
            key = now_row["member_no"]
            row_change = RowChange(
                number,
                "updated" if any(c.applies for c in changes) else "unchanged",
                key,
                sorted(c.field for c in changes if c.applies),
                changes,
            )
            if row_change.identity:
                plan.identity_rows.append(number)
            if row_change.action == "updated":
                updates.append((number, target, changes))
                plan.counts["updated"] += 1
            else:
                plan.counts["unchanged"] += 1
            if changes and len(plan.preview) < PREVIEW_LIMIT:
                plan.preview.append(row_change)
    plan.counts["new"] = len(new)
    for number, clean in new[: max(0, PREVIEW_LIMIT - len(plan.preview))]:
        plan.preview.append(RowChange(number, "new", clean.get("member_no") or "", []))
    plan.ops = {"new": new, "updates": updates}


def _drop_lost_referrers(new, matched, rows: _Rows, rej: list[Rejection], known):
    """A referrer on another row of the file must be a row that is imported: a row
    whose referrer's own row was refused is refused too (its referrer would be lost),
    and so on down a chain of referrals. ``known``: member numbers in the store."""

    def lost(clean: dict[str, Any], coming: set[str]) -> bool:
        ref = clean.get("referrer_pending")
        return ref is not None and ref not in coming and ref not in known

    while True:
        coming = {c["member_no"] for _, c in new if c.get("member_no")}
        gone = [(n, c) for n, c in new if lost(c, coming)]
        gone += [(n, c) for n, _, c in matched if lost(c, coming)]
        if not gone:
            return new, matched
        for number, clean in gone:
            rej.append(
                Rejection(
                    number,
                    rows.header.get("referrer_no", ""),
                    clean["referrer_pending"],
                    "referrer_missing",
                )
            )
        refused = {n for n, _ in gone}
        new = [(n, c) for n, c in new if n not in refused]
        matched = [(n, t, c) for n, t, c in matched if n not in refused]


_FOLLOW_BIRTHDAY = ("birthday_calendar", "birthday_leap")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def compare(
    clean: Mapping[str, Any], row: Mapping[str, Any], tags: list[str], *, overwrite: bool
) -> list[FieldChange]:
    """The file's values against the archive's, field by field: what would be filled,
    overwritten, kept (a filled field, without ``overwrite``) or is an identity change
    (a member's name or phone replaced by another)."""
    out: list[FieldChange] = []
    kinds: dict[str, str] = {}
    for k in sorted(clean, key=lambda k: (k in _FOLLOW_BIRTHDAY, k)):
        after = clean[k]
        before = _current(k, row, tags)
        if k == "tags" and not overwrite:
            after = sorted(set(before) | set(after))  # adding tags erases nothing
        if k == "referrer_pending":
            k, before = "referrer_no", row.get("referrer_no")
        if before == after or k == "member_no":
            continue
        if k in _FOLLOW_BIRTHDAY and "birthday" in kinds:
            kind = kinds["birthday"]  # the calendar goes with the birthday it reads
        elif _empty(before) or (k == "tags" and not overwrite):
            kind = "fill"
        elif k in IDENTITY_FIELDS:
            kind = "identity"
        else:
            kind = "overwrite" if overwrite else "kept"
        kinds[k] = kind
        out.append(FieldChange(k, before, after, kind))
    return out


def _current(key: str, row: Mapping[str, Any], tags: list[str]) -> Any:
    """The archive's value as the file would spell it (dates of time stamps as dates)."""
    if key == "tags":
        return tags
    value = row.get(key)
    if key == "verified_at" and value:
        return value[:10]
    return value


def prepare(plan: Plan) -> None:
    """What :func:`apply` needs that reads nothing of the store, worked out before the
    import's transaction takes the write lock (``apply_plan`` calls it): the pinyin of
    every new name, about four fifths of the lock's time otherwise (issue #16 item 3:
    the counter waits less; ``tests/bench/bench_import_lock.py``)."""
    pinyin: dict[str, tuple[str, str]] = plan.ops.setdefault("pinyin", {})
    for _number, clean in plan.ops.get("new", ()):
        name = clean["name"]
        if name not in pinyin:
            pinyin[name] = fast_name_pinyin(name)


def apply(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    new: list[tuple[int, dict[str, Any]]] = plan.ops["new"]
    pinyin: dict[str, tuple[str, str]] = plan.ops.get("pinyin", {})
    updates: list[tuple[int, int, dict[str, Any]]] = plan.ops["updates"]
    total = len(new) + len(updates)
    stamp = now()
    today = stamp[:10]
    cols = [
        "member_no",
        "name",
        "name_pinyin",
        "name_initials",
        "phone",
        "birthday",
        "birthday_calendar",
        "birthday_leap",
        *members.TEXT_FIELDS,
        "gender",
        "source",
        "status",
        "referrer_id",
        "tier",
        "consent_channels",
        "consent_at",
        "consent_notice_version",
        "status_changed_at",
        "lost_reason",
        "lost_note",
        "joined_on",
        "verified_at",
        "enrolled_by",
        "created_at",
        "updated_at",
    ]
    defaults = {
        "birthday_calendar": "solar",
        "birthday_leap": 0,
        "tier": "normal",
        "consent_channels": "",
        "status": "active",
        "store_code": "",
    }
    # member numbers for rows without one: the store's sequence, skipping any in use
    used = {r[0] for r in db.execute("SELECT member_no FROM members")}
    used.update(c["member_no"] for _, c in new if c.get("member_no"))
    prefix = None
    seq = 0
    # Only the columns the file fills are bound; SQLite gives the others their defaults
    # (binding ~25 NULLs more per row cost about a second for 100,000 members).
    given: set[str] = set().union(*(c.keys() for _, c in new)) if new else set()
    fixed = ("member_no", "name", "name_pinyin", "name_initials")
    pairs = [
        (k, defaults.get(k))
        for k in cols
        if k in given and k not in fixed and k not in ("joined_on", "consent_at")
    ]
    with_consent = bool(given & {"consent_channels", "consent_at"})
    insert_cols = [
        *fixed,
        *(k for k, _ in pairs),
        "joined_on",
        *(["consent_at"] if with_consent else []),
        "created_at",
        "updated_at",
    ]
    sql = (
        f"INSERT INTO members ({', '.join(insert_cols)}) "
        f"VALUES ({', '.join('?' * len(insert_cols))})"
    )
    first_id = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM members").fetchone()[0]) + 1
    existing = int(db.execute("SELECT COUNT(*) FROM members").fetchone()[0])
    bulk = (
        _BulkLoad(db, rebuild_indexes=len(new) >= max(10_000, existing))
        if len(new) >= 1000
        else None
    )
    tag_rows: list[tuple[str, str]] = []
    batch: list[list[Any]] = []
    done = 0
    member_ids: set[int] = set()
    # With the bulk path, each chunk's full-text and stats rows are written on a second
    # thread while this one builds the next chunk (SQLite releases the GIL, so on two
    # cores the index work is hidden). Only one thread touches the connection at a
    # time: the next chunk's insert waits for the previous index work.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-index") as pool:
        pending: Future[None] | None = None
        indexed = first_id - 1  # members up to this id have their index rows

        def write(rows: list[list[Any]]) -> None:
            nonlocal pending, indexed
            if pending is not None:
                pending.result()
                pending = None
            db.conn.executemany(sql, rows)
            if bulk is not None:
                last = int(db.execute("SELECT MAX(id) FROM members").fetchone()[0])
                pending = pool.submit(bulk.index_ids, indexed + 1, last)
                indexed = last

        try:
            for _number, clean in new:
                if not clean.get("member_no"):
                    if prefix is None:
                        nxt = members.next_member_no(db)
                        digits = len(nxt) - len(nxt.rstrip("0123456789"))
                        prefix, seq = nxt[: len(nxt) - digits], int(nxt[len(nxt) - digits :])
                    while f"{prefix}{seq:06d}" in used:
                        seq += 1
                    clean["member_no"] = f"{prefix}{seq:06d}"
                    used.add(clean["member_no"])
                    seq += 1
                get = clean.get
                full, initials = pinyin.get(clean["name"]) or fast_name_pinyin(clean["name"])
                row = [clean["member_no"], clean["name"], full, initials]
                row += [get(k, d) for k, d in pairs]
                row.append(get("joined_on") or today)
                if with_consent:
                    row.append(get("consent_at") or (stamp if get("consent_channels") else None))
                row += (stamp, stamp)
                batch.append(row)
                for t in clean.get("tags", []):
                    tag_rows.append((clean["member_no"], t))
                if len(batch) >= CHUNK:
                    write(batch)
                    done += len(batch)
                    batch = []
                    progress(done, total)
                    if cancel():
                        raise ImportCancelled()
            if batch:
                write(batch)
                done += len(batch)
        finally:
            if pending is not None:
                pending.result()  # never leave the second thread on the connection
    if bulk is not None:
        bulk.finish()
    if new:
        # the new rows are exactly those above the largest id there was (no AUTOINCREMENT:
        # SQLite gives max + 1)
        made = db.execute("SELECT id, member_no FROM members WHERE id >= ?", [first_id]).fetchall()
        member_ids.update(r[0] for r in made)
        # 顾客变动卡: each new card's first record says it was made by this import
        change_cards.record(
            db,
            actor=actor,
            action="import",
            rows=[(mid, "created", None, no) for mid, no in made],
            at=stamp,
        )
    pending = [(c["referrer_pending"], c["member_no"]) for _, c in new if "referrer_pending" in c]
    if pending:  # referrers that are new members of the same file, in any row order
        db.conn.executemany(
            "UPDATE members SET referrer_id = (SELECT id FROM members WHERE member_no = ?) "
            "WHERE member_no = ?",
            pending,
        )
    family_rows = [
        (f["relation"], f["name"], f["date"], f["calendar"], f["leap"], f["note"], c["member_no"])
        for _, c in new
        for f in c.get("family", ())
    ]
    if family_rows:
        db.conn.executemany(
            "INSERT INTO member_family (member_id, relation, name, date, calendar, leap, note) "
            "SELECT id, ?, ?, ?, ?, ?, ? FROM members WHERE member_no = ?",
            family_rows,
        )
    if tag_rows:
        db.conn.executemany(
            "INSERT OR IGNORE INTO member_tags (member_id, tag) "
            "SELECT id, ? FROM members WHERE member_no = ?",
            [(t, no) for no, t in tag_rows],
        )
    was = change_cards.snapshot(db, [u[1] for u in updates])  # 顾客变动卡, issue #15
    accepted = plan.ops.get("accept_identity")
    for i, (number, mid, changes) in enumerate(updates):
        identity = any(c.kind == "identity" for c in changes)
        if identity and not (accepted is True or (accepted and number in accepted)):
            plan.ops["skipped_identity"].append(number)  # never half-applied
            continue
        update_member_fields(db, member_id=mid, changes=changes, actor=actor, stamp=stamp)
        member_ids.add(mid)
        if i % 2000 == 0:
            progress(done + i, total)
            if cancel():
                raise ImportCancelled()
    change_cards.record_diff(db, actor=actor, action="import", before=was, at=stamp)
    progress(total, total)
    return Changes.of({"members", "member_tags", "member_stats"}, member_ids)


def update_member_fields(
    db: sqlite_utils.Database,
    *,
    member_id: int,
    changes: list[FieldChange],
    actor: Actor,
    stamp: str,
    via: str = "import",
) -> None:
    """The one path by which an import changes an existing member: every field with
    the archive's value (``before``) and the file's (``after``); ``kept`` fields are
    left alone. Runs inside the caller's transaction. ``actor`` and ``via`` say who and
    through which action (for per-field change records)."""
    changed: dict[str, Any] = {c.field: c.after for c in changes if c.applies}
    tags = changed.pop("tags", None)
    family = changed.pop("family", None)
    if family is not None:
        members._write_family(db, member_id, family, replace=True)
    if "referrer_no" in changed:  # a member this import has just created
        ref = db.execute(
            "SELECT id FROM members WHERE member_no = ?", [changed.pop("referrer_no")]
        ).fetchone()
        changed["referrer_id"] = ref[0] if ref else None
    if not changed and tags is None and family is None:
        return
    if "name" in changed:
        changed["name_pinyin"], changed["name_initials"] = fast_name_pinyin(changed["name"])
    if "status" in changed:
        changed.setdefault("status_changed_at", stamp)
    if changed.get("consent_channels"):
        changed.setdefault("consent_at", stamp)
    changed["updated_at"] = stamp
    db.execute(
        f"UPDATE members SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
        [*changed.values(), member_id],
    )
    if tags is not None:
        db.execute("DELETE FROM member_tags WHERE member_id = ?", [member_id])
        db.conn.executemany(
            "INSERT INTO member_tags (member_id, tag) VALUES (?, ?)",
            [(member_id, t) for t in tags],
        )
