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

import re
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


@MIGRATIONS()
def m003_counter_work(db: sqlite_utils.Database) -> None:
    """Counter work: cached member figures, call-list and return lookups.

    * ``member_stats``: one row per member (a trigger adds it with the member), the
      figures the member list sorts by and the call list reads. A cache of facts in
      ``purchases``: ``app.stats.rebuild`` recomputes it and a test proves the two agree.
      ``visits`` counts sale tickets (returns excluded), ``total_paid_fen`` is net of
      returns, ``first/last_purchase_at`` are the first and last sale, ``last_clerk_id``
      the clerk of the last sale (ties on ``at`` go to the higher id). Backfilled here.
    * Yearly dates (birthdays, family dates) are found by their ``MM-DD`` tail through
      expression indexes on ``substr(date, -5)`` (works for ``YYYY-MM-DD`` and
      ``--MM-DD``), whatever the calendar: the call list turns a window of solar days
      into solar and lunar keys and asks for those.
    * ``contacts(purpose, at)`` and ``(member_id, purpose, at)``: "has this kind of call
      been made since …" for the call list; ``purchase_items(return_of_item)``: what was
      already returned of a line.
    * 1–2 character name search (trigram FTS cannot): a substring starts at character
      1, 2 or 3 of the name (prefix ranges on ``name``, ``substr(name, 2)``,
      ``substr(name, 3)``) or lies in one of the few names of 4+ characters (a partial
      index small enough to scan).
    """
    _run(
        db,
        """
CREATE TABLE member_stats (
    member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    visits INTEGER NOT NULL DEFAULT 0,
    total_paid_fen INTEGER NOT NULL DEFAULT 0,
    first_purchase_at TEXT,
    last_purchase_at TEXT,
    last_clerk_id INTEGER              -- a cached users.id; no FK, it is derived
);
CREATE INDEX idx_member_stats_total ON member_stats(total_paid_fen, member_id);
CREATE INDEX idx_member_stats_last ON member_stats(last_purchase_at, member_id);
CREATE TRIGGER member_stats_member_ai AFTER INSERT ON members BEGIN
    INSERT INTO member_stats (member_id) VALUES (new.id);
END;
-- The backfill reads the covering index (member_id, at, paid_fen, ...) and subtracts the
-- few return tickets instead of visiting 2M rows in member order (3 s instead of 10 s
-- on the 100k-member demo); the same statement as app.stats.rebuild(db).
WITH a AS (
    SELECT member_id, COUNT(*) AS n, SUM(paid_fen) AS total,
           MIN(at) AS first_at, MAX(at) AS last_at
    FROM purchases GROUP BY member_id
), r AS (
    SELECT member_id, COUNT(*) AS n, MIN(at) AS first_at, MAX(at) AS last_at
    FROM purchases INDEXED BY idx_purchases_return_of
    WHERE return_of IS NOT NULL GROUP BY member_id
), s AS (
    SELECT a.member_id, a.n - COALESCE(r.n, 0) AS visits, a.total,
           CASE WHEN r.first_at <= a.first_at THEN
               (SELECT MIN(at) FROM purchases p
                WHERE p.member_id = a.member_id AND p.return_of IS NULL)
           ELSE a.first_at END AS first_at,
           CASE WHEN r.last_at >= a.last_at THEN
               (SELECT MAX(at) FROM purchases p
                WHERE p.member_id = a.member_id AND p.return_of IS NULL)
           ELSE a.last_at END AS last_at
    FROM a LEFT JOIN r ON r.member_id = a.member_id
)
INSERT INTO member_stats
    (member_id, visits, total_paid_fen, first_purchase_at, last_purchase_at, last_clerk_id)
SELECT m.id, COALESCE(s.visits, 0), COALESCE(s.total, 0), s.first_at, s.last_at,
       (SELECT p.clerk_id FROM purchases p INDEXED BY idx_purchases_member_at
        WHERE p.member_id = m.id AND p.at = s.last_at AND p.return_of IS NULL
        ORDER BY p.id DESC LIMIT 1)
FROM members m LEFT JOIN s ON s.member_id = m.id;

CREATE INDEX idx_members_birthday_md ON members(substr(birthday, -5));
CREATE INDEX idx_family_date_md ON member_family(substr(date, -5));
CREATE INDEX idx_contacts_purpose_at ON contacts(purpose, at);
CREATE INDEX idx_contacts_member_purpose_at ON contacts(member_id, purpose, at);
CREATE INDEX idx_members_name_from2 ON members(substr(name, 2));
CREATE INDEX idx_members_name_from3 ON members(substr(name, 3));
CREATE INDEX idx_members_long_name ON members(name) WHERE length(name) >= 4;
CREATE INDEX idx_items_return_of ON purchase_items(return_of_item)
    WHERE return_of_item IS NOT NULL;
""",
    )


def apply(db: sqlite_utils.Database, *, stop_before: str | None = None) -> None:
    """Apply every pending migration (each in its own transaction)."""
    MIGRATIONS.apply(db, stop_before=stop_before)


def names() -> list[str]:
    return [m.name for m in MIGRATIONS._migrations]


