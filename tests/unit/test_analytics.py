"""app.analytics: facts and RFM against an independent naive computation, the pyramid,
both matrices, lifecycle and customer types on hand-made members, snapshots and
movement, campaign tasks, the Excel export and the cache fingerprint."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import subprocess
import sys
from collections import defaultdict

import numpy as np
import pytest

from app import analytics, merge, purchase_fetch, settings
from app.analytics import rows
from app.core import ValidationError
from app.paths import project_root

AS_OF = dt.date(2026, 6, 30)


# ------------------------------------------------------------------ helpers


class Store:
    """Members and purchases written straight to the tables (independent of
    app.purchases, so these tests check segments against the schema's facts)."""

    def __init__(self, db) -> None:
        self.db = db
        self.n = 0

    def member(self, joined: str = "2020-01-01", status: str = "active") -> int:
        self.n += 1
        cur = self.db.execute(
            "INSERT INTO members (member_no, name, joined_on, created_at, updated_at, status) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                f"T{self.n:05d}",
                f"会员{self.n}",
                joined,
                joined + "T09:00:00",
                joined + "T09:00:00",
                status,
            ],
        )
        return cur.lastrowid

    def sale(self, mid: int, at: str, fen: int, disc: bool = False) -> int:
        if len(at) == 10:
            at += "T12:00:00"
        cur = self.db.execute(
            "INSERT INTO purchases (member_id, at, total_fen, paid_fen, is_discounted, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [mid, at, fen, fen, int(disc), at],
        )
        return cur.lastrowid

    def ret(self, pid: int, at: str, fen: int) -> int:
        mid, disc = self.db.execute(
            "SELECT member_id, is_discounted FROM purchases WHERE id = ?", [pid]
        ).fetchone()
        if len(at) == 10:
            at += "T15:00:00"
        cur = self.db.execute(
            "INSERT INTO purchases (member_id, at, total_fen, paid_fen, is_discounted, "
            "return_of, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [mid, at, -fen, -fen, disc, pid, at],
        )
        return cur.lastrowid

    def days_ago(self, n: int) -> str:
        return (AS_OF - dt.timedelta(days=n)).isoformat()


@pytest.fixture
def store(db) -> Store:
    return Store(db)


def analyze(db, **kw):
    kw.setdefault("as_of", AS_OF)
    return analytics.analyze(db, **kw)


# ------------------------------------------------------------------ the naive reference


def naive_facts(db, as_of: dt.date) -> dict[int, dict]:
    """Every figure of the module docstring, one member at a time, with plain Python
    over ``SELECT *`` (return_of tells returns from sales)."""
    end = as_of + dt.timedelta(days=1)
    rows = defaultdict(list)
    for mid, at, paid, disc, ret in db.execute(
        "SELECT member_id, at, paid_fen, is_discounted, return_of FROM purchases ORDER BY id"
    ):
        when = dt.datetime.fromisoformat(at)
        if when < dt.datetime.combine(end, dt.time()):
            rows[mid].append((when.date(), paid, disc, ret is not None))
    out = {}
    for mid, joined in db.execute("SELECT id, joined_on FROM members"):
        rs = rows.get(mid, [])
        sales = [r for r in rs if not r[3]]
        if dt.date.fromisoformat(joined) > as_of and not sales:
            continue
        days = sorted({r[0] for r in sales})
        f = {
            "customer": bool(days),
            "days": len(days),
            "days_12m": sum(1 for d in days if (as_of - d).days < 365),
            "tickets": len(sales),
            "spend_fen": sum(r[1] for r in rs),
            "spend_12m_fen": sum(r[1] for r in rs if (as_of - r[0]).days < 365),
            "sales_fen": sum(r[1] for r in sales),
            "discounted_fen": sum(r[1] for r in sales if r[2]),
        }
        if days:
            f["recency_days"] = (as_of - days[-1]).days
            f["tenure_days"] = (as_of - days[0]).days
            f["first_day_spend_fen"] = sum(r[1] for r in rs if r[0] == days[0])
            amounts = [r[1] for r in sales]
            mean = sum(amounts) / len(amounts)
            sd = math.sqrt(sum((a - mean) ** 2 for a in amounts) / len(amounts))
            f["ticket_cv"] = sd / mean if mean > 0 else None
            gaps = [(b - a).days for a, b in itertools.pairwise(days)]
            if gaps:
                gm = sum(gaps) / len(gaps)
                gs = math.sqrt(sum((g - gm) ** 2 for g in gaps) / len(gaps))
                f["gap_cv"] = gs / gm
            else:
                f["gap_cv"] = None
        out[mid] = f
    return out


