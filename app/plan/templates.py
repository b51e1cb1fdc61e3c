"""Message templates (短信/微信模板): what to send for a reason on the day's plan, in the
store's words, editable (table ``message_templates``, migration m019).

One template per ``kind`` (:data:`KINDS`, labels group ``template_kind``) and, for care
advice, per purchase ``category`` ('' = any category; a category's own template wins).
Texts hold ``{placeholders}`` (:data:`PLACEHOLDERS`): ``name`` the member's name,
``title`` 先生/女士 (Mr/Ms; empty when the gender is unknown), ``tier`` the tier's name,
``points`` the points balance, ``reward`` the dearest active reward the balance covers
(else the cheapest one), ``store`` the store's name; for events (issue #19) ``event``
the event's name, ``event_date`` its day and time, ``event_place`` its place (empty
elsewhere). An unknown placeholder, or a brace
that does not close, is refused when the template is saved, naming it.

Which reason uses which kind: :data:`REASON_KIND`; a campaign uses its purpose's kind
(new arrivals, promotion). Reasons without a kind (complaints, win-back, VIP talks,
scheduled follow-ups) are conversations, not messages.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from app import audit, labels, settings
from app.core import Actor, Changes, FieldError, ValidationError, now

PLACEHOLDERS = (
    "name",
    "title",
    "tier",
    "points",
    "reward",
    "store",
    "event",
    "event_date",
    "event_place",
)
EVENT_PLACEHOLDERS = ("event", "event_date", "event_place")
KINDS = (
    "birthday",
    "festival",
    "new_arrivals",
    "promotion",
    "points_expiring",
    "reward_ready",
    "care",
    "post_sale",
    "event_invite",
    "event_reminder",
)
TEXT_MAX = 500
# the channels a message is sent through (a phone call reads it out instead)
TEXT_CHANNELS = ("sms", "wechat")

REASON_KIND = {
    "birthday": "birthday",
    "festival": "festival",
    "points_expiring": "points_expiring",
    "reward_ready": "reward_ready",
    "post_sale_day1": "post_sale",
    "post_sale_day7": "care",
    "seasonal": "new_arrivals",
    "event_invite": "event_invite",
    "event_reminder": "event_reminder",
}
PURPOSE_KIND = {"new_arrivals": "new_arrivals", "promotion": "promotion"}

# (kind, category, Chinese, English): the owner's words, seeded by migration m019
DEFAULT_TEMPLATES: tuple[tuple[str, str, str, str], ...] = (
    (
        "birthday",
        "",
        "{name}{title}，生日快乐！{store}全体店员祝您生日开心、万事如意。"
        "生日当月到店出示会员卡，还有一份小礼物等着您。",
        "Happy birthday, {name}! Everyone at {store} wishes you a wonderful year. "
        "Show your member card this month for a small gift.",
    ),
    (
        "festival",
        "",
        "{name}{title}，佳节将至，{store}祝您和家人节日快乐、阖家安康！",
        "Dear {name}, {store} wishes you and your family a happy festival!",
    ),
    (
        "new_arrivals",
        "",
        "{name}{title}，{store}新品到店了！作为我们的{tier}，您可以先来挑选，"
        "喜欢的款式我们帮您留好尺码。",
        "Dear {name}, new arrivals are in at {store}. As our {tier} member you see them "
        "first; we will keep your size for you.",
    ),
    (
        "promotion",
        "",
        "{name}{title}，{store}会员专享活动开始啦，{tier}会员优先参加，欢迎您抽空来店看看。",
        "Dear {name}, a members-only offer starts at {store}; {tier} members come first. "
        "We look forward to seeing you.",
    ),
    (
        "points_expiring",
        "",
        "{name}{title}，您在{store}的积分共 {points} 分，部分积分即将到期，"
        "欢迎到店兑换{reward}，别让积分白白过期哦。",
        "Dear {name}, you have {points} points at {store} and some expire soon. "
        "Come in and redeem them for {reward}.",
    ),
    (
        "reward_ready",
        "",
        "{name}{title}，恭喜！您在{store}的积分已达 {points} 分，可以兑换{reward}了，"
        "欢迎到店领取。",
        "Congratulations, {name}! Your {points} points at {store} are enough for "
        "{reward}. Come in to collect it.",
    ),
    (
        "post_sale",
        "",
        "{name}{title}，感谢您昨天光临{store}！衣服穿着还合适吗？需要修改或有任何问题，"
        "随时告诉我们。",
        "Dear {name}, thank you for shopping at {store} yesterday! Does everything fit? "
        "Tell us if anything needs altering.",
    ),
    (
        "care",
        "",
        "{name}{title}，新衣服穿了一周还满意吗？洗涤时请按洗标说明，深浅色分开洗，"
        "{store}随时为您服务。",
        "Dear {name}, how is your purchase after a week? Follow the care label and wash "
        "darks and lights apart. {store} is always here to help.",
    ),
    (
        "care",
        "针织衫",
        "{name}{title}，针织衫穿了一周还满意吗？建议冷水手洗、平铺晾干，不要挂晒，"
        "起球可用剪球器轻轻处理。{store}随时为您服务。",
        "Dear {name}, how is your knitwear after a week? Hand-wash cold and dry it flat, "
        "never hung; remove pilling gently with a shaver. {store} is here to help.",
    ),
    (
        "care",
        "羽绒服",
        "{name}{title}，羽绒服穿着还暖和吗？建议少水洗、用中性洗涤剂，晾干后轻拍恢复蓬松，"
        "收纳时不要压得太紧。{store}随时为您服务。",
        "Dear {name}, is your down jacket keeping you warm? Wash it rarely with a mild "
        "detergent, pat it fluffy when dry, and store it loosely. {store} is here to help.",
    ),
    (
        "care",
        "床品",
        "{name}{title}，新床品用得舒服吗？首次使用前建议先水洗一次，30℃以下洗涤，"
        "避免暴晒以免褪色。{store}随时为您服务。",
        "Dear {name}, are you enjoying your new bedding? Wash it once before first use, "
        "below 30°C, and keep it out of strong sun. {store} is here to help.",
    ),
)

# the event templates (issue #19), seeded by migration m025 (m019 predates them)
EVENT_TEMPLATES: tuple[tuple[str, str, str, str], ...] = (
    (
        "event_invite",
        "",
        "{name}{title}，诚邀您参加{store}的「{event}」，时间：{event_date}，地点：{event_place}。"
        "名额有限，方便的话请回复是否出席，我们为您预留席位。",
        'Dear {name}, {store} warmly invites you to "{event}" on {event_date} at '
        "{event_place}. Places are limited: please tell us if you can come and we will "
        "keep a seat for you.",
    ),
    (
        "event_reminder",
        "",
        "{name}{title}，温馨提醒：{store}的「{event}」明天 {event_date} 在{event_place}举行，"
        "期待您的光临！",
        'Dear {name}, a reminder: {store}\'s "{event}" is tomorrow, {event_date}, at '
        "{event_place}. We look forward to seeing you!",
    ),
)


def check_text(text: object, field: str) -> list[FieldError]:
    """Errors in a template text: empty, too long, an unknown placeholder (named) or a
    brace that does not close."""
    value = "" if text is None else str(text).strip()
    if not value:
        return [FieldError(field, "required")]
    if len(value) > TEXT_MAX:
        return [FieldError(field, "too_long", {"max": TEXT_MAX})]
    try:
        names = [n for _lit, n, _spec, _conv in string.Formatter().parse(value) if n is not None]
    except ValueError:
        return [FieldError(field, "template_braces")]
    for name in names:
        if name not in PLACEHOLDERS:
            return [
                FieldError(
                    field,
                    "placeholder_unknown",
                    {"value": name, "choices": ", ".join(PLACEHOLDERS)},
                )
            ]
    return []


def list_templates(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every template, in :data:`KINDS` order, the general one before categories."""
    rows = [
        dict(zip(("id", "kind", "category", "text_zh", "text_en", "updated_at"), r, strict=True))
        for r in db.execute(
            "SELECT id, kind, category, text_zh, text_en, updated_at FROM message_templates"
        )
    ]
    order = {k: i for i, k in enumerate(KINDS)}
    rows.sort(key=lambda r: (order.get(r["kind"], 99), r["category"] != "", r["category"]))
    return rows


