"""Numbered, named schema migrations (sqlite-utils ``Migrations``).

Rules:

* Never edit a migration that has shipped; add a new one. An old database opens and
  upgrades without losing a row (tests/unit/test_migrations.py upgrades a file made by
  ``m001`` alone, with rows in it).
* Each migration runs in one transaction together with the record that it ran, so a
  failure leaves the file as it was. ``apply`` is safe to call on every open.
* Money columns end in ``_fen`` and hold integers. Times are ISO 8601 local time text
  (``2026-11-22T14:05:00``), dates ``2026-11-22``.
* Birthdays are stored in the calendar the customer gave: ``birthday`` is
  ``YYYY-MM-DD`` or ``--MM-DD`` when the year is unknown (ISO 8601's year-less form);
  for lunar birthdays the numbers are lunar month and day, ``birthday_calendar`` is
  ``'lunar'`` and ``birthday_leap`` is 1 for a leap (闰) month.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("vip_keeper")


def _run(db: sqlite_utils.Database, script: str) -> None:
    """Run a multi-statement script inside the current transaction.

    ``sqlite3.executescript`` would COMMIT first and break the migration's transaction,
    so statements are split with ``sqlite3.complete_statement`` (which understands
    triggers' inner semicolons) and executed one by one.
    """
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                db.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf[:80]!r}")


@MIGRATIONS()
def m001_initial_schema(db: sqlite_utils.Database) -> None:
    """The whole first-cut data model of DESIGN.md."""
    _run(
        db,
        """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'clerk')),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE tiers (
    code TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    rank INTEGER NOT NULL UNIQUE,
    min_spend_fen INTEGER NOT NULL DEFAULT 0 CHECK (min_spend_fen >= 0),
    points_multiplier_pct INTEGER NOT NULL DEFAULT 100 CHECK (points_multiplier_pct >= 0)
);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    member_no TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_pinyin TEXT NOT NULL DEFAULT '',
    name_initials TEXT NOT NULL DEFAULT '',
    gender TEXT CHECK (gender IN ('female', 'male')),
    phone TEXT UNIQUE CHECK (phone IS NULL OR length(phone) >= 5),
    birthday TEXT,
    birthday_calendar TEXT NOT NULL DEFAULT 'solar'
        CHECK (birthday_calendar IN ('solar', 'lunar')),
    birthday_leap INTEGER NOT NULL DEFAULT 0 CHECK (birthday_leap IN (0, 1)),
    address TEXT,
    email TEXT,
    wechat TEXT,
    occupation TEXT,
    income_band TEXT,
    education TEXT,
    hobbies TEXT,
    source TEXT CHECK (source IN ('advert', 'walk_in', 'referral', 'event', 'online', 'other')),
    referrer_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    temperament TEXT,
    appearance TEXT,
    personality TEXT,
    service_style TEXT,
    size_top TEXT,
    size_bottom TEXT,
    size_shoe TEXT,
    preferred_styles TEXT,
    preferred_colours TEXT,
    preferred_brands TEXT,
    contact_notes TEXT,             -- "don't call before 10am"
    note TEXT,
    tier TEXT NOT NULL DEFAULT 'normal',
    consent_channels TEXT NOT NULL DEFAULT '',   -- comma list: phone,sms,wechat,mail
    consent_at TEXT,
    consent_notice_version TEXT,
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'dormant', 'lost', 'anonymised')),
    lost_reason TEXT,
    lost_note TEXT,
    status_changed_at TEXT,
    store_code TEXT NOT NULL DEFAULT '',
    joined_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    verified_at TEXT
);
CREATE INDEX idx_members_initials ON members(name_initials);
CREATE INDEX idx_members_pinyin ON members(name_pinyin);
CREATE INDEX idx_members_name ON members(name);
CREATE INDEX idx_members_tier ON members(tier);
CREATE INDEX idx_members_status ON members(status);
CREATE INDEX idx_members_referrer ON members(referrer_id);

CREATE TABLE member_family (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    relation TEXT NOT NULL CHECK (relation IN
        ('spouse', 'child', 'father', 'mother', 'wedding_anniversary', 'other')),
    name TEXT,
    date TEXT,                      -- birthday, or the wedding date; same form as members.birthday
    calendar TEXT NOT NULL DEFAULT 'solar' CHECK (calendar IN ('solar', 'lunar')),
    leap INTEGER NOT NULL DEFAULT 0 CHECK (leap IN (0, 1)),
    note TEXT
);
CREATE INDEX idx_family_member ON member_family(member_id);

