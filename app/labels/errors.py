"""Input-error messages: ``ERRORS[code] = (Chinese, English)``, one table declared once.

``{placeholders}`` come from ``FieldError.params``; read it through
:func:`app.labels.error_text`.
"""

from __future__ import annotations

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
    "amount_too_large": (
        "“{value}” 超过单笔金额上限 {max}，请检查是否输错",
        "“{value}” is more than one amount can be ({max}); check for a typo",
    ),
    "value_invalid": ("“{value}” 无法识别", "“{value}” cannot be understood"),
    # purchases, returns, contacts, merge
    "member_missing": ("会员不存在", "the member does not exist"),
    "member_anonymised": ("该会员已匿名化，不能再记录", "the member is anonymised"),
    "clerk_missing": ("店员不存在", "the clerk does not exist"),
    "items_empty": ("至少需要一件商品", "at least one item is required"),
    "items_too_many": ("商品行太多（最多 {max} 行）", "too many lines (at most {max})"),
    "qty_invalid": ("数量必须是不小于 1 的整数", "quantity must be a whole number, at least 1"),
    "qty_too_large": (
        "数量 {value} 超过每行上限 {max} 件，请检查是否输错",
        "a quantity of {value} is more than one row can hold ({max} pieces); check for a typo",
    ),
    "price_invalid": ("“{value}” 不是有效金额", "“{value}” is not a valid amount"),
    "backup_copy_missing": (
        "备份文件夹 {folder} 不在（U 盘插上了吗？）",
        "the backup folder {folder} is not there (is the USB stick plugged in?)",
    ),
    "backup_copy_failed": (
        "备份无法复制到 {folder}：{reason}",
        "the backup could not be copied to {folder}: {reason}",
    ),
    "amount_negative": (
        "金额不能是负数（输入的是 {yuan}）",
        "the amount cannot be negative ({yuan} was entered)",
    ),
    "cost_return_positive": (
        "退货行的成本应为负数或留空（输入的是 {yuan}）",
        "a return row's cost is negative or empty ({yuan} was entered)",
    ),
    "paid_above_list": (
        "实收单价 {paid} 高于标价 {list}",
        "the paid price {paid} is above the list price {list}",
    ),
    "datetime_invalid": ("“{value}” 不是有效时间", "“{value}” is not a valid date and time"),
    "ticket_duplicate": ("小票号 {value} 已被使用", "ticket number {value} is already in use"),
    "purchase_missing": ("消费记录不存在", "the purchase does not exist"),
    "event_cancelled": ("活动已取消，不能再邀请", "the event is cancelled: no more invitations"),
    "status_backwards": (
        "状态不能从“{old}”改回“{new}”",
        "the status cannot go from {old} back to {new}",
    ),
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
    # Excel import/export (app/excel/): refusals of whole files and rejections of rows
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
    "sheet_too_large": (
        "{name} 的工作表“{sheet}”有单元格位于第 {rows} 行、第 {columns} 列，"
        "范围超出可安全读取的大小（最多 {max_columns} 列、{max_cells} 个格子）；"
        "请删除远处的空单元格，或只复制数据区域到新文件后再导入",
        "{name}: sheet “{sheet}” has a cell as far as row {rows}, column {columns}, a "
        "larger area than can be read safely (at most {max_columns} columns and "
        "{max_cells} cells); delete the stray far cells, or copy only the data into a "
        "new file",
    ),
    "disk_full_writing": (
        "磁盘已满，{path} 没有写成（原有文件未改动）；请清理磁盘空间后重试",
        "the disk is full: {path} was not written (any file there is unchanged); "
        "free some space and try again",
    ),
    "no_permission_writing": (
        "无法写入 {path}：没有权限，或文件正被其他程序（如 Excel）打开；关闭后重试",
        "cannot write {path}: no permission, or another program (e.g. Excel) has it "
        "open; close it and try again",
    ),
    "folder_missing": (
        "文件夹 {folder} 不存在，{path} 没有写成；请选择其他位置",
        "the folder {folder} does not exist, so {path} was not written; choose another place",
    ),
    "text_broken": (
        "{name} 标明是 {encoding} 编码，但其中的文字无法按此解码，文件可能不完整或已损坏",
        "{name} says it is {encoding} text, but it does not decode as such; the file may "
        "be cut off or damaged",
    ),
    "csv_field_too_large": (
        "{name} 第 {row} 行有一个超过 {max_kb} KB 的格子，文件可能已损坏（例如缺少一个引号）",
        "{name}, line {row}: a cell longer than {max_kb} KB; the file may be broken "
        "(e.g. a missing quote)",
    ),
    "csv_bad_row": (
        "{name} 第 {row} 行格式错误（例如引号不配对），无法读取",
        "{name}, line {row}: malformed (e.g. unbalanced quotes); cannot be read",
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
    # also app/loyalty.py's code for a zero or non-integer adjustment, which this
    # wording does not fit (it once had its own, overwritten by this one)
    "points_invalid": ("“{value}” 不是正整数积分", "“{value}” is not a positive whole number"),
    "import_return_refused": (
        "负数金额（退货）不能导入，请在收银处对原小票办理退货",
        "negative amounts (returns) are not imported; record the return against the sale",
    ),
    "points_entry_taken": (
        "系统中已有这笔积分的另一条记录（每张小票、每位被推荐会员、每年生日只记一次）",
        "the store already has another entry for this (one per sale, referred member, "
        "birthday year …)",
    ),
    "return_sale_missing": (
        "找不到所退的小票 {value}（须已在系统中或在本文件中）",
        "the returned ticket {value} is neither recorded nor in this file",
    ),
    "return_other_member": (
        "所退的小票 {value} 属于另一位会员",
        "the returned ticket {value} belongs to another member",
    ),
    "return_before_sale": (
        "退货日期早于所退的小票 {value}",
        "the return is dated before the ticket {value} it returns",
    ),
    "return_too_much": (
        "退货金额超过小票 {value} 的实付金额 {paid}",
        "the returns refund more than ticket {value} paid ({paid})",
    ),
    "ticket_rows_disagree": (
        "同一小票的行会员或日期不一致（见第 {first} 行）",
        "rows of this ticket disagree on member or date (see row {first})",
    ),
    "conflict_closed": ("该冲突已处理", "this conflict was already decided"),
    # users, roles, privacy (app/auth.py, app/permissions.py, app/privacy.py)
    "password_too_short": (
        "密码至少 {min} 个字符",
        "the password needs at least {min} characters",
    ),
    "password_mismatch": ("两次输入的密码不一致", "the two passwords differ"),
    "password_wrong": ("当前密码不正确", "the current password is wrong"),
    "pin_format": ("快捷密码须为 4–6 位数字", "a PIN is 4 to 6 digits"),
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
    "not_anonymised": (
        "该会员尚未匿名化，其备份不能删除",
        "this member is not anonymised; their backups are kept",
    ),
    "confirm_required": ("请先确认", "confirmation is required"),
    "anonymise_via_privacy": (
        "匿名化只能由店主通过“删除/匿名化”完成",
        "only the owner anonymises a member (Delete / anonymise)",
    ),
    "member_has_history": (
        "该会员已有消费、联系或积分记录，不能删除，请改为匿名化",
        "this member has purchases, contacts or points; anonymise instead of deleting",
    ),
    # feedback (app/feedback.py)
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
    # store rules on the settings page (app/settings.py EDITABLE)
    "int_out_of_range": ("应在 {low} 到 {high} 之间", "should be between {low} and {high}"),
    "lost_before_dormant": (
        "流失天数应大于休眠天数",
        "must be more days than dormant",
    ),
    "placeholder_unknown": (
        "不认识的占位符 {{{value}}}（可用：{choices}）",
        "unknown placeholder {{{value}}} (use: {choices})",
    ),
    "template_braces": (
        "花括号不成对：占位符写作 {{name}} 这样",
        "a brace does not close: write placeholders like {{name}}",
    ),
    "template_category_care_only": (
        "只有洗涤保养模板按品类区分",
        "only care advice has a template per category",
    ),
    "target_list_duplicate": (
        "已有名为“{value}”的名单",
        "a list named “{value}” exists already",
    ),
    "number_invalid": ("“{value}” 不是数字", "“{value}” is not a number"),
    "count_out_of_range": (
        "请填 {low} 到 {high} 个天数，用逗号分开",
        "give {low} to {high} numbers of days, separated by commas",
    ),
    "share_not_positive": ("每层的比例应大于 0", "each layer's share must be above 0"),
    "shares_too_big": (
        "各层比例之和应小于 100%（其余为铅层）",
        "the layers together must stay below 100% (the rest is the lead layer)",
    ),
    # member cards (issue #19, app/service/cards.py)
    "card_no_taken": (
        "卡号 {value} 已属于会员 {member_no}",
        "card number {value} already belongs to member {member_no}",
    ),
    "card_exists": (
        "该会员已有会员卡 {value}，请用补卡/换卡",
        "the member already has card {value}: replace it instead",
    ),
    "card_lost_same_no": (
        "遗失补卡须换新卡号（原卡号 {value} 作废）",
        "a lost card gets a new number (the old one, {value}, is void)",
    ),
    "card_none": ("该会员还没有会员卡", "the member has no card yet"),
    "card_before_issue": (
        "不能早于原卡发卡日期 {value}",
        "cannot be before the old card was issued ({value})",
    ),
    # app/counter_queue.py discard: only a sale the store refused may be thrown away
    "queue_sale_waiting": (
        "这笔销售只是在等待入账（导入结束后自动入账），不能丢弃；只有未能入账的销售可以丢弃",
        "this sale is only waiting for the store (it is entered when the import ends) "
        "and cannot be discarded; only a sale that could not be entered can",
    ),
    "queue_sale_entered": (
        "这笔销售已经入账，不能丢弃",
        "this sale has been entered into the store and cannot be discarded",
    ),
    # app/excel/sync/plan.py: 办卡导购 in head office's file names no user of this store
    "enrolled_by_unknown": (
        "{file} 第 {row} 行「办卡导购」：“{value}”不是本店的用户（按姓名或登录名查找），此行未导入",
        "{file}, row {row}, 办卡导购 (enrolled by): {value!r} is no user of this store "
        "(looked up by name or login); the row was not imported",
    ),
    # app/excel/importer/attendance.py: event attendance from a sheet
    "event_unknown": ("没有这个活动：{value}", "no such event: {value}"),
    "event_ambiguous": (
        "当天有多个同名活动：{value}，请填活动编号",
        "more than one event of that name that day: {value}; give the event number",
    ),
    "event_cancelled_attendance": (
        "活动已取消，不能登记出席",
        "the event is cancelled: no attendance can be recorded",
    ),
    "event_not_invited": (
        "会员 {member_no} 不在活动「{event}」的邀请名单上（请先在活动页加入名单）",
        "member {member_no} is not on the guest list of {event!r} (add them on the events "
        "page first)",
    ),
}
