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
        "points": ("积分提醒", "Points reminder"),
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
    "task_reason": {
        "birthday": ("会员生日", "Birthday"),
        "family_birthday": ("家人生日", "Family birthday"),
        "wedding_anniversary": ("结婚纪念日", "Wedding anniversary"),
        "post_sale_day1": ("售后次日回访", "Post-sale, day 1"),
        "post_sale_day7": ("售后一周回访", "Post-sale, day 7"),
        "dormant": ("休眠唤醒", "Dormant win-back"),
        "follow_up": ("预约回访", "Scheduled follow-up"),
        "festival": ("节日问候", "Festival greeting"),
        "points_expiring": ("积分即将到期", "Points about to expire"),
        "reward_ready": ("积分可兑换", "Enough points for a reward"),
        "campaign": ("分析名单", "From analytics"),
    },
    "festival": {
        "new_year": ("元旦", "New Year's Day"),
        "spring_festival": ("春节", "Spring Festival"),
        "lantern_festival": ("元宵节", "Lantern Festival"),
        "womens_day": ("妇女节", "Women's Day"),
        "dragon_boat": ("端午节", "Dragon Boat Festival"),
        "mid_autumn": ("中秋节", "Mid-Autumn Festival"),
        "national_day": ("国庆节", "National Day"),
    },
    "member_sort": {
        "member_no": ("会员号", "Member no."),
        "name": ("姓名（拼音）", "Name (pinyin)"),
        "tier": ("等级", "Tier"),
        "last_purchase": ("最近消费", "Last purchase"),
        "total_spend": ("累计消费", "Total spend"),
    },
    # analytics (app/analytics/)
    "pyramid_layer": {
        "platinum": ("铂金层", "Platinum"),
        "gold": ("黄金层", "Gold"),
        "iron": ("钢铁层", "Iron"),
        "lead": ("铅层", "Lead"),
        "inactive": ("未活跃", "Inactive"),
    },
    "loyalty_cell": {
        "true_friend": ("知己", "True friends"),
        "barnacle": ("藤壶", "Barnacles"),
        "butterfly": ("蝴蝶", "Butterflies"),
        "stranger": ("过客", "Strangers"),
    },
    "value_cell": {
        "star": ("明星", "Stars"),
        "cash_cow": ("现金", "Cash cows"),
        "question": ("问题", "Question marks"),
        "dog": ("瘦狗", "Dogs"),
    },
    "lifecycle": {
        "prospect": ("潜在", "Prospect"),
        "new": ("首次购买", "First purchase"),
        "repeat": ("重复购买", "Repeat"),
        "loyal": ("忠诚", "Loyal"),
        "dormant": ("休眠", "Dormant"),
        "lost": ("流失", "Lost"),
    },
    "strategy": {
        "deep_care": ("深度关爱", "Deep care"),
        "deep_acquisition": ("深度获取", "Deep acquisition"),
        "deep_mining": ("深度挖掘", "Deep mining"),
        "long_term_nurture": ("长期培育", "Long-term nurture"),
    },
    "customer_type": {
        "effective": ("有效顾客", "Effective"),
        "ineffective": ("无效顾客", "One-time, gone"),
        "discount": ("折扣型", "Discount-type"),
        "frequency": ("频率型", "Frequency-type"),
        "amount": ("金额型", "Amount-type"),
    },
    # chart titles and axes (app/charts.py); {placeholders} filled by the chart
    "chart": {
        "pyramid": ("顾客金字塔（按近12个月消费额）", "Customer pyramid (spend, last 12 months)"),
        "members": ("人数", "Members"),
        "spend_share": ("消费额占比", "Share of spend"),
        "people": ("{n}人", "{n}"),
        "top20": ("前20%顾客贡献{share}的消费额", "Top 20% of customers: {share} of spend"),
        "loyalty_matrix": ("客户矩阵：忠诚度 × 价值", "Customer matrix: loyalty × value"),
        "loyalty_axis": ("忠诚度（近期频次·时长·近度）", "Loyalty (frequency, tenure, recency)"),
        "value_axis": ("累计消费额（元）", "Lifetime spend (yuan)"),
        "value_matrix": ("价值矩阵：当前价值 × 潜在价值", "Value matrix: current × potential"),
        "current_axis": ("近12个月消费额（元）", "Spend, last 12 months (yuan)"),
        "potential_axis": (
            "预测未来{days}天消费额（元）",
            "Forecast spend, next {days} days (yuan)",
        ),
        "no_forecast": ("数据不足，无法预测", "Not enough data for a forecast"),
        "rfm": ("R × F 分布（颜色：平均消费额 M）", "R × F (colour: average spend M)"),
        "r_axis": ("近度 R（5 = 最近）", "Recency R (5 = most recent)"),
        "f_axis": ("频次 F（5 = 最多）", "Frequency F (5 = most)"),
        "mean_m": ("平均消费额（元）", "Average spend (yuan)"),
        "lifecycle": ("生命周期", "Lifecycle"),
        "monthly": ("月度销售额与活跃会员", "Monthly sales and active members"),
        "sales_axis": ("销售额（万元）", "Sales (10k yuan)"),
        "active_axis": ("活跃会员（人）", "Active members"),
        "new_customers": ("新顾客（人）", "New customers"),
        "threshold": ("阈值", "threshold"),
        "no_data": ("暂无数据", "No data yet"),
    },
    # the analytics page's own words (ui/pages/analytics.py); {placeholders} filled there
    "analytics_ui": {
        "title": ("分析", "Analytics"),
        "as_of": ("截至", "As of"),
        "refresh": ("刷新", "Refresh"),
        "progress": ("正在分析会员数据…", "Analysing the members…"),
        "updated": ("{time} 更新，用时 {seconds} 秒", "Updated {time} in {seconds} s"),
        "stale": ("数据已变化，点“刷新”重新分析", "The data changed: press Refresh"),
        "cancelled": ("已取消，显示的是上次的结果", "Cancelled: showing the previous result"),
        "failed": ("分析失败：{error}", "The analysis failed: {error}"),
        "tab_pyramid": ("金字塔", "Pyramid"),
        "tab_loyalty_matrix": ("客户矩阵", "Loyalty × value"),
        "tab_value_matrix": ("价值矩阵", "Current × potential"),
        "tab_rfm": ("RFM", "RFM"),
        "tab_lifecycle": ("生命周期", "Lifecycle"),
        "tab_monthly": ("月度趋势", "Monthly"),
        "summary": (
            "会员 {members} 人，顾客 {customers} 人；前20%顾客贡献 {top20} 的消费额",
            "{members} members, {customers} customers; the top 20% made {top20} of spend",
        ),
        "movement": (
            "较 {since}：{layers} 人变动金字塔层级，{states} 人变动生命周期",
            "Since {since}: {layers} changed pyramid layer, {states} changed lifecycle state",
        ),
        "model": (
            "购买预测 BG/NBD：r={r} α={alpha}/天 a={a} b={b}；"
            "客单价 Gamma-Gamma：p={p} q={q} γ={gamma}",
            "BG/NBD: r={r} α={alpha}/day a={a} b={b}; Gamma-Gamma: p={p} q={q} γ={gamma}",
        ),
        "no_model": ("未能建立购买预测：{note}", "No purchase forecast: {note}"),
        "drill_hint": (
            "点击图中的层级或格子，查看其中的会员",
            "Click a layer or cell to list its members",
        ),
        "drill_title": ("{segment}：{n} 人", "{segment}: {n} members"),
        "export": ("导出 Excel…", "Export to Excel…"),
        "export_filter": ("Excel 文件 (*.xlsx)", "Excel files (*.xlsx)"),
        "exported": ("已导出 {n} 位会员到 {path}", "Exported {n} members to {path}"),
        "cancelled_export": ("已取消导出", "Export cancelled"),
        "purpose": ("回访目的", "Purpose"),
        "due": ("日期", "Due"),
        "add_tasks": ("加入回访清单", "Add to call list"),
        "tasks_added": (
            "已为 {n} 位会员生成回访任务（{purpose}，{due}）",
            "Added {n} call-list tasks ({purpose}, {due})",
        ),
        "tasks_none": ("这些会员已有相同的回访任务", "These members already have this task"),
        "no_selection": ("请先在图中选择一组会员", "Choose a group in a chart first"),
        "col_member_no": ("会员号", "Member no."),
        "col_name": ("姓名", "Name"),
        "col_phone": ("手机", "Phone"),
        "col_layer": ("金字塔层", "Layer"),
        "col_lifecycle": ("生命周期", "Lifecycle"),
        "col_rfm": ("RFM", "RFM"),
        "col_recency": ("距上次消费(天)", "Days since"),
        "col_spend": ("累计消费", "Lifetime spend"),
        "col_spend_12m": ("近12个月消费", "Spend, 12 months"),
        "col_p_alive": ("仍活跃概率", "P(active)"),
        "col_expected": ("预计购买次数", "Expected purchases"),
        "col_clv": ("客户终身价值", "CLV"),
    },
    # loyalty (app/loyalty.py)
    "reward_kind": {
        "coupon": ("优惠券", "Coupon"),
        "gift": ("礼品", "Gift"),
        "voucher": ("代金券", "Voucher"),
    },
    "tier_change": {
        "upgrade": ("升级", "Upgrade"),
        "review": ("年度评定", "Yearly review"),
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
    # purchases, returns, contacts, merge
    "member_missing": ("会员不存在", "the member does not exist"),
    "member_anonymised": ("该会员已匿名化，不能再记录", "the member is anonymised"),
    "clerk_missing": ("店员不存在", "the clerk does not exist"),
    "items_empty": ("至少需要一件商品", "at least one item is required"),
    "items_too_many": ("商品行太多（最多 {max} 行）", "too many lines (at most {max})"),
    "qty_invalid": ("数量必须是不小于 1 的整数", "quantity must be a whole number, at least 1"),
    "price_invalid": (
        "金额必须是不小于 0 的整数（分）",
        "the amount must be a whole number of fen, at least 0",
    ),
    "paid_above_list": (
        "实收单价 {paid} 高于标价 {list}",
        "the paid price {paid} is above the list price {list}",
    ),
    "datetime_invalid": ("“{value}” 不是有效时间", "“{value}” is not a valid date and time"),
    "ticket_duplicate": ("小票号 {value} 已被使用", "ticket number {value} is already in use"),
    "purchase_missing": ("消费记录不存在", "the purchase does not exist"),
    "return_of_return": ("退货单不能再退货", "a return cannot be returned"),
    "return_empty": ("请选择要退的商品", "choose at least one line to return"),
    "item_not_in_purchase": (
        "该商品不属于这张小票",
        "this line does not belong to the purchase",
    ),
    "return_qty_exceeds": (
        "最多还能退 {max} 件",
        "at most {max} can still be returned",
    ),
    "return_before_purchase": (
        "退货时间早于购买时间 {purchase_at}",
        "the return is dated before the purchase ({purchase_at})",
    ),
    "purchase_other_member": (
        "这张小票不是该会员的",
        "the purchase belongs to another member",
    ),
    "follow_up_before_contact": (
        "下次回访日期早于本次联系",
        "the next follow-up is before this contact",
    ),
    "merge_same": ("不能把会员与自己合并", "a member cannot be merged with itself"),
    # loyalty (app/loyalty.py)
    "points_short": (
        "积分不足：需要 {cost} 分，现有 {balance} 分，还差 {short} 分",
        "not enough points: {cost} needed, {balance} available, {short} short",
    ),
    "points_invalid": ("积分必须是非零整数", "points must be a whole number other than 0"),
    "points_positive": ("积分必须是正整数", "points must be a whole number above 0"),
    "adjust_reason_required": (
        "调整积分必须写明原因",
        "an adjustment needs a written reason",
    ),
    "reward_missing": ("兑换项目不存在", "the reward does not exist"),
    "reward_inactive": ("兑换项目“{name}”已停用", "the reward “{name}” is no longer offered"),
    "loyalty_not_started": (
        "积分计划尚未开始：请先在“积分”页面设置规则",
        "the points programme has not started: set its rules on the Loyalty page first",
    ),
    "effective_in_past": (
        "生效日期不能早于今天（{today}）：已获得的积分不会被改写",
        "the rules cannot start before today ({today}): earned points are never rewritten",
    ),
    "rule_value_invalid": (
        "“{value}” 不在允许范围内（{min}–{max}）",
        "“{value}” is outside {min}–{max}",
    ),
    "tier_threshold_order": (
        "{tier} 的门槛必须高于 {lower}",
        "the threshold of {tier} must be above that of {lower}",
    ),
    "tier_lowest_not_zero": ("最低等级的门槛必须是 0", "the lowest tier's threshold must be 0"),
    "expires_before_earned": (
        "到期日早于获得日期 {at}",
        "the points would expire before they were earned ({at})",
    ),
    "review_date_invalid": (
        "“{value}” 不是有效的月-日（如 01-01）",
        "“{value}” is not a month and day (e.g. 01-01)",
    ),
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


# ------------------------------------------------------------------ Excel import/export
# (app/excel/): refusals of whole files and rejections of rows, shown in the UI language.
ERRORS.update(
    {
        "file_missing": ("找不到文件 {name}", "{name}: no such file"),
        "file_unreadable": ("无法读取 {name}：{error}", "cannot read {name}: {error}"),
        "file_empty": ("{name} 是空文件", "{name} is empty"),
        "file_too_large": (
            "{name} 太大（{mb} MB，最多 {max_mb} MB）",
            "{name} is too large ({mb} MB; at most {max_mb} MB)",
        ),
        "zip_bomb": (
            "{name} 解压后过大，疑似“压缩炸弹”，已拒绝（{reason}）",
            "{name} would expand to far too much data (a zip bomb?); refused ({reason})",
        ),
        "file_encrypted": (
            "{name} 设有密码（已加密）。请在 Excel 中取消密码后另存，再导入",
            "{name} is password-protected (encrypted); remove the password in Excel, "
            "save, and import again",
        ),
        "not_a_workbook": (
            "{name} 不是真正的 Excel 工作簿（可能是改了扩展名的 CSV/文本文件）。"
            "如是 CSV，请把扩展名改为 .csv 再导入",
            "{name} is not a real Excel workbook (perhaps a CSV or text file renamed); "
            "if it is a CSV, rename it to .csv and import it",
        ),
        "file_type_mismatch": (
            "{name} 的内容是 {found}，与扩展名不符",
            "{name} holds {found}, not what its name says",
        ),
        "file_type_unknown": (
            "不支持 {suffix} 文件（支持 .xlsx .xls .csv）",
            "{suffix} files are not supported (use .xlsx, .xls or .csv)",
        ),
        "not_text": (
            "{name} 不是文本（CSV）文件",
            "{name} is not a text (CSV) file",
        ),
        "file_corrupt": ("{name} 已损坏或无法识别：{error}", "{name} is damaged: {error}"),
        "xml_entities": (
            "{name} 含有 XML 实体定义（{part}），可能是恶意文件，已拒绝",
            "{name} contains XML entity definitions ({part}), a known attack; refused",
        ),
        "too_many_rows": (
            "{name} 有 {rows} 行，超过上限 {max} 行；请拆分后分批导入",
            "{name} has {rows} rows, more than the limit of {max}; split it",
        ),
        "encoding_unknown": (
            "{name} 的编码无法识别（支持 UTF-8 和 GBK/GB18030）",
            "cannot tell {name}'s text encoding (UTF-8 and GBK/GB18030 are supported)",
        ),
        "sheet_missing": ("{name} 中没有工作表“{sheet}”", "{name} has no sheet “{sheet}”"),
        "no_visible_sheet": ("{name} 没有可见的工作表", "{name} has no visible sheet"),
        "no_header": ("{name} 中找不到表头行", "no header row found in {name}"),
        "columns_missing": (
            "{name} 缺少必需的列：{columns}",
            "{name} lacks required columns: {columns_en}",
        ),
        "needs_loyalty": (
            "导入积分需要积分模块（尚未安装）",
            "importing points needs the loyalty module, which is not installed yet",
        ),
        "dup_in_file": (
            "与第 {first} 行重复",
            "repeats row {first} of this file",
        ),
        "identity_conflict": (
            "手机号属于会员 {phone_no}，与会员号 {value} 不一致",
            "the phone belongs to member {phone_no}, not to member number {value}",
        ),
        "member_unknown": ("找不到这位会员", "no such member"),
        "member_key_missing": (
            "需要会员号或手机号",
            "a member number or phone is needed",
        ),
        "yes_no_invalid": ("“{value}” 应为 是/否", "“{value}” should be yes or no"),
        "int_invalid": ("“{value}” 不是整数", "“{value}” is not a whole number"),
        "points_invalid": ("“{value}” 不是正整数积分", "“{value}” is not a positive whole number"),
        "import_return_refused": (
            "负数金额（退货）不能导入，请在收银处对原小票办理退货",
            "negative amounts (returns) are not imported; record the return against the sale",
        ),
        "ticket_rows_disagree": (
            "同一小票的行会员或日期不一致（见第 {first} 行）",
            "rows of this ticket disagree on member or date (see row {first})",
        ),
        "conflict_closed": ("该冲突已处理", "this conflict was already decided"),
    }
)

WORDS["excel"] = {
    "row": ("行号", "Row"),
    "column": ("列", "Column"),
    "value": ("值", "Value"),
    "reason": ("原因", "Reason"),
    "new": ("新增", "New"),
    "updated": ("更新", "Updated"),
    "unchanged": ("未变", "Unchanged"),
    "rejected": ("拒绝", "Rejected"),
    "conflict": ("冲突", "Conflicts"),
    "layout_items": ("按商品逐行（同小票号合并）", "one row per item, grouped by ticket"),
    "layout_tickets": ("每行一张小票", "one row per ticket"),
    "members": ("会员资料", "Members"),
    "purchases": ("消费记录", "Purchases"),
    "contacts": ("联系记录", "Contacts"),
    "points": ("期初积分", "Opening points"),
}

# ------------------------------------------------------------------ users, roles, privacy
# (app/auth.py, app/permissions.py, app/privacy.py)
ERRORS.update(
    {
        "password_too_short": (
            "密码至少 {min} 个字符",
            "the password needs at least {min} characters",
        ),
        "password_mismatch": ("两次输入的密码不一致", "the two passwords differ"),
        "password_wrong": ("当前密码不正确", "the current password is wrong"),
        "username_invalid": (
            "用户名 “{value}” 只能包含字母、数字、点、下划线和连字符",
            "user name “{value}” may hold only letters, digits, dot, underscore and hyphen",
        ),
        "username_taken": ("用户名 “{value}” 已被使用", "user name “{value}” is taken"),
        "last_owner": (
            "这是最后一个店主账号，不能停用或降级",
            "this is the last owner account; it cannot be deactivated or demoted",
        ),
        "deactivate_self": ("不能停用自己的账号", "you cannot deactivate your own account"),
        "already_anonymised": ("该会员已匿名", "this member is already anonymised"),
        "confirm_required": ("请先确认", "confirmation is required"),
        "anonymise_via_privacy": (
            "匿名化只能由店主通过“删除/匿名化”完成",
            "only the owner anonymises a member (Delete / anonymise)",
        ),
        "member_has_history": (
            "该会员已有消费、联系或积分记录，不能删除，请改为匿名化",
            "this member has purchases, contacts or points; anonymise instead of deleting",
        ),
    }
)
WORDS["role"] = {
    "owner": ("店主", "Owner"),
    "manager": ("店长", "Manager"),
    "clerk": ("店员", "Clerk"),
    "system": ("系统", "System"),
}
WORDS["login_failed"] = {
    "bad_credentials": ("用户名或密码不正确", "Wrong user name or password."),
    "inactive": ("该账号已停用，请联系店主", "This account has been deactivated; ask the owner."),
    "no_password": (
        "该账号还没有密码，请店主在“用户”页面设置",
        "This account has no password yet; the owner sets one on the Users page.",
    ),
    "locked": (
        "失败次数过多，请 {seconds} 秒后再试",
        "Too many failed attempts; try again in {seconds} seconds.",
    ),
}
# audit_log.action codes, for the owner's audit viewer and its export
WORDS["audit_action"] = {
    "login": ("登录", "Sign-in"),
    "login_failed": ("登录失败", "Failed sign-in"),
    "view": ("查看档案", "View record"),
    "unmask": ("显示完整手机号", "Show full phone"),
    "create": ("新建", "Create"),
    "update": ("修改", "Edit"),
    "merge": ("合并", "Merge"),
    "delete": ("删除", "Delete"),
    "anonymise": ("匿名化", "Anonymise"),
    "export": ("导出", "Export"),
    "print": ("打印", "Print"),
    "import": ("导入", "Import"),
    "member_report": ("个人数据报告", "Member data report"),
    "rule_change": ("规则修改", "Rule change"),
    "restore": ("恢复备份", "Restore"),
    "backup": ("备份", "Backup"),
    "user_setup": ("设置店主账号", "Owner account set up"),
    "user_add": ("添加用户", "Add user"),
    "user_update": ("修改用户", "Edit user"),
    "user_password": ("设置密码", "Set password"),
    "user_deactivate": ("停用用户", "Deactivate user"),
    "user_activate": ("启用用户", "Reactivate user"),
    "mark_lost": ("标记流失", "Mark lost"),
    "sync_export": ("导出总部变动卡", "Head-office export"),
    "sync_import": ("导入总部文件", "Head-office import"),
    "sync_conflict": ("处理同步冲突", "Sync conflict decided"),
    "points_adjust": ("调整积分", "Points adjustment"),
    "points_opening": ("期初积分", "Opening points"),
    "points_visit": ("到店积分", "Visit points"),
    "points_birthday": ("生日积分", "Birthday points"),
    "points_backfill": ("补记积分", "Points backfill"),
    "complaint": ("投诉", "Complaint"),
    "survey": ("满意度调查", "Survey"),
}

# ------------------------------------------------------------------ feedback
# (app/feedback.py): survey factors, quadrants, churn reasons, complaint call tasks, the
# feedback charts' words and input errors.
WORDS.update(
    {
        "survey_factor": {
            "quality": ("产品质量", "Product quality"),
            "service": ("服务", "Service"),
            "store_image": ("店铺形象", "Store image"),
            "price": ("价格", "Price"),
            "range": ("品种款式", "Range"),
        },
        "quadrant": {
            "improve": ("急需改进", "Improve urgently"),
            "keep": ("继续保持", "Keep it up"),
            "low_priority": ("不占优先", "Low priority"),
            "bonus": ("锦上添花", "Nice to have"),
        },
        "lost_reason": {
            "quality_unstable": ("质量不稳定", "Unstable quality"),
            "no_novelty": ("款式缺乏新意", "No novelty"),
            "poor_service": ("服务不满意", "Poor service"),
            "competitor": ("被竞争对手吸引", "A competitor's offer"),
            "price": ("价格偏高", "Prices too high"),
            "moved_away": ("搬家/离开本地", "Moved away"),
            "other": ("其他", "Other"),
        },
        "feedback_chart": {
            "quadrant_title": ("重要性 × 满意度", "Importance × satisfaction"),
            "importance_axis": ("重要性（1–5）", "Importance (1–5)"),
            "satisfaction_axis": ("满意度（1–5）", "Satisfaction (1–5)"),
            "mean_line": ("平均 {value}", "mean {value}"),
            "trend_title": ("满意度月度趋势", "Satisfaction by month"),
            "overall": ("总体满意度", "Overall"),
            "month_axis": ("月份", "Month"),
            "lost_title": ("流失原因（按月）", "Why members left (by month)"),
            "members_axis": ("人数", "Members"),
            "no_data": ("所选期间暂无数据", "No data in this period"),
            "surveys_n": ("问卷 {n} 份", "{n} surveys"),
        },
    }
)
WORDS.setdefault("audit_action", {}).update(
    {
        "complaint_update": ("修改投诉", "Complaint updated"),
        "reactivate": ("恢复活跃", "Back to active"),
    }
)
WORDS["task_reason"].update(
    {
        "complaint_followup": ("投诉跟进", "Complaint follow-up"),
        "complaint_check": ("投诉解决后回访", "Check after a complaint"),
    }
)
ERRORS.update(
    {
        "score_invalid": ("“{value}” 不是 1–5 的评分", "“{value}” is not a score from 1 to 5"),
        "survey_empty": (
            "请至少为一项打分或填写总体满意度",
            "rate at least one factor or the overall satisfaction",
        ),
        "contact_missing": ("联系记录不存在", "the contact does not exist"),
        "contact_other_member": ("这条联系记录不是该会员的", "the contact is another member's"),
        "resolution_required": (
            "解决或关闭投诉时请写明处理结果",
            "write down the resolution before resolving or closing",
        ),
        "resolved_before_complaint": (
            "解决时间早于投诉时间 {at}",
            "resolved before the complaint was made ({at})",
        ),
        "lost_note_required": ("原因选“其他”时请写明说明", "with “Other”, write what happened"),
        "member_already_active": ("该会员已是活跃状态", "the member is already active"),
    }
)


def code_of(group: str, text: str | None) -> str | None:
    """The code whose Chinese or English label (or the code itself) is ``text``, or
    ``text`` unchanged when it names none (free text typed by a person)."""
    if text is None:
        return None
    key = text.strip()
    for code, (zh, en) in WORDS.get(group, {}).items():
        if key in (code, zh, en) or key.lower() == en.lower():
            return code
    return text


# Store rules on the settings page (app/settings.py EDITABLE).
ERRORS.update(
    {
        "int_out_of_range": ("应在 {low} 到 {high} 之间", "should be between {low} and {high}"),
        "lost_before_dormant": (
            "流失天数应大于休眠天数",
            "must be more days than dormant",
        ),
    }
)