def naive_quintiles(values: dict[int, float]) -> dict[int, int]:
    """Score 1..5 by the average rank of ties, written out the slow way."""
    ordered = sorted(values.values())
    n = len(ordered)
    scores = {}
    for mid, v in values.items():
        ranks = [i + 1 for i, w in enumerate(ordered) if w == v]
        mid_rank = sum(ranks) / len(ranks)
        scores[mid] = min(5, int(5 * (mid_rank - 0.5) / n) + 1)
    return scores


def random_store(store: Store, rng: random.Random, members: int = 150) -> None:
    base = dt.datetime(2023, 1, 1, 10)
    for _ in range(members):
        mid = store.member(
            joined=(base.date() + dt.timedelta(days=rng.randint(0, 1300))).isoformat()
        )
        if rng.random() < 0.1:
            continue  # a prospect
        n = rng.choice([1, 1, 2, 3, 5, 8, 13, 30])
        start = rng.randint(0, 1200)
        for _ in range(n):
            day = start + int(rng.expovariate(1 / 60))
            at = base + dt.timedelta(days=day, minutes=rng.randint(0, 600))
            fen = rng.choice([0, 9900, 12800, 25000, 25000, 49900, 168000])
            pid = store.sale(mid, at.isoformat(), fen, rng.random() < 0.4)
            r = rng.random()
            if r < 0.08:  # a return some days later
                back = at + dt.timedelta(days=rng.randint(0, 20), hours=1)
                store.ret(pid, back.isoformat(), min(fen, rng.choice([0, 5000, fen])))
            elif r < 0.15:  # a second ticket the same day
                store.sale(mid, (at + dt.timedelta(hours=1)).isoformat(), 5000)


# ------------------------------------------------------------------ facts and RFM


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_and_rfm_scores_equal_a_naive_computation(db, store, seed):
    random_store(store, random.Random(seed))
    as_of = dt.date(2026, 3, 15)  # purchases after it exist and must be ignored
    seg = analytics.analyze(db, as_of=as_of, with_forecast=False, with_movement=False)
    facts = seg.facts
    naive = naive_facts(db, as_of)
    assert sorted(naive) == facts.member_ids.tolist()
    for i, mid in enumerate(facts.member_ids.tolist()):
        want = naive[mid]
        got = {k: getattr(facts, k)[i].item() for k in want if not k.endswith("_cv")}
        assert got == {k: v for k, v in want.items() if not k.endswith("_cv")}, mid
        for k in ("ticket_cv", "gap_cv"):
            if k in want:
                if want[k] is None:
                    assert np.isnan(getattr(facts, k)[i]), (mid, k)
                else:
                    assert getattr(facts, k)[i] == pytest.approx(want[k], abs=1e-9), (mid, k)
    customers = {m: f for m, f in naive.items() if f["customer"]}
    r = naive_quintiles({m: -f["recency_days"] for m, f in customers.items()})
    f_ = naive_quintiles({m: f["days"] for m, f in customers.items()})
    m_ = naive_quintiles({m: f["spend_fen"] for m, f in customers.items()})
    for i, mid in enumerate(facts.member_ids.tolist()):
        if mid in customers:
            assert (seg.r_score[i], seg.f_score[i], seg.m_score[i]) == (r[mid], f_[mid], m_[mid])
        else:
            assert (seg.r_score[i], seg.f_score[i], seg.m_score[i]) == (0, 0, 0)


def test_bgnbd_inputs_count_purchase_days_not_tickets(db, store):
    a = store.member()
    store.sale(a, store.days_ago(100) + "T10:00:00", 10000)
    store.sale(a, store.days_ago(100) + "T18:00:00", 20000)  # same day: one transaction
    p = store.sale(a, store.days_ago(40), 30000)
    store.ret(p, store.days_ago(38), 10000)  # a return is no transaction
    store.sale(a, store.days_ago(10), 50000)
    facts = analyze(db, with_forecast=False, with_movement=False).facts
    i = 0
    assert facts.x[i] == 2 and facts.t_x[i] == 90 and facts.tenure_days[i] == 100
    assert facts.tickets[i] == 4 and facts.days[i] == 3
    # repeat days' net spend (30000 - 10000 + 50000) over x = 2, in yuan
    assert facts.m_x[i] == pytest.approx(350.0)


def test_a_zero_amount_return_is_not_a_sale(db, store):
    a = store.member()
    p = store.sale(a, store.days_ago(30), 0)  # a free gift
    store.ret(p, store.days_ago(20), 0)  # … brought back
    store.sale(a, store.days_ago(50), 9900)
    facts = analyze(db, with_forecast=False, with_movement=False).facts
    assert facts.tickets[0] == 2  # the gift is a sale, its return is not
    assert facts.days[0] == 2
    assert facts.recency_days[0] == 30