@MIGRATIONS()
def m004_segment_snapshots(db: sqlite_utils.Database) -> None:
    """Analytics (app/analytics/): monthly segment snapshots and campaign call tasks.

    * ``segment_snapshots``: each member's pyramid layer and lifecycle state at the end
      of a month, for month-over-month movement. A cache of facts, rebuilt by
      ``app.analytics.rebuild_snapshots``; ``segment_snapshot_months`` records when and
      from which data (newest purchase and member id, rules hash) each month was made,
      so a stale month is recomputed. No foreign key on ``member_id``: derived rows
      must not block (or be moved by) a member merge; rows of a removed member are
      ignored and go at the next rebuild.
    * ``campaign_tasks``: members put on the call list from an analytics segment with a
      purpose and a due date (``app.analytics.add_campaign_tasks``); open while
      ``done_at`` is NULL. Not unique per member/purpose/day on purpose (the writer
      skips open duplicates), so a member merge can move them without a conflict.
    """
    _run(
        db,
        """
CREATE TABLE segment_snapshots (
    month TEXT NOT NULL,               -- 'YYYY-MM': the state at the end of that month
    member_id INTEGER NOT NULL,        -- a cached members.id; no FK, it is derived
    layer TEXT NOT NULL,
    lifecycle TEXT NOT NULL,
    PRIMARY KEY (month, member_id)
) WITHOUT ROWID;
CREATE TABLE segment_snapshot_months (
    month TEXT PRIMARY KEY,
    as_of TEXT NOT NULL,               -- the month's last day
    computed_at TEXT NOT NULL,
    max_purchase_id INTEGER NOT NULL,
    max_member_id INTEGER NOT NULL,
    rules_hash TEXT NOT NULL
);
CREATE TABLE campaign_tasks (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,             -- app.labels WORDS['purpose'] code
    due TEXT NOT NULL,                 -- YYYY-MM-DD
    note TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX idx_campaign_tasks_open ON campaign_tasks(due, member_id) WHERE done_at IS NULL;
CREATE INDEX idx_campaign_tasks_member ON campaign_tasks(member_id, purpose);
""",
    )


@MIGRATIONS()
def m005_loyalty(db: sqlite_utils.Database) -> None:
    """The loyalty programme (app/loyalty/ documents every rule).

    * ``loyalty_rules``: versioned rules, one JSON document per version, in force from
      ``effective_from`` (the later saved wins a tie). No version: the programme has
      not started.
    * ``idx_ledger_once``: idempotency in the schema — one spend per sale, one return
      entry per return ticket, one referral per referred member, one expire per lot, one
      birthday per member and year, one visit per member and day, one opening balance
      per member and source. Keys never use the current ``member_id`` (a merge moves
      entries, so such keys could collide).
    * ``idx_ledger_member`` now also holds ``delta``: balances are summed from the index.
    * ``points_lots``: a cache of each earning entry's remaining points after FIFO
      consumption (``app.loyalty.lots._replay`` is the definition). Triggers add a new lot
      when it is the member's newest entry and apply an expiry to its lot; anything else
      (a spending entry, a back-dated lot, a merge moving entries) marks the member in
      ``points_lots_stale``, and ``app.loyalty.refresh_stale`` replays them.
      ``app.loyalty.lots_mismatches`` compares the cache with a replay. No foreign key:
      derived rows must not block or be moved by a member merge.
    """
    _run(
        db,
        """
CREATE TABLE loyalty_rules (
    id INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL,       -- YYYY-MM-DD
    rules TEXT NOT NULL,                -- JSON (app.loyalty.Rules)
    created_at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    note TEXT
);
CREATE INDEX idx_loyalty_rules_from ON loyalty_rules(effective_from, id);

CREATE UNIQUE INDEX idx_ledger_once ON points_ledger(
    reason, ref_type, ref_id,
    CASE reason WHEN 'birthday' THEN substr(at, 1, 4) WHEN 'visit' THEN substr(at, 1, 10)
    ELSE '' END)
WHERE reason IN ('spend', 'return', 'referral', 'expire', 'birthday', 'visit', 'opening');
DROP INDEX idx_ledger_member;
CREATE INDEX idx_ledger_member ON points_ledger(member_id, at, delta);

CREATE TABLE points_lots (
    lot_id INTEGER PRIMARY KEY,         -- points_ledger.id of the earning entry
    member_id INTEGER NOT NULL,         -- a cached members.id; no FK, it is derived
    earned_at TEXT NOT NULL,
    expires_at TEXT,                    -- last valid day; NULL: never
    remaining INTEGER NOT NULL CHECK (remaining > 0)
);
CREATE INDEX idx_points_lots_member ON points_lots(member_id, expires_at, remaining);
CREATE INDEX idx_points_lots_expires ON points_lots(expires_at, member_id, remaining)
    WHERE expires_at IS NOT NULL;
CREATE INDEX idx_points_lots_earned ON points_lots(earned_at);
CREATE TABLE points_lots_stale (
    member_id INTEGER PRIMARY KEY
);

CREATE TRIGGER points_lots_earn AFTER INSERT ON points_ledger
WHEN NEW.delta > 0 AND NOT EXISTS (
    SELECT 1 FROM points_ledger p WHERE p.member_id = NEW.member_id AND p.at > NEW.at)
BEGIN
    INSERT OR REPLACE INTO points_lots (lot_id, member_id, earned_at, expires_at, remaining)
    VALUES (NEW.id, NEW.member_id, NEW.at, NEW.expires_at, NEW.delta);
END;
CREATE TRIGGER points_lots_expire AFTER INSERT ON points_ledger
WHEN NEW.reason = 'expire' AND NEW.delta < 0
BEGIN
    INSERT OR IGNORE INTO points_lots_stale (member_id)
    SELECT NEW.member_id WHERE NOT EXISTS (
        SELECT 1 FROM points_lots WHERE lot_id = NEW.ref_id AND member_id = NEW.member_id
        AND remaining >= -NEW.delta);
    DELETE FROM points_lots WHERE lot_id = NEW.ref_id AND remaining + NEW.delta <= 0;
    UPDATE points_lots SET remaining = remaining + NEW.delta
    WHERE lot_id = NEW.ref_id AND remaining + NEW.delta > 0;
END;
CREATE TRIGGER points_lots_other AFTER INSERT ON points_ledger
WHEN NEW.reason <> 'expire' AND (NEW.delta < 0 OR EXISTS (
    SELECT 1 FROM points_ledger p WHERE p.member_id = NEW.member_id AND p.at > NEW.at))
BEGIN
    INSERT OR IGNORE INTO points_lots_stale (member_id) VALUES (NEW.member_id);
END;
CREATE TRIGGER points_lots_moved AFTER UPDATE OF member_id ON points_ledger
WHEN NEW.member_id IS NOT OLD.member_id
BEGIN
    INSERT OR IGNORE INTO points_lots_stale (member_id) VALUES (OLD.member_id), (NEW.member_id);
END;
""",
    )
    # Entries written before this migration (by hand or an import): build their lots.
    if db.execute("SELECT 1 FROM points_ledger LIMIT 1").fetchone():
        db.execute(
            "INSERT OR IGNORE INTO points_lots_stale (member_id) "
            "SELECT DISTINCT member_id FROM points_ledger"
        )