def save_template(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    kind: str,
    category: str = "",
    text_zh: str,
    text_en: str,
) -> Changes:
    """Create or replace the template of ``kind`` (and ``category``). The store's words
    are the owner's and the manager's (``permissions.FEEDBACK_ADMIN``); texts checked
    by :func:`check_text`."""
    from app import permissions

    permissions.require(actor, permissions.FEEDBACK_ADMIN)
    errors: list[FieldError] = []
    if kind not in KINDS:
        errors.append(
            FieldError("kind", "choice_invalid", {"value": kind, "choices": ", ".join(KINDS)})
        )
    category = (category or "").strip()
    if category and kind != "care":
        errors.append(FieldError("category", "template_category_care_only"))
    errors += check_text(text_zh, "text_zh") + check_text(text_en, "text_en")
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        cur = db.execute(
            "INSERT INTO message_templates (kind, category, text_zh, text_en, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kind, category) DO UPDATE SET "
            "text_zh = excluded.text_zh, text_en = excluded.text_en, "
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by "
            "RETURNING id",
            [kind, category, str(text_zh).strip(), str(text_en).strip(), now(), actor.user_id],
        )
        template_id = int(cur.fetchone()[0])
        audit.record(
            db,
            actor,
            "rule_change",
            "message_templates",
            template_id,
            audit.summary("settings_changed", keys=[f"template:{kind}:{category}"]),
        )
    return Changes.of({"message_templates"}, set(), template_id)