def test_quintile_ties_share_a_score_and_straddling_groups_go_to_their_middle():
    values = np.array([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])  # six 1s: ranks 1..6, middle 3.5
    scores = analytics.quintile_scores(values)
    assert scores.tolist() == [2, 2, 2, 2, 2, 2, 4, 4, 5, 5]
    assert analytics.quintile_scores(np.arange(10)).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert analytics.quintile_scores(np.full(7, 3)).tolist() == [3] * 7


# ------------------------------------------------------------------ pyramid, 80/20


def test_pyramid_layers_by_rank_of_12_month_spend(db, store):
    ids = []
    for k in range(100):
        mid = store.member()
        store.sale(mid, store.days_ago(10 + k % 50), 1000 * (k + 1))
        ids.append(mid)
    old = store.member()
    store.sale(old, store.days_ago(400), 10**7)  # big, but not in the last 12 months
    prospect = store.member()
    seg = analyze(db, with_forecast=False, with_movement=False)
    layer = {int(m): seg.code("layer", i) for i, m in enumerate(seg.facts.member_ids)}
    # ids[99] spent most
    assert layer[ids[99]] == "platinum"
    assert [layer[m] for m in ids[80:99]] == ["gold"] * 19
    assert [layer[m] for m in ids[50:80]] == ["iron"] * 30
    assert [layer[m] for m in ids[:50]] == ["lead"] * 50
    assert layer[old] == layer[prospect] == "inactive"
    counts = seg.counts()["pyramid"]
    assert counts == {"platinum": 1, "gold": 19, "iron": 30, "lead": 50, "inactive": 2}
    total = sum(range(1, 101))
    assert seg.layer_spend_share["platinum"] == pytest.approx(100 / total)
    assert seg.top20_share == pytest.approx(sum(range(81, 101)) / total)


def test_pyramid_ties_at_a_boundary_stay_together_and_layers_are_editable(db, store, actor):
    for _ in range(10):
        store.sale(store.member(), store.days_ago(5), 5000)  # ten equal spenders
    settings.set_many(db, actor=actor, values={"segments_pyramid_layers": [["gold", 0.2]]})
    seg = analyze(db, with_forecast=False, with_movement=False)
    # mid-rank from the top is 5.5 of 10 -> 0.55 > 0.2: all in the rest
    assert seg.counts()["pyramid"] == {"gold": 0, "lead": 10, "inactive": 0}
    assert seg.layer_codes == ("gold", "lead", "inactive")
    with pytest.raises(ValueError):
        settings.set_many(
            db, actor=actor, values={"segments_pyramid_layers": [["a", 0.6], ["b", 0.5]]}
        )
        analytics.Rules.load(db)


def test_top20_share_is_none_without_spend():
    assert analytics.top_share(np.array([0, 0, -5])) is None
    assert analytics.top_share(np.array([80, 5, 5, 5, 5])) == pytest.approx(0.8)


# ------------------------------------------------------------------ matrices


def test_loyalty_value_matrix_on_hand_made_members(db, store, actor):
    # loyal: bought often lately, long ago first, recently last; disloyal: the opposite
    def loyal(mid, fen):
        for k in range(8):
            store.sale(mid, store.days_ago(700 - k * 90 if k < 4 else 40 - k), fen)

    def fleeting(mid, fen):
        store.sale(mid, store.days_ago(300), fen)

    tf, bar, but, stra = (store.member() for _ in range(4))
    loyal(tf, 100000)  # 8 x 1000 yuan
    loyal(bar, 500)  # 8 x 5 yuan
    fleeting(but, 2000000)  # one big purchase
    fleeting(stra, 500)
    settings.set_many(
        db,
        actor=actor,
        values={"segments_loyalty_threshold": 0.5, "segments_value_threshold_fen": 100000},
    )
    seg = analyze(db, with_forecast=False, with_movement=False)
    cells = {int(m): seg.code("loyalty_cell", i) for i, m in enumerate(seg.facts.member_ids)}
    assert cells == {tf: "true_friend", bar: "barnacle", but: "butterfly", stra: "stranger"}
    assert seg.thresholds["loyalty"] == 0.5
    i = seg.index_of(tf)
    assert seg.loyalty[i] > seg.loyalty[seg.index_of(but)]
    strategy = {c: analytics.STRATEGY_OF[c] for c in cells.values()}
    assert strategy == {
        "true_friend": "deep_care",
        "barnacle": "deep_mining",
        "butterfly": "deep_acquisition",
        "stranger": "long_term_nurture",
    }
    assert analytics.STRATEGY_OF["star"] == "deep_care"
    assert analytics.STRATEGY_OF["question"] == "deep_acquisition"
    assert analytics.STRATEGY_OF["cash_cow"] == "deep_mining"
    assert analytics.STRATEGY_OF["dog"] == "long_term_nurture"
    assert set(seg.members_in("strategy", "deep_care").tolist()) >= {tf}