@MIGRATIONS()
def m006_head_office_sync(db: sqlite_utils.Database) -> None:
    """Head-office sync (app/excel/sync.py documents the design).

    * ``sync_base``: per target and member, the data card both sides last agreed on
      (canonical JSON). Change sets are the members whose card differs from it; an
      import compares base, local and remote field by field (a three-way merge), so the
      same file twice, or one's own export, changes nothing and a field changed on both
      sides becomes a conflict instead of being overwritten.
    * ``sync_conflicts``: conflicting rows waiting for a person (keep local / take head
      office), at most one open per target and member.

    No foreign key on ``member_id`` in either: a member merge moves every row that
    references ``members(id)``, and two bases (or open conflicts) for the kept member
    would collide; rows of a member that no longer exists are ignored.
    """
    _run(
        db,
        """
CREATE TABLE sync_base (
    target TEXT NOT NULL,
    member_id INTEGER NOT NULL,        -- a members.id; no FK (see above)
    data TEXT NOT NULL,                -- JSON: the agreed data card
    batch_id INTEGER REFERENCES sync_batches(id),
    PRIMARY KEY (target, member_id)
) WITHOUT ROWID;
CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    batch_id INTEGER NOT NULL REFERENCES sync_batches(id),
    member_id INTEGER NOT NULL,        -- a members.id; no FK (see above)
    row INTEGER,                       -- the row in head office's file
    fields TEXT NOT NULL,              -- JSON {field: {base, local, remote}}
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'kept_local', 'took_remote', 'superseded')),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX idx_sync_conflicts_open ON sync_conflicts(target, member_id)
    WHERE status = 'open';
""",
    )


@MIGRATIONS()
def m007_ledger_expiry_key(db: sqlite_utils.Database) -> None:
    """Loyalty: ``expire`` entries leave the unique ``idx_ledger_once`` (m005 had one
    expire per lot). A back-dated entry — a return or an adjustment dated in the past —
    can leave points in a lot that has already been expired once, and those must expire
    too; the lots cache (``points_lots``) keeps the expiry job idempotent instead."""
    _run(
        db,
        """
DROP INDEX idx_ledger_once;
CREATE UNIQUE INDEX idx_ledger_once ON points_ledger(
    reason, ref_type, ref_id,
    CASE reason WHEN 'birthday' THEN substr(at, 1, 4) WHEN 'visit' THEN substr(at, 1, 10)
    ELSE '' END)
WHERE reason IN ('spend', 'return', 'referral', 'birthday', 'visit', 'opening');
""",
    )


@MIGRATIONS()
def m008_feedback(db: sqlite_utils.Database) -> None:
    """Feedback (app/feedback.py documents the rules).

    * Indexes for the period queries (surveys and complaints by time, resolved
      complaints for the call list's check call, lost members by when they left) and
      the complaint tasks of the call list (open complaints by owner).
    * ``members.lost_reason`` becomes a code of the labels group ``lost_reason``: the
      Chinese wording earlier versions (and the demo store) wrote is turned into its
      code; any other free text stays as written (and counts as "other").
    """
    _run(
        db,
        """
CREATE INDEX idx_surveys_at ON surveys(at);
CREATE INDEX idx_surveys_member ON surveys(member_id);
CREATE INDEX idx_complaints_at ON complaints(at);
CREATE INDEX idx_complaints_open ON complaints(owner_id, at)
    WHERE status IN ('open', 'in_progress');
CREATE INDEX idx_complaints_resolved ON complaints(resolved_at)
    WHERE status = 'resolved';
CREATE INDEX idx_members_lost ON members(status_changed_at) WHERE status = 'lost';
UPDATE members SET lost_reason = CASE lost_reason
    WHEN '质量不稳定' THEN 'quality_unstable'
    WHEN '款式缺乏新意' THEN 'no_novelty'
    WHEN '服务不满意' THEN 'poor_service'
    WHEN '被竞争对手吸引' THEN 'competitor'
    WHEN '价格偏高' THEN 'price'
    WHEN '搬家/离开本地' THEN 'moved_away'
    WHEN '其他' THEN 'other'
    ELSE lost_reason END
WHERE lost_reason IS NOT NULL;
""",
    )


