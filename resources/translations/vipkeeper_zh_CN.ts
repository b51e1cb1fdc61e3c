<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlterationsTab</name>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="108"/>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="194"/>
        <source>Service</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="109"/>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="194"/>
        <source>Due</source>
        <translation>约定日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="110"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="111"/>
        <source>Ticket</source>
        <translation>小票号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="112"/>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="194"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="137"/>
        <source>Not recorded: %1</source>
        <translation>未记录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="167"/>
        <source>Select the order first.</source>
        <translation>请先选中一张单。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="195"/>
        <source>e.g. shorten trousers by 3 cm</source>
        <translation>如：裤长改短 3 厘米</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="196"/>
        <source>New order</source>
        <translation>新建服务单</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="197"/>
        <source>Ready: call the member</source>
        <translation>已好，通知顾客</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="198"/>
        <source>Collected</source>
        <translation>已取/已送</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="201"/>
        <source>%1 orders not collected yet.</source>
        <translation>%1 张单尚未取走。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="203"/>
        <source>No open alteration or delivery orders.</source>
        <translation>没有未完成的修改或送衣单。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/alterations_tab.py" line="208"/>
        <source>Alterations (%1)</source>
        <translation>修改/送衣（%1）</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/application.py" line="269"/>
        <source>This store is already open in another VIP Keeper (process {pid} on {host}). Switch to that window, or close it first.</source>
        <translation>这家店的数据已在另一个贵宾管家窗口中打开（{host} 上的进程 {pid}）。请切换到那个窗口，或先将其关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="278"/>
        <source>Already open</source>
        <translation>已经打开</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="301"/>
        <source>VIP Keeper</source>
        <translation>贵宾管家</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="303"/>
        <source>The store is still being backed up after it was last closed. It opens as soon as the backup is done…</source>
        <translation>上次关闭时的备份还在进行，备份完成后自动打开本店…</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="361"/>
        <source>Cannot open the store</source>
        <translation>无法打开店铺数据</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="362"/>
        <source>The database file could not be opened:
{reason}</source>
        <translation>数据库文件无法打开：
{reason}</translation>
    </message>
</context>
<context>
    <name>ArchiveTab</name>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="107"/>
        <source>today, on saving</source>
        <translation>保存当天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="139"/>
        <source>Brought %1 member(s):</source>
        <translation>介绍了 %1 位会员：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="147"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="349"/>
        <source>Open %1 %2</source>
        <translation>打开 %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="372"/>
        <source>Row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="401"/>
        <source>1 field needs attention; nothing was saved.</source>
        <translation>有 1 项需要修改，尚未保存。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="403"/>
        <source>%1 fields need attention; nothing was saved.</source>
        <translation>有 %1 项需要修改，尚未保存。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="429"/>
        <source>Basic data</source>
        <translation>基本资料</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="430"/>
        <source>Status and notes</source>
        <translation>状态与备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="431"/>
        <source>Features and preferences</source>
        <translation>特征与偏好</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="432"/>
        <source>Consent, tags, verification</source>
        <translation>联系许可、标签、核实</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="433"/>
        <source>Family and anniversaries</source>
        <translation>家人与纪念日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="434"/>
        <source>Leap month</source>
        <translation>闰月</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="435"/>
        <source>Pick the date on a calendar</source>
        <translation>在日历上选日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="436"/>
        <source>The birthday is in a leap month (闰月)</source>
        <translation>生日在闰月</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="439"/>
        <source>Mark verified today</source>
        <translation>刚刚核实</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="440"/>
        <source>Add family member</source>
        <translation>添加家人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/archive.py" line="441"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../ui/pages/audit.py" line="120"/>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="123"/>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="168"/>
        <source>%1 entries (at most %2 shown; the export has all)</source>
        <translation>共 %1 条（最多显示 %2 条；导出包含全部）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="178"/>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="205"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="206"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="207"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="208"/>
        <location filename="../../ui/pages/audit.py" line="216"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="209"/>
        <location filename="../../ui/pages/audit.py" line="217"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="210"/>
        <source>text in the summary</source>
        <translation>摘要中的文字</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="211"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="212"/>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="215"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="218"/>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audit.py" line="219"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../ui/backup_jobs.py" line="136"/>
        <source>VIP Keeper</source>
        <translation>贵宾管家</translation>
    </message>
    <message>
        <location filename="../../ui/backup_jobs.py" line="138"/>
        <source>Backing up the store before closing. This takes a few seconds…</source>
        <translation>正在备份本店数据（关闭前的备份），需要几秒钟，请稍候…</translation>
    </message>
</context>
<context>
    <name>BackupPurge</name>
    <message>
        <location filename="../../ui/dialogs/backup_purge.py" line="47"/>
        <source>… and %1 more</source>
        <translation>……另有 %1 个</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_purge.py" line="50"/>
        <source>%1 backup(s) still hold the anonymised person; restoring one would bring them back:</source>
        <translation>仍有 %1 个备份含有这位已匿名的顾客；恢复其中任何一个都会让其资料重新出现：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_purge.py" line="56"/>
        <source>Delete these backups now? This cannot be undone.</source>
        <translation>现在删除这些备份吗？删除后无法恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/backup_purge.py" line="81"/>
        <location filename="../../ui/dialogs/backup_purge.py" line="88"/>
        <source>Delete backups</source>
        <translation>删除备份</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <location filename="../../ui/backup_jobs.py" line="207"/>
        <source>The database needs attention</source>
        <translation>数据库需要处理</translation>
    </message>
    <message>
        <location filename="../../ui/backup_jobs.py" line="208"/>
        <source>SQLite&apos;s check of the database file found a problem. Your latest changes may be affected. Restoring a recent backup is the safe way out; the current file is backed up first.</source>
        <translation>数据库文件检查发现了问题，最近的修改可能受到影响。最稳妥的办法是恢复一个最近的备份；恢复前会先备份当前文件。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_jobs.py" line="215"/>
        <source>SQLite&apos;s check of the database file found a problem, so no backup was made on closing (the older backups are kept). Restore a backup at the next start.</source>
        <translation>数据库文件检查发现了问题，因此关闭时没有备份（旧备份都保留着）。请在下次启动时恢复备份。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_jobs.py" line="225"/>
        <location filename="../../ui/backup_jobs.py" line="260"/>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_jobs.py" line="229"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../ui/backup_jobs.py" line="250"/>
        <source>Cannot open the store</source>
        <translation>无法打开店铺数据</translation>
    </message>
    <message>
        <location filename="../../ui/backup_jobs.py" line="252"/>
        <source>The database file could not be opened; it may be damaged. You can restore a backup (the damaged file is kept in the backup folder).</source>
        <translation>数据库文件无法打开，可能已损坏。可以恢复一个备份（损坏的文件会保留在备份文件夹中）。</translation>
    </message>
    <message>
        <location filename="../../ui/backup_jobs.py" line="263"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>CallListPage</name>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="49"/>
        <source>Tried %n time(s) without reaching the member.</source>
        <translation>已尝试 %n 次，仍未联系上。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="65"/>
        <source>%n day(s) overdue</source>
        <translation>逾期 %n 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="67"/>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="68"/>
        <source>in %n day(s)</source>
        <translation>%n 天后</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="82"/>
        <location filename="../../ui/pages/call_list_parts.py" line="99"/>
        <source>%1 years old</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="89"/>
        <source>%1&apos;s birthday</source>
        <translation>%1生日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="106"/>
        <source>%1 years married</source>
        <translation>%1 周年</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="117"/>
        <source>no purchase for %1 days</source>
        <translation>%1 天未消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="125"/>
        <source>last time: %1</source>
        <translation>上次：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="145"/>
        <source>%1 points expire on %2</source>
        <translation>%1 积分将于 %2 到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="151"/>
        <source>%1 points, a reward needs %2</source>
        <translation>积分 %1，兑换礼品需 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_parts.py" line="158"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="176"/>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="188"/>
        <source>Log</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="224"/>
        <source>Log the call for this task (Enter)</source>
        <translation>记录这项回访（Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="489"/>
        <source>Today&apos;s calls</source>
        <translation>今日回访</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="490"/>
        <source>Clerk:</source>
        <translation>导购：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="491"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="493"/>
        <source>Unassigned</source>
        <translation>未指定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="495"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="497"/>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="498"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="499"/>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="500"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="501"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="502"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="503"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="504"/>
        <source>Clerk</source>
        <translation>导购</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="547"/>
        <source>Computing the list…</source>
        <translation>正在生成清单…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="596"/>
        <source>The list could not be computed: %1</source>
        <translation>无法生成清单：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="602"/>
        <source>Enter or &quot;Log&quot; records the call; double-click opens the member card.</source>
        <translation>按 Enter 或点“记录”登记回访；双击打开会员卡片。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="631"/>
        <source>No calls for this day.</source>
        <translation>这一天没有需要回访的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="634"/>
        <source>Done today: %1</source>
        <translation>今天已完成 %1 位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="642"/>
        <source>Nothing to call about today — well done.</source>
        <translation>今天的回访都完成了，辛苦了！</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="648"/>
        <source>%1: %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="657"/>
        <source>Today %1 to call, %2 done; %3 later; %4 lapsed</source>
        <translation>今天待联系 %1 位，已完成 %2 位；稍后 %3 位；过期未做 %4 项</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="682"/>
        <source>All reasons</source>
        <translation>全部事由</translation>
    </message>
</context>
<context>
    <name>CardHeader</name>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="110"/>
        <location filename="../../ui/dialogs/member_card/header.py" line="111"/>
        <source>New member</source>
        <translation>新会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="122"/>
        <source>Member card — %1 %2</source>
        <translation>会员卡片 — %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="136"/>
        <source>⚠ 1 open complaint</source>
        <translation>⚠ 1 条投诉未结</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="138"/>
        <source>⚠ %1 open complaints</source>
        <translation>⚠ %1 条投诉未结</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="154"/>
        <source>Customer type: %1</source>
        <translation>顾客类型：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="168"/>
        <source>%1 (%2 days ago)</source>
        <translation>%1（%2 天前）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="169"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="178"/>
        <location filename="../../ui/dialogs/member_card/header.py" line="247"/>
        <source>Gross margin</source>
        <translation>毛利</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="186"/>
        <source>Gross margin (cost known: %1)</source>
        <translation>毛利（成本已知 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="192"/>
        <source>Paid minus the items&apos; cost; the member&apos;s own margin rate: %1</source>
        <translation>实收减去商品成本；按该会员自己的毛利率：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="195"/>
        <source>Paid minus the items&apos; cost where it is known; the rest at the store&apos;s margin rate of %1</source>
        <translation>成本已知的部分为实收减成本；其余按本店毛利率 %1 估算</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="206"/>
        <source> (%1 expire from %2)</source>
        <translation>（%1 分自 %2 起到期）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="223"/>
        <source>(today!)</source>
        <translation>（就是今天！）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="225"/>
        <source>(in %1 days)</source>
        <translation>（还有 %1 天）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="241"/>
        <source>Record purchase</source>
        <translation>记录消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="243"/>
        <source>Merge duplicate…</source>
        <translation>合并重复会员…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="244"/>
        <source>Print form…</source>
        <translation>打印档案表…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="245"/>
        <source>The key-customer form: one A4 page for the folder</source>
        <translation>重点顾客档案表：一页 A4，放进顾客档案夹</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="246"/>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="248"/>
        <source>Visits</source>
        <translation>消费次数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="249"/>
        <source>Last purchase</source>
        <translation>最近消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="250"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/header.py" line="251"/>
        <source>Next birthday</source>
        <translation>下次生日</translation>
    </message>