def test_default_thresholds_are_medians_and_the_median_member_counts_as_low(db, store):
    spends = [1000, 2000, 3000, 4000, 5000]
    ids = []
    for fen in spends:
        mid = store.member()
        store.sale(mid, store.days_ago(10), fen)
        ids.append(mid)
    seg = analyze(db, with_forecast=False, with_movement=False)
    assert seg.thresholds["value_fen"] == 3000
    high = [seg.code("loyalty_cell", seg.index_of(m)) in ("true_friend", "butterfly") for m in ids]
    assert high == [False, False, False, True, True]


def test_value_matrix_from_a_forecast(db, store):
    class FakeForecast:
        bgnbd = object()

        def __init__(self, values):
            self.expected_value_fen = np.asarray(values, dtype=float)

    ids = [store.member() for _ in range(4)]
    for mid, fen in zip(ids, (900, 900, 100, 100), strict=True):
        store.sale(mid, store.days_ago(20), fen)
    rules = analytics.Rules(current_threshold_fen=500, potential_threshold_fen=50)
    rows = analytics.load_rows(db, as_of=AS_OF)
    facts = analytics.compute_facts(rows, analytics.load_members(db), AS_OF)
    seg = analytics.segment(facts, rules, FakeForecast([80, 10, 80, 10]))
    got = [seg.code("value_cell", i) for i in range(4)]
    assert got == ["star", "cash_cow", "question", "dog"]
    assert seg.potential_fen.tolist() == [80, 10, 80, 10]


# ------------------------------------------------------------------ lifecycle, types


def test_lifecycle_states_on_hand_made_members(db, store):
    prospect = store.member()
    new = store.member()
    store.sale(new, store.days_ago(20), 10000)
    repeat = store.member()
    store.sale(repeat, store.days_ago(100), 10000)
    store.sale(repeat, store.days_ago(20), 10000)
    loyal = store.member()
    for d in (500, 300, 200, 120, 60, 5):
        store.sale(loyal, store.days_ago(d), 10000)
    young = store.member()  # frequent but a customer for less than a year
    for d in (200, 120, 60, 5):
        store.sale(young, store.days_ago(d), 10000)
    dormant = store.member()
    store.sale(dormant, store.days_ago(400), 10000)
    store.sale(dormant, store.days_ago(181), 10000)
    lost = store.member()
    store.sale(lost, store.days_ago(366), 10000)
    seg = analyze(db, with_forecast=False, with_movement=False)
    state = {int(m): seg.code("lifecycle", i) for i, m in enumerate(seg.facts.member_ids)}
    assert state == {
        prospect: "prospect",
        new: "new",
        repeat: "repeat",
        loyal: "loyal",
        young: "repeat",
        dormant: "dormant",
        lost: "lost",
    }


def test_customer_types_on_hand_made_members(db, store):
    gone = store.member()
    store.sale(gone, store.days_ago(400), 10000)
    once_recent = store.member()
    store.sale(once_recent, store.days_ago(30), 10000)
    bargain = store.member()
    for d, disc in ((200, True), (61, True), (37, True), (3, False)):
        store.sale(bargain, store.days_ago(d), 10000 if disc else 3000, disc)
    regular = store.member()  # every 30 days, varied amounts
    for k, fen in enumerate((5000, 30000, 12000, 80000, 2000)):
        store.sale(regular, store.days_ago(10 + 30 * k), fen)
    steady = store.member()  # the same ticket, irregular days
    for d in (300, 290, 100, 7):
        store.sale(steady, store.days_ago(d), 25000)
    seg = analyze(db, with_forecast=False, with_movement=False)

    def types(mid):
        i = seg.index_of(mid)
        return {t for t in analytics.CUSTOMER_TYPES if seg.types[t][i]}

    assert types(gone) == {"ineffective"}
    assert types(once_recent) == {"effective"}
    assert types(bargain) == {"effective", "discount"}  # 30000 of 33000 discounted
    assert types(regular) == {"effective", "frequency"}
    assert types(steady) == {"effective", "amount"}