@MIGRATIONS()
def m009_sign_in_and_privacy(db: sqlite_utils.Database) -> None:
    """Sign-in, roles and privacy (app/auth.py, app/permissions.py, app/privacy.py).

    * ``login_throttle``: consecutive failed sign-ins per typed user name (known or
      not) and when the last one was; cleared by a successful sign-in. After
      ``app.auth.FREE_FAILURES`` failures the name waits longer and longer
      (``app.auth.lockout_seconds``). Failures are also in the audit log; this table
      only keeps the counter cheap and survives a restart of the app.
    * ``audit_log`` indexes for the owner's viewer: by action and by user, in time order.
    * Anonymised members leave the trigram full-text index: the update and delete
      triggers skip rows whose status is ``'anonymised'`` (the member number search and
      the statistics still see the row, its name is 已匿名 and its phone gone). The
      insert trigger is unchanged (new members are never anonymised; the importer's
      bulk path compares its text).
    """
    _run(
        db,
        """
CREATE TABLE login_throttle (
    username TEXT PRIMARY KEY COLLATE NOCASE,
    failures INTEGER NOT NULL CHECK (failures > 0),
    last_failed_at TEXT NOT NULL
);
CREATE INDEX idx_audit_action_at ON audit_log(action, at);
CREATE INDEX idx_audit_user_at ON audit_log(user_id, at);

DROP TRIGGER members_fts_ad;
DROP TRIGGER members_fts_au;
CREATE TRIGGER members_fts_ad AFTER DELETE ON members WHEN old.status <> 'anonymised' BEGIN
    INSERT INTO members_fts(members_fts, rowid, name, name_pinyin, name_initials, member_no, phone)
    VALUES ('delete', old.id, old.name, old.name_pinyin, old.name_initials, old.member_no,
            old.phone);
END;
CREATE TRIGGER members_fts_au AFTER UPDATE OF name, name_pinyin, name_initials, member_no, phone,
    status ON members BEGIN
    INSERT INTO members_fts(members_fts, rowid, name, name_pinyin, name_initials, member_no, phone)
    SELECT 'delete', old.id, old.name, old.name_pinyin, old.name_initials, old.member_no,
           old.phone WHERE old.status <> 'anonymised';
    INSERT INTO members_fts(rowid, name, name_pinyin, name_initials, member_no, phone)
    SELECT new.id, new.name, new.name_pinyin, new.name_initials, new.member_no, new.phone
    WHERE new.status <> 'anonymised';
END;
INSERT INTO members_fts(members_fts, rowid, name, name_pinyin, name_initials, member_no, phone)
SELECT 'delete', id, name, name_pinyin, name_initials, member_no, phone
FROM members WHERE status = 'anonymised';
""",
    )


# A CHECK's ``col IN (constants)`` of three or more constants makes SQLite build a
# temporary b-tree every time the statement runs, i.e. for every inserted row (~3 µs
# a list; 0.8 s of a 100,000-member import). ``(col = a OR col = b …)`` means the same,
# NULL included (NULL = x is NULL, and a NULL CHECK passes), and costs nothing.
_IN_LIST = re.compile(
    r"\b([A-Za-z_][A-Za-z0-9_]*) IN \(((?:\s*(?:'[^']*'|-?\d+)\s*,)+\s*(?:'[^']*'|-?\d+)\s*)\)"
)
_IN_ITEM = re.compile(r"'[^']*'|-?\d+")


def in_lists_as_or(sql: str) -> str:
    """``CREATE TABLE`` text with each ``col IN (constants)`` written as an OR chain."""

    def chain(m: re.Match[str]) -> str:
        items = _IN_ITEM.findall(m[2])
        return "(" + " OR ".join(f"{m[1]} = {item}" for item in items) + ")"

    return _IN_LIST.sub(chain, sql)