</context>
<context>
    <name>CardsTab</name>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="135"/>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="240"/>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="262"/>
        <source>Card type</source>
        <translation>卡类型</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="136"/>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="241"/>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="262"/>
        <source>Card no.</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="137"/>
        <source>Issued on</source>
        <translation>发卡日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="138"/>
        <source>Issued by</source>
        <translation>经办</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="139"/>
        <source>Replaced on</source>
        <translation>换卡日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="140"/>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="244"/>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="262"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="145"/>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="194"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="242"/>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="243"/>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="262"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="266"/>
        <source>Issue card</source>
        <translation>发卡</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="267"/>
        <source>Replace card</source>
        <translation>补卡/换卡</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="269"/>
        <source>the member number if left empty</source>
        <translation>不填则用会员号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="270"/>
        <source>No member card issued yet.</source>
        <translation>还没有发会员卡。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="273"/>
        <source>the old number if left empty (a lost card needs a new one)</source>
        <translation>不填则沿用原卡号（遗失补卡须填新卡号）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="277"/>
        <source>Card in use: %1, no. %2, issued %3.</source>
        <translation>当前使用：%1，卡号 %2，%3 发卡。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/cards_tab.py" line="285"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/dialogs/login.py" line="237"/>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="243"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="244"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="245"/>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
</context>
<context>
    <name>ChangesTable</name>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="60"/>
        <source>Accept</source>
        <translation>采用</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="61"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="62"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="63"/>
        <source>Before → after</source>
        <translation>原值 → 新值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="69"/>
        <source>fills an empty field</source>
        <translation>补填空白字段</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="70"/>
        <source>overwrites</source>
        <translation>覆盖原值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="71"/>
        <source>kept: tick “Overwrite filled fields” to replace</source>
        <translation>保留原值：勾选“覆盖已填字段”才会替换</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="72"/>
        <source>identity change: tick the row to apply</source>
        <translation>身份变更：勾选本行才会写入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_changes.py" line="84"/>
        <source>Apply this row&apos;s new name or phone</source>
        <translation>写入本行的新姓名或手机号</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <location filename="../../ui/widgets/chart_view.py" line="136"/>
        <source>Drawing the chart…</source>
        <translation>正在绘制图表…</translation>
    </message>
</context>
<context>
    <name>ChurnTab</name>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="134"/>
        <source>Win-back rate %1: %2 of %3 dormant members reached by a win-back call in the period bought within %4 days (%5 still within the %4 days).</source>
        <translation>唤醒成功率 %1：期间内接通唤醒电话的 %3 位休眠会员中，有 %2 位在 %4 天内再次消费（另有 %5 位仍在 %4 天观察期内）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="144"/>
        <source>Dormant members (no purchase for %1 days): %2</source>
        <translation>休眠会员（%1 天未消费）：%2 人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="151"/>
        <source> (the %1 with the highest spend are listed)</source>
        <translation>（列出累计消费最高的 %1 人）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="168"/>
        <source>Choose members in the list first.</source>
        <translation>请先在列表中选择会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="177"/>
        <source>Dormant members (feedback page)</source>
        <translation>休眠会员（反馈页）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="186"/>
        <source>%1 members added to today&apos;s calls.</source>
        <translation>已将 %1 位会员加入今日回访。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="189"/>
        <source>These members are already on today&apos;s calls.</source>
        <translation>这些会员已在今日回访清单中。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="195"/>
        <source>Choose one member to mark as lost.</source>
        <translation>请选择一位要标记为流失的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="202"/>
        <source>Choose a member first.</source>
        <translation>请先选择一位会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="214"/>
        <source>Your role may not do this.</source>
        <translation>您的角色无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="217"/>
        <source>The member is active again.</source>
        <translation>该会员已恢复为活跃。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="228"/>
        <location filename="../../ui/pages/feedback/churn.py" line="240"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="229"/>
        <location filename="../../ui/pages/feedback/churn.py" line="241"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="230"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="231"/>
        <source>Last purchase</source>
        <translation>最近消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="232"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="233"/>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="234"/>
        <source>Last win-back call</source>
        <translation>最近唤醒电话</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="237"/>
        <source>Dormant</source>
        <translation>休眠会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="238"/>
        <source>Marked lost in the period</source>
        <translation>期间内标记流失</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="242"/>
        <source>Marked lost</source>
        <translation>标记流失日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="243"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="244"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="247"/>
        <source>Back to active</source>
        <translation>恢复为活跃</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="248"/>
        <source>Add to today&apos;s calls (win-back)</source>
        <translation>加入今日回访（休眠唤醒）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/churn.py" line="249"/>
        <source>Mark as lost…</source>
        <translation>标记为流失…</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="440"/>
        <source>New complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="440"/>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="443"/>
        <source>Member:</source>
        <translation>会员：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="444"/>
        <source>Received:</source>
        <translation>受理时间：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="445"/>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="446"/>
        <source>What happened:</source>
        <translation>投诉内容：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="447"/>
        <source>Handled by:</source>
        <translation>负责人：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="448"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="449"/>
        <source>Resolution:</source>
        <translation>处理结果：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="450"/>
        <source>Compensation (yuan):</source>
        <translation>补偿金额（元）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="456"/>
        <source>Resolved %1</source>
        <translation>已于 %1 解决</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="460"/>
        <source>The resolution time is recorded when the status becomes resolved.</source>
        <translation>状态改为“已解决”或“已关闭”时自动记录解决时间。</translation>
    </message>
</context>
<context>
    <name>ComplaintsTab</name>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="80"/>
        <source>%1 complaints in the period (%2; %3). Median time to resolve: %4. </source>
        <translation>期间内共 %1 起投诉（%2；%3）。解决用时中位数：%4。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="85"/>
        <source>Overdue now: %1.</source>
        <translation>目前超期：%1 起。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="89"/>
        <source>Red rows are overdue: still open or in progress more than %1 days after they were received (the number of days is a setting).</source>
        <translation>红色行为超期投诉：受理后超过 %1 天仍未解决（待处理或处理中；天数可在设置中修改）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="103"/>
        <source>open %1 days</source>
        <translation>已 %1 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="121"/>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="136"/>
        <source>Choose a complaint first.</source>
        <translation>请先选择一条投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="139"/>
        <source>Open and in progress</source>
        <translation>待处理和处理中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="140"/>
        <source>All received in the period</source>
        <translation>期间内受理的全部投诉</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="141"/>
        <source>New complaint…</source>
        <translation>登记投诉…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="142"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="145"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="146"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="147"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="148"/>
        <source>What happened</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="149"/>
        <source>Handled by</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="150"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="151"/>
        <source>Open / time to resolve</source>
        <translation>已开 / 解决用时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/complaints.py" line="152"/>
        <source>Compensation</source>
        <translation>补偿</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="260"/>
        <source>Log a contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="261"/>
        <source>Show number</source>
        <translation>显示号码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="263"/>
        <source>Show the full phone number to call this member (the store&apos;s log notes it)</source>
        <translation>显示完整手机号以便拨打（店铺日志会记录此操作）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="266"/>
        <source>Channel:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="267"/>
        <source>Purpose:</source>
        <translation>目的：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="268"/>
        <source>Outcome:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="269"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="270"/>
        <source>Next follow-up:</source>
        <translation>下次回访：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="271"/>
        <source>Clerk:</source>
        <translation>导购：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="272"/>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="284"/>
        <source>— choose the purpose —</source>
        <translation>— 请选择目的 —</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="285"/>
        <source>What was said, what the member wants…</source>
        <translation>聊了什么、会员有什么需要…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="286"/>
        <source>Call again on</source>
        <translation>再次联系日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="287"/>
        <source>+1 day</source>
        <translation>+1 天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="288"/>
        <source>+7 days</source>
        <translation>+7 天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="289"/>
        <source>Last contacts</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="290"/>
        <source>Tab next field · Ctrl+Enter save</source>
        <translation>Tab 下一项 · Ctrl+Enter 保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="291"/>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="292"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="335"/>
        <source>Agreed to be contacted by: %1</source>
        <translation>同意的联系方式：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="339"/>
        <source>No consent to marketing contact recorded (service calls only).</source>
        <translation>未登记营销联系同意（只做售后服务联系）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="346"/>
        <source>About the purchase of %1: %2, %3 piece(s) %4</source>
        <translation>关于 %1 的消费：%2，共 %3 件%4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="364"/>
        <source>No contact recorded yet.</source>
        <translation>还没有联系记录。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="413"/>
        <source>Choose one.</source>
        <translation>请选择一项。</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../ui/crash.py" line="75"/>
        <source>VIP Keeper: unexpected error</source>
        <translation>贵宾管家：意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="76"/>
        <source>Something went wrong that VIP Keeper did not expect. Your data is safe: every change is saved in one step or not at all.</source>
        <translation>贵宾管家遇到了一个意外错误。您的数据是安全的：每次修改要么完整保存，要么完全不保存。</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="82"/>
        <source>The details were written to:
{path}</source>
        <translation>详细信息已写入：
{path}</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="161"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="163"/>
        <source>The disk is full (or the database reached its size limit), so nothing was saved. Free some disk space and try again.</source>
        <translation>磁盘已满（或数据库已达到大小上限），因此没有保存任何内容。请释放一些磁盘空间后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="169"/>
        <source>The database was busy with another program for too long, so nothing was saved. Try again in a moment.</source>
        <translation>数据库被另一个程序占用太久，因此没有保存任何内容。请稍后重试。</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="37"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="38"/>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="260"/>
        <source>Card 1</source>
        <translation>卡 1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="39"/>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="261"/>
        <source>Card 2</source>
        <translation>卡 2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="42"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="43"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="44"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="45"/>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="46"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="47"/>
        <source>Member since</source>
        <translation>入会日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="48"/>
        <source>Visits</source>
        <translation>到店次数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="224"/>
        <source>Merged.</source>
        <translation>已合并。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="240"/>
        <source>Marked as different customers; not proposed again.</source>
        <translation>已标记为不同顾客，不再提示。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="248"/>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="254"/>
        <source>Cards that may be one customer. Compare, then merge or mark as different.</source>
        <translation>可能是同一位顾客的两张卡。对比后合并，或标记为不同顾客。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="255"/>
        <source>Pairs: %1</source>
        <translation>共 %1 对。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="255"/>
        <source>No duplicates found.</source>
        <translation>没有发现疑似重复的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="259"/>
        <source>Find duplicates</source>
        <translation>查找重复会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="264"/>
        <source>Keep card 1, merge card 2 in</source>
        <translation>保留卡 1，并入卡 2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="265"/>
        <source>Keep card 2, merge card 1 in</source>
        <translation>保留卡 2，并入卡 1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/duplicates_dialog.py" line="266"/>
        <source>Not the same customer</source>
        <translation>不是同一位顾客</translation>
    </message>