# ------------------------------------------------------------------ movement and snapshots


def test_movement_since_last_month_and_snapshot_cache(db, store):
    a, b, c = store.member(), store.member(), store.member()
    store.sale(a, "2026-05-10", 10000)  # new in May
    store.sale(b, "2025-06-01", 10000)
    store.sale(b, "2026-06-20", 90000)  # b comes back in June: lost -> repeat
    store.sale(c, "2024-01-01", 10000)  # lost all along
    seg = analyze(db, with_forecast=False)
    mv = seg.movement
    assert mv["since"] == "2026-05-31"
    assert mv["source"] == "facts"
    assert mv["lifecycle"]["flows"] == {"dormant->repeat": 1}
    assert mv["lifecycle"]["moved"] == 1
    # the previous month is now stored and fresh: the second run reads it
    assert analytics.read_snapshot(db, "2026-05")[b] == ("lead", "dormant")
    again = analyze(db, with_forecast=False).movement
    assert again["source"] == "snapshot"
    assert again["lifecycle"] == mv["lifecycle"] and again["pyramid"] == mv["pyramid"]
    # a purchase dated in May, added later, makes the snapshot stale
    store.sale(c, "2026-05-20", 5000)
    third = analyze(db, with_forecast=False).movement
    assert third["source"] == "facts"
    assert third["lifecycle"]["flows"] == {"dormant->repeat": 1}  # c: new state in May too
    assert analytics.read_snapshot(db, "2026-05")[c][1] == "repeat"


def test_rebuilt_snapshots_equal_the_segments_of_that_month(db, store):
    random_store(store, random.Random(5), members=60)
    analytics.rebuild_snapshots(db, ["2025-12", "2026-01"])
    for month, end in (("2025-12", dt.date(2025, 12, 31)), ("2026-01", dt.date(2026, 1, 31))):
        seg = analytics.analyze(db, as_of=end, with_forecast=False, with_movement=False)
        want = {
            int(m): (seg.code("layer", i), seg.code("lifecycle", i))
            for i, m in enumerate(seg.facts.member_ids)
        }
        assert analytics.read_snapshot(db, month) == want
    assert analytics.invalidate_snapshots(db, since=dt.date(2026, 1, 1)) == 1
    assert analytics.read_snapshot(db, "2026-01") == {}
    assert analytics.read_snapshot(db, "2025-12") != {}


@pytest.mark.parametrize("per_insert", [6, 7, 250])  # chunks only, chunks and rest, rest only
def test_a_snapshot_is_written_whole_however_its_rows_fall_into_statements(
    db, store, monkeypatch, per_insert
):
    from app.analytics import snapshots

    random_store(store, random.Random(8), members=60)
    seg = analytics.analyze(db, as_of=dt.date(2026, 1, 31), with_forecast=False)
    assert len(seg.facts.member_ids) == 60
    monkeypatch.setattr(snapshots, "SNAPSHOT_ROWS_PER_INSERT", per_insert)
    analytics.rebuild_snapshots(db, ["2026-01"])
    assert analytics.read_snapshot(db, "2026-01") == {
        int(m): (seg.code("layer", i), seg.code("lifecycle", i))
        for i, m in enumerate(seg.facts.member_ids)
    }


def test_a_member_merge_still_works_with_snapshots_and_tasks(db, store, actor):
    a, b = store.member(), store.member()
    store.sale(a, "2026-05-10", 10000)
    store.sale(b, "2026-05-11", 10000)
    analyze(db, with_forecast=False)  # stores May's snapshot with both members
    analytics.add_campaign_tasks(db, actor=actor, member_ids=[a, b], purpose="promotion", due=AS_OF)
    merge.merge_members(db, actor=actor, keep_id=a, remove_id=b)
    assert db.execute("SELECT member_id FROM campaign_tasks").fetchall() == [(a,), (a,)]
    seg = analyze(db, with_forecast=False)
    assert seg.facts.days[seg.index_of(a)] == 2


# ------------------------------------------------------------------ campaign tasks