@MIGRATIONS()
def m010_lighter_member_writes(db: sqlite_utils.Database) -> None:
    """Cheaper writes, the same rules (issue #5: a 100,000-member import).

    * ``members_fts`` without the phone column. Phones are never searched through the
      full-text index (exactly, by prefix and by tail they use ``members``' own indexes,
      app/search.py), so the column only cost time on every write (half the index:
      11 digits are 9 trigrams) and kept phone numbers in one more place. The table is
      made again from the members, anonymised ones left out as m009 does.
    * CHECK constraints: ``col IN ('a', 'b', 'c')`` becomes ``(col = 'a' OR …)`` in
      every table (see :func:`in_lists_as_or`). The file format does not change, so
      this is SQLite's documented way to change a CHECK constraint: the table's text in
      ``sqlite_schema`` is replaced under ``writable_schema`` and ``schema_version`` is
      incremented, in this migration's transaction. Each new text is parsed in a
      scratch database first, and each table is read back afterwards; a build of
      SQLite that refuses schema writes (``SQLITE_DBCONFIG_DEFENSIVE``) keeps the old
      text, which is only slower.
    """
    _run(
        db,
        """
DROP TRIGGER members_fts_ai;
DROP TRIGGER members_fts_ad;
DROP TRIGGER members_fts_au;
DROP TABLE members_fts;
CREATE VIRTUAL TABLE members_fts USING fts5(
    name, name_pinyin, name_initials, member_no,
    content='members', content_rowid='id', tokenize='trigram'
);
INSERT INTO members_fts(rowid, name, name_pinyin, name_initials, member_no)
SELECT id, name, name_pinyin, name_initials, member_no FROM members
WHERE status <> 'anonymised';
CREATE TRIGGER members_fts_ai AFTER INSERT ON members BEGIN
    INSERT INTO members_fts(rowid, name, name_pinyin, name_initials, member_no)
    VALUES (new.id, new.name, new.name_pinyin, new.name_initials, new.member_no);
END;
CREATE TRIGGER members_fts_ad AFTER DELETE ON members WHEN old.status <> 'anonymised' BEGIN
    INSERT INTO members_fts(members_fts, rowid, name, name_pinyin, name_initials, member_no)
    VALUES ('delete', old.id, old.name, old.name_pinyin, old.name_initials, old.member_no);
END;
CREATE TRIGGER members_fts_au AFTER UPDATE OF name, name_pinyin, name_initials, member_no,
    status ON members BEGIN
    INSERT INTO members_fts(members_fts, rowid, name, name_pinyin, name_initials, member_no)
    SELECT 'delete', old.id, old.name, old.name_pinyin, old.name_initials, old.member_no
    WHERE old.status <> 'anonymised';
    INSERT INTO members_fts(rowid, name, name_pinyin, name_initials, member_no)
    SELECT new.id, new.name, new.name_pinyin, new.name_initials, new.member_no
    WHERE new.status <> 'anonymised';
END;
""",
    )
    changed: list[tuple[str, str]] = []
    scratch = sqlite3.connect(":memory:")
    try:
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '% IN (%'"
        ).fetchall():
            new = in_lists_as_or(sql)
            if new != sql:
                # must parse (the referenced tables need not exist in the scratch file)
                scratch.execute(new)
                changed.append((name, new))
    finally:
        scratch.close()
    if not changed:
        return
    version = int(db.execute("PRAGMA schema_version").fetchone()[0])
    db.execute("PRAGMA writable_schema = ON")
    try:
        for name, new in changed:
            db.execute(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", [new, name]
            )
        db.execute(f"PRAGMA schema_version = {version + 1}")
    except sqlite3.DatabaseError as exc:
        if "may not be modified" not in str(exc):
            raise
        return  # a defensive build: the old CHECK text stays (slower, same rules)
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    for name, _new in changed:
        db.execute(f"SELECT * FROM [{name}] LIMIT 0").fetchall()


@MIGRATIONS()
def m011_audit_detail(db: sqlite_utils.Database) -> None:
    """Audit summaries as codes (issue #14: a Chinese user met English in the log).

    * ``audit_log.detail``: the summary as a template code and its parameters, JSON
      ``{"what": code, ...}`` (``app.labels`` group ``audit_summary``), shown in the
      reader's language. Existing entries keep their text in ``summary`` and get no
      ``detail``: they show as stored. Adding a column touches no row, so the
      append-only triggers are not involved.
    """
    db.execute("ALTER TABLE audit_log ADD COLUMN detail TEXT")


@MIGRATIONS()
def m012_append_only_against_replace(db: sqlite_utils.Database) -> None:
    """The points ledger and the audit log refuse ``INSERT OR REPLACE`` of an existing
    entry (issue #16). Their update and delete triggers (m001) do not see it: REPLACE
    deletes the old row without firing delete triggers (unless ``recursive_triggers``
    is on), so an entry could be rewritten in place. An upsert's ``DO UPDATE`` already
    meets the update trigger. Costs one primary-key probe per inserted entry."""
    _run(
        db,
        """
CREATE TRIGGER points_ledger_no_replace BEFORE INSERT ON points_ledger
WHEN EXISTS (SELECT 1 FROM points_ledger WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
""",
    )


@MIGRATIONS()
def m013_duplicate_review(db: sqlite_utils.Database) -> None:
    """Pairs a person marked "not the same customer" in the duplicate review
    (app/duplicates.py), so they are not proposed again. Member ids without a foreign
    key on purpose: a merge moves every member-keyed row (app/merge.py) and must not
    turn a dismissed pair into a pair of one member; a pair naming a member who is
    gone is simply never met again."""
    _run(
        db,
        """
CREATE TABLE duplicate_dismissed (
    a_id INTEGER NOT NULL,
    b_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    user_id INTEGER,
    PRIMARY KEY (a_id, b_id),
    CHECK (a_id < b_id)
);
""",
    )


@MIGRATIONS()
def m014_member_aliases(db: sqlite_utils.Database) -> None:
    """Old member numbers and phones of merged cards (issue #15): after a merge the
    removed card's number and phone keep resolving to the kept member, in search, at
    the counter, in imports and in head office's files, instead of finding nothing or
    coming back as a new, empty card. A merge moves the removed member's own aliases
    along (it moves every member-keyed row), so chains of merges resolve to the last
    survivor; anonymising a member removes its aliases."""
    _run(
        db,
        """
CREATE TABLE member_aliases (
    kind TEXT NOT NULL CHECK (kind = 'member_no' OR kind = 'phone'),
    value TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    merged_at TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);
CREATE INDEX idx_member_aliases_member ON member_aliases(member_id);
""",
    )


@MIGRATIONS()
def m015_users_pinyin(db: sqlite_utils.Database) -> None:
    """Each user's name spelled in pinyin (``users.name_pinyin``), written with the name
    (app/auth.py, the demo), so lists of staff sort by pinyin without loading the pinyin
    dictionary on the GUI thread (0.3 s the first time a clerk chooser was shown)."""
    from app.normalize import name_pinyin

    db.execute("ALTER TABLE users ADD COLUMN name_pinyin TEXT")
    for user_id, shown in db.execute("SELECT id, display_name FROM users").fetchall():
        db.execute(
            "UPDATE users SET name_pinyin = ? WHERE id = ?", [name_pinyin(shown or "")[0], user_id]
        )