</context>
<context>
    <name>EventsTab</name>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="269"/>
        <source>(none)</source>
        <translation>（不限）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="395"/>
        <location filename="../../ui/pages/loyalty/events.py" line="581"/>
        <location filename="../../ui/pages/loyalty/events.py" line="591"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="396"/>
        <location filename="../../ui/pages/loyalty/events.py" line="571"/>
        <location filename="../../ui/pages/loyalty/events.py" line="592"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="397"/>
        <location filename="../../ui/pages/loyalty/events.py" line="593"/>
        <source>Date and time</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="398"/>
        <location filename="../../ui/pages/loyalty/events.py" line="594"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="399"/>
        <location filename="../../ui/pages/loyalty/events.py" line="595"/>
        <source>Capacity</source>
        <translation>人数上限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="400"/>
        <location filename="../../ui/pages/loyalty/events.py" line="596"/>
        <source>Cost ¥</source>
        <translation>费用 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="401"/>
        <location filename="../../ui/pages/loyalty/events.py" line="600"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="418"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/loyalty/events.py" line="453"/>
        <source>%n guest(s) added.</source>
        <translation>
            <numerusform>新增 %n 位嘉宾。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="465"/>
        <source>No member with number %1.</source>
        <translation>没有会员号为 %1 的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="477"/>
        <source>Not added: already on the list, or the member may not be contacted.</source>
        <translation>未添加：已在名单中，或该会员不可联系。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="492"/>
        <location filename="../../ui/pages/loyalty/events.py" line="506"/>
        <source>Select guests in the list first.</source>
        <translation>请先在名单中选择嘉宾。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="534"/>
        <source>Nothing changed.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="539"/>
        <source>Attendance saved.</source>
        <translation>出席情况已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="548"/>
        <location filename="../../ui/pages/loyalty/events.py" line="606"/>
        <source>New event</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="550"/>
        <source>Edit: %1</source>
        <translation>编辑：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="553"/>
        <source>Guests</source>
        <translation>嘉宾名单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="556"/>
        <source>Guests of %1: %2 invited, %3 accepted, %4 came</source>
        <translation>%1 的嘉宾：邀请 %2 位，接受 %3 位，出席 %4 位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="560"/>
        <source>; attendees bought %1 within 7 days</source>
        <translation>；出席者 7 天内消费 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="566"/>
        <source>Member events</source>
        <translation>会员活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="569"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="570"/>
        <source>Event</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="572"/>
        <source>Invited</source>
        <translation>邀请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="573"/>
        <location filename="../../ui/pages/loyalty/events.py" line="613"/>
        <source>Accepted</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="574"/>
        <location filename="../../ui/pages/loyalty/events.py" line="585"/>
        <source>Came</source>
        <translation>出席</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="575"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="580"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="582"/>
        <source>Told on</source>
        <translation>通知日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="583"/>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="584"/>
        <source>Answer</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="597"/>
        <source>Tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="598"/>
        <source>Pyramid layers</source>
        <translation>金字塔层级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="599"/>
        <source>Target list</source>
        <translation>目标名单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="605"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="607"/>
        <source>Invite by rule</source>
        <translation>按规则邀请</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="608"/>
        <source>Cancel event</source>
        <translation>取消活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="609"/>
        <source>Save event</source>
        <translation>保存活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="610"/>
        <source>Member no. or phone</source>
        <translation>会员号或手机号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="611"/>
        <source>Add guest</source>
        <translation>添加嘉宾</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="612"/>
        <source>Mark told</source>
        <translation>标记已通知</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="614"/>
        <source>Declined</source>
        <translation>婉拒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="615"/>
        <source>Save attendance</source>
        <translation>保存出席</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/events.py" line="616"/>
        <source>Select guests in the list, then mark them told or record their answer.</source>
        <translation>先在名单中选择嘉宾，再标记已通知或登记回复。</translation>
    </message>
</context>
<context>
    <name>FactorsDialog</name>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="568"/>
        <source>Survey factors</source>
        <translation>问卷因素</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="571"/>
        <source>One factor per line, in the order they are asked. Past surveys keep their scores.</source>
        <translation>每行一个因素，按提问顺序排列。以前的问卷保留原有评分。</translation>
    </message>
</context>
<context>
    <name>FeedbackForm</name>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="146"/>
        <source>Your role may not do this.</source>
        <translation>您的角色无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="163"/>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="164"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FeedbackPage</name>
    <message>
        <location filename="../../ui/pages/feedback/common.py" line="80"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/common.py" line="81"/>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="185"/>
        <source>The period starts after it ends.</source>
        <translation>所选期间的开始日期晚于结束日期。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="213"/>
        <source>The figures could not be read: %1</source>
        <translation>无法读取数据：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="305"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="306"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="307"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="308"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="309"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="310"/>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/page.py" line="311"/>
        <source>Churn and win-back</source>
        <translation>流失与唤醒</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="169"/>
        <source>Creating the demo store…</source>
        <translation>正在创建示范店铺……</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="54"/>
        <source>Welcome to VIP Keeper</source>
        <translation>欢迎使用贵宾管家</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="57"/>
        <source>There is no store on this computer yet. How would you like to start?</source>
        <translation>这台电脑上还没有店铺数据。您想怎样开始？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="62"/>
        <source>Empty store</source>
        <translation>空白店铺</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="63"/>
        <source>Start from scratch: enter your own members or import them from Excel.</source>
        <translation>从零开始：录入自己的会员，或从 Excel 导入。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="67"/>
        <source>Demo store</source>
        <translation>示范店铺</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="69"/>
        <source>About 2,000 invented members with purchases, calls and surveys, to try everything out and to train staff. You can start an empty store later.</source>
        <translation>约 2,000 名虚构会员，含消费、回访和满意度调查记录，用来试用各项功能、培训店员。以后可以再换成空白店铺。</translation>
    </message>
</context>
<context>
    <name>GiftsTab</name>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="119"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="185"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="226"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="120"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="183"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="224"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="121"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="184"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="225"/>
        <source>Gift</source>
        <translation>礼品</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="122"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="187"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="228"/>
        <source>Occasion</source>
        <translation>缘由</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="123"/>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="186"/>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="124"/>
        <source>Given by</source>
        <translation>赠送人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="168"/>
        <source>Not recorded: %1</source>
        <translation>未记录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="195"/>
        <source>Select the gift to delete first.</source>
        <translation>请先选中要删除的赠礼。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="227"/>
        <source>Cost ¥</source>
        <translation>成本 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="231"/>
        <source>e.g. silk scarf</source>
        <translation>如：真丝围巾</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="232"/>
        <source>e.g. 40th birthday</source>
        <translation>如：40 岁生日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="233"/>
        <source>Record gift</source>
        <translation>记录赠礼</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="234"/>
        <source>Delete selected gift</source>
        <translation>删除选中的赠礼</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="238"/>
        <source>%1 gifts, cost %2 in all.</source>
        <translation>共 %1 次赠礼，成本合计 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="242"/>
        <source>No gifts recorded yet.</source>
        <translation>还没有赠礼记录。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/gifts_tab.py" line="247"/>
        <source>Gifts (%1)</source>
        <translation>赠礼（%1）</translation>
    </message>
</context>
<context>
    <name>HistoryTabs</name>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="294"/>
        <source>%1 returned</source>
        <translation>已退 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="295"/>
        <source>Return of %1, %2 piece(s)</source>
        <translation>退货（原小票 %1），%2 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="296"/>
        <source>%1 piece(s)</source>
        <translation>%1 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="297"/>
        <source>discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="297"/>
        <source>full</source>
        <translation>原价</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="367"/>
        <source>Return</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="376"/>
        <source>%1 tickets · total %2 · last 12 months %3</source>
        <translation>共 %1 张小票 · 累计 %2 · 近 12 个月 %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="392"/>
        <source>Pending: %1 · %2 · saved, to be entered when the import ends</source>
        <translation>待入账：%1 · %2 · 已保存，导入结束后入账</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="395"/>
        <source>Pending: %1 · %2 · could not be entered: %3</source>
        <translation>待入账：%1 · %2 · 未能入账：%3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="400"/>
        <source>Show / discard…</source>
        <translation>查看/丢弃…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="430"/>
        <source>Select a sale with goods left to return.</source>
        <translation>请先选中一张还有商品可退的小票。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="462"/>
        <source>%1 contacts</source>
        <translation>共 %1 次联系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="470"/>
        <source>Record purchase</source>
        <translation>记录消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="472"/>
        <source>Return selected ticket…</source>
        <translation>退所选小票…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="474"/>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="196"/>
        <source>Import from Excel or CSV</source>
        <translation>从 Excel 或 CSV 导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="197"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="198"/>
        <source>Contains:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="199"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="200"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="203"/>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="206"/>
        <source>Check what each column of the file holds; correct it where the guess is wrong. The choice is remembered for files with the same columns.</source>
        <translation>请核对文件中每一列对应的内容，猜错的地方请改正。相同表头的文件下次会沿用您的选择。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="211"/>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="211"/>
        <source>First value</source>
        <translation>首行的值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="211"/>
        <source>Imports as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="213"/>
        <location filename="../../ui/dialogs/import_dialog.py" line="454"/>
        <source>Dry run: nothing has been written yet</source>
        <translation>试运行：尚未写入任何数据</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="215"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="215"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="215"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="215"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="217"/>
        <source>Overwrite filled fields</source>
        <translation>覆盖已填字段</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="220"/>
        <source>Off: a member&apos;s filled fields are kept and only empty ones are filled. On: the file&apos;s values replace them.</source>
        <translation>不勾选：会员已填的字段保持不变，只补空白字段。勾选：用文件中的值替换。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="226"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="227"/>
        <source>Export rejected rows…</source>
        <translation>导出被拒绝的行…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="228"/>
        <source>Apply</source>
        <translation>确认导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="229"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="254"/>
        <source>Rejected rows (%1)</source>
        <translation>被拒绝的行（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="257"/>
        <source>Changes to members (%1)</source>
        <translation>会员资料变更（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="274"/>
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="310"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="321"/>
        <source>%1 (hidden)</source>
        <translation>%1（隐藏）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="328"/>
        <source>Header in row %1; %2 data rows</source>
        <translation>表头在第 %1 行；共 %2 行数据</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="333"/>
        <source>; text encoding %1</source>
        <translation>；文本编码 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="360"/>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="383"/>
        <source>The columns changed: press “Check again”</source>
        <translation>列对应已修改：请点“重新检查”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="427"/>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="412"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="483"/>
        <source>Save the rejected rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="498"/>
        <source>Saved %1 rejected rows to %2: fix them there and import that file.</source>
        <translation>已把 %1 行被拒绝的数据保存到 %2：在该文件中改正后再导入它。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="569"/>
        <source>%1 rows with a new name or phone were not ticked and were skipped.</source>
        <translation>%1 行更改姓名或手机号但未勾选，已跳过。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="581"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="538"/>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：没有导入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="540"/>
        <source>The data changed meanwhile: the file was checked again.</source>
        <translation>数据在此期间有变动：已重新检查文件。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="506"/>
        <source>The disk is full: nothing was imported. Free some disk space and try again.</source>
        <translation>磁盘已满：没有导入任何内容。请释放一些磁盘空间后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="548"/>
        <source>The import failed and nothing was written: %1</source>
        <translation>导入失败，没有写入任何数据：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="562"/>
        <source>Imported: %1 new, %2 updated. A backup was saved first: %3</source>
        <translation>导入完成：新增 %1，更新 %2。导入前已自动备份：%3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="573"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
</context>
<context>
    <name>ImportExportPage</name>
    <message>
        <location filename="../../ui/pages/import_export.py" line="170"/>
        <source>Import / export</source>
        <translation>导入导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="171"/>
        <source>Import from Excel or CSV</source>
        <translation>从 Excel 或 CSV 导入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="172"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="173"/>
        <source>Download template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="176"/>
        <source>Reads .xlsx, .xls and .csv (UTF-8 or GBK). Every file is checked first: you see what would be added, changed or rejected, and nothing is written until you press Apply. A backup is made before each import.</source>
        <translation>支持 .xlsx、.xls 和 .csv（UTF-8 或 GBK）。每个文件都先试运行：您会看到将新增、修改和拒绝的内容，按“确认导入”之前不会写入任何数据。每次导入前都会自动备份。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="181"/>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="182"/>
        <source>Mask phone numbers</source>
        <translation>隐藏手机号中间四位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="183"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="187"/>
        <source>Head office</source>
        <translation>总部同步</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="188"/>
        <source>Exchange with:</source>
        <translation>同步对象：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="189"/>
        <source>Export change set…</source>
        <translation>导出变动资料…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="190"/>
        <source>Import head office&apos;s file…</source>
        <translation>导入总部文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="191"/>
        <source>Keep local</source>
        <translation>保留本店</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="192"/>
        <source>Take head office&apos;s</source>
        <translation>采用总部</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="195"/>
        <source>Member no</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="196"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="197"/>
        <source>Row in file</source>
        <translation>文件行号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="198"/>
        <source>Changed on both sides (here → head office)</source>
        <translation>双方都修改过的内容（本店 → 总部）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="249"/>
        <source>Save the template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="255"/>
        <source>Template saved: %1</source>
        <translation>模板已保存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="269"/>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="302"/>
        <location filename="../../ui/pages/import_export.py" line="395"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="224"/>
        <source>Cancelled: no file was written.</source>
        <translation>已取消：没有生成文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="291"/>
        <source>%1 rows exported to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="327"/>
        <source>Last export</source>
        <translation>上次导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="327"/>
        <source>Last import</source>
        <translation>上次导入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="330"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="338"/>
        <source>Rows changed both here and at head office since the last exchange: %1</source>
        <translation>自上次同步以来本店和总部都修改过的会员：%1 位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="362"/>
        <source>Export change set to</source>
        <translation>导出变动资料到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="380"/>
        <source>full list</source>
        <translation>全部资料</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="380"/>
        <source>changes only</source>
        <translation>仅变动部分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="382"/>
        <source>%1 members (%2) exported to %3</source>
        <translation>已导出 %1 位会员（%2）到 %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="406"/>
        <source>Head office&apos;s file</source>
        <translation>总部文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="425"/>
        <source>Checking head office&apos;s file…</source>
        <translation>正在检查总部文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="441"/>
        <source>This file was already imported on %1; it changes nothing.</source>
        <translation>该文件已于 %1 导入过，本次不会改变任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="446"/>
        <source>Import head office&apos;s file</source>
        <translation>导入总部文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="447"/>
        <source>Apply? Conflicting rows are listed for you to decide.</source>
        <translation>确认导入吗？有冲突的会员会列出来，由您逐个决定。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="450"/>
        <source>Not imported.</source>
        <translation>未导入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="478"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="456"/>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：没有导入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="458"/>
        <source>The data changed meanwhile: import the file again.</source>
        <translation>数据在此期间有变动：请重新导入该文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="463"/>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="491"/>
        <source>Select the rows to decide first.</source>
        <translation>请先选择要处理的行。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="510"/>
        <source>%1 rows decided.</source>
        <translation>已处理 %1 行。</translation>
    </message>
