"""The store's words: ``WORDS[group][code] = (Chinese, English)``.

One table, each vocabulary (group) declared once, here; nothing patches it later.
``{placeholders}`` in a label are filled by the code that shows it (charts, pages).
Read it through :func:`app.labels.word` and :func:`app.labels.choices`.
"""

from __future__ import annotations

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
        "vip_care": ("贵宾关怀", "VIP care"),
        "alteration_ready": ("取衣通知", "Ready for collection"),
        "event_invite": ("活动邀请", "Event invitation"),
        "event_reminder": ("活动提醒", "Event reminder"),
    },
    "role": {
        "owner": ("店主", "Owner"),
        "manager": ("店长", "Manager"),
        "clerk": ("店员", "Clerk"),
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
        "complaint_followup": ("投诉跟进", "Complaint follow-up"),
        "complaint_check": ("投诉解决后回访", "Check after a complaint"),
        "vip_talk": ("店长贵宾沟通", "Manager's VIP talk"),
        "seasonal": ("换季回访", "Seasonal visit"),
        "alteration_ready": ("修改/送衣已好，通知取衣", "Alteration ready: tell them"),
        "verify_details": ("顺便核对档案资料", "Verify their details too"),
        "new_card": ("等级已升，换发新卡", "Tier up: give the new card"),
        "event_invite": ("邀请参加活动", "Invite to an event"),
        "event_reminder": ("活动前一天提醒", "Remind: event tomorrow"),
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
    # analytics (app/segments.py)
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
        "customer_types": ("顾客类型", "Customer types"),
        "customer_types_note": (
            "有效 / 无效顾客；下方三种购买习惯可兼有（占顾客的比例）。点击查看名单",
            "Effective / one-time customers; the three habits below can overlap "
            "(share of customers). Click a bar for the list",
        ),
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
        "tab_types": ("顾客类型", "Customer types"),
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
    # the analytics page in the owner's words (ui/pages/analytics.py, app/charts.py):
    # which forecast model and why, the details toggle, the month so far
    "analytics_more": {
        "check": (
            "购买预测：按过去 {months} 个月检验，{winner}预测更准"
            "（每位顾客的预测偏差合计占实际购买的 {err_win}，另一个模型 {err_lose}）；"
            "“仍活跃概率”按帕累托模型计算，只来过一次的顾客越久没来越低。",
            "Purchase forecast: checked on the last {months} months, {winner} forecast "
            "better (customers' misses add up to {err_win} of the actual purchases, the "
            "other model {err_lose}). P(active) comes from the Pareto model: a one-time "
            "buyer's falls the longer they stay away.",
        ),
        "no_check": (
            "购买预测：店里的消费记录不足 3 个月，无法检验，先用帕累托模型；"
            "“仍活跃概率”按帕累托模型计算。",
            "Purchase forecast: less than 3 months of purchases to check against, so the "
            "Pareto model is used; P(active) comes from the Pareto model.",
        ),
        "pareto_nbd": ("帕累托模型", "the Pareto model"),
        "bgnbd": ("BG/NBD 模型", "the BG/NBD model"),
        "details": ("模型参数", "Model details"),
        "details_text": (
            "BG/NBD：r={r} α={alpha}/天 a={a} b={b}；帕累托/NBD：r={pr} α={palpha}/天 "
            "s={ps} β={pbeta}/天；客单价 Gamma-Gamma：p={p} q={q} γ={gamma}",
            "BG/NBD: r={r} α={alpha}/day a={a} b={b}; Pareto/NBD: r={pr} α={palpha}/day "
            "s={ps} β={pbeta}/day; Gamma-Gamma: p={p} q={q} γ={gamma}",
        ),
        "details_check": (
            "检验：过去 {months} 个月实际 {actual} 次购买，BG/NBD 预测 {bg}，帕累托预测 {pn}",
            "Check: {actual} purchases in the last {months} months; BG/NBD forecast {bg}, "
            "Pareto {pn}",
        ),
        "so_far": ("本月至今", "This month so far"),
        "so_far_tick": ("本月至今", "so far"),
        "days_so_far": ("{days}/{of}天", "{days}/{of} days"),
    },
    # one line under each analytics chart: what its cells are and what to do with them
    "analytics_explain": {
        "pyramid": (
            "按近12个月消费额从高到低分层：上层人少却贡献大部分消费，重点维护、别让他们流失；"
            "下层用新品和促销带动；“未活跃”是12个月没消费的会员。",
            "Members ranked by spend over the last 12 months: the top layers are few but "
            "bring most of the spend, so keep them; lift the lower layers with new "
            "arrivals and promotions; inactive = no purchase in 12 months.",
        ),
        "loyalty_matrix": (
            "忠诚度 = 近期来店次数、做顾客的时长和最近一次来店的综合排名；价值 = 累计消费。"
            "知己（又常来又花得多）→深度关爱；藤壶（常来但花得少）→深度挖掘，推荐搭配升级；"
            "蝴蝶（花得多但不常来）→深度获取，邀请回店；过客（都低）→长期培育。",
            "Loyalty = recent visits, years as a customer and how recently they came; "
            "value = lifetime spend. True friends (both high): deep care. Barnacles (come "
            "often, spend little): deep mining, suggest more. Butterflies (spend a lot, "
            "rarely come): deep acquisition, invite them back. Strangers: long-term nurture.",
        ),
        "value_matrix": (
            "当前价值 = 近12个月消费；潜在价值 = 预测未来{days}天的消费。明星（都高）→深度关爱；"
            "现金（现在花得多、今后可能少）→深度挖掘，防止流失；问题（现在少、今后可能多）"
            "→深度获取；瘦狗（都低）→长期培育，少投入。",
            "Current = spend over the last 12 months; potential = forecast spend over the "
            "next {days} days. Stars (both high): deep care. Cash cows (high now, less "
            "later): deep mining, keep them. Question marks (low now, more later): deep "
            "acquisition. Dogs (both low): long-term nurture, spend little on them.",
        ),
        "rfm": (
            "R = 最近一次消费有多近，F = 来店消费的天数，M = 消费金额，各按顾客五等分打 1–5 分"
            "（5 最好）。如“544”= R5 F4 M4：最近来过、来得较勤、花得较多。右上是常客；"
            "右下（F 高 R 低）是久未回来的老顾客，最值得挽回。",
            "R = how recently, F = on how many days, M = how much; each scored 1–5 by "
            'fifths of the customers (5 best). "544" = R5 F4 M4: came lately, fairly '
            "often, spends well. Top right: regulars. Bottom right (high F, low R): old "
            "regulars who stopped coming, the first to win back.",
        ),
        "lifecycle": (
            "由消费记录推算：首次购买 = 只来过一天；"
            "忠诚 = 近12个月来店至少 {loyal} 天且做顾客满 {tenure} 天；"
            "休眠 = 超过 {dormant} 天没消费；流失 = 超过 {lost} 天没消费。"
            "成交率参考：潜在 6%、首次购买 15%、重复/忠诚 50%。",
            "From the purchases: first purchase = one day only; loyal = at least {loyal} "
            "days in the last 12 months and a customer for {tenure} days; dormant = no purchase "
            "for {dormant} days; lost = for {lost} days. Typical success: prospects 6%, "
            "first-time 15%, repeat/loyal 50%.",
        ),
        "monthly": (
            "柱 = 每月净销售额（万元），线 = 当月有消费的会员和新顾客；虚线框的浅色柱是本月至今，"
            "月份还没过完，不是下滑。",
            "Bars = net sales per month (10k yuan); lines = members who bought and new "
            "customers. The pale dashed bar is this month so far: unfinished, not a drop.",
        ),
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
    # Excel import/export (app/excel/): report columns, counts, layouts, kinds
    "excel": {
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
        "layout_ledger": ("积分明细（逐笔）", "the points ledger, entry by entry"),
        "members": ("会员资料", "Members"),
        "purchases": ("消费记录", "Purchases"),
        "contacts": ("联系记录", "Contacts"),
        "points": ("期初积分", "Opening points"),
        "surveys": ("满意度调查", "Surveys"),
        "complaints": ("投诉", "Complaints"),
        "praise": ("表扬与建议", "Praise and suggestions"),
        "attendance": ("活动出席", "Event attendance"),
    },
    # sign-in (app/auth.py)
    "login_failed": {
        "bad_credentials": ("用户名或密码不正确", "Wrong user name or password."),
        "inactive": (
            "该账号已停用，请联系店主",
            "This account has been deactivated; ask the owner.",
        ),
        "no_password": (
            "该账号还没有密码，请店主在“用户”页面设置",
            "This account has no password yet; the owner sets one on the Users page.",
        ),
        "locked": (
            "失败次数过多，请 {seconds} 秒后再试",
            "Too many failed attempts; try again in {seconds} seconds.",
        ),
        "bad_pin": ("快捷密码不正确", "Wrong PIN."),
        "no_pin": (
            "该用户还没有快捷密码，请输入登录密码",
            "This user has no PIN yet; type the password instead.",
        ),
    },
    # audit_log.action codes, for the owner's audit viewer and its export
    # the tiers a new store starts with (m001); a store may rename them in its tiers table
    "tier_name": {
        "": ("无", "none"),
        "normal": ("普通会员", "Member"),
        "silver": ("银卡", "Silver"),
        "gold": ("金卡", "Gold"),
        "diamond": ("钻石卡", "Diamond"),
    },
    # the monthly report's own words: headings, figure names, column titles, notes and
    # the footer (app/report/words.py fills them; codes are named by their own groups)
    "report": {
        "title": ("月度经营报表", "Monthly summary"),
        "month_of": ("{y}年{m}月", "{y}-{m:02d}"),
        "compared": ("对比上月 {prev}", "compared with {prev}"),
        "partial": ("（本月尚未结束，数据截至 {as_of}）", "(month in progress, data to {as_of})"),
        "made": ("生成于 {at}", "made {at}"),
        "page": ("第 {n} / {total} 页", "page {n} of {total}"),
        "figure": ("指标", "Figure"),
        "this_month": ("本月", "This month"),
        "last_month": ("上月", "Last month"),
        "change": ("变化", "Change"),
        "pp": ("{v} 个百分点", "{v} pp"),
        "yuan": ("元", "yuan"),
        "people": ("人", ""),
        "unknown_clerk": ("未指定", "Not assigned"),
        "no_data": ("本节暂无数据：{why}。", "No data for this section yet: {why}."),
        # notes (why a section has no data)
        "note_no_members": ("还没有会员", "there are no members yet"),
        "note_no_purchases": ("还没有消费记录", "no purchases have been recorded"),
        "note_no_sales_this_month": ("本月没有消费", "nobody bought this month"),
        "note_no_contacts": ("还没有联系记录", "no contacts have been logged"),
        "note_no_complaints": ("还没有登记过投诉", "no complaints have been recorded"),
        "note_no_gifts": ("还没有登记过赠礼", "no gifts have been recorded"),
        "s_gifts": ("赠礼", "Gifts"),
        "f_gifts": ("赠礼次数", "Gifts given"),
        "f_cost_fen": ("赠礼成本（元）", "Gift cost (yuan)"),
        "s_archive": ("档案新鲜度", "Archive freshness"),
        "s_service": ("服务记录：赠礼、档案与活动", "Service: gifts, archives and events"),
        "f_stale": ("超期未核对的档案", "Archives not checked in time"),
        "f_verified": ("本月核对的档案", "Archives checked this month"),
        # staff (app/reports/staff.py, issue #19): enrolments, praise, service stars
        "s_staff": ("导购与表扬", "Staff and praise"),
        "f_enrolled": ("新招会员", "New members enrolled"),
        "f_praise": ("收到表扬", "Praise received"),
        "f_suggestions": ("顾客建议", "Suggestions"),
        "note_no_staff": ("还没有导购账号", "no clerk accounts exist"),
        "s_stars": ("服务之星", "Service stars"),
        "s_praise_about": ("表扬与建议（按内容）", "Praise and suggestions by subject"),
        "c_score": ("得分", "Score"),
        "c_enrolled": ("新招会员", "Enrolled"),
        "c_on_time": ("按时回访", "On time"),
        "c_survey": ("满意度", "Survey"),
        "c_praise": ("表扬", "Praise"),
        "c_service_complaints": ("投诉", "Complaints"),
        "c_sales": ("销售额（元）", "Sales (yuan)"),
        "c_about": ("内容", "Subject"),
        "stars_def": (
            "得分满分100：各项按本月最好的导购折算（满意度按1–5分），乘以设置中的权重相加，"
            "服务投诉扣分（可扣到0以下）；投诉算在该会员投诉前最后一次消费的导购名下。",
            "Score out of 100: each fact as a share of the best clerk's this month (the "
            "survey on its 1–5 scale), times the weights in Settings, added up; service "
            "complaints deduct (below 0 if need be), counted against the clerk of the "
            "member's last sale before it.",
        ),
        "note_no_surveys": ("还没有满意度调查", "no satisfaction surveys have been recorded"),
        "note_points_not_started": ("积分计划尚未开始", "the points programme has not started"),
        "note_no_birthdays": ("会员档案中没有生日", "no member has a birthday on file"),
        "note_no_previous_month": (
            "上月还没有数据，无法比较变动",
            "last month has no data to compare with",
        ),
        # sections
        "s_members": ("会员", "Members"),
        "s_sales": ("销售", "Sales"),
        "s_complaints": ("投诉", "Complaints"),
        "s_satisfaction": ("满意度", "Satisfaction"),
        "s_points": ("积分", "Points"),
        "s_birthdays": ("生日", "Birthdays"),
        "s_trend": ("近12个月销售趋势", "Sales, last 12 months"),
        "s_by_tier": ("按会员等级的销售额", "Sales by tier"),
        "s_sales_by_tier": ("按会员等级的销售额", "Sales by tier"),
        "s_sales_by_layer": ("按金字塔层级的销售额", "Sales by pyramid layer"),
        "s_gifts_by_tier": ("按会员等级的赠礼成本", "Gift cost by tier"),
        "s_events": ("会员活动", "Member events"),
        "f_events": ("本月举办的活动", "Events held"),
        "f_invited": ("邀请人数", "Guests invited"),
        "f_accepted": ("接受邀请", "Accepted"),
        "f_attended": ("实际出席", "Attended"),
        "f_attendance_rate": ("出席率（出席/邀请）", "Attendance rate (came/invited)"),
        "f_event_sales_fen": ("出席者活动后7天消费（元）", "Attendees' sales, 7 days (yuan)"),
        "f_event_buyers": ("活动后7天内消费的出席者", "Attendees who bought within 7 days"),
        "f_event_cost_fen": ("活动费用（元）", "Event cost (yuan)"),
        "note_no_events": ("还没有登记过活动", "no events have been recorded"),
        "s_events_list": ("本月活动明细", "This month's events"),
        "c_event": ("活动", "Event"),
        "c_event_sales": ("7天消费（元）", "Sales, 7 days (yuan)"),
        "s_by_layer": ("按金字塔层级的销售额", "Sales by pyramid layer"),
        "s_pyramid": ("顾客金字塔（月末）", "Customer pyramid (month end)"),
        "s_lifecycle": ("生命周期（月末）", "Lifecycle (month end)"),
        "s_movement": ("本月变动", "Movement this month"),
        "s_follow_up": ("导购回访工作", "Follow-up work per clerk"),
        "s_factors": ("满意度（按因素）", "Satisfaction by factor"),
        "s_categories": ("投诉类别", "Complaints by category"),
        "s_top": ("本月消费前20名会员", "Top 20 members this month"),
        "s_top_members": ("前20名会员", "Top 20 members"),
        "s_segments": ("金字塔与生命周期", "Pyramid and lifecycle"),
        "s_movement_flows": ("变动明细", "Movement"),
        # figures
        "f_total": ("会员总数", "Members"),
        "f_new": ("新入会", "New members"),
        "f_active": ("本月消费会员", "Active (bought this month)"),
        "f_first_time": ("首次消费会员", "First-time buyers"),
        "f_dormant": ("休眠会员（180天未消费）", "Dormant (no purchase 180 days)"),
        "f_lost": ("流失会员（365天未消费）", "Lost (no purchase 365 days)"),
        "f_total_fen": ("销售额（净额，元）", "Net sales (yuan)"),
        "f_tickets": ("小票数", "Tickets"),
        "f_avg_ticket_fen": ("客单价（元）", "Average ticket (yuan)"),
        "f_repeat_rate": ("回头客比例", "Repeat-purchase rate"),
        "f_top20_share": ("前20%会员贡献销售额占比", "Share of spend from the top 20%"),
        "f_opened": ("新投诉", "Complaints opened"),
        "f_resolved": ("已解决", "Resolved"),
        "f_median_days": ("解决用时中位数（天）", "Median days to resolve"),
        "f_open_at_end": ("月末未解决", "Open at month end"),
        "f_surveys": ("问卷份数", "Surveys"),
        "f_overall": ("总体满意度（1–5）", "Overall satisfaction (1–5)"),
        "f_issued": ("发放积分", "Points issued"),
        "f_redeemed": ("兑换积分", "Points redeemed"),
        "f_expired": ("过期积分", "Points expired"),
        "f_clawed_back": ("退货/调整扣回", "Taken back (returns, adjustments)"),
        "f_outstanding": ("月末未兑积分", "Outstanding points (month end)"),
        "f_liability_fen": ("积分负债（元）", "Points liability (yuan)"),
        "f_next_month": (
            "下月生日会员（{month}，公历+农历）",
            "Birthdays in {month} (solar + lunar)",
        ),
        "f_moved_layer": ("换层会员", "Changed layer"),
        "f_up": ("升层", "Moved up"),
        "f_down": ("降层", "Moved down"),
        "f_moved_life": ("生命周期变化", "Changed lifecycle state"),
        "f_new_members": ("新会员（上月末尚未入会）", "New (not members last month)"),
        # columns
        "c_code": ("类别", "Group"),
        "c_tier": ("等级", "Tier"),
        "c_layer": ("层级", "Layer"),
        "c_state": ("状态", "State"),
        "c_clerk": ("导购", "Clerk"),
        "c_due": ("应回访", "Due"),
        "c_done": ("已完成", "Done"),
        "c_overdue": ("逾期", "Overdue"),
        "c_calls": ("联系次数", "Calls"),
        "c_reached": ("联系上", "Reached"),
        "c_rate": ("联系上比例", "Reached rate"),
        "c_flow": ("变动", "Move"),
        "c_members": ("人数", "Members"),
        "c_factor": ("因素", "Factor"),
        "c_satisfaction": ("满意度", "Satisfaction"),
        "c_importance": ("重要性", "Importance"),
        "c_answers": ("答卷", "Answers"),
        "c_category": ("类别", "Category"),
        "c_rank": ("名次", "Rank"),
        "c_member_no": ("会员号", "Member no."),
        "c_name": ("姓名", "Name"),
        "c_phone": ("手机", "Phone"),
        "c_spend": ("本月消费（元）", "Spend (yuan)"),
        "c_prev_spend": ("上月消费（元）", "Last month (yuan)"),
        "c_tickets": ("小票", "Tickets"),
        "follow_up_def": (
            "应回访 = 到期日在本月的售后次日/一周回访和预约回访（生日、节日等任务依当日状态"
            "生成，不计入）；已完成 = 显示期内有结果的联系；逾期 = 已过到期日仍未完成；"
            "联系次数按联系人统计。",
            "Due = post-sale (day 1, day 7) and scheduled follow-ups due this month (birthday, "
            "festival and other tasks depend on the day's state and are left out); done = "
            "cleared by a contact while shown; overdue = past the due day and not done; calls "
            "are counted for the clerk who made them.",
        ),
        "legend_due": ("应回访", "Due"),
        "legend_done": ("已完成", "Done"),
        "legend_overdue": ("逾期", "Overdue"),
        "legend_this": ("本月", "This month"),
        "legend_last": ("上月", "Last month"),
        "trend_sales": ("销售额（万元）", "Net sales (10k yuan)"),
        "trend_sales_yuan": ("销售额（元）", "Net sales (yuan)"),
        "trend_active": ("消费会员（人）", "Members buying"),
    },
    # why two members may be one customer (app/duplicates.py)
    "duplicate_reason": {
        "name_birthday": ("同名同生日", "same name and birthday"),
        "pinyin_phone_tail": ("拼音相同、手机尾号相同", "same pinyin and phone tail"),
        "name_address": ("同名同地址", "same name and address"),
        "phone_in_wechat": ("手机号是对方的微信号", "phone is the other's WeChat ID"),
    },
    "audit_action": {
        "duplicate_dismissed": ("标为非重复会员", "Not duplicates"),
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
        "complaint_update": ("修改投诉", "Complaint updated"),
        "reactivate": ("恢复活跃", "Back to active"),
        "purchase": ("消费", "Sale"),
        "return": ("退货", "Return"),
        "contact": ("联系记录", "Contact"),
        "points_redeem": ("积分兑换", "Points redeemed"),
        "points_expire": ("积分过期", "Points expired"),
        "tier_change": ("等级变动", "Tier change"),
        "campaign_tasks": ("生成回访任务", "Call-list tasks added"),
        # issue #16 (privacy) and #20 (lock screen)
        "purge_backups": ("删除含此人的备份", "Backups holding a person deleted"),
        "switch_user": ("切换店员", "Clerk switched"),
        "lock": ("锁屏", "Screen locked"),
        # issue #19 (service records, app/service/)
        "gift": ("赠礼", "Gift"),
        "gift_delete": ("删除赠礼记录", "Gift record deleted"),
        "alteration": ("修改/送衣单", "Alteration order"),
        "alteration_status": ("修改/送衣单状态", "Alteration status"),
        "card_issue": ("发放会员卡", "Member card issued"),
        "card_replace": ("补卡/换卡", "Member card replaced"),
        "event": ("新建活动", "Event created"),
        "event_edit": ("修改活动", "Event edited"),
        "event_cancel": ("取消活动", "Event cancelled"),
        "event_invite": ("活动邀请名单", "Event guest list"),
        "event_invited": ("已通知活动邀请", "Guests told of an event"),
        "event_response": ("活动回复", "Event response"),
        "event_attendance": ("活动出席", "Event attendance"),
        "praise": ("表扬/建议", "Praise or suggestion"),
        "praise_delete": ("删除表扬/建议", "Praise or suggestion deleted"),
        # a refused counter-queue sale thrown away (app/counter_queue.py discard)
        "queue_discard": ("丢弃待入账销售", "Queued sale discarded"),
    },
    # why the store refused a queued sale (app/counter_queue.py; the audit entry of a
    # discard names these codes): the errors check_sale and the drain can raise
    "queue_refusal": {
        "member_missing": ("会员不存在", "the member does not exist"),
        "member_anonymised": ("会员已匿名化", "the member is anonymised"),
        "ticket_duplicate": ("小票号已被使用", "the ticket number is already in use"),
        "clerk_missing": ("店员不存在", "the clerk does not exist"),
        "date_in_future": ("日期晚于今天", "the date is in the future"),
    },
    # feedback (app/feedback.py): survey factors, quadrants, churn reasons, charts
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
    # ------------------------------------------------------------------ the audit log
    # (app/audit.py). An entry stores an action code, the kind of record it touched and a
    # summary as a template code ("audit_summary") with its parameters; the viewer, its
    # export and the member report render them here in the reader's language. In a
    # template, {name:group} shows a parameter through that group's words, {name:fen}
    # as money; lists and {key: count} maps are joined (see app.labels.fill).
    "audit_summary": {
        "member_create": ("{member_no} {name}", "{member_no} {name}"),
        "member_update": ("修改了：{fields:member_field}", "changed: {fields:member_field}"),
        "member_phone_shown": ("{member_no}：显示完整手机号", "{member_no}: phone shown"),
        "member_phone_to_call": ("{member_no}：拨打电话", "{member_no}: to call"),
        "member_phone_to_call_for": (
            "{member_no}：拨打电话（{purpose:purpose}）",
            "{member_no}: to call ({purpose:purpose})",
        ),
        "phones_shown": (
            "{where:phone_list}：显示完整手机号",
            "{where:phone_list}: full phone numbers shown",
        ),
        "member_card_opened": ("{member_no}：打开会员档案", "{member_no}: card opened"),
        "member_report": (
            "{member_no} → {file}：{counts:record}",
            "{member_no} -> {file}: {counts:record}",
        ),
        "member_anonymised": ("{member_no} 已匿名化", "{member_no} anonymised"),
        "member_anonymised_because": (
            "{member_no} 已匿名化：{reason}",
            "{member_no} anonymised: {reason}",
        ),
        "member_deleted": ("{member_no} 已删除", "{member_no} deleted"),
        "member_deleted_because": ("{member_no} 已删除：{reason}", "{member_no} deleted: {reason}"),
        "member_merge": (
            "{removed_no} {removed_name} 并入 {kept_no} {kept_name}；转移：{moved:record}",
            "{removed_no} {removed_name} merged into {kept_no} {kept_name}; moved: {moved:record}",
        ),
        "member_merge_filled": (
            "{removed_no} {removed_name} 并入 {kept_no} {kept_name}；转移：{moved:record}；"
            "补全：{filled:member_field}",
            "{removed_no} {removed_name} merged into {kept_no} {kept_name}; "
            "moved: {moved:record}; filled: {filled:member_field}",
        ),
        "member_lost": (
            "{member_no} {name}：{reason:lost_reason}",
            "{member_no} {name}: {reason:lost_reason}",
        ),
        "member_status": (
            "{member_no} {name}：{old_status:status} → {new_status:status}",
            "{member_no} {name}: {old_status:status} -> {new_status:status}",
        ),
        "login": ("{name} 登录", "{name} signed in"),
        "login_failed": (
            "{name!r}：{code:login_failure}，连续第 {failures} 次",
            "{name!r}: {code:login_failure}, {failures} in a row",
        ),
        "owner_setup": ("店主账号 {name}（{shown}）", "owner account {name} ({shown})"),
        "demo_passwords": ("演示账号设置密码：{ids}", "demo passwords for {ids}"),
        "user_add": ("{name}（{shown}），{role:role}", "{name} ({shown}), {role:role}"),
        "user_update": (
            "{username}：{old_name} → {new_name}，{old_role:role} → {new_role:role}",
            "{username}: {old_name} → {new_name}, {old_role:role} → {new_role:role}",
        ),
        "password_reset": ("{username}：重设密码", "{username}: reset"),
        "password_changed": ("{username}：修改了自己的密码", "{username}: changed"),
        "user_name": ("{username}", "{username}"),
        "sale": (
            "{member_no} {name}：{paid_fen:fen}，共 {lines} 行",
            "{member_no} {name}: {paid_fen:fen}, {lines} line(s)",
        ),
        "return": (
            "{member_no} {name}：退回小票 #{purchase_id}，{paid_fen:fen}",
            "{member_no} {name}: return of purchase {purchase_id}, {paid_fen:fen}",
        ),
        "contact": (
            "{member_no} {name}：{purpose:purpose}（{channel:channel}），{outcome:outcome}",
            "{member_no} {name}: {purpose:purpose} by {channel:channel}, {outcome:outcome}",
        ),
        "survey": (
            "{who}：{factors} 项评分，总体 {overall}",
            "{who}: {factors} factors, {overall}",
        ),
        "complaint": (
            "{who}：{category:complaint_category}，{status:complaint_status}",
            "{who}: {category:complaint_category}, {status:complaint_status}",
        ),
        "complaint_update": (
            "{old_status:complaint_status} → {new_status:complaint_status}；"
            "修改了：{fields:complaint_field}",
            "{old_status:complaint_status} -> {new_status:complaint_status}; "
            "changed: {fields:complaint_field}",
        ),
        "settings_changed": ("{keys:setting}", "{keys:setting}"),
        "backup": (
            "{file}（{reason:backup_reason}）；检查：{check:audit_word}",
            "{file} ({reason:backup_reason}); check: {check:audit_word}",
        ),
        "restore": (
            "恢复 {file}（会员 {members} 人，消费 {purchases} 笔）；"
            "恢复前的数据库：{before:audit_word}",
            "restored {file} ({members} members, {purchases} purchases); "
            "the database before it: {before:audit_word}",
        ),
        "export_masked": ("{file}：{rows} 行，手机号已遮挡", "{file}: {rows} rows, phones masked"),
        "export_full": ("{file}：{rows} 行，手机号完整显示", "{file}: {rows} rows, phones in full"),
        "target_list": (
            "目标名单“{name}”：{members} 人",
            "target list “{name}”: {members} members",
        ),
        "send_list_export": (
            "发送清单 {file}：{rows} 条（完整手机号：{full}）",
            "send list {file}: {rows} messages (full phones: {full})",
        ),
        "audit_export": (
            "{file}：{rows} 行 {filters:audit_filter}",
            "{file}: {rows} rows {filters:audit_filter}",
        ),
        "sync_export": (
            "{target}：{mode:sync_mode}，会员 {members} 人 → {file}",
            "{target}: {mode:sync_mode}, {members} members -> {file}",
        ),
        "sync_import": ("{target}：{counts:excel}", "{target}: {counts:excel}"),
        "login_locked": (
            "{name!r}：已锁定，还需等待 {seconds} 秒",
            "{name!r}: locked, {seconds} s to wait",
        ),
        "phones_in_file": (
            "{file}：{rows} 行的完整手机号",
            "full phone numbers in {file} ({rows} rows)",
        ),
        "phones_in_sync_file": (
            "{file}：发给 {target} 的 {members} 位会员的完整手机号",
            "full phone numbers of {members} members in {file} for {target}",
        ),
        "duplicate_dismissed": (
            "{a} / {b}：不是同一位顾客",
            "{a} / {b}: not the same customer",
        ),
        "sync_conflict": (
            "{target}：{take:sync_take}（{fields:member_field}）",
            "{target}: {take:sync_take} ({fields:member_field})",
        ),
        # for the call sites in modules being split now (loyalty, segments, importer)
        "import": ("{file}：{counts:excel}", "{file}: {counts:excel}"),
        "segments_export_masked": (
            "{file}：会员 {members} 人，手机号已遮挡",
            "{file}: {members} members, phones masked",
        ),
        "segments_export_full": (
            "{file}：会员 {members} 人，手机号完整显示",
            "{file}: {members} members, phones in full",
        ),
        "campaign_tasks": (
            "{tasks} 条回访任务，目的：{purpose:purpose}，日期 {due}",
            "{tasks} call-list tasks, purpose {purpose:purpose}, due {due}",
        ),
        "campaign_tasks_note": (
            "{tasks} 条回访任务，目的：{purpose:purpose}，日期 {due}：{note}",
            "{tasks} call-list tasks, purpose {purpose:purpose}, due {due}: {note}",
        ),
        "loyalty_rules": ("自 {day} 起：{rules}", "from {day}: {rules}"),
        "points_gained": ("{member_no}：+{points} 分", "{member_no}: +{points}"),
        "points_adjusted": (
            "{member_no}：{points:+d} 分 {note}",
            "{member_no}: {points:+d} {note}",
        ),
        "points_redeemed": (
            "{member_no}：{reward} −{points} 分",
            "{member_no}: {reward} −{points}",
        ),
        "points_expired": (
            "{lots} 批、{points} 分、会员 {members} 人，{day} 之前到期",
            "{lots} lots, {points} points, {members} members, before {day}",
        ),
        "points_birthday": ("会员 {members} 人，{day}", "{members} members, {day}"),
        "points_backfill": (
            "{entries} 条，净 {points} 分",
            "{entries} entries, net {points} points",
        ),
        "reward": (
            "{name} {kind:reward_kind} {points} 分",
            "{name} {kind:reward_kind} {points} points",
        ),
        "reward_inactive": (
            "{name} {kind:reward_kind} {points} 分（已停用）",
            "{name} {kind:reward_kind} {points} points (inactive)",
        ),
        "tier_changes": ("会员 {members} 人", "{members} members"),
        "tier_review": ("会员 {members} 人（年度评定）", "{members} members (yearly review)"),
        "tier_changed": ("{old:tier_name} → {new:tier_name}", "{old:tier_name} → {new:tier_name}"),
        "tiers_rules": (
            "等级门槛（元）：{thresholds}；年度评定日 {review}",
            "tier thresholds (yuan): {thresholds}; yearly review {review}",
        ),
        # issue #16 (privacy) and #20 (lock screen)
        "backups_purged": (
            "{member_no}：删除了 {count} 个仍含此人的备份：{files}",
            "{member_no}: {count} backup(s) still holding the person deleted: {files}",
        ),
        "switch_user": ("{from_name} → {to_name}（快捷密码）", "{from_name} -> {to_name} (PIN)"),
        "locked_idle": ("闲置 {minutes} 分钟后锁屏", "locked after {minutes} min idle"),
        "pin_set": ("{username}：设置快捷密码", "{username}: PIN set"),
        "gift": (
            "{member_no}：{kind:gift_kind}，{item}，成本 {cost_fen:fen}",
            "{member_no}: {kind:gift_kind}, {item}, cost {cost_fen:fen}",
        ),
        "gift_delete": ("{member_no}：删除赠礼 {item}", "{member_no}: gift {item} deleted"),
        "alteration": (
            "{member_no}：{kind:alteration_kind}，{due_on} 前",
            "{member_no}: {kind:alteration_kind}, due {due_on}",
        ),
        "alteration_status": (
            "{member_no}：{kind:alteration_kind}，"
            "{old:alteration_status} → {new:alteration_status}",
            "{member_no}: {kind:alteration_kind}, "
            "{old:alteration_status} -> {new:alteration_status}",
        ),
        "card_issue": (
            "{member_no}：发会员卡（{card_type:tier_name}），卡号 {card_no}",
            "{member_no}: member card ({card_type:tier_name}) no. {card_no} issued",
        ),
        "card_replace": (
            "{member_no}：{reason:card_reason}，卡号 {old_no} → {card_no}（{card_type:tier_name}）",
            "{member_no}: {reason:card_reason}, card {old_no} -> {card_no} ({card_type:tier_name})",
        ),
        "event": ("{name}（{kind:event_kind}，{at}）", "{name} ({kind:event_kind}, {at})"),
        "event_edit": ("{name}：修改 {fields}", "{name}: {fields} changed"),
        "event_cancel": ("{name}：取消", "{name}: cancelled"),
        "event_invite": (
            "{name}：新增 {added} 位嘉宾，已在名单 {already} 位，不可联系 {skipped} 位",
            "{name}: {added} guests added, {already} already listed, {skipped} not contactable",
        ),
        "event_invited": (
            "{name}：已通知 {count} 位（{channel:channel}）",
            "{name}: {count} told ({channel:channel})",
        ),
        "event_response": (
            "{member_no}：{name}，{response:event_response}",
            "{member_no}: {name}, {response:event_response}",
        ),
        "event_attendance": (
            "{name}：登记 {marked} 位，出席 {came} 位",
            "{name}: {marked} marked, {came} came",
        ),
        "praise": (
            "{member_no}：{kind:praise_kind}（{about:praise_about}），表扬 {clerk}",
            "{member_no}: {kind:praise_kind} ({about:praise_about}), praises {clerk}",
        ),
        "praise_delete": (
            "{member_no}：删除{kind:praise_kind}",
            "{member_no}: {kind:praise_kind} deleted",
        ),
        "queued_sale_discarded": (
            "{member_no}：丢弃待入账销售 {at}，小票 {ticket}，{paid_fen:fen}；"
            "未能入账：{refusal:queue_refusal}；丢弃原因：{reason}",
            "{member_no}: queued sale of {at} discarded, ticket {ticket}, {paid_fen:fen}; "
            "refused: {refusal:queue_refusal}; why discarded: {reason}",
        ),
    },
    # the kinds of record an audit entry touches (audit_log.entity) and that summaries
    # count (a member report's sections, a merge's moved rows)
    "record": {
        "member": ("会员", "Member"),
        "members": ("会员", "Members"),
        "member_stats": ("会员统计", "Member statistics"),
        "member_family": ("家人", "Family"),
        "member_tags": ("标签", "Tags"),
        "referrals": ("介绍的会员", "Referred members"),
        "referred_members": ("介绍的会员", "Referred members"),
        "user": ("用户", "User"),
        "purchase": ("消费", "Purchase"),
        "purchases": ("消费记录", "Purchases"),
        "purchase_items": ("消费商品", "Purchase lines"),
        "contact": ("联系记录", "Contact"),
        "contacts": ("联系记录", "Contacts"),
        "survey": ("满意度问卷", "Survey"),
        "surveys": ("满意度问卷", "Surveys"),
        "survey_scores": ("问卷评分", "Survey scores"),
        "complaint": ("投诉", "Complaint"),
        "complaints": ("投诉", "Complaints"),
        "settings": ("店铺设置", "Settings"),
        "loyalty_rules": ("积分规则", "Points rules"),
        "tiers": ("会员等级", "Tiers"),
        "tier_history": ("等级变动记录", "Tier history"),
        "reward": ("兑换项目", "Reward"),
        "redemptions": ("兑换记录", "Redemptions"),
        "points": ("期初积分", "Opening points"),
        "points_ledger": ("积分明细", "Points ledger"),
        "points_lots": ("积分批次", "Points lots"),
        "sync_batches": ("总部同步", "Head-office sync"),
        "sync_base": ("同步基准", "Sync base"),
        "sync_conflicts": ("同步冲突", "Sync conflicts"),
        "segments": ("分析名单", "Analytics list"),
        "segment_snapshots": ("分析快照", "Analytics snapshots"),
        "campaign_tasks": ("回访任务", "Call-list tasks"),
        "audit_log": ("审计日志", "Audit log"),
        "report": ("月度报表", "Monthly report"),
        "member_aliases": ("合并前的会员号和手机号", "Merged cards' numbers and phones"),
        "member_changes": ("顾客变动卡", "Change cards"),
        "duplicate_dismissed": ("非重复会员", "Not duplicates"),
        "message_templates": ("消息模板", "Message templates"),
        "target_lists": ("目标名单", "Target lists"),
        "lost_marks": ("流失标记", "Lost marks"),
        "gift": ("赠礼记录", "Gift"),
        "gifts": ("赠礼记录", "Gifts"),
        "alteration": ("修改/送衣单", "Alteration order"),
        "alterations": ("修改/送衣单", "Alteration orders"),
        "member_card": ("会员卡", "Member card"),
        "member_cards": ("会员卡", "Member cards"),
        "event": ("活动", "Event"),
        "events": ("活动", "Events"),
        "event_invitations": ("活动邀请", "Event invitations"),
        "praise": ("表扬与建议", "Praise and suggestions"),
        "attendance": ("活动出席", "Event attendance"),
    },
    # member fields, named in audit summaries (edits, merges, sync conflicts); the member
    # card's own labels are in the Qt .ts (context MemberCard)
    "member_field": {
        "member_no": ("会员号", "Member no."),
        "name": ("姓名", "Name"),
        "name_pinyin": ("姓名拼音", "Name (pinyin)"),
        "name_initials": ("拼音首字母", "Pinyin initials"),
        "gender": ("性别", "Gender"),
        "phone": ("手机", "Mobile phone"),
        "birthday": ("生日", "Birthday"),
        "birthday_calendar": ("历法", "Calendar"),
        "birthday_leap": ("闰月", "Leap month"),
        "address": ("地址", "Address"),
        "email": ("邮箱", "E-mail"),
        "wechat": ("微信", "WeChat"),
        "occupation": ("职业", "Occupation"),
        "income_band": ("收入", "Income band"),
        "education": ("学历", "Education"),
        "hobbies": ("爱好", "Hobbies"),
        "employer": ("工作单位", "Employer"),
        "transport": ("交通方式", "Transport"),
        "source": ("来源", "How they came"),
        "referrer_id": ("介绍人", "Referred by"),
        "temperament": ("气质", "Temperament"),
        "appearance": ("外貌", "Appearance"),
        "personality": ("性格", "Personality"),
        "service_style": ("喜欢的服务方式", "Preferred service"),
        "size_top": ("上装尺码", "Size, top"),
        "size_bottom": ("下装尺码", "Size, bottom"),
        "size_shoe": ("鞋码", "Shoe size"),
        "preferred_styles": ("喜欢的款式", "Preferred styles"),
        "preferred_colours": ("喜欢的颜色", "Preferred colours"),
        "preferred_brands": ("喜欢的品牌", "Preferred brands"),
        "contact_notes": ("联系注意", "Contact notes"),
        "note": ("备注", "Note"),
        "tier": ("等级", "Tier"),
        "consent_channels": ("同意联系方式", "May contact by"),
        "consent_at": ("同意日期", "Consent given on"),
        "consent_notice_version": ("告知书版本", "Notice version"),
        "status": ("状态", "Status"),
        "lost_reason": ("流失原因", "Reason lost"),
        "lost_note": ("流失说明", "Note on leaving"),
        "status_changed_at": ("状态变更时间", "Status changed"),
        "store_code": ("门店代码", "Store code"),
        "joined_on": ("入会日期", "Member since"),
        "enrolled_by": ("办卡导购", "Enrolled by"),
        "verified_at": ("资料核实", "Data verified"),
        "tags": ("标签", "Tags"),
        "family": ("家人", "Family"),
    },
    "complaint_field": {
        "category": ("类别", "Category"),
        "description": ("投诉内容", "Description"),
        "owner_id": ("负责人", "Owner"),
        "status": ("状态", "Status"),
        "resolution": ("处理结果", "Resolution"),
        "compensation_fen": ("补偿金额", "Compensation"),
        "at": ("投诉时间", "Time"),
        "resolved_at": ("解决时间", "Resolved at"),
    },
    # settings keys written outside the settings page's rules (app.settings.EDITABLE
    # names its own keys)
    "setting": {
        "privacy_notice_version": ("告知书版本", "Notice version"),
        "privacy_notice_text": ("告知书内容", "Notice text"),
        "retention_inactive_years": ("不活跃资料保留年限", "Keep inactive members (years)"),
        "loyalty_point_value_fen": ("每分价值", "Value of a point"),
        "loyalty_tier_review_date": ("等级年度评定日", "Yearly tier review date"),
        "excel_import_mappings": ("导入列对应", "Import column mappings"),
        "feedback_survey_factors": ("满意度调查项目", "Survey factors"),
    },
    "login_failure": {
        "bad_credentials": ("用户名或密码错误", "wrong user name or password"),
        "inactive": ("账号已停用", "account deactivated"),
        "no_password": ("账号未设密码", "no password yet"),
        "locked": ("暂时锁定", "locked out"),
        "bad_pin": ("快捷密码错误", "wrong PIN"),
        "no_pin": ("未设快捷密码", "no PIN yet"),
    },
    "backup_reason": {
        "manual": ("手动", "by hand"),
        "auto": ("定时", "scheduled"),
        "close": ("关闭程序时", "on closing"),
        "before-restore": ("恢复前", "before a restore"),
    },
    "phone_list": {"member_list": ("会员列表", "member list")},
    "sync_mode": {"full": ("全部", "everything"), "changes": ("变动", "changes")},
    "sync_take": {
        "local": ("保留本店", "kept the store's"),
        "remote": ("采用总部", "took head office's"),
    },
    "audit_filter": {
        "since": ("从", "from"),
        "until": ("至", "to"),
        "user_id": ("用户", "user"),
        "action": ("操作", "action"),
        "text": ("文字", "text"),
        "entity": ("对象", "entity"),
        "entity_id": ("对象编号", "entity id"),
    },
    # small words inside summaries
    "audit_word": {
        "ok": ("正常", "ok"),
        "none": ("无", "none"),
        "nothing": ("无", "nothing"),
    },
    # change cards (顾客变动卡, app/change_cards.py): through which action, and the fields
    # that are not archive columns (the rest are member_field's)
    "change_action": {
        "form": ("档案编辑", "edited"),
        "create": ("建档", "card made"),
        "import": ("Excel 导入", "Excel import"),
        "head_office": ("总部同步", "from head office"),
        "sync_conflict": ("冲突保留本店", "kept over head office's"),
        "merge": ("合并", "merge"),
        "anonymise": ("匿名化", "anonymised"),
        "status": ("状态变更", "status change"),
        "tier": ("等级评定", "tier review"),
        "system": ("系统", "system"),
    },
    "change_field": {
        "created": ("建档", "card made"),
        "merged_from": ("合并自", "merged in"),
        "anonymised": ("匿名化", "anonymised"),
        "referrer_no": ("介绍人", "Referred by"),
        "redacted": ("（已隐去）", "(removed)"),
    },
    # message templates (app/plan/templates.py)
    "template_kind": {
        "birthday": ("生日祝福", "Birthday"),
        "festival": ("节日问候", "Festival"),
        "new_arrivals": ("新品到店", "New arrivals"),
        "promotion": ("促销活动", "Promotion"),
        "points_expiring": ("积分到期", "Points expiring"),
        "reward_ready": ("可兑换礼品", "Reward reached"),
        "care": ("洗涤保养", "Care advice"),
        "post_sale": ("售后回访", "After the sale"),
        "event_invite": ("活动邀请", "Event invitation"),
        "event_reminder": ("活动提醒", "Event reminder"),
    },
    "template_word": {
        "a_gift": ("礼品", "a gift"),
        "any_category": ("所有品类", "any category"),
    },
    # the customer state derived as of a day (app/state.py): member list, card, filters
    "customer_state": {
        "prospect": ("潜在顾客", "Prospect"),
        "new": ("新顾客", "New"),
        "active": ("活跃", "Active"),
        "dormant": ("休眠", "Dormant"),
        "lost": ("流失", "Lost"),
        "anonymised": ("已匿名", "Anonymised"),
    },
    # service records (issue #19, app/service/)
    "gift_kind": {
        "birthday": ("生日礼物", "Birthday gift"),
        "festival": ("节日礼物", "Festival gift"),
        "surprise": ("惊喜小礼", "Surprise"),
        "other": ("其他", "Other"),
    },
    "alteration_kind": {
        "hem": ("免费扦边", "Free hemming"),
        "alteration": ("免费修改", "Free alteration"),
        "delivery": ("上门送衣", "Home delivery"),
        "refit": ("再次量体", "Re-fitting"),
    },
    "alteration_status": {
        "open": ("处理中", "In progress"),
        "ready": ("已好待取", "Ready"),
        "collected": ("已取/已送", "Collected"),
    },
    # member cards (issue #19, app/service/cards.py): why a card was replaced
    "card_reason": {
        "lost": ("遗失补卡", "Lost"),
        "damaged": ("损坏换卡", "Damaged"),
        "upgrade": ("升级换卡", "Upgrade"),
        "other": ("其他", "Other"),
    },
    # how a member comes to the store (members.transport is free text; these are the
    # member card's suggestions and the demo's words)
    "transport": {
        "drive": ("自驾", "By car"),
        "public": ("公共交通", "Public transport"),
        "walk": ("步行", "On foot"),
        "taxi": ("出租车", "Taxi"),
        "ebike": ("电动车/自行车", "E-bike or bicycle"),
    },
    # member club events (issue #19, app/service/events.py)
    "event_kind": {
        "launch": ("新品发布会", "Product launch"),
        "salon": ("贵宾沙龙", "VIP salon"),
        "club": ("会员俱乐部活动", "Member club"),
        "thanks": ("客户答谢会", "Customer thank-you party"),
        "other": ("其他活动", "Other event"),
    },
    "event_response": {
        "pending": ("未回复", "No answer yet"),
        "accepted": ("接受", "Accepted"),
        "declined": ("婉拒", "Declined"),
    },
    "event_status": {
        "planned": ("计划中", "Planned"),
        "cancelled": ("已取消", "Cancelled"),
    },
    # praise and suggestions (app/service/praise.py, issue #19)
    "praise_kind": {
        "praise": ("表扬", "Praise"),
        "suggestion": ("建议", "Suggestion"),
    },
    "praise_about": {
        "service": ("服务", "Service"),
        "goods": ("商品", "Goods"),
        "environment": ("环境", "Environment"),
        "other": ("其他", "Other"),
    },
    # margin and breakdowns on the analytics page (issue #19; app/margin_charts.py,
    # ui/pages/analytics_breakdowns.py)
    "age_band": {
        "under_18": ("18岁以下", "Under 18"),
        "18_25": ("18–25岁", "18–25"),
        "26_35": ("26–35岁", "26–35"),
        "36_45": ("36–45岁", "36–45"),
        "46_55": ("46–55岁", "46–55"),
        "56_plus": ("56岁以上", "56 and over"),
    },
    "margin_ui": {
        "tab_margin": ("毛利", "Margin"),
        "tab_breakdowns": ("分组", "Groups"),
        "margin_title": ("哪些顾客对毛利额贡献较大", "Who brings the gross margin"),
        "margin_note": (
            "前20%的顾客贡献 {share} 的毛利（共 {total}）。点击黄色区域查看名单\n"
            "成本已知的消费占 {known}，其余按毛利率估算",
            "The top 20% bring {share} of the margin ({total} in all). Click the yellow "
            "area for the list\nCosts known for {known} of spend; the rest at the margin rate",
        ),
        "top20_label": ("前20%（{n}）：{share}", "Top 20% ({n}): {share}"),
        "members_axis": (
            "顾客（按毛利从高到低，累计占比 %）",
            "Customers by margin (cumulative %)",
        ),
        "margin_axis": ("毛利累计占比（%）", "Cumulative share of margin (%)"),
        "breakdown_note": (
            "左：人数；右：占全店毛利的比例。点击条形查看名单",
            "Left: members; right: share of the margin. Click a bar for the list",
        ),
        "members_count": ("人数", "Members"),
        "margin_share_axis": ("毛利占比（%）", "Share of margin (%)"),
        "dim_age_band": ("年龄段", "Age band"),
        "dim_occupation": ("职业", "Occupation"),
        "dim_income_band": ("收入", "Income"),
        "dim_area": ("区域（地址中的区/县）", "Area (district in the address)"),
        "unknown": ("未知", "Unknown"),
        "other": ("其他", "Other"),
        "top": ("毛利贡献前20%", "Top 20% by margin"),
        "by": ("分组方式", "Group by"),
        "col_group": ("分组", "Group"),
        "col_members": ("人数", "Members"),
        "col_member_share": ("人数占比", "Share"),
        "col_spend": ("消费额", "Spend"),
        "col_avg_ticket": ("平均客单价", "Avg ticket"),
        "col_margin": ("毛利", "Margin"),
        "col_margin_share": ("毛利占比", "Margin %"),
        "computing": ("正在分组…", "Grouping…"),
        "show_table": ("表格", "Table"),
        "show_chart": ("图表", "Chart"),
        "export_sheet": ("分组分析", "Breakdowns"),
    },
}