def test_campaign_tasks_are_added_once_and_validated(db, store, actor):
    ids = [store.member() for _ in range(3)]
    gone = store.member(status="anonymised")
    ch = analytics.add_campaign_tasks(
        db,
        actor=actor,
        member_ids=[*ids, gone],
        purpose="winback",
        due="2026-07-01",
        note="休眠唤醒：铅层",
    )
    assert ch.touches("campaign_tasks") and ch.member_ids == frozenset(ids)
    again = analytics.add_campaign_tasks(
        db, actor=actor, member_ids=ids, purpose="winback", due="2026-07-01"
    )
    assert again.member_ids == frozenset()
    tasks = analytics.open_campaign_tasks(db, due_by=dt.date(2026, 7, 1))
    assert [t["member_id"] for t in tasks] == ids
    assert tasks[0]["note"] == "休眠唤醒：铅层"
    assert analytics.open_campaign_tasks(db, due_by=dt.date(2026, 6, 30)) == []
    with pytest.raises(ValidationError) as err:
        analytics.add_campaign_tasks(db, actor=actor, member_ids=ids, purpose="x", due="soon")
    assert {e.field for e in err.value.errors} == {"purpose", "due"}
    assert (
        db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'campaign_tasks'").fetchone()[0]
        == 2
    )


# ------------------------------------------------------------------ export, cache, demo