</context>
<context>
    <name>ItemsGrid</name>
    <message>
        <location filename="../../ui/dialogs/purchase_items.py" line="436"/>
        <source>(−%1)</source>
        <translation>（优惠 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_items.py" line="438"/>
        <source>List total %1</source>
        <translation>标价小计 %1</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/lock_screen.py" line="177"/>
        <source>PIN</source>
        <translation>快捷密码</translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="177"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="210"/>
        <source>Locked</source>
        <translation>已锁屏</translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="213"/>
        <source>The screen locked itself after a while without use. Pick your name and type your PIN to carry on, or to take over the counter.</source>
        <translation>一段时间无人操作，屏幕已自动锁定。请选择您的名字并输入快捷密码继续使用，或由您接班。</translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="217"/>
        <source>Who</source>
        <translation>店员</translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="218"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs/login.py" line="46"/>
        <location filename="../../ui/dialogs/login.py" line="64"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="58"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="59"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>LostReasonDialog</name>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="511"/>
        <source>Mark as lost</source>
        <translation>标记为流失</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="512"/>
        <source>Why did they leave?</source>
        <translation>流失原因：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="513"/>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="514"/>
        <source>what the customer said (needed for Other)</source>
        <translation>顾客的原话（选“其他”时必填）</translation>
    </message>
</context>
<context>
    <name>LoyaltyPage</name>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="93"/>
        <source>The points programme runs under the rules in force since %1.</source>
        <translation>积分计划按 %1 起生效的规则运行。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="96"/>
        <source>The next version applies from %1.</source>
        <translation>下一版本自 %1 起生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="104"/>
        <source>The points programme has not started: set the rules on the Points rules tab and save them — points are awarded from their effective date.</source>
        <translation>积分计划尚未开始：请在“积分规则”中设置并保存规则——从生效日期起开始积分。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="180"/>
        <source>Loyalty programme</source>
        <translation>积分与会员等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="183"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="184"/>
        <source>Points rules</source>
        <translation>积分规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="185"/>
        <source>Tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="186"/>
        <source>Rewards</source>
        <translation>兑换目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/page.py" line="187"/>
        <source>Events</source>
        <translation>活动</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="232"/>
        <source>PIN set.</source>
        <translation>快捷密码已设置。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="313"/>
        <source>Store: %1</source>
        <translation>店铺：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="314"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="317"/>
        <source>Members: %1</source>
        <translation>会员：%1 名</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="321"/>
        <source>Signed in: %1 (%2)</source>
        <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="323"/>
        <source>Change my password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="324"/>
        <source>Switch user…</source>
        <translation>切换用户…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="326"/>
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="328"/>
        <source>My PIN…</source>
        <translation>我的快捷密码…</translation>
    </message>
</context>
<context>
    <name>MemberCard</name>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="16"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="17"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="18"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="19"/>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="20"/>
        <source>Mobile phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="21"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="22"/>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="23"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="24"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="25"/>
        <source>Income band</source>
        <translation>收入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="26"/>
        <source>Education</source>
        <translation>学历</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="27"/>
        <source>Hobbies</source>
        <translation>爱好</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="28"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="29"/>
        <source>Transport</source>
        <translation>交通方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="30"/>
        <source>How they came</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="31"/>
        <source>Referred by</source>
        <translation>介绍人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="32"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="33"/>
        <source>Reason lost</source>
        <translation>流失原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="34"/>
        <source>Note on leaving</source>
        <translation>流失说明</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="35"/>
        <source>Member since</source>
        <translation>入会日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="36"/>
        <source>Enrolled by</source>
        <translation>办卡导购</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="37"/>
        <location filename="../../ui/dialogs/member_card/fields.py" line="91"/>
        <location filename="../../ui/dialogs/member_card/history.py" line="62"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="38"/>
        <source>Temperament</source>
        <translation>气质</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="39"/>
        <source>Appearance</source>
        <translation>外貌</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="40"/>
        <source>Personality</source>
        <translation>性格</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="41"/>
        <source>Preferred service</source>
        <translation>喜欢的服务方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="42"/>
        <source>Sizes</source>
        <translation>尺码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="43"/>
        <source>Top</source>
        <translation>上装</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="44"/>
        <source>Bottom</source>
        <translation>下装</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="45"/>
        <source>Shoes</source>
        <translation>鞋</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="46"/>
        <source>Preferred styles</source>
        <translation>喜欢的款式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="47"/>
        <source>Preferred colours</source>
        <translation>喜欢的颜色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="48"/>
        <source>Preferred brands</source>
        <translation>喜欢的品牌</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="49"/>
        <source>Contact notes</source>
        <translation>联系注意</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="50"/>
        <source>May contact by</source>
        <translation>同意联系方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="51"/>
        <source>Consent given on</source>
        <translation>同意日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="52"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="53"/>
        <source>Data verified</source>
        <translation>资料核实</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="54"/>
        <source>Family</source>
        <translation>家人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="57"/>
        <source>given on saving</source>
        <translation>保存时自动生成</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="58"/>
        <source>1990-08-15, 19900815, 8月15日, 农历八月十五</source>
        <translation>如 1990-08-15、19900815、8月15日、农历八月十五</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="59"/>
        <source>11-digit mobile number</source>
        <translation>11 位手机号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="60"/>
        <source>e.g. 10k–20k a month</source>
        <translation>如 月入 1–2 万</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="61"/>
        <source>e.g. no calls before 10 am</source>
        <translation>如 上午10点前勿扰</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="62"/>
        <source>comma-separated, e.g. regular, gift buyer</source>
        <translation>用逗号分隔，如 老客，送礼</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="64"/>
        <source>e.g. leave her to browse</source>
        <translation>如 喜欢自己慢慢看</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="65"/>
        <source>e.g. by car, public transport, on foot</source>
        <translation>如 自驾、公共交通、步行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="86"/>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="87"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="88"/>
        <location filename="../../ui/dialogs/member_card/history.py" line="45"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="89"/>
        <source>Calendar</source>
        <translation>历法</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/fields.py" line="90"/>
        <source>Leap</source>
        <translation>闰月</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="46"/>
        <source>Ticket</source>
        <translation>小票号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="47"/>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="48"/>
        <source>List price</source>
        <translation>标价</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="49"/>
        <source>Paid</source>
        <translation>实收</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="50"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="51"/>
        <source>Returned</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="52"/>
        <location filename="../../ui/dialogs/member_card/history.py" line="61"/>
        <source>Clerk</source>
        <translation>导购</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/changes_tab.py" line="26"/>
        <location filename="../../ui/dialogs/member_card/history.py" line="57"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/changes_tab.py" line="27"/>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/changes_tab.py" line="28"/>
        <source>Before</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/changes_tab.py" line="29"/>
        <source>After</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/changes_tab.py" line="30"/>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/changes_tab.py" line="31"/>
        <source>Through</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/changes_tab.py" line="33"/>
        <source>Every change to this archive: field, before → after, who and how.</source>
        <translation>档案的每一次变动：项目、原值 → 新值、经办人和方式。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/changes_tab.py" line="36"/>
        <source>No changes recorded yet.</source>
        <translation>尚无变动记录。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="58"/>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="59"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="60"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/history.py" line="63"/>
        <source>Next follow-up</source>
        <translation>下次回访</translation>
    </message>
</context>
<context>
    <name>MemberCardDialog</name>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="219"/>
        <source>This member no longer exists (merged into another card or deleted).</source>
        <translation>该会员已不存在（已合并到其他卡片或已删除）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="285"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="343"/>
        <source>Not merged: %1</source>
        <translation>未合并：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="348"/>
        <source>Merged: the other card&apos;s history is now on this card.</source>
        <translation>已合并：另一张卡片的记录已移到本卡。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="402"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="403"/>
        <source>Save the changes to this member before closing?</source>
        <translation>关闭前保存对该会员的修改吗？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="425"/>
        <source>Archive</source>
        <translation>档案</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="426"/>
        <source>Purchases (%1)</source>
        <translation>消费记录（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="427"/>
        <source>Contacts (%1)</source>
        <translation>联系记录（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="430"/>
        <source>Changes (%1)</source>
        <translation>变动（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="444"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="446"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/dialog.py" line="428"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
</context>
<context>
    <name>MemberEventsTab</name>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="107"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="108"/>
        <source>Event</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="109"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="110"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="111"/>
        <source>Told</source>
        <translation>已通知</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="112"/>
        <source>Answer</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="113"/>
        <source>Came</source>
        <translation>出席</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="117"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="136"/>
        <source>Select the invitation first.</source>
        <translation>请先选择一条邀请。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="159"/>
        <source>Invited to %1 events, came to %2.</source>
        <translation>受邀参加 %1 场活动，出席 %2 场。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="163"/>
        <source>No invitations yet: events are planned on the Loyalty page, Events tab.</source>
        <translation>还没有活动邀请：活动在“积分”页的“活动”标签中安排。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="165"/>
        <source>Accepted</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="166"/>
        <source>Declined</source>
        <translation>婉拒</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/events_tab.py" line="170"/>
        <source>Events (%1)</source>
        <translation>活动（%1）</translation>
    </message>
</context>
<context>
    <name>MemberFinder</name>
    <message>
        <location filename="../../ui/widgets/form_kit.py" line="160"/>
        <source>last purchase %1</source>
        <translation>最近消费 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/form_kit.py" line="164"/>
        <source>no purchase yet</source>
        <translation>尚未消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="114"/>
        <source>Member: name, pinyin initials, phone tail or member no. (Enter picks)</source>
        <translation>会员：姓名、拼音首字母、手机尾号或会员号（Enter 选定）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="129"/>
        <source>No member found.</source>
        <translation>没有找到会员。</translation>
    </message>
</context>
<context>
    <name>MemberPicker</name>
    <message>
        <location filename="../../ui/widgets/member_picker.py" line="56"/>
        <source>type a name, initials or phone digits</source>
        <translation>输入姓名、拼音首字母或手机尾号</translation>
    </message>