# ------------------------------------------------------------------ rendering


@dataclass(frozen=True)
class Message:
    member_id: int
    reason: str
    kind: str
    text: str
    channels: tuple[str, ...]  # the text channels the member agreed to


class Renderer:
    """Fills templates for many members with few queries: the templates, tier names,
    rewards and store name are read once; balances per member on demand."""

    def __init__(self, db: sqlite_utils.Database, lang: str = "zh") -> None:
        self.db = db
        self.lang = lang
        col = "text_zh" if lang == "zh" else "text_en"
        self.texts = {
            (k, c): t
            for k, c, t in db.execute(f"SELECT kind, category, {col} FROM message_templates")
        }
        self.tiers = {
            code: (zh if lang == "zh" else en)
            for code, zh, en in db.execute("SELECT code, name_zh, name_en FROM tiers")
        }
        self.rewards = db.execute(
            "SELECT name, cost_points FROM rewards WHERE active = 1 ORDER BY cost_points"
        ).fetchall()
        self.store = str(settings.get(db, "store_name") or "")

    def kind_for(self, reason: str, purpose: str | None = None) -> str | None:
        if reason == "campaign":
            return PURPOSE_KIND.get(purpose or "")
        return REASON_KIND.get(reason)

    def template(self, kind: str, category: str = "") -> str | None:
        return self.texts.get((kind, category)) or self.texts.get((kind, ""))

    def _category(self, purchase_id: int | None) -> str:
        if purchase_id is None:
            return ""
        row = self.db.execute(
            "SELECT category FROM purchase_items WHERE purchase_id = ? AND category <> '' "
            "ORDER BY paid_fen DESC LIMIT 1",
            [purchase_id],
        ).fetchone()
        return row[0] if row else ""

    def values(self, member_id: int, extra: dict[str, Any] | None = None) -> dict[str, str]:
        row = self.db.execute(
            "SELECT m.name, m.gender, m.tier, "
            "(SELECT COALESCE(SUM(remaining), 0) FROM points_lots WHERE member_id = m.id) "
            "FROM members m WHERE m.id = ?",
            [member_id],
        ).fetchone()
        if row is None:
            return {}
        name, gender, tier, points = row
        title = {"male": ("先生", "Mr"), "female": ("女士", "Ms")}.get(gender, ("", ""))
        reward = ""
        for r_name, cost in self.rewards:
            if cost <= points or not reward:
                reward = r_name
        return {
            "name": name,
            "title": title[0] if self.lang == "zh" else title[1],
            "tier": self.tiers.get(tier, tier or ""),
            "points": f"{int(points):,}",
            "reward": reward or labels.word("template_word", "a_gift", self.lang),
            "store": self.store,
            **{k: str((extra or {}).get(k) or "") for k in EVENT_PLACEHOLDERS},
        }

    def render(
        self,
        member_id: int,
        reason: str,
        *,
        purpose: str | None = None,
        purchase_id=None,
        extra: dict[str, Any] | None = None,
    ) -> str | None:
        """The message for one reason of one member, or None when the reason has no
        template."""
        kind = self.kind_for(reason, purpose)
        if kind is None:
            return None
        text = self.template(kind, self._category(purchase_id) if kind == "care" else "")
        if text is None:
            return None
        return text.format(**self.values(member_id, extra))


def messages_for_row(renderer: Renderer, row: Any) -> list[Message]:
    """The messages of a plan row (``app.plan.PlanRow``), one per reason with a
    template, each offered through the text channels the member agreed to."""
    channels = tuple(c for c in TEXT_CHANNELS if c in row.channels)
    out = []
    for t in row.reasons:
        text = renderer.render(
            row.member_id,
            t.reason,
            purpose=t.detail.get("purpose") if t.reason == "campaign" else t.purpose,
            purchase_id=t.purchase_id,
            extra=t.detail,
        )
        if text is not None:
            kind = renderer.kind_for(t.reason, t.detail.get("purpose"))
            out.append(Message(row.member_id, t.reason, kind or "", text, channels))
    return out