CREATE TABLE member_tags (
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    tag TEXT NOT NULL CHECK (length(trim(tag)) > 0),
    PRIMARY KEY (member_id, tag)
) WITHOUT ROWID;
CREATE INDEX idx_tags_tag ON member_tags(tag, member_id);

CREATE TABLE purchases (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    ticket_no TEXT,
    at TEXT NOT NULL,
    clerk_id INTEGER REFERENCES users(id),
    total_fen INTEGER NOT NULL,      -- list price of the ticket
    paid_fen INTEGER NOT NULL,       -- what was paid; negative for a return
    is_discounted INTEGER NOT NULL DEFAULT 0 CHECK (is_discounted IN (0, 1)),
    return_of INTEGER REFERENCES purchases(id),
    source TEXT NOT NULL DEFAULT 'counter' CHECK (source IN ('counter', 'import', 'demo')),
    note TEXT,
    created_at TEXT NOT NULL,
    CHECK ((return_of IS NULL AND paid_fen >= 0) OR (return_of IS NOT NULL AND paid_fen <= 0))
);
-- covering index for RFM and the member header: (member, date, amount)
CREATE INDEX idx_purchases_member_at ON purchases(member_id, at, paid_fen, is_discounted);
CREATE INDEX idx_purchases_at ON purchases(at);
CREATE UNIQUE INDEX idx_purchases_ticket ON purchases(ticket_no) WHERE ticket_no IS NOT NULL;
CREATE INDEX idx_purchases_return_of ON purchases(return_of) WHERE return_of IS NOT NULL;

CREATE TABLE purchase_items (
    id INTEGER PRIMARY KEY,
    purchase_id INTEGER NOT NULL REFERENCES purchases(id) ON DELETE CASCADE,
    category TEXT,
    sku TEXT,
    size TEXT,
    colour TEXT,
    qty INTEGER NOT NULL CHECK (qty <> 0),     -- negative on a return
    list_fen INTEGER NOT NULL,                 -- line total at list price
    paid_fen INTEGER NOT NULL,                 -- line total paid
    return_of_item INTEGER REFERENCES purchase_items(id)
);
CREATE INDEX idx_items_purchase ON purchase_items(purchase_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    at TEXT NOT NULL,
    clerk_id INTEGER REFERENCES users(id),
    channel TEXT NOT NULL CHECK (channel IN ('phone', 'sms', 'wechat', 'visit', 'mail')),
    purpose TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN
        ('reached', 'no_answer', 'call_back', 'wrong_number', 'declined')),
    note TEXT,
    next_follow_up TEXT,
    purchase_id INTEGER REFERENCES purchases(id),
    created_at TEXT NOT NULL
);
CREATE INDEX idx_contacts_member_at ON contacts(member_id, at);
CREATE INDEX idx_contacts_follow_up ON contacts(next_follow_up) WHERE next_follow_up IS NOT NULL;

