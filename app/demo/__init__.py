"""A deterministic, realistic demo store (演示数据): members, purchases, contacts,
complaints and surveys of a Chinese clothing / home-textiles shop.

``generate(db, members=2000, seed=42)`` fills an *empty* store (users, members with
tags and family, purchases with items and returns, the contact log, complaints,
surveys, ``member_stats``, prospects who never bought, campaign call tasks, 12
month-end segment snapshots and — unless ``loyalty=False`` — the points programme
running from the store's first day, written through app.loyalty: rules, rewards, tier
history, earnings, redemptions, expiries; see ``programme``) in one transaction.
Everything is placed relative to ``today`` so the demo always looks current; the same
``seed`` + ``today`` + sizes give identical rows (bookkeeping times are pinned with
``app.core.clock_at``).

Derived columns agree with the facts, the way the app derives them:

* ``members.tier``: by app.loyalty's rule (rolling 12-month net paid spend against the
  ``tiers`` thresholds, up at once, down at the yearly review), see ``_tier_spend``;
* ``members.status``: ``dormant`` after ``DORMANT_DAYS`` without a sale, and some of
  those idle for ``LOST_DAYS`` ``lost`` with a ``lost_reason``; members who never
  bought, and everybody else, ``active``;
* ``member_stats`` by app/stats.py's definitions.

Speed (tests/bench/bench_demo.py: 100,000 members, 2,000,000 purchases): purchases,
items and the contact log are made column-wise with numpy and the archive mostly so
(a Python loop per row over ~6 M rows would alone exceed the goal); rows go in through
``executemany`` in chunks, between which ``on_progress``/``should_cancel`` run. The
load is a bulk load (see ``generate``): row-by-row FK/CHECK enforcement off, the big
tables' indexes built after the rows, the full-text index rebuilt once, and for a big
store purchases and their lines written by a helper process through apsw (started as
soon as the arrays exist) and copied in once this process has written the rest
(``_Helper``).

The package, one concern per module: ``contract`` (what ``generate`` returns and raises,
the sizes), ``vocabulary`` (the store's words and weights), ``helpers`` (weighted picks,
lunar dates, the calendar), ``members``, ``purchases``, ``facts`` (tier, status, tags),
``contacts``, ``feedback`` (complaints, surveys), ``tiers`` (tier history),
``programme`` (the points programme), ``campaigns`` (campaign tasks, snapshots),
``bulk`` (the bulk load and row payloads), ``helper`` (the helper processes) and
``build`` (``generate``).

Speed with the points programme: the programme follows app.loyalty's own definitions
(backfill, FIFO lots, expiry), whose per-entry Python work (the lots replay, the
expiry) dominates a big store's build. For a big store it runs in a second helper
process, started before the members are written, while this process writes the rest
(tests/bench/bench_demo.py; measured figures in the README and the commit history).
"""

from app.demo.build import generate
from app.demo.bulk import CHUNK
from app.demo.contract import (
    DORMANT_DAYS,
    HISTORY_DAYS,
    LOST_DAYS,
    PURCHASES_PER_MEMBER,
    RETURN_SHARE,
    Cancelled,
    DemoSummary,
)
from app.demo.helper import HELPER_MIN_ROWS, _helper_entry
from app.demo.helpers import _lunar_solar
from app.demo.vocabulary import USERS, USERS_PINYIN

__all__ = [
    "CHUNK",
    "DORMANT_DAYS",
    "HELPER_MIN_ROWS",
    "HISTORY_DAYS",
    "LOST_DAYS",
    "PURCHASES_PER_MEMBER",
    "RETURN_SHARE",
    "USERS",
    "USERS_PINYIN",
    "Cancelled",
    "DemoSummary",
    "_helper_entry",
    "_lunar_solar",
    "generate",
]