@MIGRATIONS()
def m016_change_cards(db: sqlite_utils.Database) -> None:
    """Change cards (顾客变动卡, issue #15): one row per changed field of a member's
    archive — field, old → new, who, when, through which action — written in the
    transaction of the change (app/change_cards.py). ``id`` is the store's change
    version: head office's change sets are "every card since version N"
    (app/excel/sync.py), read through the primary key; the member index serves the
    card's history tab. Cascades with the member (a card deleted by mistake has no
    history to keep); a merge moves the removed member's cards like every member-keyed
    row. ``sync_base.acked`` holds per field the store's version when head office last
    agreed on its value (JSON ``{field: version}``): a field the store changed after it
    is never overwritten by head office's file."""
    _run(
        db,
        """
CREATE TABLE member_changes (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    old TEXT,
    new TEXT,
    action TEXT NOT NULL,
    user_id INTEGER,
    actor_name TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted = 0 OR redacted = 1)
);
CREATE INDEX idx_member_changes_member ON member_changes(member_id, id);
CREATE INDEX idx_member_changes_field ON member_changes(member_id, field, id);
ALTER TABLE sync_base ADD COLUMN acked TEXT NOT NULL DEFAULT '{}';
""",
    )


@MIGRATIONS()
def m017_audit_without_names(db: sqlite_utils.Database) -> None:
    """The audit log stops holding members' names (issue #16): anonymising a member
    left them in entries such as ``VK002002 王小明: ¥95.00``. Every entry is kept;
    ones with codes (``detail``) lose the parameters that named a member
    (``app.audit.redact``) and their plain text is written again without them; older
    plain-text entries lose the word after a member number (a name with a non-ASCII
    character, or a name of a member on file). The append-only triggers are lifted
    for this one rewrite and put back as they were, in the same transaction."""
    import json
    import re

    from app import audit

    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' "
        "AND name = 'audit_log_no_update'"
    ).fetchall()
    for name, _sql in triggers:
        db.execute(f"DROP TRIGGER [{name}]")
    known = {r[0] for r in db.execute("SELECT name FROM members WHERE name IS NOT NULL")}
    after_number = re.compile(
        r"\b([A-Za-z]{0,6}\d{3,}) ([^:：;；,，()（）\n]+?)(?=[:：;；,，]| merged into | 并入 |$)"
    )

    def scrub(text: str) -> str:
        def drop(m: re.Match[str]) -> str:
            word = m.group(2).strip()
            if word in known or any(ord(c) > 127 for c in word):
                return m.group(1)
            return m.group(0)

        return after_number.sub(drop, text)

    rows = db.execute("SELECT id, summary, detail FROM audit_log").fetchall()
    for entry_id, summary, detail in rows:
        new_summary, new_detail = summary, detail
        params = None
        if detail:
            try:
                params = json.loads(detail)
            except ValueError:
                params = None
        if isinstance(params, dict) and "what" in params:
            code = str(params.pop("what"))
            kept = audit.redact(code, params)
            new_detail = json.dumps({"what": code, **kept}, ensure_ascii=False, default=str)
            new_summary = audit._raw_text(code, kept)[:500]
        elif summary:
            new_summary = scrub(summary)
        if (new_summary, new_detail) != (summary, detail):
            db.execute(
                "UPDATE audit_log SET summary = ?, detail = ? WHERE id = ?",
                [new_summary, new_detail, entry_id],
            )
    for _name, sql in triggers:
        db.execute(sql)


@MIGRATIONS()
def m018_derived_customer_state(db: sqlite_utils.Database) -> None:
    """One customer state, derived (issue #17, app/state.py). ``members.status`` was
    written once and never updated: from now on only two of its values are facts,
    ``anonymised`` and ``lost`` (marked by hand, with a reason, at
    ``status_changed_at``); active / dormant / lost-by-time / prospect / new are derived
    as of a day from purchases and the settings.

    * ``lost_marks``: every hand mark (history). A later purchase ends a mark without
      deleting it, so its reason stays. Stored ``lost`` members become marks here.
    * stored ``dormant`` becomes ``active`` (no mark): the state is derived. Nothing
      else changes; no row is removed.
    * ``segment_snapshots`` (a cache of month-end lifecycle states) is emptied: it was
      computed without the marks and is rebuilt from facts when needed.
    * ``idx_member_stats_state`` (last, first purchase, member): the member list's state
      filters (new, active) read both dates from the index, not from 60k table rows.
    """
    _run(
        db,
        """
CREATE TABLE lost_marks (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    at TEXT,
    reason TEXT,
    note TEXT,
    user_id INTEGER
);
CREATE INDEX idx_lost_marks_member ON lost_marks(member_id, at);
CREATE INDEX idx_member_stats_state ON member_stats(last_purchase_at, first_purchase_at, member_id);
INSERT INTO lost_marks (member_id, at, reason, note)
SELECT id, status_changed_at, lost_reason, lost_note FROM members WHERE status = 'lost';
UPDATE members SET status = 'active' WHERE status = 'dormant';
DELETE FROM segment_snapshots;
DELETE FROM segment_snapshot_months;
""",
    )