</context>
<context>
    <name>MemberPrivacy</name>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="175"/>
        <source>Notice shown to the customer (version %1): %2</source>
        <translation>已向顾客出示的告知（版本 %1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="192"/>
        <location filename="../../ui/dialogs/member_privacy.py" line="208"/>
        <source>Member data report</source>
        <translation>个人数据报告</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="220"/>
        <location filename="../../ui/dialogs/member_privacy.py" line="234"/>
        <source>Anonymise member</source>
        <translation>匿名化会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="222"/>
        <source>The name becomes 已匿名; phone, birthday, family, tags and notes are cleared for good. Purchases stay for the statistics. Reason (the customer&apos;s request, …):</source>
        <translation>姓名将改为“已匿名”，手机号、生日、家庭、标签和备注将被永久清除，消费记录保留用于统计。原因（顾客本人要求等）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="247"/>
        <location filename="../../ui/dialogs/member_privacy.py" line="262"/>
        <location filename="../../ui/dialogs/member_privacy.py" line="267"/>
        <source>Delete member</source>
        <translation>删除会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="249"/>
        <source>Only a member without purchases, contacts or points can be deleted; anyone else is anonymised. Reason:</source>
        <translation>只有没有消费、联系和积分记录的会员可以删除，其他会员请匿名化。原因：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="273"/>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="274"/>
        <source>Show full phone number</source>
        <translation>显示完整手机号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="275"/>
        <source>Member data report…</source>
        <translation>个人数据报告…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="276"/>
        <source>Anonymise…</source>
        <translation>匿名化…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_privacy.py" line="277"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <location filename="../../ui/models/member_table.py" line="105"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="106"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="107"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="108"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="109"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="110"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="111"/>
        <source>Visits</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="112"/>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="113"/>
        <source>Last purchase</source>
        <translation>最近消费</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="114"/>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="115"/>
        <source>Customer type</source>
        <translation>顾客类型</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="287"/>
        <source>(could not be read)</source>
        <translation>（无法读取）</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="365"/>
        <source>This column cannot be sorted</source>
        <translation>此列不能排序</translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <location filename="../../ui/pages/members.py" line="382"/>
        <source>1 member</source>
        <translation>共 1 名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="384"/>
        <source>%1 members</source>
        <translation>共 %1 名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="511"/>
        <source>All tiers</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="516"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="526"/>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="548"/>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="550"/>
        <source>Name, pinyin initials (zs), member no. or last digits of the phone</source>
        <translation>姓名、拼音首字母（zs）、会员号或手机尾号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="552"/>
        <source>New member</source>
        <translation>新会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="554"/>
        <source>Record purchase</source>
        <translation>记录消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="556"/>
        <source>Open card</source>
        <translation>打开卡片</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="557"/>
        <source>Enter or double-click</source>
        <translation>回车或双击</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="558"/>
        <source>Birthday this month</source>
        <translation>本月生日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="559"/>
        <source>Show full phone numbers</source>
        <translation>显示完整手机号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="560"/>
        <source>Each time is recorded in the audit log.</source>
        <translation>每次显示都会记录在审计日志中。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="561"/>
        <source>No purchase for</source>
        <translation>未消费超过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="562"/>
        <source>any time</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="563"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="564"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="565"/>
        <source>Find duplicates…</source>
        <translation>查找重复会员…</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="34"/>
        <source>Merge duplicate member</source>
        <translation>合并重复会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="38"/>
        <source>Pick the other card of the same customer. Its purchases, contacts, points, family and tags move to this card, empty fields here are filled from it, and the other card is deleted. This cannot be undone.</source>
        <translation>请选择同一位顾客的另一张卡片。它的消费、联系记录、积分、家人和标签将移到本卡，本卡空着的资料由它补上，然后删除那张卡片。此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="55"/>
        <source>Merge into this card</source>
        <translation>合并到本卡</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="96"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="97"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="98"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="100"/>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="105"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="106"/>
        <source>Visits</source>
        <translation>消费次数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="107"/>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="108"/>
        <source>Last purchase</source>
        <translation>最近消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="110"/>
        <source>Keep (this card)</source>
        <translation>保留（本卡）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="110"/>
        <source>Merge in and delete</source>
        <translation>合并后删除</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/merge.py" line="123"/>
        <source>No member picked yet.</source>
        <translation>尚未选择会员。</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="81"/>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="82"/>
        <source>Send list…</source>
        <translation>发送清单…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="83"/>
        <source>Log the send list as sent</source>
        <translation>发送清单记为已发送</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="84"/>
        <source>Message templates…</source>
        <translation>消息模板…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="85"/>
        <source>Target lists…</source>
        <translation>目标名单…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="94"/>
        <source>Select a row to see the message for it.</source>
        <translation>选中一行即可看到要发送的消息。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="97"/>
        <source>No message for these reasons: a conversation.</source>
        <translation>这些事由没有消息模板：请直接沟通。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="103"/>
        <source>no SMS/WeChat consent: read it out on the phone</source>
        <translation>未同意短信/微信：电话中转达</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="111"/>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="117"/>
        <source>Send list</source>
        <translation>发送清单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="147"/>
        <source>%1 messages written to %2</source>
        <translation>已写入 %1 条消息到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="155"/>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list_messages.py" line="177"/>
        <source>%1 messages logged as contacts.</source>
        <translation>已把 %1 条消息记为联系记录。</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="132"/>
        <source>from %1</source>
        <translation>%1 起</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="164"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="174"/>
        <source>Done: %1 members changed.</source>
        <translation>完成：%1 位会员有变化。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="179"/>
        <source>Expiring points, birthday points, tier review…</source>
        <translation>正在处理积分过期、生日积分和等级评定…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="229"/>
        <source>Every purchase already had its points.</source>
        <translation>所有消费都已有积分，无需补发。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="196"/>
        <source>Only the owner may do this.</source>
        <translation>只有店主可以执行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="201"/>
        <source>Awarding points for past purchases…</source>
        <translation>正在为历史消费补发积分…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="219"/>
        <source>Awarded %1 points for %2 past sales (from %3).</source>
        <translation>已为 %2 笔历史消费补发 %1 积分（自 %3 起）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="225"/>
        <source>No new points: the rules apply from %3, and every sale since then already had its points.</source>
        <translation>没有新积分：规则自 %3 起生效，此后的每笔消费都已有积分。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="231"/>
        <source>%1 sales before %3 earn nothing.</source>
        <translation>%3 之前的 %1 笔消费不积分。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="235"/>
        <source>Outstanding points</source>
        <translation>未使用积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="237"/>
        <source>Points not yet used</source>
        <translation>未使用积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="238"/>
        <source>Worth to members (liability)</source>
        <translation>折合金额（负债）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="239"/>
        <source>Members holding points</source>
        <translation>持有积分的会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="240"/>
        <source>Expiring within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="245"/>
        <source>Points are a debt of the store until they are used or expire: liability = points not yet used × the value of one point.</source>
        <translation>积分在使用或过期之前是门店对会员的负债：负债 = 未使用积分 × 每分价值。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="249"/>
        <source>One point is worth</source>
        <translation>每 1 分价值</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="250"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="251"/>
        <source>Members per tier</source>
        <translation>各等级人数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="253"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="253"/>
        <source>12-month spend</source>
        <translation>近12个月消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="253"/>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="255"/>
        <source>Jobs</source>
        <translation>定期任务</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="258"/>
        <source>Expiry, birthday points and the tier review run by themselves at start-up and once a day; run them now after changing the rules. Awarding points for past purchases gives a store that ran without points its ledger (by the rules in force on each purchase&apos;s date; run it once).</source>
        <translation>积分过期、生日积分和等级评定在启动时及每天自动运行；修改规则后可立即运行。“为历史消费补发积分”为之前未启用积分的门店建立积分明细（按每笔消费当日生效的规则；只需运行一次）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="264"/>
        <source>Run expiry and tier review now</source>
        <translation>立即处理过期与等级评定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/overview.py" line="265"/>
        <source>Award points for past purchases…</source>
        <translation>为历史消费补发积分…</translation>
    </message>
</context>
<context>
    <name>OwnerSetupDialog</name>
    <message>
        <location filename="../../ui/dialogs/login.py" line="114"/>
        <source>The owner&apos;s account</source>
        <translation>店主账号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="118"/>
        <source>Everyone signs in to VIP Keeper. Choose the owner&apos;s name and password: the owner adds the staff&apos;s accounts later (Users page).</source>
        <translation>使用贵宾管家需要登录。请设置店主的姓名和密码；员工账号由店主稍后在“用户”页面添加。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="134"/>
        <location filename="../../ui/dialogs/login.py" line="192"/>
        <source>Owner&apos;s name</source>
        <translation>店主姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="135"/>
        <location filename="../../ui/dialogs/login.py" line="191"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="136"/>
        <location filename="../../ui/dialogs/login.py" line="193"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="137"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="148"/>
        <source>Demo store: the staff accounts %1 have the password “%2”.</source>
        <translation>演示店：员工账号 %1 的密码都是“%2”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="152"/>
        <source>Their lock-screen PIN is “%1”.</source>
        <translation>锁屏快捷密码为“%1”。</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <location filename="../../ui/pages/__init__.py" line="72"/>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="73"/>
        <source>Find a member by name, pinyin initials or phone number; open the archive with purchases, family dates, preferences and points; add and edit members.</source>
        <translation>按姓名、拼音首字母或手机号查找会员；查看会员档案，包括消费记录、家人纪念日、喜好和积分；新增和修改会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="83"/>
        <source>Today&apos;s calls</source>
        <translation>今日回访</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="84"/>
        <source>The day&apos;s call list: after-sale follow-ups, birthdays and family occasions, members who have gone quiet; record each call&apos;s outcome and when to call next.</source>
        <translation>当天的回访名单：售后回访、生日和家人纪念日、久未到店的会员；记录每次联系的结果和下次回访时间。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="95"/>
        <source>Analytics</source>
        <translation>分析</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="96"/>
        <source>RFM segments, the customer pyramid, loyalty × value and lifecycle charts, and each member&apos;s chance of buying again and lifetime value.</source>
        <translation>RFM 分群、顾客金字塔、忠诚度 × 价值和生命周期图表，以及每位会员的再次购买概率和终身价值。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="107"/>
        <source>Loyalty</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="108"/>
        <source>Points balances and the points ledger, rewards and redemptions, member tiers and expiry rules.</source>
        <translation>积分余额和积分明细、礼品与兑换、会员等级和积分过期规则。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="118"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="119"/>
        <source>Satisfaction surveys, importance × satisfaction, complaints from first report to resolution, and the reasons members leave.</source>
        <translation>满意度调查、重要性 × 满意度分析、从受理到解决的投诉跟踪，以及会员流失原因。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="129"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="130"/>
        <source>The month&apos;s figures as a report with charts: preview, print or save as PDF.</source>
        <translation>本月经营数据报表（含图表）：预览、打印或保存为 PDF。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="140"/>
        <source>Import / export</source>
        <translation>导入导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="141"/>
        <source>Import members and purchases from Excel or CSV, with a dry run first; export lists to Excel; exchange change sets with head office; back up and restore.</source>
        <translation>从 Excel 或 CSV 导入会员和消费记录（先试导入检查）；导出名单到 Excel；与总部交换变更数据；备份与恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="152"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="153"/>
        <source>Language, where the data is kept, and the database&apos;s version.</source>
        <translation>界面语言、数据存放位置和数据库版本。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="163"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="164"/>
        <source>Staff accounts and roles: add users, reset passwords, deactivate.</source>
        <translation>员工账号与角色：添加用户、重设密码、停用账号。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="173"/>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="174"/>
        <source>The consent notice customers are shown, and members inactive for the retention period, for the owner to anonymise.</source>
        <translation>向顾客出示的告知声明，以及超过保存期限无活动、待店主匿名化的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="185"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="186"/>
        <source>Who did what and when: sign-ins, records viewed, phones shown, exports, imports, merges, deletions, rule changes and restores; filter and export to Excel.</source>
        <translation>谁在何时做了什么：登录、查看档案、显示手机号、导出、导入、合并、删除、规则修改和恢复备份；可筛选并导出到 Excel。</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../ui/pages/placeholder.py" line="51"/>
        <source>This page is not built yet.</source>
        <translation>此页面尚未完成。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/placeholder.py" line="54"/>
        <source>What it will do: {summary}</source>
        <translation>完成后的功能：{summary}</translation>
    </message>
