"""Store settings: JSON values in the ``settings`` table, with defaults here so a new
database needs no rows. Rules (call-list thresholds, member-number prefix, …) live here,
the same for every clerk."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from app import audit
from app.core import Actor, Changes, FieldError, ValidationError

DEFAULTS: dict[str, Any] = {
    "store_name": "我的店铺",  # the set-up wizard asks for the real one (app/setup.py)
    "setup_done": False,
    "store_code": "VK",
    "member_no_prefix": "VK",
    # Call list (app/calllist.py documents every rule). Whole days; "lead" = shown this
    # many days before the date, "overdue" = still shown this many days after it.
    "calllist_birthday_lead_days": 7,  # member's and family birthdays, anniversaries
    "calllist_birthday_overdue_days": 3,
    "calllist_post_sale_overdue_days": 3,  # day-1 and day-7 calls after a sale
    "calllist_dormant_days": [180, 365],  # no sale (or win-back call) for this long
    "calllist_dormant_overdue_days": 30,
    "calllist_follow_up_overdue_days": 60,  # contacts.next_follow_up not yet done
    "calllist_festival_tiers": ["gold", "diamond"],  # who gets festival greetings
    "calllist_festival_lead_days": 7,
    "calllist_festival_overdue_days": 1,
    "calllist_max_attempts": 3,  # unanswered tries before a task is dropped
    # Reasons that need the member's consent to be contacted (consent_channels not empty).
    "calllist_consent_required": [
        "birthday",
        "family_birthday",
        "wedding_anniversary",
        "festival",
        "dormant",
        "points_expiring",
        "reward_ready",
        "campaign",
    ],
    # Segments and forecasts (app/analytics/ documents every formula).
    # Pyramid: [layer, share of active customers] from the top; the rest is "lead",
    # members without spend in the last 12 months are "inactive".
    "segments_pyramid_layers": [["platinum", 0.01], ["gold", 0.19], ["iron", 0.30]],
    "segments_rfm_window": "lifetime",  # or "12m": F and M over the last 12 months
    # Matrix thresholds; null = the median of customers ("high" = strictly above).
    "segments_loyalty_threshold": None,  # loyalty score 0..1
    "segments_value_threshold_fen": None,  # lifetime net spend
    "segments_current_threshold_fen": None,  # net spend, last 12 months
    "segments_potential_threshold_fen": None,  # forecast spend, next clv_forecast_days
    "lifecycle_dormant_days": 180,  # no purchase for longer: dormant
    "lifecycle_lost_days": 365,  # … and for longer still: lost
    "lifecycle_new_days": 90,  # first purchase within this many days: new (app/state.py)
    "lifecycle_loyal_min_days_12m": 4,  # loyal: purchase days in the last 12 months
    "lifecycle_loyal_min_tenure_days": 365,  # … and a customer for this long
    "types_one_time_gone_days": 365,  # one purchase, longer ago: ineffective customer
    "types_discount_share": 0.6,  # discount-type: share of spend bought discounted
    "types_min_tickets": 3,  # tickets (and gaps) needed before a type is judged
    "types_frequency_max_cv": 0.5,  # frequency-type: std/mean of purchase gaps
    "types_amount_max_cv": 0.25,  # amount-type: std/mean of ticket amounts
    "clv_margin": 0.4,  # gross margin as a share of net spend
    # a member's own margin rate (item costs, app/analytics/margin.py) replaces clv_margin
    # in their CLV when the cost is known for at least this share of their net spend
    "clv_margin_min_known_share": 0.8,
    "clv_discount_rate": 0.12,  # annual
    "clv_horizon_months": 36,
    "clv_acquisition_cost_fen": 0,  # subtracted from CLV when given (textbook: 300000)
    "clv_forecast_days": 365,  # "expected purchases" and potential value window
    # Loyalty (app/loyalty/ documents every rule; the points rules themselves are
    # versioned in the loyalty_rules table).
    "loyalty_point_value_fen": 100,  # what one point is worth to the member (liability)
    "loyalty_tier_review_date": "01-01",  # yearly tier review (downgrades), MM-DD
    "loyalty_tier_last_review": None,  # written by app.loyalty.recompute_tiers
    "loyalty_birthday_catch_up_days": 7,  # birthdays this many days back still earn
    "loyalty_daily_last_run": None,  # written by app.loyalty.run_daily
    "calllist_points_expiry_lead_days": 30,  # points expiring within: call
    "calllist_points_expiry_min_points": 100,  # … when at least this many expire
    "calllist_reward_ready_overdue_days": 3,  # "enough for a reward": shown this long
    # A second copy of every backup (app/backup.py), e.g. on a USB stick; "" = none.
    "backup_copy_folder": "",
}


def get(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row[0])


# Settings written as part of another permitted job, and the permission it needs; every
# other setting is a rule of the store (app.permissions.RULES: the owner).
WRITTEN_BY: dict[str, str] = {
    "excel_import_mappings": "import",  # the import dialog remembers corrected headers
    "feedback_survey_factors": "feedback_admin",
}


def set_many(db: sqlite_utils.Database, *, actor: Actor, values: dict[str, Any]) -> Changes:
    """Write several settings in one transaction (and one audit entry). Store rules are
    the owner's (``app.permissions.RULES``); the keys of ``WRITTEN_BY`` need the
    permission named there."""
    from app import permissions

    for perm in {WRITTEN_BY.get(k, permissions.RULES) for k in values}:
        permissions.require(actor, perm)
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
        )
        said = audit.summary("settings_changed", keys=sorted(values))
        audit.record(db, actor, "rule_change", "settings", None, said)
    return Changes.of({"settings"})


# Excel import/export (app/excel/): the row limit of an import file, and the header
# mappings a person corrected in the import dialog ({kind: {header-set hash: {header:
# field}}}, see app/excel/mapping.py).
DEFAULTS.update(
    {
        "excel_import_max_rows": 300_000,
        "excel_import_mappings": {},
    }
)

# Backups (app/backup.py documents the rotation rule). Routine backups are the ones made
# while the app runs (every backup_interval_hours) and when it closes.
DEFAULTS.update(
    {
        "backup_interval_hours": 4,
        "backup_on_close": True,
        "backup_keep_daily": 12,
        "backup_keep_weekly": 10,
        "backup_keep_monthly": 9,
        "backup_keep_recent_hours": 24,
        # made before imports, restores and on request: the newest N, and all younger
        # than D days
        "backup_keep_safety": 10,
        "backup_keep_safety_days": 14,
    }
)

# Feedback (app/feedback.py documents every rule).
DEFAULTS.update(
    {
        "feedback_survey_factors": ["quality", "service", "store_image", "price", "range"],
        "feedback_complaint_overdue_days": 3,  # open/in progress longer: overdue
        "feedback_winback_days": 90,  # a purchase this soon after a win-back call: won back
        "calllist_complaint_check_overdue_days": 7,  # the call after a resolved complaint
    }
)

# Privacy (app/privacy.py): the notice a customer is shown when consenting to be
# contacted (its version is stored with the consent), and the retention review.
DEFAULTS.update(
    {
        "privacy_notice_version": "2026-1",
        "privacy_notice_text": (
            "本店收集您的姓名、手机号及您自愿提供的其他资料（如生日、尺码、喜好），"
            "仅用于会员服务：积分与等级、售后回访、生日及节日问候、新品与活动通知。"
            "我们只通过您同意的渠道联系您，您可随时撤回同意、查阅或要求删除您的资料。"
            "资料保存在本店电脑，不向第三方出售；按总部要求报送的会员资料卡除外。"
            "会员连续 3 年无消费或联系，资料将被匿名化。"
        ),
        "retention_inactive_years": 3,  # no purchase, contact or edit for this long
    }
)

# The lock screen (ui/lock_screen.py): the main window locks after this many idle
# minutes (0: never); a clerk unlocks, or another switches in, by name and PIN.
DEFAULTS.update({"auto_lock_minutes": 10})
# Archive freshness (app/service/freshness.py, issue #19): months after the last check of
# a member's details (members.verified_at, else when the card was made) before "verify".
DEFAULTS.update({"archive_fresh_months": 12})


# ------------------------------------------------------------------ the rules form


@dataclass(frozen=True)
class Editable:
    """A setting the owner edits on the settings page; words in both languages.
    ``kind``: "int" (whole number in ``[low, high]``), "text" (``high`` characters at
    most), "pct" (a share stored as 0…1, edited as a percent in ``[low, high]``),
    "yuan" (fen stored, whole yuan edited, ``[low, high]`` yuan), "days" (a list of
    whole days, each in ``[low, high]``, at most ``high_count``) or "tiers" (tier
    codes of the ``tiers`` table). A key ``setting:code`` edits the share of layer
    ``code`` inside the list setting (the pyramid's layers)."""

    key: str
    group: str
    zh: str
    en: str
    kind: str = "int"
    low: int = 0
    high: int = 365
    high_count: int = 4

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


GROUPS: dict[str, tuple[str, str]] = {
    "store": ("店铺", "Store"),
    "calllist": ("今日回访", "Call list"),
    "customers": (
        "顾客状态（会员列表、分析与报表）",
        "Customer states (member list, analytics, reports)",
    ),
    "segments": (
        "顾客金字塔（按近12个月消费的前百分之几）",
        "Customer pyramid (top share by 12-month spend)",
    ),
    "clv": ("客户终身价值", "Customer lifetime value"),
    "feedback": ("反馈", "Feedback"),
    "backup": ("备份", "Backups"),
}

EDITABLE: tuple[Editable, ...] = (
    Editable("store_name", "store", "店铺名称", "Store name", "text", 1, 40),
    Editable("store_code", "store", "门店编码（总部同步用）", "Store code (for head office)",
             "text", 1, 12),
    Editable("member_no_prefix", "store", "会员号前缀", "Member number prefix", "text", 0, 6),
    Editable("calllist_birthday_lead_days", "calllist", "生日提前几天提醒",
             "Birthdays: days ahead", low=0, high=60),
    Editable("calllist_birthday_overdue_days", "calllist", "生日过后仍显示天数",
             "Birthdays: days shown after", low=0, high=30),
    Editable("calllist_post_sale_overdue_days", "calllist", "售后回访逾期仍显示天数",
             "After-sale calls: days shown overdue", low=0, high=30),
    Editable("calllist_follow_up_overdue_days", "calllist", "预约回访逾期仍显示天数",
             "Scheduled follow-ups: days shown overdue", low=0, high=365),
    Editable("calllist_festival_lead_days", "calllist", "节日问候提前几天",
             "Festival greetings: days ahead", low=0, high=30),
    Editable("calllist_max_attempts", "calllist", "未接通几次后放弃",
             "Unanswered tries before a task is dropped", low=1, high=10),
    Editable("calllist_points_expiry_lead_days", "calllist", "积分到期提前几天提醒",
             "Expiring points: days ahead", low=1, high=180),
    Editable("calllist_points_expiry_min_points", "calllist", "到期积分至少多少分才提醒",
             "Expiring points: at least this many", low=1, high=100_000),
    Editable("plan_daily_capacity", "calllist", "每位导购每天联系几位会员",
             "Members each clerk contacts a day", low=1, high=500),
    Editable("plan_vip_talks_per_day", "calllist", "店长每天与几位贵宾沟通",
             "Manager's VIP talks a day", low=0, high=20),
    Editable("calllist_dormant_days", "calllist", "唤醒电话：未消费几天后打（可填多个）",
             "Win-back calls: days without a purchase (one or more)", "days", 30, 1460),
    Editable("calllist_dormant_overdue_days", "calllist", "唤醒电话逾期仍显示天数",
             "Win-back calls: days shown overdue", low=1, high=180),
    Editable("calllist_festival_tiers", "calllist", "节日问候发给哪些等级",
             "Festival greetings for tiers", "tiers"),
    Editable("lifecycle_dormant_days", "customers", "多少天未消费算休眠",
             "Dormant after days without a purchase", low=30, high=730),
    Editable("lifecycle_lost_days", "customers", "多少天未消费算流失",
             "Lost after days without a purchase", low=60, high=1460),
    Editable("lifecycle_new_days", "customers", "首次消费后几天内算新顾客",
             "New: first purchase within days", low=1, high=365),
    Editable("archive_fresh_months", "customers", "档案几个月未核实需再核实",
             "Verify a member's details after months unchecked", low=1, high=60),
    Editable("segments_pyramid_layers:platinum", "segments", "铂金层",
             "Platinum layer", "pct", 0, 100),
    Editable("segments_pyramid_layers:gold", "segments", "黄金层",
             "Gold layer", "pct", 0, 100),
    Editable("segments_pyramid_layers:iron", "segments", "钢铁层",
             "Iron layer", "pct", 0, 100),
    Editable("clv_margin", "clv", "毛利率", "Gross margin", "pct", 1, 100),
    Editable("clv_margin_min_known_share", "clv", "用会员自己的毛利率：成本已知的消费至少占",
             "Own margin rate once costs are known for", "pct", 1, 100),
    Editable("clv_discount_rate", "clv", "年折现率", "Annual discount rate",
             "pct", 0, 100),
    Editable("clv_horizon_months", "clv", "计算期（月）", "Horizon (months)", low=1, high=120),
    Editable("clv_acquisition_cost_fen", "clv", "获客成本（元）", "Acquisition cost (yuan)",
             "yuan", 0, 1_000_000),
    Editable("clv_forecast_days", "clv", "“预计消费”看未来几天",
             "Expected purchases: days ahead", low=30, high=1095),
    Editable("feedback_complaint_overdue_days", "feedback", "投诉超过几天未解决算超期",
             "A complaint is overdue after days", low=1, high=60),
    Editable("feedback_winback_days", "feedback", "唤醒电话后几天内消费算唤醒成功",
             "Won back: a purchase within days of the call", low=7, high=365),
    Editable("backup_interval_hours", "backup", "运行时每隔几小时备份",
             "Back up every … hours while running", low=1, high=48),
    Editable("backup_keep_daily", "backup", "保留每日备份（天）",
             "Keep daily backups (days)", low=1, high=60),
    Editable("backup_keep_weekly", "backup", "保留每周备份（周）",
             "Keep weekly backups (weeks)", low=0, high=52),
    Editable("backup_keep_monthly", "backup", "保留每月备份（月）",
             "Keep monthly backups (months)", low=0, high=60),
    Editable("backup_copy_folder", "backup", "另存一份到文件夹（如移动盘，空为不另存）",
             "Also copy each backup to a folder (e.g. a USB stick; empty = none)",
             "text", 0, 260),
    Editable("auto_lock_minutes", "store", "闲置几分钟后锁屏（0 为不锁）",
             "Lock after idle minutes (0: never)", low=0, high=240),
)  # fmt: skip


def _layer_share(db: sqlite_utils.Database, key: str) -> float:
    setting, code = key.split(":")
    return float(dict((c, v) for c, v in get(db, setting)).get(code, 0.0))


def _stored(db: sqlite_utils.Database, key: str) -> Any:
    return _layer_share(db, key) if ":" in key else get(db, key)


def editable_values(db: sqlite_utils.Database) -> dict[str, Any]:
    """The current value of every :data:`EDITABLE` setting, as the form edits it
    (percent for "pct", yuan for "yuan")."""
    out: dict[str, Any] = {}
    for e in EDITABLE:
        value = _stored(db, e.key)
        if e.kind == "pct":
            value = round(float(value) * 100, 4)
        elif e.kind == "yuan":
            value = int(value) // 100
        elif e.kind in ("days", "tiers"):
            value = list(value)
        out[e.key] = value
    return out


def _number(spec: Editable, value: Any, errors: list[FieldError], whole: bool) -> Any:
    """``value`` checked against the spec's limits (None after an error)."""
    try:
        number = float(value) if not whole else int(value)
    except (TypeError, ValueError):
        errors.append(FieldError(spec.key, "int_invalid" if whole else "number_invalid",
                                 {"value": value}))  # fmt: skip
        return None
    if whole and isinstance(value, float) and value != number:
        errors.append(FieldError(spec.key, "int_invalid", {"value": value}))
        return None
    if not spec.low <= number <= spec.high:
        errors.append(
            FieldError(spec.key, "int_out_of_range", {"low": spec.low, "high": spec.high})
        )
        return None
    return number


def _clean_rule(
    db: sqlite_utils.Database, spec: Editable, value: Any, errors: list[FieldError]
) -> Any:
    """The value to store for one form field (None after an error)."""
    if spec.kind == "text":
        text = str(value or "").strip()
        if len(text) < spec.low:
            errors.append(FieldError(spec.key, "required"))
        elif len(text) > spec.high:
            errors.append(FieldError(spec.key, "too_long", {"max": spec.high}))
        else:
            return text
        return None
    if spec.kind == "pct":
        number = _number(spec, value, errors, whole=False)
        return None if number is None else round(number / 100, 6)
    if spec.kind == "yuan":
        number = _number(spec, value, errors, whole=True)
        return None if number is None else number * 100
    if spec.kind == "days":
        parts = value if isinstance(value, list) else str(value or "").replace("，", ",").split(",")
        days: list[int] = []
        for part in parts:
            if str(part).strip() == "":
                continue
            number = _number(spec, str(part).strip(), errors, whole=True)
            if number is None:
                return None
            days.append(number)
        if not 1 <= len(set(days)) <= spec.high_count:
            errors.append(FieldError(spec.key, "count_out_of_range",
                                     {"low": 1, "high": spec.high_count}))  # fmt: skip
            return None
        return sorted(set(days))
    if spec.kind == "tiers":
        known = [r[0] for r in db.execute("SELECT code FROM tiers ORDER BY rank")]
        codes = list(value or [])
        bad = [c for c in codes if c not in known]
        if bad:
            errors.append(FieldError(spec.key, "choice_invalid",
                                     {"value": ", ".join(map(str, bad)),
                                      "choices": ", ".join(known)}))  # fmt: skip
            return None
        return [c for c in known if c in codes]
    return _number(spec, value, errors, whole=True)


def save_rules(db: sqlite_utils.Database, *, actor: Actor, values: dict[str, Any]) -> Changes:
    """Validate and save edits of :data:`EDITABLE` settings (the owner's: ``RULES``).
    Every field's problem is reported at once, naming the field; nothing is written
    then. Only values that changed are written; nothing changed: no write, no audit
    entry. Returns Changes touching ``settings`` (open pages refresh)."""
    from app import permissions

    permissions.require(actor, permissions.RULES)
    by_key = {e.key: e for e in EDITABLE}
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    for key, value in values.items():
        spec = by_key.get(key)
        if spec is None:
            raise ValueError(f"{key} is not an editable setting")
        got = _clean_rule(db, spec, value, errors)
        if got is not None:
            clean[key] = got
    dormant = clean.get("lifecycle_dormant_days", get(db, "lifecycle_dormant_days"))
    lost = clean.get("lifecycle_lost_days", get(db, "lifecycle_lost_days"))
    if not errors and lost <= dormant:
        errors.append(FieldError("lifecycle_lost_days", "lost_before_dormant"))
    # the pyramid's layers: each share above 0, together below 100% (the rest: "lead")
    layers = [list(pair) for pair in get(db, "segments_pyramid_layers")]
    for pair in layers:
        key = f"segments_pyramid_layers:{pair[0]}"
        if key in clean:
            pair[1] = clean.pop(key)
        elif key in values:  # refused above
            continue
    if not errors:
        for code, share in layers:
            if share <= 0:
                errors.append(FieldError(f"segments_pyramid_layers:{code}", "share_not_positive"))
        if not errors and sum(share for _c, share in layers) >= 1.0:
            last = f"segments_pyramid_layers:{layers[-1][0]}"
            errors.append(FieldError(last, "shares_too_big"))
    if errors:
        raise ValidationError(errors)
    if any(k.startswith("segments_pyramid_layers:") for k in values):
        clean["segments_pyramid_layers"] = layers
    changed = {k: v for k, v in clean.items() if get(db, k) != v}
    if not changed:
        return Changes()
    return set_many(db, actor=actor, values=changed)


# The day's plan (app/plan/daily.py documents every rule).
DEFAULTS.update(
    {
        "plan_daily_capacity": 25,  # rows a clerk works through a day
        "plan_vip_talks_per_day": 5,  # the manager's VIP talks (the material: 3-5)
        "plan_vip_gap_days": 30,  # … with VIPs not contacted for this long
        "plan_vip_tiers": ["gold", "diamond"],
        "plan_seasonal_max_per_year": 2,  # seasonal visits: buys at most this often
    }
)

# Service stars (评选顾客服务明星, app/reports/staff.py, issue #19): the weight of each
# fact in a clerk's monthly score; 0 leaves a fact out. Complaints count against.
STAR_FACTS = ("enrolled", "calls_on_time", "survey", "praise", "complaints", "sales")
DEFAULTS.update(
    {
        "star_weight_enrolled": 3,
        "star_weight_calls_on_time": 2,
        "star_weight_survey": 2,
        "star_weight_praise": 2,
        "star_weight_complaints": 3,
        "star_weight_sales": 2,
    }
)
GROUPS["staff"] = (
    "服务之星（每项的权重，0 为不计）",
    "Service stars (weight of each fact, 0: not counted)",
)
EDITABLE = (
    *EDITABLE,
    Editable("star_weight_enrolled", "staff", "新招会员", "New members enrolled", high=10),
    Editable("star_weight_calls_on_time", "staff", "按时回访", "Follow-ups on time", high=10),
    Editable("star_weight_survey", "staff", "顾客满意度评分", "Customers' survey scores", high=10),
    Editable("star_weight_praise", "staff", "收到表扬", "Praise received", high=10),
    Editable("star_weight_complaints", "staff", "服务投诉（扣分）", "Service complaints (deducted)",
             high=10),
    Editable("star_weight_sales", "staff", "销售额", "Sales", high=10),
)  # fmt: skip


def star_weights(db: sqlite_utils.Database) -> dict[str, int]:
    """The service-star weights, ``{fact: weight}`` (fact codes of ``STAR_FACTS``)."""
    return {f: int(get(db, f"star_weight_{f}")) for f in STAR_FACTS}
