"""Import members, purchases, contacts and opening points from Excel/CSV: a dry run
first, then one transaction.

``plan_import(db, path, kind=...)`` reads and validates the whole file against the
database and writes nothing: the :class:`Plan` holds the counts (new / updated /
unchanged / rejected), every rejection with row, column, value and reason, and the
writes it would make. ``apply_plan(db, plan=plan, actor=...)`` takes an online backup (when
given a folder), then performs exactly those writes in one transaction; Cancel
(``should_cancel``), an error or a killed process leaves the database as it was (the
backup made for it is removed too). A plan whose data changed underneath it (another
clerk saved a member meanwhile) is refused with :class:`PlanStale`; plan again.

Rules per kind (``docs/excel-columns.md`` lists the columns):

* **members** — a row is matched to an existing member by phone, then by member
  number; a phone of member A with the number of member B, or a phone whose member has
  a different number, is refused (never merged silently). Only non-empty cells are
  written: an empty cell leaves the archive as it is; masked phones (``138****5678``,
  our own masked export) count as empty. A matched row is compared field by field
  (before → after, :class:`FieldChange`): empty fields are filled; filled ones are
  kept unless the plan was made with ``overwrite=True``; a new name or phone for a
  member who has one is an identity change, written only for rows a person accepts
  (else the whole row is skipped). A matched row with nothing to write is
  *unchanged*. Joined, birthday and verified dates after today are refused. Later
  rows repeating an earlier row's phone or number are refused (the first is
  imported). New members without a number get the next ones.
* **purchases** — one row per ticket, or one row per item grouped by ticket number (the
  layout is taken as per-item when a ticket number column and an item column — SKU,
  category, size, colour, quantity or unit price — are mapped). The member is found by
  phone, then member number; unknown members are refused. A ticket number already in
  the database is *unchanged* when it is the same sale (member, time, amount), refused
  otherwise. Rows without a ticket number are matched by (member, time, amount), as many
  times as the database holds such tickets: re-importing a file adds nothing. Negative
  amounts (returns) are refused: returns are recorded at the counter against the sale.
  Written with ``source='import'``; the members' cached figures are rebuilt
  (``app.stats``) and the loyalty step runs for each new sale in date order, as
  ``record_purchase`` does. Unknown clerk names are kept in the ticket's note.
* **contacts** — same member lookup; channel, purpose and outcome as codes or words; a
  contact with the same member, time, channel and purpose is *unchanged*. Written through
  ``app.contacts.log_contact`` (its rules, its audit entry).
* **points** — opening balances through ``app.loyalty.add_opening_balance``, idempotent
  per member and source (column 来源, default ``opening``): a second import never counts
  points twice.

Modules: :mod:`~app.excel.importer.run` (``plan_import``, ``apply_plan``,
``import_file``), :mod:`~app.excel.importer.plan` (the ``Plan`` and what every kind
shares), :mod:`~app.excel.importer.rows` (rows, rejections, the member lookup), one
module per kind (:mod:`~app.excel.importer.members`, ``purchases``, ``contacts``,
``points``), each with its dry run (``dry_run``) and its writes (``apply``), and
:mod:`~app.excel.importer.bulk` (bulk member inserts).
"""

from __future__ import annotations

from app.excel.importer.plan import (
    CHUNK,
    IDENTITY_FIELDS,
    PREVIEW_LIMIT,
    FieldChange,
    ImportCancelled,
    ImportResult,
    Plan,
    PlanStale,
    RowChange,
    file_checksum,
    is_stale,
    rejection_words,
    watermark,
)
from app.excel.importer.run import apply_plan, import_file, plan_import, read

__all__ = [
    "CHUNK",
    "IDENTITY_FIELDS",
    "PREVIEW_LIMIT",
    "FieldChange",
    "ImportCancelled",
    "ImportResult",
    "Plan",
    "PlanStale",
    "RowChange",
    "apply_plan",
    "file_checksum",
    "import_file",
    "is_stale",
    "plan_import",
    "read",
    "rejection_words",
    "watermark",
]
