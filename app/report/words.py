"""The monthly report's own words, Chinese and English: headings, figure names, column
titles, notes and the footer. ``w(key, lang, **params)`` looks one up and fills it in; a
key without a word is shown as itself. Codes (tiers, layers, lifecycle states, factors,
categories) are named by ``app.labels.word``, not here."""

from __future__ import annotations

from typing import Any

# report words: key -> (Chinese, English)
WORDS: dict[str, tuple[str, str]] = {
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
    "f_next_month": ("下月生日会员（{month}，公历+农历）", "Birthdays in {month} (solar + lunar)"),
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
}


def w(key: str, lang: str = "zh", **params: Any) -> str:
    pair = WORDS.get(key)
    text = key if pair is None else pair[0] if lang == "zh" else pair[1]
    return text.format(**params) if params else text
