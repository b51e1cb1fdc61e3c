<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/application.py" line="203"/>
        <source>Cannot open the store</source>
        <translation>无法打开店铺数据</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="204"/>
        <source>The database file could not be opened:
{reason}</source>
        <translation>数据库文件无法打开：
{reason}</translation>
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
</context>
<context>
    <name>FirstStart</name>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="134"/>
        <source>Creating the demo store…</source>
        <translation>正在创建示范店铺……</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="51"/>
        <source>Welcome to VIP Keeper</source>
        <translation>欢迎使用贵宾管家</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="54"/>
        <source>There is no store on this computer yet. How would you like to start?</source>
        <translation>这台电脑上还没有店铺数据。您想怎样开始？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="59"/>
        <source>Empty store</source>
        <translation>空白店铺</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="60"/>
        <source>Start from scratch: enter your own members or import them from Excel.</source>
        <translation>从零开始：录入自己的会员，或从 Excel 导入。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="64"/>
        <source>Demo store</source>
        <translation>示范店铺</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/first_start.py" line="66"/>
        <source>About 2,000 invented members with purchases, calls and surveys, to try everything out and to train staff. You can start an empty store later.</source>
        <translation>约 2,000 名虚构会员，含消费、回访和满意度调查记录，用来试用各项功能、培训店员。以后可以再换成空白店铺。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>Store: %1</source>
        <translation>店铺：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>Members: %1</source>
        <translation>会员：%1 名</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <location filename="../../ui/pages/__init__.py" line="69"/>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="70"/>
        <source>Find a member by name, pinyin initials or phone number; open the archive with purchases, family dates, preferences and points; add and edit members.</source>
        <translation>按姓名、拼音首字母或手机号查找会员；查看会员档案，包括消费记录、家人纪念日、喜好和积分；新增和修改会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="80"/>
        <source>Today&apos;s calls</source>
        <translation>今日回访</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="81"/>
        <source>The day&apos;s call list: after-sale follow-ups, birthdays and family occasions, members who have gone quiet; record each call&apos;s outcome and when to call next.</source>
        <translation>当天的回访名单：售后回访、生日和家人纪念日、久未到店的会员；记录每次联系的结果和下次回访时间。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="92"/>
        <source>Analytics</source>
        <translation>分析</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="93"/>
        <source>RFM segments, the customer pyramid, loyalty × value and lifecycle charts, and each member&apos;s chance of buying again and lifetime value.</source>
        <translation>RFM 分群、顾客金字塔、忠诚度 × 价值和生命周期图表，以及每位会员的再次购买概率和终身价值。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="103"/>
        <source>Loyalty</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="104"/>
        <source>Points balances and the points ledger, rewards and redemptions, member tiers and expiry rules.</source>
        <translation>积分余额和积分明细、礼品与兑换、会员等级和积分过期规则。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="114"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="115"/>
        <source>Satisfaction surveys, importance × satisfaction, complaints from first report to resolution, and the reasons members leave.</source>
        <translation>满意度调查、重要性 × 满意度分析、从受理到解决的投诉跟踪，以及会员流失原因。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="125"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="126"/>
        <source>The month&apos;s figures as a report with charts: preview, print or save as PDF.</source>
        <translation>本月经营数据报表（含图表）：预览、打印或保存为 PDF。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="135"/>
        <source>Import / export</source>
        <translation>导入导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="136"/>
        <source>Import members and purchases from Excel or CSV, with a dry run first; export lists to Excel; exchange change sets with head office; back up and restore.</source>
        <translation>从 Excel 或 CSV 导入会员和消费记录（先试导入检查）；导出名单到 Excel；与总部交换变更数据；备份与恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="146"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="147"/>
        <source>Language, where the data is kept, and the database&apos;s version.</source>
        <translation>界面语言、数据存放位置和数据库版本。</translation>
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
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings.py" line="130"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="131"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="132"/>
        <source>Display language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="134"/>
        <source>The change applies at once and is remembered for the next start.</source>
        <translation>切换立即生效，下次启动时也会沿用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="136"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="137"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="138"/>
        <source>Database file:</source>
        <translation>数据库文件：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="139"/>
        <source>Schema version:</source>
        <translation>数据库结构版本：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="140"/>
        <source>Log file:</source>
        <translation>日志文件：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="141"/>
        <source>VIP Keeper version:</source>
        <translation>贵宾管家版本：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="142"/>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <location filename="../../ui/worker.py" line="41"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