def test_export_xlsx_has_one_row_per_member_with_words(db, store, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    random_store(store, random.Random(9), members=40)
    seg = analyze(db, with_movement=False)
    out = tmp_path / "m.xlsx"
    assert analytics.export_xlsx(db, seg=seg, path=out) == len(seg.facts)
    ws = openpyxl.load_workbook(out, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("ID", "会员号", "姓名")
    assert len(rows) == len(seg.facts) + 1
    layers = {r[analytics.COLUMNS.index("layer")] for r in rows[1:]}
    assert layers <= {"铂金层", "黄金层", "钢铁层", "铅层", "未活跃"}
    some = analytics.export_xlsx(
        db, seg=seg, path=tmp_path / "s.xlsx", member_ids=seg.facts.member_ids[:3]
    )
    assert some == 3


def test_fingerprint_changes_with_the_facts(db, store, actor):
    mid = store.member()
    before = analytics.data_fingerprint(db)
    assert analytics.data_fingerprint(db) == before
    store.sale(mid, store.days_ago(3), 100)
    assert analytics.data_fingerprint(db) != before
    mid_state = analytics.data_fingerprint(db)
    settings.set_many(db, actor=actor, values={"lifecycle_dormant_days": 90})
    assert analytics.data_fingerprint(db) != mid_state


def test_demo_store_counts_add_up(demo_db):
    seg = analytics.analyze(demo_db)
    n = len(seg.facts)
    counts = seg.counts()
    assert sum(counts["pyramid"].values()) == n
    assert sum(counts["lifecycle"].values()) == n
    customers = int(seg.facts.customer.sum())
    assert sum(counts["loyalty_matrix"].values()) == customers
    assert sum(counts["value_matrix"].values()) == customers
    assert (
        counts["customer_types"]["effective"] + counts["customer_types"]["ineffective"] == customers
    )
    assert 0.2 < seg.top20_share < 1
    s = analytics.summary(seg)
    assert set(s["params"]) == {"r", "alpha", "a", "b", "p", "q", "gamma"}
    assert len(seg.monthly) == 24 and seg.monthly[-1]["sales_fen"] >= 0
    rows = analytics.member_rows(demo_db, seg)
    assert len(rows) == n and all(len(r) == len(analytics.COLUMNS) for r in rows)


def test_monthly_series_equals_a_naive_count(db, store):
    random_store(store, random.Random(11), members=80)
    as_of = dt.date(2026, 3, 15)
    seg = analytics.analyze(db, as_of=as_of, with_forecast=False, with_movement=False)
    months = [m["month"] for m in seg.monthly]
    assert len(months) == 24 and months[-1] == "2026-03" and months[0] == "2024-04"
    rows = db.execute(
        "SELECT member_id, substr(at, 1, 7), substr(at, 1, 10), paid_fen, return_of "
        "FROM purchases ORDER BY at"
    ).fetchall()
    first_sale: dict[int, str] = {}
    sales = defaultdict(int)
    active = defaultdict(set)
    for mid, month, day, paid, ret in rows:
        if day > as_of.isoformat():
            continue
        sales[month] += paid
        if ret is None:
            active[month].add(mid)
            first_sale.setdefault(mid, month)
    for m in seg.monthly:
        assert m["sales_fen"] == sales[m["month"]], m
        assert m["active_members"] == len(active[m["month"]]), m
        assert m["new_customers"] == sum(1 for f in first_sale.values() if f == m["month"]), m


def test_timestamps_of_other_lengths_take_the_slow_parser(db, store):
    a = store.member()
    store.sale(a, "2026-06-01T10:00:00", 1000)
    store.sale(a, "2026-06-03T10:00", 2000)  # no seconds: not the fixed 19 characters
    store.sale(a, "2026-06-05 10:00:00.123456", 3000)
    facts = analyze(db, with_forecast=False, with_movement=False).facts
    assert facts.days[0] == 3
    assert facts.recency_days[0] == (AS_OF - dt.date(2026, 6, 5)).days
    assert facts.spend_fen[0] == 6000
    assert rows.parse_days("2026-06-01T10:00:00,", 1).tolist() == [
        (dt.date(2026, 6, 1) - dt.date(1970, 1, 1)).days
    ]
    assert rows.parse_days("2026-13-01T10:00:00,", 1) is None


def test_one_reader_and_two_readers_read_the_same_rows(db, store, monkeypatch):
    random_store(store, random.Random(13), members=120)
    as_of = dt.date(2026, 1, 31)
    monkeypatch.setattr(rows, "_readers", lambda: 2)
    two = analytics.load_rows(db, as_of=as_of)
    monkeypatch.setattr(rows, "_readers", lambda: 1)
    one = analytics.load_rows(db, as_of=as_of)
    for name in ("member_ids", "member", "day", "paid", "disc", "sale"):
        assert np.array_equal(getattr(one, name), getattr(two, name)), name
    seen = []
    monkeypatch.setattr(rows, "_readers", lambda: 2)
    analytics.load_rows(db, as_of=as_of, on_progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] == purchase_fetch.CHUNKS
    with pytest.raises(analytics.Cancelled):
        analytics.load_rows(db, as_of=as_of, should_cancel=lambda: True)


def _plain_rows(db, as_of):
    """(member id, day, paid, discounted) of every purchase row up to ``as_of``, sorted,
    by the plainest query."""
    end = (as_of + dt.timedelta(days=1)).isoformat()
    return sorted(
        (mid, rows.day_number(dt.date.fromisoformat(at[:10])), paid, bool(disc))
        for mid, at, paid, disc in db.execute(
            "SELECT member_id, at, paid_fen, is_discounted FROM purchases WHERE at < ?", [end]
        )
    )


def _rows_as_tuples(r):
    return sorted(
        zip(
            r.member_ids[r.member].tolist(),
            r.day.tolist(),
            r.paid.tolist(),
            r.disc.tolist(),
            strict=True,
        )
    )


def test_rows_are_every_purchase_row_and_an_unordered_range_is_read_again(db, store, monkeypatch):
    """load_rows reads each member range as one answer row (the GIL stays free while
    SQLite works); they are the rows a plain SELECT gives. A range whose members the
    outer concatenation did not keep in ascending order (forced here) is read again one
    answer row per member, with the same result."""
    random_store(store, random.Random(31), members=150)
    as_of = dt.date(2026, 1, 31)  # later purchases exist: the time filter is on
    got = rows.load_rows(db, as_of=as_of)
    assert _rows_as_tuples(got) == _plain_rows(db, as_of)
    assert (np.diff(got.member_ids) > 0).all()
    asked = []
    real = rows._parse_chunk

    def parse(row):
        out = real(row)
        asked.append(out is None)
        return out

    monkeypatch.setattr(rows, "_parse_chunk", parse)
    monkeypatch.setattr(
        purchase_fetch,
        "ROWS_SQL",
        purchase_fetch.ROWS_SQL.replace(
            "GROUP BY member_id", "GROUP BY member_id ORDER BY member_id DESC"
        ),
    )
    again = rows.load_rows(db, as_of=as_of)
    assert any(asked), "no range came back out of order: the fallback was not exercised"
    for name in ("member_ids", "member", "day", "paid", "disc", "sale"):
        assert np.array_equal(getattr(again, name), getattr(got, name)), name
    latest = dt.date.fromisoformat(db.execute("SELECT MAX(at) FROM purchases").fetchone()[0][:10])
    assert _rows_as_tuples(rows.load_rows(db, as_of=latest)) == _plain_rows(db, latest)


def test_parse_ints_raises_on_what_is_not_integers_and_leaves_warnings_alone():
    import warnings

    before = list(warnings.filters)
    assert rows.parse_ints("1,-2,30", 3).tolist() == [1, -2, 30]
    for bad in ("1,2x,3", "1,2.5,3", "1,,3"):
        with pytest.raises(ValueError):
            rows.parse_ints(bad, 3)
    assert warnings.filters == before


def test_a_second_reader_only_when_a_core_is_free(monkeypatch):
    """(Two readers only when _READERS allows it: one by default, see rows._READERS.)"""
    import os

    monkeypatch.setattr(rows, "_READERS", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.3, 0.3))
    assert rows._readers() == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (1.8, 1.0, 1.0))
    assert rows._readers() == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert rows._readers() == 1