</context>
<context>
    <name>PointsTab</name>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="72"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="73"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="74"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="75"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="76"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="77"/>
        <source>Reference</source>
        <translation>关联</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="78"/>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="79"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="97"/>
        <source>Ticket %1</source>
        <translation>小票 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="101"/>
        <source>Referred %1</source>
        <translation>推荐 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="111"/>
        <source>awarded afterwards for an earlier purchase</source>
        <translation>为历史消费补发</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="114"/>
        <source>points of entry #%1</source>
        <translation>扣回明细 #%1 的积分</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="118"/>
        <source>; %1 not taken back (balance too low)</source>
        <translation>；余额不足，%1 分未扣回</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="142"/>
        <source>never</source>
        <translation>永久</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="340"/>
        <source>Save the member first: points start with the member number.</source>
        <translation>请先保存会员：有了会员号才能积分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="357"/>
        <source>The points programme has not started: the owner sets its rules on the Loyalty page. Adjustments can still be recorded.</source>
        <translation>积分计划尚未开始：店主需在“积分”页面设置规则。仍可记录积分调整。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="364"/>
        <source>Points ledger (%1 entries)</source>
        <translation>积分明细（%1 条）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="99"/>
        <source>earned %1</source>
        <translation>%1 获得</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="387"/>
        <source>%1 (valid until %2)</source>
        <translation>%1（有效期至 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="392"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="402"/>
        <source>%1 · %2 points</source>
        <translation>%1 · %2 分</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="409"/>
        <source> — not enough points</source>
        <translation> — 积分不足</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="412"/>
        <source>No rewards in the catalogue yet</source>
        <translation>兑换目录中还没有项目</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="449"/>
        <source>Choose a reward first.</source>
        <translation>请先选择兑换项目。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="466"/>
        <source>Redeemed: %1</source>
        <translation>已兑换：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="475"/>
        <source>Redeem %1?

This uses %3 points%4; %5 points are left.</source>
        <translation>兑换「%1」？

将使用 %3 积分%4，兑换后剩余 %5 分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="480"/>
        <source> (worth %1)</source>
        <translation>（价值 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="488"/>
        <source>Redeem points</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="525"/>
        <source>Only the owner or a manager may adjust points.</source>
        <translation>只有店主或店长可以调整积分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="533"/>
        <source>Adjusted by %1 points.</source>
        <translation>已调整 %1 分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="548"/>
        <source>Already recorded today.</source>
        <translation>今天已经记录过了。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="551"/>
        <source>Visit points added.</source>
        <translation>已增加到店积分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="575"/>
        <source>Points balance</source>
        <translation>积分余额</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="576"/>
        <source>Worth</source>
        <translation>折合</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="577"/>
        <source>Expiring within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="578"/>
        <source>Record visit</source>
        <translation>到店签到</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="579"/>
        <source>Visit points, once a day, no purchase needed</source>
        <translation>到店积分，每天一次，无需消费</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="580"/>
        <source>Redeem a reward</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="581"/>
        <source>Redeem</source>
        <translation>兑换</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="582"/>
        <source>Print voucher…</source>
        <translation>打印兑换凭证…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="583"/>
        <source>Adjust points</source>
        <translation>调整积分</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="584"/>
        <source>Adjust</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="586"/>
        <source>Reason (required), e.g. missed on ticket 0815</source>
        <translation>原因（必填），如：0815 号小票漏记</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="588"/>
        <source>Points to add; negative to take away</source>
        <translation>增加的积分；负数为扣减</translation>
    </message>
</context>
<context>
    <name>PraiseForm</name>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="21"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="22"/>
        <location filename="../../ui/widgets/praise_form.py" line="149"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="23"/>
        <location filename="../../ui/widgets/praise_form.py" line="173"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="24"/>
        <location filename="../../ui/widgets/praise_form.py" line="173"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="25"/>
        <location filename="../../ui/widgets/praise_form.py" line="150"/>
        <location filename="../../ui/widgets/praise_form.py" line="173"/>
        <source>Clerk praised</source>
        <translation>被表扬导购</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="26"/>
        <location filename="../../ui/widgets/praise_form.py" line="148"/>
        <location filename="../../ui/widgets/praise_form.py" line="173"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="27"/>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="153"/>
        <source>Not recorded: %1</source>
        <translation>未记录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="177"/>
        <source>what the customer said, in their words</source>
        <translation>顾客的原话</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/praise_form.py" line="178"/>
        <source>Write down</source>
        <translation>记下</translation>
    </message>
</context>
<context>
    <name>PraiseListTab</name>
    <message>
        <location filename="../../ui/pages/feedback/praise.py" line="104"/>
        <source>%1 shown (the newest %2 at most)</source>
        <translation>显示 %1 条（最多为最新的 %2 条）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/praise.py" line="104"/>
        <source>%1 shown</source>
        <translation>显示 %1 条</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/praise.py" line="117"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/praise.py" line="122"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/praise.py" line="123"/>
        <source>Member (empty: not a member)</source>
        <translation>会员（留空为非会员）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/praise.py" line="129"/>
        <source>Praise and suggestions</source>
        <translation>表扬与建议</translation>
    </message>
</context>
<context>
    <name>PraiseTab</name>
    <message>
        <location filename="../../ui/dialogs/member_card/praise_tab.py" line="73"/>
        <source>%1 praise, %2 suggestions.</source>
        <translation>表扬 %1 条，建议 %2 条。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/praise_tab.py" line="78"/>
        <source>Nothing written down yet: praise for the shop or a clerk, or a suggestion.</source>
        <translation>还没有记录：顾客对店铺或导购的表扬，或建议。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card/praise_tab.py" line="84"/>
        <source>Praise (%1)</source>
        <translation>表扬与建议（%1）</translation>
    </message>
</context>
<context>
    <name>PrivacyPage</name>
    <message>
        <location filename="../../ui/pages/privacy.py" line="127"/>
        <source>The notice needs a version and a text.</source>
        <translation>告知声明需要版本号和内容。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="134"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="169"/>
        <source>Inactive for %1 years or more: %2</source>
        <translation>%1 年及以上无活动的会员：%2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="181"/>
        <source>Select the members to anonymise first.</source>
        <translation>请先选择要匿名化的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="186"/>
        <source>Anonymise members</source>
        <translation>匿名化会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="188"/>
        <source>Anonymise %1 member(s)? Names become 已匿名 and phone, birthday, family, tags and notes are cleared for good; purchases stay for the statistics.</source>
        <translation>确定匿名化 %1 位会员吗？姓名改为“已匿名”，手机号、生日、家庭、标签和备注将被永久清除；消费记录保留用于统计。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="203"/>
        <source>%1 member(s) anonymised.</source>
        <translation>已匿名化 %1 位会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="211"/>
        <source>%1 backup(s) holding them deleted.</source>
        <translation>已删除含有他们的 %1 个备份。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="224"/>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="225"/>
        <source>Consent notice and retention</source>
        <translation>告知声明与保存期限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="226"/>
        <source>Notice version</source>
        <translation>告知版本</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="227"/>
        <source>Notice text</source>
        <translation>告知内容</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="228"/>
        <source>Anonymise after (years without activity)</source>
        <translation>无活动多少年后匿名化</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="229"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="232"/>
        <source>Members with no purchase, contact or change for that long. Nothing is removed by itself: select members and anonymise them.</source>
        <translation>这些会员在此期间没有消费、联系或资料修改。系统不会自动删除任何数据：请选择会员后手动匿名化。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="237"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="237"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="237"/>
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <location filename="../../ui/pages/privacy.py" line="239"/>
        <source>Anonymise selected…</source>
        <translation>匿名化所选会员…</translation>
    </message>
</context>
<context>
    <name>PurchaseDialog</name>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="299"/>
        <source>Record a purchase</source>
        <translation>录入消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="300"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="301"/>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="304"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="305"/>
        <source>SKU</source>
        <translation>款号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="306"/>
        <source>Size</source>
        <translation>尺码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="307"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="308"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="309"/>
        <source>List price ¥</source>
        <translation>标价 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="310"/>
        <source>Paid price ¥</source>
        <translation>实收单价 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="311"/>
        <source>Line total</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="312"/>
        <source>Unit cost ¥</source>
        <translation>成本单价 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="318"/>
        <source>Optional: what one piece cost the store, for the gross margin</source>
        <translation>选填：每件的进货成本，用于计算毛利</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="320"/>
        <source>+ Add line</source>
        <translation>+ 添加一行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="321"/>
        <source>Remove line</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="322"/>
        <source>Change member</source>
        <translation>更换会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="323"/>
        <source>Clerk:</source>
        <translation>导购：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="324"/>
        <source>Date and time:</source>
        <translation>日期时间：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="325"/>
        <source>Ticket no.:</source>
        <translation>小票号：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="326"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="327"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="328"/>
        <source>optional, e.g. alterations, pick-up day</source>
        <translation>选填，如改衣、取货日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="331"/>
        <source>Tab next cell · Enter next line · + add line · Esc, Delete remove line · prices per piece; empty paid price = list price · Ctrl+Enter save. The next-day call is added to the call list automatically.</source>
        <translation>Tab 下一格 · Enter 下一行 · + 添加一行 · Esc 后 Delete 删除行 · 价格按单件；实收单价留空即按标价 · Ctrl+Enter 保存。次日回访会自动加入今日回访清单。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="336"/>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="337"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="387"/>
        <source>%1 piece(s) · list price %2 · discount %3 · to pay %4</source>
        <translation>共 %1 件 · 标价 %2 · 优惠 %3 · 实收 %4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="451"/>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="483"/>
        <source>Line %1, %2: %3</source>
        <translation>第 %1 行，%2：%3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="493"/>
        <source>Choose the member first.</source>
        <translation>请先选择会员。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="548"/>
        <source>Discard this purchase? Nothing has been saved.</source>
        <translation>放弃这笔消费吗？还没有保存任何内容。</translation>
    </message>
</context>
<context>
    <name>QueueLabel</name>
    <message>
        <location filename="../../ui/counter_queue.py" line="108"/>
        <source>%1 sale(s) saved, to be entered when the import ends</source>
        <translation>%1 笔销售已保存，导入结束后入账</translation>
    </message>
    <message>
        <location filename="../../ui/counter_queue.py" line="114"/>
        <source>%1 queued sale(s) could not be entered (point here for why)</source>
        <translation>%1 笔待入账销售未能入账（鼠标指向此处查看原因）</translation>
    </message>
    <message>
        <location filename="../../ui/counter_queue.py" line="119"/>
        <source>Show / discard…</source>
        <translation>查看/丢弃…</translation>
    </message>
</context>
<context>
    <name>QueuedSalesDialog</name>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="46"/>
        <source>Sales that could not be entered</source>
        <translation>未能入账的销售</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="50"/>
        <source>These sales were saved at the counter while the store was busy, but the store refused them when they were entered. Fix the cause (for example, re-create the member) and they are entered at the next try; or discard one that will never be entered: the audit log keeps what it was.</source>
        <translation>这些销售在导入占用数据库时已在收银台保存，但入账时被拒绝。排除原因（例如重新建立该会员）后，下次会自动入账；确实无法入账的可以丢弃，审计日志会记下它的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="63"/>
        <source>Discard…</source>
        <translation>丢弃…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="70"/>
        <location filename="../../ui/dialogs/queued_sales.py" line="168"/>
        <source>Only the owner or a manager may discard a queued sale.</source>
        <translation>只有店主或店长可以丢弃待入账销售。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="92"/>
        <source>Refused: %1</source>
        <translation>未能入账：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="101"/>
        <source>No queued sale was refused.</source>
        <translation>没有未能入账的销售。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="107"/>
        <source>%1 · %2 · ticket %3 · %4</source>
        <translation>%1 · %2 · 小票 %3 · %4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="122"/>
        <source>Discard queued sale</source>
        <translation>丢弃待入账销售</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="124"/>
        <source>Discard this sale for good?
%1

It will not be entered into the store; the audit log records it. Reason:</source>
        <translation>确定永久丢弃这笔销售吗？
%1