CREATE TABLE points_ledger (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    at TEXT NOT NULL,
    delta INTEGER NOT NULL CHECK (delta <> 0),
    reason TEXT NOT NULL CHECK (reason IN ('spend', 'referral', 'birthday', 'visit', 'redeem',
        'expire', 'adjust', 'opening', 'return')),
    ref_type TEXT,
    ref_id INTEGER,
    expires_at TEXT,
    clerk_id INTEGER REFERENCES users(id),
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_ledger_member ON points_ledger(member_id, at);
CREATE INDEX idx_ledger_ref ON points_ledger(ref_type, ref_id);
-- Append-only: a balance is the sum of entries, so entries are never changed or removed.
-- Only member_id may change, when two members' archives are merged.
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.delta IS NOT OLD.delta
  OR NEW.reason IS NOT OLD.reason OR NEW.expires_at IS NOT OLD.expires_at
  OR NEW.ref_type IS NOT OLD.ref_type OR NEW.ref_id IS NOT OLD.ref_id
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;

CREATE TABLE tier_history (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    at TEXT NOT NULL,
    from_tier TEXT,
    to_tier TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX idx_tier_history_member ON tier_history(member_id, at);

CREATE TABLE rewards (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('coupon', 'gift', 'voucher')),
    cost_points INTEGER NOT NULL CHECK (cost_points > 0),
    value_fen INTEGER NOT NULL DEFAULT 0 CHECK (value_fen >= 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE redemptions (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    reward_id INTEGER NOT NULL REFERENCES rewards(id),
    at TEXT NOT NULL,
    points INTEGER NOT NULL CHECK (points > 0),
    ledger_id INTEGER NOT NULL UNIQUE REFERENCES points_ledger(id),
    clerk_id INTEGER REFERENCES users(id),
    note TEXT
);

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    member_id INTEGER REFERENCES members(id),
    at TEXT NOT NULL,
    clerk_id INTEGER REFERENCES users(id),
    contact_id INTEGER REFERENCES contacts(id),
    overall INTEGER CHECK (overall BETWEEN 1 AND 5),
    comment TEXT
);
CREATE TABLE survey_scores (
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    factor TEXT NOT NULL,
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    importance INTEGER NOT NULL CHECK (importance BETWEEN 1 AND 5),
    PRIMARY KEY (survey_id, factor)
) WITHOUT ROWID;

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    member_id INTEGER REFERENCES members(id),
    at TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN
        ('quality', 'service', 'price', 'environment', 'other')),
    description TEXT NOT NULL,
    owner_id INTEGER REFERENCES users(id),
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    resolution TEXT,
    compensation_fen INTEGER NOT NULL DEFAULT 0 CHECK (compensation_fen >= 0),
    resolved_at TEXT
);
CREATE INDEX idx_complaints_member ON complaints(member_id);
CREATE INDEX idx_complaints_status ON complaints(status);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT,
    entity_id INTEGER,
    summary TEXT
);
CREATE INDEX idx_audit_at ON audit_log(at);
CREATE INDEX idx_audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE sync_batches (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    at TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{}',   -- JSON
    checksum TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id)
);
CREATE INDEX idx_sync_target ON sync_batches(target, at);
""",
    )
    _run(
        db,
        """
INSERT INTO tiers (code, name_zh, name_en, rank, min_spend_fen, points_multiplier_pct) VALUES
    ('normal',  '普通会员', 'Member',  0,        0, 100),
    ('silver',  '银卡',     'Silver',  1,   300000, 110),
    ('gold',    '金卡',     'Gold',    2,  1000000, 125),
    ('diamond', '钻石卡',   'Diamond', 3,  3000000, 150);
""",
    )


@MIGRATIONS()
def m002_member_search(db: sqlite_utils.Database) -> None:
    """Fast counter search.

    * Phone tail ("the last 4 digits"): an expression index on ``substr(phone, -4)`` —
      built-in functions only, so any SQLite tool can still write the file.
    * Substrings of 3+ characters of name, pinyin, initials, member number or phone: an
      external-content FTS5 table with the trigram tokenizer, kept in step by triggers
      and backfilled here from the existing rows.
    """
    _run(
        db,
        """
CREATE INDEX idx_members_phone_tail ON members(substr(phone, -4));
CREATE VIRTUAL TABLE members_fts USING fts5(
    name, name_pinyin, name_initials, member_no, phone,
    content='members', content_rowid='id', tokenize='trigram'
);
INSERT INTO members_fts(members_fts) VALUES ('rebuild');
CREATE TRIGGER members_fts_ai AFTER INSERT ON members BEGIN
    INSERT INTO members_fts(rowid, name, name_pinyin, name_initials, member_no, phone)
    VALUES (new.id, new.name, new.name_pinyin, new.name_initials, new.member_no, new.phone);
END;
CREATE TRIGGER members_fts_ad AFTER DELETE ON members BEGIN
    INSERT INTO members_fts(members_fts, rowid, name, name_pinyin, name_initials, member_no, phone)
    VALUES ('delete', old.id, old.name, old.name_pinyin, old.name_initials, old.member_no,
            old.phone);
END;
CREATE TRIGGER members_fts_au AFTER UPDATE OF name, name_pinyin, name_initials, member_no, phone
ON members BEGIN
    INSERT INTO members_fts(members_fts, rowid, name, name_pinyin, name_initials, member_no, phone)
    VALUES ('delete', old.id, old.name, old.name_pinyin, old.name_initials, old.member_no,
            old.phone);
    INSERT INTO members_fts(rowid, name, name_pinyin, name_initials, member_no, phone)
    VALUES (new.id, new.name, new.name_pinyin, new.name_initials, new.member_no, new.phone);
END;
""",
    )


def apply(db: sqlite_utils.Database, *, stop_before: str | None = None) -> None:
    """Apply every pending migration (each in its own transaction)."""
    MIGRATIONS.apply(db, stop_before=stop_before)


def names() -> list[str]:
    return [m.name for m in MIGRATIONS._migrations]