def test_a_cancelled_export_leaves_no_file(db, store, tmp_path):
    random_store(store, random.Random(17), members=30)
    seg = analyze(db, with_movement=False)
    out = tmp_path / "cancelled.xlsx"
    with pytest.raises(analytics.Cancelled):
        analytics.export_xlsx(db, seg=seg, path=out, should_cancel=lambda: True)
    assert not out.exists()
    seen = []
    analytics.export_xlsx(
        db, seg=seg, path=out, on_progress=lambda d, t: seen.append((d, t)), lang="en"
    )
    assert out.exists() and seen[0] == (0, len(seg.facts))
    openpyxl = pytest.importorskip("openpyxl")
    header = next(openpyxl.load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert header[:4] == ("member_id", "member_no", "name", "phone")
    assert "clv" in header and "spend" in header


def test_analyze_imports_scipy_on_the_calling_thread_while_the_readers_work(db, db_path, store):
    """The forecast's scipy is imported on the thread that called analyze(), while the
    purchase readers work on theirs: never on a thread started just for the import,
    which could race an import of the same package elsewhere (_DeadlockError)."""
    random_store(store, random.Random(23), members=40)
    db.conn.commit()
    code = (
        "import sys, threading\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'scipy' or name == 'app.analytics.forecast':\n"
        "            seen.append(threading.current_thread().name)\n"
        "sys.meta_path.insert(0, Watch())\n"
        "from app import analytics\n"
        "from app.analytics import rows\n"
        "from app.db import connect\n"
        "assert 'scipy' not in sys.modules, 'the package imports scipy'\n"
        "rows._readers = lambda: 1\n"
        "from app import purchase_fetch\n"
        "readers = []\n"
        "real = rows.reader\n"
        "def reader(path):\n"
        "    readers.append(threading.current_thread().name)\n"
        "    return real(path)\n"
        "rows.reader = purchase_fetch.reader = reader\n"
        "seg = analytics.analyze(connect(sys.argv[1]), with_movement=False)\n"
        "assert seg.forecast is not None\n"
        "print(sorted(set(seen)), sorted(set(readers)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(db_path)],
        cwd=project_root(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    imports, readers = proc.stdout.strip().split("] [")
    assert imports == "['MainThread'", proc.stdout
    assert "MainThread" not in readers, proc.stdout


def test_rows_since_a_day_are_the_full_rows_from_then_with_stand_ins_before(db, store):
    """load_rows(since=...), the monthly report's reading: from ``since`` on, each
    member's rows are those of the full read; before, one zero-amount stand-in sale on
    the member's first purchase day before ``since`` and one on the last (if another)."""
    random_store(store, random.Random(29), members=120)
    db.conn.commit()
    as_of, since = dt.date(2026, 1, 31), dt.date(2025, 2, 1)
    full = rows.load_rows(db, as_of=as_of)
    part = rows.load_rows(db, as_of=as_of, since=since)
    s = rows.day_number(since)

    def of(r, mid):
        k = np.searchsorted(r.member_ids, mid)
        if k == len(r.member_ids) or r.member_ids[k] != mid:
            return {name: np.zeros(0) for name in ("day", "paid", "disc", "sale")}
        mine = r.member == k
        return {name: getattr(r, name)[mine] for name in ("day", "paid", "disc", "sale")}

    stand_ins = 0
    for mid in np.union1d(full.member_ids, part.member_ids).tolist():
        f, p = of(full, mid), of(part, mid)
        for name in ("day", "paid", "disc", "sale"):
            assert np.array_equal(f[name][f["day"] >= s], p[name][p["day"] >= s]), (mid, name)
        old_days = f["day"][(f["day"] < s) & f["sale"].astype(bool)]
        want = [] if not len(old_days) else sorted({int(old_days.min()), int(old_days.max())})
        before = p["day"] < s
        assert p["day"][before].tolist() == want, mid
        assert not p["paid"][before].any() and p["sale"][before].all(), mid
        assert not p["disc"][before].any(), mid
        stand_ins += len(want)
    assert stand_ins > 50 and len(part) < len(full)


def test_the_monthly_series_is_left_out_on_request_and_nothing_else_changes(db, store):
    """``analyze(with_monthly=False)`` (the ``analyze`` command, which prints no month)
    leaves ``seg.monthly`` empty; every other figure is the same."""
    random_store(store, random.Random(37), members=60)
    full = analytics.analyze(db, as_of=AS_OF, with_movement=False)
    lean = analytics.analyze(db, as_of=AS_OF, with_movement=False, with_monthly=False)
    assert full.monthly and lean.monthly == []
    assert analytics.summary(lean) == analytics.summary(full)