它不会再入账，审计日志会记下它。丢弃原因：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="159"/>
        <source>Discarded: %1</source>
        <translation>已丢弃：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/queued_sales.py" line="166"/>
        <source>The sale is no longer in the queue.</source>
        <translation>这笔销售已不在待入账队列中。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/pages/reports.py" line="199"/>
        <source>Making the monthly summary…</source>
        <translation>正在生成月度报表…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="185"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="189"/>
        <source>The report could not be made: %1</source>
        <translation>无法生成报表：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="213"/>
        <source>Figures of %1, compared with %2.</source>
        <translation>%1 的数据，对比 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="224"/>
        <source>The data changed since these figures were made; refresh to update.</source>
        <translation>数据在生成报表后有变化，请点击刷新。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="396"/>
        <location filename="../../ui/pages/reports.py" line="500"/>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="426"/>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="442"/>
        <source>Save the report as PDF</source>
        <translation>将报表保存为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="442"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="469"/>
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="456"/>
        <location filename="../../ui/pages/reports.py" line="488"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="384"/>
        <source>Preparing the print preview…</source>
        <translation>正在准备打印预览…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="460"/>
        <location filename="../../ui/pages/reports.py" line="491"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="480"/>
        <source>Save the report as Excel</source>
        <translation>将报表保存为 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="480"/>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="497"/>
        <source>Monthly summary</source>
        <translation>月度经营报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="498"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="499"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="501"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="502"/>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="503"/>
        <source>Save Excel</source>
        <translation>保存 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="505"/>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="505"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="505"/>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="505"/>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="514"/>
        <source>Pick a month; the figures are made when the page opens.</source>
        <translation>请选择月份；打开本页时生成数据。</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="51"/>
        <source>Automatic</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="53"/>
        <source>When the app closed</source>
        <translation>应用关闭时</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="55"/>
        <source>Backed up by hand</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="57"/>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="60"/>
        <source>Before an import (%1)</source>
        <translation>导入前（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="64"/>
        <source>Before a head-office import</source>
        <translation>总部数据导入前</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="87"/>
        <location filename="../../ui/dialogs/restore_dialog.py" line="270"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="92"/>
        <source>Choose the backup to bring back. The current data is backed up first, so a restore can itself be undone.</source>
        <translation>请选择要恢复的备份。恢复前会先备份当前数据，因此恢复本身也可以撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="97"/>
        <source>Folder: %1</source>
        <translation>文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="105"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="106"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="107"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="108"/>
        <source>Members</source>
        <translation>会员数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="109"/>
        <source>Purchases</source>
        <translation>消费笔数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="110"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="127"/>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="130"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="132"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="180"/>
        <source>There are no backups yet.</source>
        <translation>还没有备份。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="229"/>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="231"/>
        <source>Problem found</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="233"/>
        <source>Full check passed</source>
        <translation>完整检查通过</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="234"/>
        <source>Quick check passed</source>
        <translation>快速检查通过</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="272"/>
        <source>Replace all current data with the backup of %1 (%2 members, %3 purchases)? The current data is backed up first.</source>
        <translation>用 %1 的备份（%2 位会员，%3 笔消费）替换当前全部数据吗？当前数据会先备份。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="316"/>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="298"/>
        <source>Not restored: %1</source>
        <translation>未恢复：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="306"/>
        <source>Restored the backup of %1. The data from before is in %2.</source>
        <translation>已恢复 %1 的备份。恢复前的数据保存在 %2。</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="161"/>
        <source>Return goods</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="164"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="165"/>
        <source>SKU</source>
        <translation>款号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="166"/>
        <source>Size</source>
        <translation>尺码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="167"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="168"/>
        <source>Bought</source>
        <translation>购买数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="169"/>
        <source>Returned</source>
        <translation>已退</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="170"/>
        <source>Paid (line)</source>
        <translation>实收小计</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="171"/>
        <source>Return now</source>
        <translation>本次退货</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="172"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="175"/>
        <source>Clerk:</source>
        <translation>导购：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="176"/>
        <source>Date and time:</source>
        <translation>日期时间：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="177"/>
        <source>Reason / note:</source>
        <translation>原因/备注：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="178"/>
        <source>e.g. wrong size, colour not as expected</source>
        <translation>如：尺码不合适、颜色与预期不符</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="180"/>
        <source>Tab to the next line · type the quantity to return · Ctrl+Enter save</source>
        <translation>Tab 下一行 · 输入要退的数量 · Ctrl+Enter 保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="182"/>
        <source>Save return (Ctrl+Enter)</source>
        <translation>保存退货 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="183"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="236"/>
        <source>At most %1</source>
        <translation>最多 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="261"/>
        <source>Ticket %1 · %2 · clerk %3 · paid %4</source>
        <translation>小票 %1 · %2 · 导购 %3 · 实收 %4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="285"/>
        <source>%1 piece(s) · refund %2</source>
        <translation>共 %1 件 · 退款 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="317"/>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
</context>
<context>
    <name>RewardsTab</name>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="125"/>
        <source>on</source>
        <translation>提供</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="125"/>
        <source>off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="176"/>
        <source>Only the owner may change the catalogue.</source>
        <translation>只有店主可以修改兑换目录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="179"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="184"/>
        <source>Rewards catalogue</source>
        <translation>兑换目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="187"/>
        <source>What members can redeem their points for. A reward that is no longer offered is switched off, not deleted (redemptions refer to it).</source>
        <translation>会员可以用积分兑换的项目。不再提供的项目停用即可，不删除（兑换记录会引用它）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="193"/>
        <source>Reward</source>
        <translation>兑换项目</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="194"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="195"/>
        <source>Points</source>
        <translation>所需积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="196"/>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="197"/>
        <source>Offered</source>
        <translation>提供中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="198"/>
        <source>Redeemed</source>
        <translation>已兑换次数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="201"/>
        <source>Add or change a reward</source>
        <translation>新增或修改兑换项目</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="205"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="206"/>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="207"/>
        <source>Points needed:</source>
        <translation>所需积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="208"/>
        <source>Value:</source>
        <translation>价值：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="209"/>
        <source>Offered:</source>
        <translation>提供中：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="216"/>
        <source>e.g. ¥20 off coupon, scarf, ¥100 voucher</source>
        <translation>如：¥20 优惠券、围巾、¥100 代金券</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="217"/>
        <source>Add as new reward</source>
        <translation>新增兑换项目</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rewards.py" line="218"/>
        <source>Save changes to the selected reward</source>
        <translation>保存对所选项目的修改</translation>
    </message>
</context>
<context>
    <name>RulesTab</name>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="227"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="258"/>
        <source>the first purchase on record (%1)</source>
        <translation>有记录的第一笔消费（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="260"/>
        <source>a day I choose (above)</source>
        <translation>我选定的日期（见上）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="273"/>
        <source>Sales from %1 on earn points by these rules. After saving, award them with “Award points for past purchases” on the Overview tab; sales before %1 earn nothing.</source>
        <translation>%1 起的消费按这些规则积分。保存后，请在“概览”页用“为历史消费补发积分”发放；%1 之前的消费不积分。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="278"/>
        <source>Sales from %1 on earn points by these rules.</source>
        <translation>%1 起的消费按这些规则积分。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="281"/>
        <source>A new version does not rewrite history: points already earned keep their amount and expiry date, and these rules apply to sales from %1 on (today or later).</source>
        <translation>新版本不会改写历史：已获得的积分数量和有效期不变，这些规则只适用于 %1 起（今天或以后）的消费。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="301"/>
        <source>never expire</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="303"/>
        <source>expire after %1 months</source>
        <translation>%1 个月后过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="306"/>
        <source>¥%1 per point; referral %2, birthday %3, visit %4; %5</source>
        <translation>每 ¥%1 积 1 分；推荐 %2 分，生日 %3 分，到店 %4 分；%5</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="353"/>
        <source>Only the owner may change the rules.</source>
        <translation>只有店主可以修改规则。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="359"/>
        <source>Saved: sales from %1 on earn points by these rules. Award the past ones with “Award points for past purchases” on the Overview tab.</source>
        <translation>已保存：%1 起的消费按这些规则积分。请在“概览”页用“为历史消费补发积分”为过去的消费发放积分。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="364"/>
        <source>Saved: the new rules apply from %1; points already earned stay as they are.</source>
        <translation>已保存：新规则自 %1 起生效；已获得的积分保持不变。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="370"/>
        <source>Points rules</source>
        <translation>积分规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="373"/>
        <source>The same rules for every clerk. Saving makes a new version that applies from its effective date: points already earned keep their amount and their expiry date.</source>
        <translation>所有店员使用同一套规则。保存后生成新版本，自生效日期起适用：已获得的积分数量和到期日都不会改变。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="379"/>
        <source>Spend points:</source>
        <translation>消费积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="380"/>
        <source>Tier multiplier:</source>
        <translation>等级倍率：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="381"/>
        <source>Referral points:</source>
        <translation>推荐积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="382"/>
        <source>Birthday points:</source>
        <translation>生日积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="383"/>
        <source>Visit points:</source>
        <translation>到店积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="384"/>
        <source>Points expire:</source>
        <translation>积分有效期：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="385"/>
        <source>Effective from:</source>
        <translation>生效日期：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="386"/>
        <source>Past sales earn from:</source>
        <translation>历史消费积分起算：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="387"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="390"/>
        <source>every</source>
        <translation>每</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="391"/>
        <source>paid earns 1 point</source>
        <translation>实付金额积 1 分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="394"/>
        <source>Per ticket, on the amount paid: points = paid ÷ amount per point × tier multiplier, rounded down once (¥95 at 125% with ¥10 per point: 11 points).</source>
        <translation>按每张小票的实付金额计算：积分 = 实付 ÷ 每分金额 × 等级倍率，最后向下取整一次（每 ¥10 积 1 分、倍率 125% 时，实付 ¥95 得 11 分）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="405"/>
        <source>to the referrer, once, when the new member first buys</source>
        <translation>新会员首次消费时，给推荐人一次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="407"/>
        <source>once a year, on the birthday</source>
        <translation>每年一次，生日当天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="408"/>
        <source>at most once a day, no purchase needed</source>
        <translation>每天最多一次，无需消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="409"/>
        <source>after (months)</source>
        <translation>获得后（月）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="410"/>
        <source>never</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="412"/>
        <source>at the end of that month; the oldest points are used first</source>
        <translation>于该月月底到期；先使用最早获得的积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="415"/>
        <source>the first version may start in the past; later ones today or later</source>
        <translation>首个版本可从过去某天开始；之后的版本只能从今天或以后开始</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="418"/>
        <source>why the rules change (optional)</source>
        <translation>修改规则的原因（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="419"/>
        <source>Save as a new version</source>
        <translation>保存为新版本</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="420"/>
        <source>Rule versions</source>
        <translation>规则版本</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="423"/>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="424"/>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="425"/>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="426"/>
        <source>By</source>
        <translation>保存人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/rules.py" line="427"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings.py" line="165"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="166"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="167"/>
        <source>Display language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="169"/>
        <source>The change applies at once and is remembered for the next start.</source>
        <translation>切换立即生效，下次启动时也会沿用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="171"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="172"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="173"/>
        <source>Database file:</source>
        <translation>数据库文件：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="174"/>
        <source>Schema version:</source>
        <translation>数据库结构版本：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="175"/>
        <source>Log file:</source>
        <translation>日志文件：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="176"/>
        <source>VIP Keeper version:</source>
        <translation>贵宾管家版本：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="177"/>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="178"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="179"/>
        <source>Backup folder:</source>
        <translation>备份文件夹：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="180"/>
        <source>Latest backup:</source>
        <translation>最近一次备份：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="184"/>
        <source>A backup is made every %1 hours while the app runs, when it closes, and before every import and restore. Old backups are thinned out: one a day for %2 days, one a week for %3 weeks, one a month for %4 months.</source>
        <translation>程序运行时每 %1 小时、关闭时、以及每次导入和恢复之前都会自动备份。旧备份逐步精简：保留 %2 天的每日备份、%3 周的每周备份、%4 个月的每月备份。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="193"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="194"/>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="274"/>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="302"/>
        <source>A copy is in %1.</source>
        <translation>另一份在 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="305"/>
        <source>No second copy: %1.</source>
        <translation>未另存一份：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="314"/>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="286"/>
        <source>No backup was made: %1</source>
        <translation>未能备份：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="294"/>
        <source>Backup saved as %1, but the database failed its check: consider restoring an older backup.</source>
        <translation>备份已保存为 %1，但数据库检查未通过：请考虑恢复一个较早的备份。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="300"/>
        <source>Backup saved as %1.</source>
        <translation>备份已保存为 %1。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="53"/>
        <source>Set up your store</source>
        <translation>开店设置</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="77"/>
        <source>Your store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="79"/>
        <source>The name is printed on reports and vouchers; the code identifies the store to head office; new member numbers start with the prefix.</source>
        <translation>店名印在报表和兑换凭证上；门店编码用于与总部同步；新会员号以前缀开头。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="91"/>
        <source>Store name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="92"/>
        <source>Store code</source>
        <translation>门店编码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="93"/>
        <source>Member number prefix</source>
        <translation>会员号前缀</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="99"/>
        <source>Member tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="101"/>
        <source>A member moves up a tier when the last 12 months&apos; spend reaches its threshold. The lowest tier starts at ¥0.</source>
        <translation>会员近 12 个月的消费达到门槛即升级；最低等级从 ¥0 起。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="109"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="109"/>
        <source>From spend (¥)</source>
        <translation>消费门槛（元）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="128"/>
        <source>Points programme</source>
        <translation>积分计划</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="130"/>
        <source>Members earn points on what they pay and redeem them for rewards. The rules (points per yuan, expiry, birthday and referral points) and the day history starts earning are set on the Points page.</source>
        <translation>会员按实付金额得积分，可兑换礼品。积分规则（每元几分、有效期、生日与推荐积分）以及从哪天的历史消费开始计分，在“积分”页面设置。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="135"/>
        <source>Open the Points page after this wizard</source>
        <translation>完成向导后打开“积分”页面设置规则</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="137"/>
        <source>Later: the store runs without points</source>
        <translation>以后再说：先不启用积分</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="147"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="149"/>
        <source>The app backs the store up while it runs and when it closes, beside the database. A second copy on a USB stick survives a broken PC.</source>
        <translation>程序在运行时和关闭时自动备份到数据库旁边。另存一份到 U 盘，电脑坏了数据也还在。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="155"/>
        <source>e.g. E:\backups (empty: no second copy)</source>
        <translation>如 E:\备份（留空：不另存）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="156"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="163"/>
        <source>Second copy in</source>
        <translation>另存一份到</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="167"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="168"/>
        <source>Back up every</source>
        <translation>每隔多久备份</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="172"/>
        <source>Folder for a second copy</source>
        <translation>选择另存备份的文件夹</translation>
    </message>
