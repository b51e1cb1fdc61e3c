"""Who may do what: permission names, the role → permissions table, and the two checks
every entry point in ``app/`` uses.

Roles build on each other (DOMAIN.md "Who uses it"):

* **clerk** (导购/店员) — the counter: the member list with masked phones, create and
  edit members, purchases and returns, contacts and the call list, redemptions; the
  full number of the member they are about to call, one at a time and logged (a clerk
  working the call list has to dial it);
* **manager** (店长) — also: see full phone numbers (each time logged), reports and
  analytics, Excel import (and head-office import), merge duplicate members, points
  adjustments, survey and complaint administration, backups, discarding a queued sale
  the store refused;
* **owner** (店主) — also: export (Excel and head-office change sets, the member data
  report), delete or anonymise members, user accounts, rules and settings (loyalty
  rules, tiers, rewards, store settings), retention review, restore, the audit log.

``SYSTEM`` (``app.core.SYSTEM``) may do everything: migrations, the demo generator,
scheduled jobs (points expiry, birthdays, tier review) and the command line. The CLI
runs as the system user because it is run by whoever administers the store's PC,
who already has the database file itself; the app's roles protect the data from
the people at the counter, not from the PC's administrator.

The UI asks :func:`allowed` to hide what a role cannot do; ``app/`` calls
:func:`require` at each entry point, so a hidden button is never the only guard.
"""

from __future__ import annotations

from app.core import Actor, PermissionDenied

# -- clerk
VIEW_MEMBERS = "view_members"  # the member list and card, phones masked
EDIT_MEMBERS = "edit_members"  # create and edit members (archive, consent, tags, family)
PURCHASES = "purchases"  # record sales and returns
CONTACTS = "contacts"  # log calls, work the call list
REDEMPTIONS = "redemptions"  # redeem points for rewards
DIAL = "dial"  # the full number of the one member being called (logged each time)
# -- manager
UNMASK = "unmask"  # show a full phone number (logged each time)
REPORTS = "reports"  # monthly report, analytics
IMPORT = "import"  # Excel import, head-office import
MERGE = "merge"  # merge two archives of one customer
ADJUST_POINTS = "adjust_points"  # manual points adjustments, opening balances
FEEDBACK_ADMIN = "feedback_admin"  # survey and complaint administration
BACKUP = "backup"  # take a backup now
SYNC_EXPORT = "sync_export"  # the monthly data cards for head office (phones masked)
DISCARD_QUEUED = "discard_queued"  # throw away a counter-queue sale the store refused
# -- owner
EXPORT = "export"  # Excel export, head-office change sets
DELETE_MEMBER = "delete_member"  # delete or anonymise a member
USERS = "users"  # add users, reset passwords, deactivate
RULES = "rules"  # loyalty rules, tiers, rewards, store settings
RETENTION = "retention"  # review members past the retention period
RESTORE = "restore"  # restore a backup
AUDIT = "audit"  # read and export the audit log
MEMBER_REPORT = "member_report"  # everything held about one member (a data request)

_CLERK = frozenset({VIEW_MEMBERS, EDIT_MEMBERS, PURCHASES, CONTACTS, REDEMPTIONS, DIAL})
_MANAGER = _CLERK | {
    UNMASK, REPORTS, IMPORT, MERGE, ADJUST_POINTS, FEEDBACK_ADMIN, BACKUP, SYNC_EXPORT,
    DISCARD_QUEUED,
}  # fmt: skip
_OWNER = _MANAGER | {
    EXPORT,
    DELETE_MEMBER,
    USERS,
    RULES,
    RETENTION,
    RESTORE,
    AUDIT,
    MEMBER_REPORT,
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "clerk": _CLERK,
    "manager": frozenset(_MANAGER),
    "owner": frozenset(_OWNER),
}
ALL: frozenset[str] = frozenset(_OWNER)


def allowed(actor: Actor, perm: str) -> bool:
    """True when ``actor`` may do ``perm`` (the system may do everything). Raises
    ValueError for a permission name that does not exist (a typo must not deny or grant
    silently)."""
    if perm not in ALL:
        raise ValueError(f"unknown permission {perm!r}")
    if actor.role == "system":
        return True
    return perm in ROLE_PERMISSIONS.get(actor.role, frozenset())


def require(actor: Actor, perm: str) -> None:
    """Raise ``app.core.PermissionDenied`` unless ``actor`` may do ``perm``."""
    if not allowed(actor, perm):
        raise PermissionDenied(f"a {actor.role} may not do {perm!r}")


def role_of_least(perm: str) -> str:
    """The lowest role that may do ``perm`` (``clerk``, ``manager`` or ``owner``), for
    messages such as "ask the owner"."""
    for role in ("clerk", "manager", "owner"):
        if perm in ROLE_PERMISSIONS[role]:
            return role
    raise ValueError(f"unknown permission {perm!r}")