@MIGRATIONS()
def m019_message_templates(db: sqlite_utils.Database) -> None:
    """Message templates (app/plan/templates.py): the words a clerk sends or reads out
    for a reason on the day's plan, one per ``kind`` (and per ``category`` for care
    advice; '' = any category), in Chinese and English, with ``{placeholders}``
    checked when saved. Seeded with the store's defaults; a person edits them.
    ``target_lists``: saved targeting lists (app/plan/targeting.py) — the criteria, and
    once put on the plan its purpose, due day and the members it put there, so the
    campaign's result (who bought within n days) can be read later."""
    from app.plan.templates import DEFAULT_TEMPLATES

    _run(
        db,
        """
CREATE TABLE message_templates (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    text_zh TEXT NOT NULL,
    text_en TEXT NOT NULL,
    updated_at TEXT,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (kind, category)
);
CREATE TABLE target_lists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    criteria TEXT NOT NULL,            -- JSON, app.plan.targeting.CRITERIA keys
    purpose TEXT,                      -- set when put on the plan
    note TEXT,
    due TEXT,                          -- YYYY-MM-DD the campaign's calls start
    member_ids TEXT,                   -- JSON: who was put on the plan (the result's base)
    planned_at TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
""",
    )
    db.conn.executemany(
        "INSERT INTO message_templates (kind, category, text_zh, text_en) VALUES (?, ?, ?, ?)",
        DEFAULT_TEMPLATES,
    )


@MIGRATIONS()
def m023_user_pin(db: sqlite_utils.Database) -> None:
    """A PIN per user (issue #20): 4–6 digits, hashed like passwords (argon2id), for
    unlocking the idle lock screen and switching clerk at the counter without the full
    sign-in (app/auth.py ``set_pin``, ``switch_by_pin``). NULL: no PIN yet."""
    db.execute("ALTER TABLE users ADD COLUMN pin_hash TEXT")


@MIGRATIONS()
def m024_service_records(db: sqlite_utils.Database) -> None:
    """Service records the store kept on paper (issue #19, app/service/):

    * ``gifts`` (赠礼记录): what was given to a member, when (``given_on``), the kind
      (labels ``gift_kind``: birthday, festival, surprise, other), the occasion in words,
      its cost in fen and the clerk who gave it.
    * ``alterations`` (免费修改/扦边/送衣): a member's order, optionally for one sale,
      its kind (labels ``alteration_kind``), due date and status open → ready →
      collected (``ready_at``, ``collected_at`` stamped when it moves)."""
    _run(
        db,
        """
CREATE TABLE gifts (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    given_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    item TEXT NOT NULL,
    occasion TEXT,
    cost_fen INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
    given_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX idx_gifts_member ON gifts(member_id, given_on);
CREATE INDEX idx_gifts_given_on ON gifts(given_on);
CREATE TABLE alterations (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    purchase_id INTEGER REFERENCES purchases(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status = 'open' OR status = 'ready' OR status = 'collected'),
    note TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    ready_at TEXT,
    collected_at TEXT
);
CREATE INDEX idx_alterations_member ON alterations(member_id, due_on);
CREATE INDEX idx_alterations_status ON alterations(status, due_on);
""",
    )


@MIGRATIONS()
def m025_events(db: sqlite_utils.Database) -> None:
    """Member club events and launches (issue #19, app/service/events.py):

    * ``events``: name, kind (labels ``event_kind``), ``starts_at`` (ISO local time),
      place, capacity, cost in fen, ``rule`` (JSON: tiers, pyramid layers, a saved
      target list), note, status planned / cancelled.
    * ``event_invitations``: the guest list — member, when put on it (``added_at``),
      when told (``invited_at``) and through which channel, response pending /
      accepted / declined, attended, note. Not unique per (event, member) in the
      schema, so merging two cards that were both invited never fails; the service
      never adds a member twice.
    * the message templates of the two new plan reasons (活动邀请, 活动提醒)."""
    from app.plan.templates import EVENT_TEMPLATES

    _run(
        db,
        """
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    place TEXT,
    capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
    cost_fen INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
    rule TEXT,
    note TEXT,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status = 'planned' OR status = 'cancelled'),
    cancelled_at TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT
);
CREATE INDEX idx_events_starts ON events(starts_at);
CREATE TABLE event_invitations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    added_at TEXT NOT NULL,
    added_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    invited_at TEXT,
    channel TEXT,
    response TEXT NOT NULL DEFAULT 'pending'
        CHECK (response = 'pending' OR response = 'accepted' OR response = 'declined'),
    responded_at TEXT,
    attended INTEGER NOT NULL DEFAULT 0 CHECK (attended = 0 OR attended = 1),
    note TEXT
);
CREATE INDEX idx_event_invitations_event ON event_invitations(event_id, member_id);
CREATE INDEX idx_event_invitations_member ON event_invitations(member_id);
""",
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO message_templates (kind, category, text_zh, text_en) "
        "VALUES (?, ?, ?, ?)",
        EVENT_TEMPLATES,
    )