</context>
<context>
    <name>StoreMenu</name>
    <message>
        <location filename="../../ui/store_menu.py" line="79"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="80"/>
        <source>New empty store…</source>
        <translation>新建空白店铺…</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="81"/>
        <source>Open another store…</source>
        <translation>打开其他店铺…</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="82"/>
        <source>Recent stores</source>
        <translation>最近打开的店铺</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="83"/>
        <source>Store set-up wizard…</source>
        <translation>开店设置向导…</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="84"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="97"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="107"/>
        <location filename="../../ui/store_menu.py" line="118"/>
        <source>New empty store</source>
        <translation>新建空白店铺</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="127"/>
        <location filename="../../ui/store_menu.py" line="142"/>
        <source>Open another store</source>
        <translation>打开其他店铺</translation>
    </message>
    <message>
        <location filename="../../ui/store_menu.py" line="143"/>
        <source>The app could not be started again.</source>
        <translation>无法重新启动程序。</translation>
    </message>
</context>
<context>
    <name>StoreRulesCard</name>
    <message>
        <location filename="../../ui/widgets/store_rules.py" line="184"/>
        <source>Not saved: see the marked fields.</source>
        <translation>未保存：请查看标出的项目。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/store_rules.py" line="187"/>
        <source>Only the owner may change the store&apos;s rules.</source>
        <translation>只有店主可以修改店铺规则。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/store_rules.py" line="189"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/store_rules.py" line="189"/>
        <source>Nothing changed.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/store_rules.py" line="201"/>
        <source>Store rules</source>
        <translation>店铺规则</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/store_rules.py" line="203"/>
        <source>These numbers apply to everyone; only the owner can change them.</source>
        <translation>这些规则对所有人生效，只有店主可以修改。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/store_rules.py" line="206"/>
        <source>These numbers apply to everyone at once; each change is logged. Several win-back days are separated by commas.</source>
        <translation>这些数字对所有人同时生效，每次修改都会记录。唤醒电话的多个天数用逗号分开。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/store_rules.py" line="219"/>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
</context>
<context>
    <name>SurveyDialog</name>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="284"/>
        <source>Satisfaction survey</source>
        <translation>满意度问卷</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="287"/>
        <source>For each factor ask how satisfied the customer is and how much it matters to them (1 = not at all, 5 = very). Leave a factor at — if it was not asked.</source>
        <translation>请顾客为每个因素打分：满意程度和重要程度（1 = 很不满意/很不重要，5 = 非常满意/非常重要）。没有问到的因素保持“—”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="291"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="292"/>
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="295"/>
        <source>Member:</source>
        <translation>会员：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="296"/>
        <source>Overall satisfaction:</source>
        <translation>总体满意度：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="297"/>
        <source>Comment:</source>
        <translation>意见建议：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="298"/>
        <source>Clerk:</source>
        <translation>店员：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/feedback_dialogs.py" line="299"/>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
</context>
<context>
    <name>SurveysTab</name>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="79"/>
        <source>No surveys in this period yet.</source>
        <translation>该期间还没有满意度问卷。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="84"/>
        <source>%1 surveys. Mean importance %2, mean satisfaction %3 (the chart&apos;s axes); overall satisfaction %4.</source>
        <translation>问卷 %1 份。平均重要性 %2，平均满意度 %3（即图中的分界线）；总体满意度 %4。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="135"/>
        <source>Importance × satisfaction</source>
        <translation>重要性 × 满意度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="136"/>
        <source>Trend by month</source>
        <translation>月度趋势</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="139"/>
        <source>Factor</source>
        <translation>因素</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="140"/>
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="141"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="142"/>
        <source>Scores</source>
        <translation>评分数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="143"/>
        <source>Quadrant</source>
        <translation>象限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="146"/>
        <source>Surveys in the period</source>
        <translation>期间内的问卷</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="148"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="148"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="148"/>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="148"/>
        <source>Comment and scores</source>
        <translation>意见与评分（满意度/重要性）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="150"/>
        <source>New survey…</source>
        <translation>新建问卷…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/feedback/surveys.py" line="151"/>
        <source>Survey factors…</source>
        <translation>问卷因素…</translation>
    </message>
</context>
<context>
    <name>TargetingDialog</name>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="143"/>
        <source>Target lists</source>
        <translation>目标名单</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="145"/>
        <source>Category bought:</source>
        <translation>买过的品类：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="146"/>
        <source>Size (bought or worn):</source>
        <translation>尺码（买过或常穿）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="147"/>
        <source>Colour (bought or liked):</source>
        <translation>颜色（买过或喜欢）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="148"/>
        <source>Brand liked:</source>
        <translation>喜欢的品牌：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="149"/>
        <source>Unit price from:</source>
        <translation>单价不低于：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="150"/>
        <source>Unit price up to (0 = any):</source>
        <translation>单价不高于（0 = 不限）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="151"/>
        <source>Bought in the last months:</source>
        <translation>最近几个月内购买：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="152"/>
        <source>Tier:</source>
        <translation>等级：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="153"/>
        <source>Pyramid layer:</source>
        <translation>金字塔层级：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="154"/>
        <source>Tags (comma-separated):</source>
        <translation>标签（逗号分隔）：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="155"/>
        <source>Birthday month:</source>
        <translation>生日月份：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="156"/>
        <source>List name:</source>
        <translation>名单名称：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="160"/>
        <source>Count members</source>
        <translation>统计人数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="161"/>
        <source>Save list</source>
        <translation>保存名单</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="162"/>
        <source>Put on today&apos;s plan</source>
        <translation>加入今日计划</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="163"/>
        <source>Saved lists</source>
        <translation>已存名单</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="166"/>
        <source>List</source>
        <translation>名单</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="167"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="168"/>
        <source>Since</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="169"/>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="170"/>
        <source>Bought within 30 days</source>
        <translation>30 天内购买</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="196"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="203"/>
        <source>%1 members match.</source>
        <translation>符合条件的会员 %1 位。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/targeting_dialog.py" line="272"/>
        <source>On the plan.</source>
        <translation>已加入计划。</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <location filename="../../ui/dialogs/templates_dialog.py" line="100"/>
        <source>Message templates</source>
        <translation>消息模板</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/templates_dialog.py" line="102"/>
        <source>Placeholders: %1. They are filled in for each member.</source>
        <translation>占位符：%1。发送时按每位会员填入。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/templates_dialog.py" line="106"/>
        <source>Chinese:</source>
        <translation>中文：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/templates_dialog.py" line="107"/>
        <source>English:</source>
        <translation>英文：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/templates_dialog.py" line="108"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/templates_dialog.py" line="141"/>
        <source>Preview: %1</source>
        <translation>预览：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/templates_dialog.py" line="174"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>TiersTab</name>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="116"/>
        <source>“%1” is not an amount in yuan</source>
        <translation>“%1” 不是有效的金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="137"/>
        <source>Only the owner may change the tiers.</source>
        <translation>只有店主可以修改等级。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="142"/>
        <source>Saved. Members move up at the next recomputation, down at the review.</source>
        <translation>已保存。会员在下次重算时升级，在年度评定时降级。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="155"/>
        <source>%1 members moved up.</source>
        <translation>%1 位会员已升级。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="160"/>
        <source>Recomputing tiers…</source>
        <translation>正在重算会员等级…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="167"/>
        <source>Member tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="170"/>
        <source>Tiers follow the net spend of the last 12 months. A member moves up as soon as a purchase reaches the next threshold, and down only at the yearly review (by the spend of the 12 months before it). The history of every change is kept.</source>
        <translation>会员等级按近12个月的净消费确定。消费达到上一级门槛时立即升级；降级只在每年的评定日进行（按评定日前12个月的消费）。每次变动都有记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="177"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="178"/>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="179"/>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="180"/>
        <source>12-month spend from (¥)</source>
        <translation>近12个月消费门槛（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="181"/>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="184"/>
        <source>Yearly review on (MM-DD):</source>
        <translation>年度评定日（月-日）：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="186"/>
        <source>downgrades happen on the first day the app runs on or after it</source>
        <translation>在该日或之后软件第一次运行时进行降级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="188"/>
        <source>Save tiers</source>
        <translation>保存等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty/tiers.py" line="189"/>
        <source>Recompute tiers now</source>
        <translation>立即重算等级</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../ui/pages/users.py" line="61"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="62"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="63"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="64"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="65"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="75"/>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="75"/>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/pages/users.py" line="154"/>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="154"/>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="156"/>
        <source>no password</source>
        <translation>未设密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="199"/>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="199"/>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="304"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="307"/>
        <source>Clerks see masked phone numbers and serve members; managers also import, see reports and may show a full phone number (logged); the owner also exports, deletes or anonymises members, sets the rules and manages users.</source>
        <translation>店员看到的手机号是隐藏中间四位的，负责接待会员；店长还可以导入、查看报表，并可显示完整手机号（会记录在审计日志）；店主还可以导出、删除或匿名化会员、设置规则和管理用户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="314"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="315"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="316"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="317"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="318"/>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="321"/>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="322"/>
        <source>Reset password…</source>
        <translation>重设密码…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="323"/>
        <location filename="../../ui/pages/users.py" line="347"/>
        <source>Set PIN…</source>
        <translation>设置快捷密码…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="324"/>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/users.py" line="348"/>
        <source>A PIN of 4 to 6 digits, for the lock screen:</source>
        <translation>4–6 位数字的快捷密码，用于锁屏后解锁：</translation>
    </message>
</context>
<context>
    <name>Voucher</name>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="26"/>
        <source>Voucher no.</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="27"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="29"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="33"/>
        <source>Reward</source>
        <translation>兑换礼品</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="36"/>
        <source>Points used</source>
        <translation>使用积分</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="39"/>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="41"/>
        <source>Points balance</source>
        <translation>积分余额</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="44"/>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="46"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="53"/>
        <source>Points redemption voucher</source>
        <translation>积分兑换凭证</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="55"/>
        <source>Please keep this voucher. Points once redeemed are not returned.</source>
        <translation>请妥善保管本凭证。积分兑换后不予退还。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/voucher.py" line="80"/>
        <source>Print the voucher</source>
        <translation>打印兑换凭证</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <location filename="../../ui/tasks.py" line="287"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
