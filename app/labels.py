"""Business words and input-error messages, in Chinese and English, in one place.

``app/`` returns codes (``"wedding_anniversary"``, ``"phone_digits_lost"``); the UI and
the importer's reports turn them into words here. Qt's ``.ts`` files translate the UI's
own chrome (menus, buttons); these are the store's vocabulary, shared by the UI, the
CLI, Excel reports and printouts.
"""

from __future__ import annotations

LANGS = ("zh", "en")

# code -> (Chinese, English)
WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "gender": {"female": ("女", "Female"), "male": ("男", "Male")},
    "calendar": {"solar": ("公历", "Solar"), "lunar": ("农历", "Lunar")},
    "source": {
        "advert": ("广告", "Advert"),
        "walk_in": ("路过进店", "Walk-in"),
        "referral": ("会员介绍", "Referral"),
        "event": ("活动", "Event"),
        "online": ("线上", "Online"),
        "other": ("其他", "Other"),
    },
    "status": {
        "active": ("活跃", "Active"),
        "dormant": ("休眠", "Dormant"),
        "lost": ("流失", "Lost"),
        "anonymised": ("已匿名", "Anonymised"),
    },
    "relation": {
        "spouse": ("配偶", "Spouse"),
        "child": ("子女", "Child"),
        "father": ("父亲", "Father"),
        "mother": ("母亲", "Mother"),
        "wedding_anniversary": ("结婚纪念日", "Wedding anniversary"),
        "other": ("其他", "Other"),
    },
    "channel": {
        "phone": ("电话", "Phone"),
        "sms": ("短信", "SMS"),
        "wechat": ("微信", "WeChat"),
        "visit": ("到店/拜访", "Visit"),
        "mail": ("邮寄", "Mail"),
    },
    "outcome": {
        "reached": ("已联系上", "Reached"),
        "no_answer": ("无人接听", "No answer"),
        "call_back": ("需回电", "Call back"),
        "wrong_number": ("号码错误", "Wrong number"),
        "declined": ("拒绝", "Declined"),
    },
    "purpose": {
        "post_sale_day1": ("售后次日回访", "Post-sale, day 1"),
        "post_sale_day7": ("售后一周回访", "Post-sale, day 7"),
        "birthday": ("生日祝福", "Birthday"),
        "family_occasion": ("家人纪念日", "Family occasion"),
        "festival": ("节日问候", "Festival greeting"),
        "new_arrivals": ("新品通知", "New arrivals"),
        "promotion": ("促销通知", "Promotion"),
        "winback": ("休眠唤醒", "Dormant win-back"),
        "satisfaction": ("满意度调查", "Satisfaction survey"),
        "complaint_follow_up": ("投诉跟进", "Complaint follow-up"),
        "scheduled": ("预约回访", "Scheduled follow-up"),
        "other": ("其他", "Other"),
    },
    "role": {
        "owner": ("店主", "Owner"),
        "manager": ("店长", "Manager"),
        "clerk": ("导购", "Clerk"),
        "system": ("系统", "System"),
    },
    "complaint_category": {
        "quality": ("质量", "Quality"),
        "service": ("服务", "Service"),
        "price": ("价格", "Price"),
        "environment": ("环境", "Environment"),
        "other": ("其他", "Other"),
    },
    "complaint_status": {
        "open": ("待处理", "Open"),
        "in_progress": ("处理中", "In progress"),
        "resolved": ("已解决", "Resolved"),
        "closed": ("已关闭", "Closed"),
    },
    "points_reason": {
        "spend": ("消费积分", "Spend"),
        "referral": ("推荐积分", "Referral"),
        "birthday": ("生日积分", "Birthday"),
        "visit": ("到店积分", "Visit"),
        "redeem": ("兑换", "Redeem"),
        "expire": ("过期", "Expire"),
        "adjust": ("调整", "Adjust"),
        "opening": ("期初余额", "Opening balance"),
        "return": ("退货扣回", "Return"),
    },
}

# error code -> (Chinese, English); {placeholders} come from FieldError.params
ERRORS: dict[str, tuple[str, str]] = {
    "required": ("必填", "is required"),
    "too_long": ("太长（最多 {max} 个字符）", "is too long (at most {max} characters)"),
    "phone_digits_lost": (
        "“{value}” 是 Excel 的科学计数法，号码的后几位已经丢失，请从原始资料重新录入",
        "“{value}” is in Excel's scientific notation: the last digits are lost; "
        "re-enter the number from the original record",
    ),
    "phone_invalid": (
        "“{value}” 不是有效的 11 位手机号",
        "“{value}” is not a valid 11-digit mainland mobile number",
    ),
    "phone_duplicate": (
        "该手机号已属于会员 {member_no}（{name}）",
        "this phone already belongs to member {member_no} ({name})",
    ),
    "member_no_duplicate": (
        "会员号 {value} 已被使用",
        "member number {value} is already in use",
    ),
    "date_invalid": ("“{value}” 不是有效日期", "“{value}” is not a valid date"),
    "lunar_date_invalid": (
        "农历 {value} 不存在",
        "lunar date {value} does not exist",
    ),
    "lunar_leap_invalid": (
        "{year} 年没有闰{month}月",
        "lunar year {year} has no leap month {month}",
    ),
    "date_in_future": ("日期 {value} 晚于今天", "date {value} is in the future"),
    "choice_invalid": (
        "“{value}” 不是可选值（{choices}）",
        "“{value}” is not one of {choices}",
    ),
    "email_invalid": ("“{value}” 不是有效的邮箱", "“{value}” is not a valid e-mail address"),
    "referrer_missing": ("介绍人不存在", "the referrer does not exist"),
    "referrer_self": ("会员不能介绍自己", "a member cannot refer themselves"),
    "unknown_field": ("不认识的字段", "is not a member field"),
    "not_found": ("记录不存在", "record not found"),
    "amount_invalid": ("“{value}” 不是有效金额", "“{value}” is not a valid amount"),
}


def word(group: str, code: str | None, lang: str = "zh") -> str:
    """The label for ``code`` in ``group`` (falls back to the code itself)."""
    if code is None:
        return ""
    pair = WORDS.get(group, {}).get(code)
    if pair is None:
        return code
    return pair[0] if lang == "zh" else pair[1]


def choices(group: str) -> list[str]:
    return list(WORDS[group])


def error_text(code: str, lang: str = "en", **params: object) -> str:
    pair = ERRORS.get(code)
    if pair is None:
        return code
    template = pair[0] if lang == "zh" else pair[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