@MIGRATIONS()
def m026_staff_and_praise(db: sqlite_utils.Database) -> None:
    """Staff and feedback (issue #19, app/service/praise.py, app/reports/staff.py):

    * ``members.enrolled_by`` (办卡导购): the clerk (user id) who enrolled the member.
      Existing members take it from the audit log's ``create`` entry of the card when
      a signed-in user made it; else NULL (imports, the demo, head office: unknown).
    * ``praise`` (表扬与建议): what a customer (member optional) said about the store —
      ``kind`` praise/suggestion (labels ``praise_kind``), ``about`` service / goods /
      environment / other (``praise_about``), the clerk praised (optional), the words,
      when (``at``) and who wrote it down (``recorded_by``)."""
    _run(
        db,
        """
ALTER TABLE members ADD COLUMN enrolled_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
UPDATE members SET enrolled_by = (
    SELECT a.user_id FROM audit_log a
    WHERE a.entity = 'member' AND a.action = 'create' AND a.entity_id = members.id
      AND a.user_id IN (SELECT id FROM users)
    ORDER BY a.id LIMIT 1
);
CREATE INDEX idx_members_enrolled_by ON members(enrolled_by, joined_on);
CREATE TABLE praise (
    id INTEGER PRIMARY KEY,
    member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind = 'praise' OR kind = 'suggestion'),
    about TEXT NOT NULL,
    clerk_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_praise_at ON praise(at);
CREATE INDEX idx_praise_member ON praise(member_id, at);
CREATE INDEX idx_praise_clerk ON praise(clerk_id, at);
""",
    )


@MIGRATIONS()
def m027_member_cards(db: sqlite_utils.Database) -> None:
    """Member cards (发放会员卡, issue #19, app/service/cards.py) and two archive fields.

    * ``member_cards``: every card a member was given — its type (a tier code: 普通卡,
      银卡, 金卡, 钻石卡 follow the store's tiers), its number (may differ from the member
      number), the day it was issued and by whom. A replacement (补卡/换卡) keeps the old
      card's row: ``replaced_on``, the reason (labels ``card_reason``: lost, damaged,
      upgrade, other) and ``replaced_by`` (the new card) are set on it. A member's
      current card is the one not replaced.
    * ``members.employer`` (工作单位) and ``members.transport`` (交通方式), plain text.
    * ``sync_base``: every card last sent to head office gains the two new fields,
      empty — otherwise every member would differ from what was sent and the next
      change set would carry the whole store."""
    _run(
        db,
        """
CREATE TABLE member_cards (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    card_type TEXT NOT NULL,
    card_no TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    issued_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    replaced_on TEXT,
    replace_reason TEXT,
    replaced_by INTEGER REFERENCES member_cards(id) ON DELETE SET NULL,
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_member_cards_member ON member_cards(member_id, issued_on);
CREATE INDEX idx_member_cards_no ON member_cards(card_no);
ALTER TABLE members ADD COLUMN employer TEXT;
ALTER TABLE members ADD COLUMN transport TEXT;
UPDATE sync_base SET data = json_set(data, '$.employer', json('null'),
    '$.transport', json('null'));
""",
    )


@MIGRATIONS()
def m028_item_cost(db: sqlite_utils.Database) -> None:
    """Item cost (issue #19, margin): ``purchase_items.cost_fen`` is the line's cost in
    fen, a line total like ``list_fen`` and ``paid_fen`` (unit cost × qty); NULL = not
    known. The cost has the sign of the line's paid amount: ≥ 0 on a sale, ≤ 0 on a
    return's line (the share of the sale line's cost it takes back; an imported return
    may carry qty 1 with negative amounts, so the sign follows ``paid_fen``, not
    ``qty``).

    Each ticket keeps the sums of its lines with a known cost, as it keeps its amounts:
    ``purchases.cost_paid_fen`` (paid on those lines) and ``purchases.cost_fen`` (their
    cost), both NULL when no line has one. A partial covering index on (member, time,
    those sums) lets the margin figures (app/analytics/margin.py) read them in member
    order without touching the lines: joining 2M lines to their tickets and grouping
    by member took 3.6× the analysis' grouped pass (tests/bench/bench_analytics.py)."""
    _run(
        db,
        """
ALTER TABLE purchase_items ADD COLUMN cost_fen INTEGER
    CHECK (cost_fen IS NULL OR (paid_fen >= 0 AND cost_fen >= 0)
           OR (paid_fen <= 0 AND cost_fen <= 0));
ALTER TABLE purchases ADD COLUMN cost_paid_fen INTEGER;
ALTER TABLE purchases ADD COLUMN cost_fen INTEGER;
CREATE INDEX idx_purchases_cost ON purchases(member_id, at, cost_paid_fen, cost_fen)
    WHERE cost_fen IS NOT NULL;
""",
    )


@MIGRATIONS()
def m029_counter_queue(db: sqlite_utils.Database) -> None:
    """Sales that waited in the counter queue (issue #16 item 3, ``app/counter_queue.py``):
    one row per queued sale entered into the store, by the queue's id (``uuid``), written
    in the same transaction as the sale. A drain that was killed after the store's
    commit and before the queue forgot the sale finds it here and never enters it twice."""
    _run(
        db,
        """
CREATE TABLE counter_queue_entered (
    uuid TEXT PRIMARY KEY,
    purchase_id INTEGER REFERENCES purchases(id) ON DELETE CASCADE,
    queued_at TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX idx_counter_queue_entered_purchase ON counter_queue_entered(purchase_id);
""",
    )


@MIGRATIONS()
def m030_current_cards_index(db: sqlite_utils.Database) -> None:
    """Members' current cards by member, newest first, with their type (issue #18, the
    day's plan): "is this member's card behind the tier" (``cards.card_behind_sql``)
    becomes one index search per member, without a look-up of each card's row or a
    sort. The plan asks it for every member on it: on the 100k store its member facts
    took 114 ms, 69 ms with this index (and skipping members of the lowest tier)."""
    _run(
        db,
        """
CREATE INDEX idx_member_cards_current ON member_cards(member_id, id, card_type)
    WHERE replaced_on IS NULL;
""",
    )
