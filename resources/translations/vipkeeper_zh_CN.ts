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
    <name>CallListPage</name>
    <message>
        <location filename="../../ui/pages/call_list.py" line="131"/>
        <source>Tried %n time(s) without reaching the member.</source>
        <translation>已尝试 %n 次，仍未联系上。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="146"/>
        <source>%n day(s) overdue</source>
        <translation>逾期 %n 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="148"/>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="149"/>
        <source>in %n day(s)</source>
        <translation>%n 天后</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="163"/>
        <location filename="../../ui/pages/call_list.py" line="180"/>
        <source>%1 years old</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="170"/>
        <source>%1&apos;s birthday</source>
        <translation>%1生日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="187"/>
        <source>%1 years married</source>
        <translation>%1 周年</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="198"/>
        <source>no purchase for %1 days</source>
        <translation>%1 天未消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="206"/>
        <source>last time: %1</source>
        <translation>上次：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="220"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="294"/>
        <source>Log</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="333"/>
        <source>Log the call for this task (Enter)</source>
        <translation>记录这项回访（Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="664"/>
        <source>Today&apos;s calls</source>
        <translation>今日回访</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="665"/>
        <source>Clerk:</source>
        <translation>导购：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="666"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="668"/>
        <source>Unassigned</source>
        <translation>未指定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="670"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="672"/>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="673"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="674"/>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="675"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="676"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="677"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="678"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="679"/>
        <source>Clerk</source>
        <translation>导购</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="722"/>
        <source>Computing the list…</source>
        <translation>正在生成清单…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="773"/>
        <source>The list could not be computed: %1</source>
        <translation>无法生成清单：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="779"/>
        <source>Enter or &quot;Log&quot; records the call; double-click opens the member card.</source>
        <translation>按 Enter 或点“记录”登记回访；双击打开会员卡片。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="807"/>
        <source>No calls for this day.</source>
        <translation>这一天没有需要回访的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="810"/>
        <source>Nothing to call about today — well done.</source>
        <translation>今天的回访都完成了，辛苦了！</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="818"/>
        <source>%1: %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="823"/>
        <source>%1 calls: %2 overdue, %3 due today</source>
        <translation>共 %1 项回访：逾期 %2 项，今天到期 %3 项</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_list.py" line="887"/>
        <location filename="../../ui/pages/call_list.py" line="897"/>
        <source>The member card is not available yet.</source>
        <translation>会员卡片暂不可用。</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="241"/>
        <source>Log a contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="243"/>
        <source>Channel:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="244"/>
        <source>Purpose:</source>
        <translation>目的：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="245"/>
        <source>Outcome:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="246"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="247"/>
        <source>Next follow-up:</source>
        <translation>下次回访：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="248"/>
        <source>Clerk:</source>
        <translation>导购：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="249"/>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="261"/>
        <source>— choose the purpose —</source>
        <translation>— 请选择目的 —</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="262"/>
        <source>What was said, what the member wants…</source>
        <translation>聊了什么、会员有什么需要…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="263"/>
        <source>Call again on</source>
        <translation>再次联系日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="264"/>
        <source>+1 day</source>
        <translation>+1 天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="265"/>
        <source>+7 days</source>
        <translation>+7 天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="266"/>
        <source>Last contacts</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="267"/>
        <source>Tab next field · Ctrl+Enter save</source>
        <translation>Tab 下一项 · Ctrl+Enter 保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="268"/>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="269"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="295"/>
        <source>Agreed to be contacted by: %1</source>
        <translation>同意的联系方式：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="299"/>
        <source>No consent to marketing contact recorded (service calls only).</source>
        <translation>未登记营销联系同意（只做售后服务联系）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="306"/>
        <source>About the purchase of %1: %2, %3 piece(s) %4</source>
        <translation>关于 %1 的消费：%2，共 %3 件%4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="324"/>
        <source>No contact recorded yet.</source>
        <translation>还没有联系记录。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="373"/>
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
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="177"/>
        <source>Import from Excel or CSV</source>
        <translation>从 Excel 或 CSV 导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="178"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="179"/>
        <source>Contains:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="180"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="181"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="184"/>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="187"/>
        <source>Check what each column of the file holds; correct it where the guess is wrong. The choice is remembered for files with the same columns.</source>
        <translation>请核对文件中每一列对应的内容，猜错的地方请改正。相同表头的文件下次会沿用您的选择。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="192"/>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="192"/>
        <source>First value</source>
        <translation>首行的值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="192"/>
        <source>Imports as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="194"/>
        <location filename="../../ui/dialogs/import_dialog.py" line="392"/>
        <source>Dry run: nothing has been written yet</source>
        <translation>试运行：尚未写入任何数据</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="196"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="196"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="196"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="196"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="198"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="199"/>
        <source>Export rejected rows…</source>
        <translation>导出被拒绝的行…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="200"/>
        <source>Apply</source>
        <translation>确认导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="201"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="230"/>
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="254"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="267"/>
        <source>%1 (hidden)</source>
        <translation>%1（隐藏）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="274"/>
        <source>Header in row %1; %2 data rows</source>
        <translation>表头在第 %1 行；共 %2 行数据</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="279"/>
        <source>; text encoding %1</source>
        <translation>；文本编码 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="306"/>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="329"/>
        <source>The columns changed: press “Check again”</source>
        <translation>列对应已修改：请点“重新检查”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="357"/>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="365"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="417"/>
        <source>Save the rejected rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="432"/>
        <source>Saved %1 rejected rows to %2: fix them there and import that file.</source>
        <translation>已把 %1 行被拒绝的数据保存到 %2：在该文件中改正后再导入它。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="467"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="469"/>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：没有导入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="472"/>
        <source>The data changed meanwhile: the file was checked again.</source>
        <translation>数据在此期间有变动：已重新检查文件。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="478"/>
        <source>The import failed and nothing was written: %1</source>
        <translation>导入失败，没有写入任何数据：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="486"/>
        <source>Imported: %1 new, %2 updated. A backup was saved first: %3</source>
        <translation>导入完成：新增 %1，更新 %2。导入前已自动备份：%3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_dialog.py" line="492"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
</context>
<context>
    <name>ImportExportPage</name>
    <message>
        <location filename="../../ui/pages/import_export.py" line="153"/>
        <source>Import / export</source>
        <translation>导入导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="154"/>
        <source>Import from Excel or CSV</source>
        <translation>从 Excel 或 CSV 导入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="155"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="156"/>
        <source>Download template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="159"/>
        <source>Reads .xlsx, .xls and .csv (UTF-8 or GBK). Every file is checked first: you see what would be added, changed or rejected, and nothing is written until you press Apply. A backup is made before each import.</source>
        <translation>支持 .xlsx、.xls 和 .csv（UTF-8 或 GBK）。每个文件都先试运行：您会看到将新增、修改和拒绝的内容，按“确认导入”之前不会写入任何数据。每次导入前都会自动备份。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="164"/>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="165"/>
        <source>Mask phone numbers</source>
        <translation>隐藏手机号中间四位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="166"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="170"/>
        <source>Head office</source>
        <translation>总部同步</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="171"/>
        <source>Exchange with:</source>
        <translation>同步对象：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="172"/>
        <source>Export change set…</source>
        <translation>导出变动资料…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="173"/>
        <source>Import head office&apos;s file…</source>
        <translation>导入总部文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="174"/>
        <source>Keep local</source>
        <translation>保留本店</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="175"/>
        <source>Take head office&apos;s</source>
        <translation>采用总部</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="178"/>
        <source>Member no</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="179"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="180"/>
        <source>Row in file</source>
        <translation>文件行号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="181"/>
        <source>Changed on both sides (here → head office)</source>
        <translation>双方都修改过的内容（本店 → 总部）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="220"/>
        <source>Save the template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="226"/>
        <source>Template saved: %1</source>
        <translation>模板已保存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="238"/>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="261"/>
        <location filename="../../ui/pages/import_export.py" line="348"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="263"/>
        <location filename="../../ui/pages/import_export.py" line="350"/>
        <source>Cancelled: no file was written.</source>
        <translation>已取消：没有生成文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="266"/>
        <source>%1 rows exported to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="290"/>
        <source>Last export</source>
        <translation>上次导出</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="290"/>
        <source>Last import</source>
        <translation>上次导入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="293"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="301"/>
        <source>Rows changed both here and at head office since the last exchange: %1</source>
        <translation>自上次同步以来本店和总部都修改过的会员：%1 位</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="324"/>
        <source>Export change set to</source>
        <translation>导出变动资料到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="352"/>
        <source>full list</source>
        <translation>全部资料</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="352"/>
        <source>changes only</source>
        <translation>仅变动部分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="354"/>
        <source>%1 members (%2) exported to %3</source>
        <translation>已导出 %1 位会员（%2）到 %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="366"/>
        <source>Head office&apos;s file</source>
        <translation>总部文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="376"/>
        <source>Checking head office&apos;s file…</source>
        <translation>正在检查总部文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="389"/>
        <source>This file was already imported on %1; it changes nothing.</source>
        <translation>该文件已于 %1 导入过，本次不会改变任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="394"/>
        <source>Import head office&apos;s file</source>
        <translation>导入总部文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="395"/>
        <source>Apply? Conflicting rows are listed for you to decide.</source>
        <translation>确认导入吗？有冲突的会员会列出来，由您逐个决定。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="398"/>
        <source>Not imported.</source>
        <translation>未导入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="414"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="418"/>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：没有导入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="421"/>
        <source>The data changed meanwhile: import the file again.</source>
        <translation>数据在此期间有变动：请重新导入该文件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="424"/>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="434"/>
        <source>Select the rows to decide first.</source>
        <translation>请先选择要处理的行。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/import_export.py" line="453"/>
        <source>%1 rows decided.</source>
        <translation>已处理 %1 行。</translation>
    </message>
</context>
<context>
    <name>ItemsGrid</name>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="632"/>
        <source>(−%1)</source>
        <translation>（优惠 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="634"/>
        <source>List total %1</source>
        <translation>标价小计 %1</translation>
    </message>
</context>
<context>
    <name>LoyaltyPage</name>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="538"/>
        <source>The points programme runs under the rules in force since %1.</source>
        <translation>积分计划按 %1 起生效的规则运行。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="541"/>
        <source>The next version applies from %1.</source>
        <translation>下一版本自 %1 起生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="549"/>
        <source>The points programme has not started: set the rules on the Points rules tab and save them — points are awarded from their effective date.</source>
        <translation>积分计划尚未开始：请在“积分规则”中设置并保存规则——从生效日期起开始积分。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="574"/>
        <source>from %1</source>
        <translation>%1 起</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="595"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="644"/>
        <source>on</source>
        <translation>提供</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="644"/>
        <source>off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="668"/>
        <source>never expire</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="670"/>
        <source>expire after %1 months</source>
        <translation>%1 个月后过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="673"/>
        <source>¥%1 per point; referral %2, birthday %3, visit %4; %5</source>
        <translation>每 ¥%1 积 1 分；推荐 %2 分，生日 %3 分，到店 %4 分；%5</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="727"/>
        <source>Only the owner may change the rules.</source>
        <translation>只有店主可以修改规则。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="734"/>
        <source>Saved: the new rules apply from %1; points already earned stay as they are.</source>
        <translation>已保存：新规则自 %1 起生效；已获得的积分保持不变。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="746"/>
        <location filename="../../ui/pages/loyalty.py" line="902"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="758"/>
        <source>“%1” is not an amount in yuan</source>
        <translation>“%1” 不是有效的金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="779"/>
        <source>Only the owner may change the tiers.</source>
        <translation>只有店主可以修改等级。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="784"/>
        <source>Saved. Members move up at the next recomputation, down at the review.</source>
        <translation>已保存。会员在下次重算时升级，在年度评定时降级。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="808"/>
        <source>Recomputing tiers…</source>
        <translation>正在重算会员等级…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="814"/>
        <source>%1 members moved up.</source>
        <translation>%1 位会员已升级。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="822"/>
        <source>Expiring points, birthday points, tier review…</source>
        <translation>正在处理积分过期、生日积分和等级评定…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="828"/>
        <source>Done: %1 members changed.</source>
        <translation>完成：%1 位会员有变化。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="837"/>
        <source>Awarding points for past purchases…</source>
        <translation>正在为历史消费补发积分…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="846"/>
        <source>Only the owner may do this.</source>
        <translation>只有店主可以执行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="851"/>
        <source>Past purchases have their points now.</source>
        <translation>历史消费已补发积分。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="853"/>
        <source>Every purchase already had its points.</source>
        <translation>所有消费都已有积分，无需补发。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="899"/>
        <source>Only the owner may change the catalogue.</source>
        <translation>只有店主可以修改兑换目录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="928"/>
        <source>Loyalty programme</source>
        <translation>积分与会员等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="930"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="930"/>
        <location filename="../../ui/pages/loyalty.py" line="966"/>
        <source>Points rules</source>
        <translation>积分规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="930"/>
        <source>Tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="930"/>
        <source>Rewards</source>
        <translation>兑换目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="934"/>
        <source>Outstanding points</source>
        <translation>未使用积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="936"/>
        <source>Points not yet used</source>
        <translation>未使用积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="937"/>
        <source>Worth to members (liability)</source>
        <translation>折合金额（负债）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="938"/>
        <source>Members holding points</source>
        <translation>持有积分的会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="939"/>
        <source>Expiring within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="944"/>
        <source>Points are a debt of the store until they are used or expire: liability = points not yet used × the value of one point.</source>
        <translation>积分在使用或过期之前是门店对会员的负债：负债 = 未使用积分 × 每分价值。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="948"/>
        <source>One point is worth</source>
        <translation>每 1 分价值</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="949"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="950"/>
        <source>Members per tier</source>
        <translation>各等级人数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="952"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="952"/>
        <source>12-month spend</source>
        <translation>近12个月消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="952"/>
        <location filename="../../ui/pages/loyalty.py" line="1037"/>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="954"/>
        <source>Jobs</source>
        <translation>定期任务</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="957"/>
        <source>Expiry, birthday points and the tier review run by themselves at start-up and once a day; run them now after changing the rules. Awarding points for past purchases gives a store that ran without points its ledger (by the rules in force on each purchase&apos;s date; run it once).</source>
        <translation>积分过期、生日积分和等级评定在启动时及每天自动运行；修改规则后可立即运行。“为历史消费补发积分”为之前未启用积分的门店建立积分明细（按每笔消费当日生效的规则；只需运行一次）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="963"/>
        <source>Run expiry and tier review now</source>
        <translation>立即处理过期与等级评定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="964"/>
        <source>Award points for past purchases…</source>
        <translation>为历史消费补发积分…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="969"/>
        <source>The same rules for every clerk. Saving makes a new version that applies from its effective date: points already earned keep their amount and their expiry date.</source>
        <translation>所有店员使用同一套规则。保存后生成新版本，自生效日期起适用：已获得的积分数量和到期日都不会改变。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="975"/>
        <source>Spend points:</source>
        <translation>消费积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="976"/>
        <source>Tier multiplier:</source>
        <translation>等级倍率：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="977"/>
        <source>Referral points:</source>
        <translation>推荐积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="978"/>
        <source>Birthday points:</source>
        <translation>生日积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="979"/>
        <source>Visit points:</source>
        <translation>到店积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="980"/>
        <source>Points expire:</source>
        <translation>积分有效期：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="981"/>
        <source>Effective from:</source>
        <translation>生效日期：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="982"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="985"/>
        <source>every</source>
        <translation>每</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="986"/>
        <source>paid earns 1 point</source>
        <translation>实付金额积 1 分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="989"/>
        <source>Per ticket, on the amount paid: points = paid ÷ amount per point × tier multiplier, rounded down once (¥95 at 125% with ¥10 per point: 11 points).</source>
        <translation>按每张小票的实付金额计算：积分 = 实付 ÷ 每分金额 × 等级倍率，最后向下取整一次（每 ¥10 积 1 分、倍率 125% 时，实付 ¥95 得 11 分）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1000"/>
        <source>to the referrer, once, when the new member first buys</source>
        <translation>新会员首次消费时，给推荐人一次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1002"/>
        <source>once a year, on the birthday</source>
        <translation>每年一次，生日当天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1003"/>
        <source>at most once a day, no purchase needed</source>
        <translation>每天最多一次，无需消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1004"/>
        <source>after (months)</source>
        <translation>获得后（月）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1005"/>
        <source>never</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1007"/>
        <source>at the end of that month; the oldest points are used first</source>
        <translation>于该月月底到期；先使用最早获得的积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1009"/>
        <source>today or later</source>
        <translation>今天或以后</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1010"/>
        <source>why the rules change (optional)</source>
        <translation>修改规则的原因（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1011"/>
        <source>Save as a new version</source>
        <translation>保存为新版本</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1012"/>
        <source>Rule versions</source>
        <translation>规则版本</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1015"/>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1016"/>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1017"/>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1018"/>
        <source>By</source>
        <translation>保存人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1019"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1023"/>
        <source>Member tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1026"/>
        <source>Tiers follow the net spend of the last 12 months. A member moves up as soon as a purchase reaches the next threshold, and down only at the yearly review (by the spend of the 12 months before it). The history of every change is kept.</source>
        <translation>会员等级按近12个月的净消费确定。消费达到上一级门槛时立即升级；降级只在每年的评定日进行（按评定日前12个月的消费）。每次变动都有记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1033"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1034"/>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1035"/>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1036"/>
        <source>12-month spend from (¥)</source>
        <translation>近12个月消费门槛（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1040"/>
        <source>Yearly review on (MM-DD):</source>
        <translation>年度评定日（月-日）：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1042"/>
        <source>downgrades happen on the first day the app runs on or after it</source>
        <translation>在该日或之后软件第一次运行时进行降级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1044"/>
        <source>Save tiers</source>
        <translation>保存等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1045"/>
        <source>Recompute tiers now</source>
        <translation>立即重算等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1047"/>
        <source>Rewards catalogue</source>
        <translation>兑换目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1050"/>
        <source>What members can redeem their points for. A reward that is no longer offered is switched off, not deleted (redemptions refer to it).</source>
        <translation>会员可以用积分兑换的项目。不再提供的项目停用即可，不删除（兑换记录会引用它）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1056"/>
        <source>Reward</source>
        <translation>兑换项目</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1057"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1058"/>
        <source>Points</source>
        <translation>所需积分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1059"/>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1060"/>
        <source>Offered</source>
        <translation>提供中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1061"/>
        <source>Redeemed</source>
        <translation>已兑换次数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1064"/>
        <source>Add or change a reward</source>
        <translation>新增或修改兑换项目</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1068"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1069"/>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1070"/>
        <source>Points needed:</source>
        <translation>所需积分：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1071"/>
        <source>Value:</source>
        <translation>价值：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1072"/>
        <source>Offered:</source>
        <translation>提供中：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1079"/>
        <source>e.g. ¥20 off coupon, scarf, ¥100 voucher</source>
        <translation>如：¥20 优惠券、围巾、¥100 代金券</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1080"/>
        <source>Add as new reward</source>
        <translation>新增兑换项目</translation>
    </message>
    <message>
        <location filename="../../ui/pages/loyalty.py" line="1081"/>
        <source>Save changes to the selected reward</source>
        <translation>保存对所选项目的修改</translation>
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
    <name>MemberCard</name>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="98"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="99"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="100"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="101"/>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="102"/>
        <source>Mobile phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="103"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="104"/>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="105"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="106"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="107"/>
        <source>Income band</source>
        <translation>收入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="108"/>
        <source>Education</source>
        <translation>学历</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="109"/>
        <source>Hobbies</source>
        <translation>爱好</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="110"/>
        <source>How they came</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="111"/>
        <source>Referred by</source>
        <translation>介绍人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="112"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="113"/>
        <source>Reason lost</source>
        <translation>流失原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="114"/>
        <source>Note on leaving</source>
        <translation>流失说明</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="115"/>
        <source>Member since</source>
        <translation>入会日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="116"/>
        <location filename="../../ui/dialogs/member_card.py" line="166"/>
        <location filename="../../ui/dialogs/member_card.py" line="188"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="117"/>
        <source>Temperament</source>
        <translation>气质</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="118"/>
        <source>Appearance</source>
        <translation>外貌</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="119"/>
        <source>Personality</source>
        <translation>性格</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="120"/>
        <source>Preferred service</source>
        <translation>喜欢的服务方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="121"/>
        <source>Sizes</source>
        <translation>尺码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="122"/>
        <source>Top</source>
        <translation>上装</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="123"/>
        <source>Bottom</source>
        <translation>下装</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="124"/>
        <source>Shoes</source>
        <translation>鞋</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="125"/>
        <source>Preferred styles</source>
        <translation>喜欢的款式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="126"/>
        <source>Preferred colours</source>
        <translation>喜欢的颜色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="127"/>
        <source>Preferred brands</source>
        <translation>喜欢的品牌</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="128"/>
        <source>Contact notes</source>
        <translation>联系注意</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="129"/>
        <source>May contact by</source>
        <translation>同意联系方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="130"/>
        <source>Consent given on</source>
        <translation>同意日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="131"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="132"/>
        <source>Data verified</source>
        <translation>资料核实</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="133"/>
        <source>Family</source>
        <translation>家人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="136"/>
        <source>given on saving</source>
        <translation>保存时自动生成</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="137"/>
        <source>1990-08-15, or --08-15 without the year</source>
        <translation>如 1990-08-15；不知年份填 --08-15</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="138"/>
        <source>11-digit mobile number</source>
        <translation>11 位手机号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="139"/>
        <source>e.g. 10k–20k a month</source>
        <translation>如 月入 1–2 万</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="140"/>
        <source>e.g. no calls before 10 am</source>
        <translation>如 上午10点前勿扰</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="141"/>
        <source>comma-separated, e.g. regular, gift buyer</source>
        <translation>用逗号分隔，如 老客，送礼</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="143"/>
        <source>e.g. leave her to browse</source>
        <translation>如 喜欢自己慢慢看</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="161"/>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="162"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="163"/>
        <location filename="../../ui/dialogs/member_card.py" line="172"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="164"/>
        <source>Calendar</source>
        <translation>历法</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="165"/>
        <source>Leap</source>
        <translation>闰月</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="173"/>
        <source>Ticket</source>
        <translation>小票号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="174"/>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="175"/>
        <source>List price</source>
        <translation>标价</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="176"/>
        <source>Paid</source>
        <translation>实收</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="177"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="178"/>
        <source>Returned</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="179"/>
        <location filename="../../ui/dialogs/member_card.py" line="187"/>
        <source>Clerk</source>
        <translation>导购</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="183"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="184"/>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="185"/>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="186"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="189"/>
        <source>Next follow-up</source>
        <translation>下次回访</translation>
    </message>
</context>
<context>
    <name>MemberCardDialog</name>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1246"/>
        <source>This member no longer exists (merged into another card or deleted).</source>
        <translation>该会员已不存在（已合并到其他卡片或已删除）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1256"/>
        <location filename="../../ui/dialogs/member_card.py" line="1257"/>
        <source>New member</source>
        <translation>新会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1267"/>
        <source>Member card — %1 %2</source>
        <translation>会员卡片 — %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1281"/>
        <source>⚠ 1 open complaint</source>
        <translation>⚠ 1 条投诉未结</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1283"/>
        <source>⚠ %1 open complaints</source>
        <translation>⚠ %1 条投诉未结</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1294"/>
        <source>%1 (%2 days ago)</source>
        <translation>%1（%2 天前）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1295"/>
        <location filename="../../ui/dialogs/member_card.py" line="1408"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1310"/>
        <source>(today!)</source>
        <translation>（就是今天！）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1312"/>
        <source>(in %1 days)</source>
        <translation>（还有 %1 天）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1370"/>
        <source>today, on saving</source>
        <translation>保存当天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1400"/>
        <source>Brought %1 member(s):</source>
        <translation>介绍了 %1 位会员：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1477"/>
        <source>Return of %1, %2 piece(s)</source>
        <translation>退货（原小票 %1），%2 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1478"/>
        <source>%1 piece(s)</source>
        <translation>%1 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1479"/>
        <source>discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1479"/>
        <source>full</source>
        <translation>原价</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1476"/>
        <source>%1 returned</source>
        <translation>已退 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1549"/>
        <source>Return</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1558"/>
        <source>%1 tickets · total %2 · last 12 months %3</source>
        <translation>共 %1 张小票 · 累计 %2 · 近 12 个月 %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1577"/>
        <source>Select a sale with goods left to return.</source>
        <translation>请先选中一张还有商品可退的小票。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1609"/>
        <source>%1 contacts</source>
        <translation>共 %1 次联系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1788"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1817"/>
        <source>Open %1 %2</source>
        <translation>打开 %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1840"/>
        <source>Row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1869"/>
        <source>1 field needs attention; nothing was saved.</source>
        <translation>有 1 项需要修改，尚未保存。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1871"/>
        <source>%1 fields need attention; nothing was saved.</source>
        <translation>有 %1 项需要修改，尚未保存。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1904"/>
        <source>This part of the app is not installed yet.</source>
        <translation>此功能尚未安装。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1945"/>
        <source>Not merged: %1</source>
        <translation>未合并：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1950"/>
        <source>Merged: the other card&apos;s history is now on this card.</source>
        <translation>已合并：另一张卡片的记录已移到本卡。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1992"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="1993"/>
        <source>Save the changes to this member before closing?</source>
        <translation>关闭前保存对该会员的修改吗？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2015"/>
        <source>Archive</source>
        <translation>档案</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2016"/>
        <source>Purchases (%1)</source>
        <translation>消费记录（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2017"/>
        <source>Contacts (%1)</source>
        <translation>联系记录（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2026"/>
        <source>Basic data</source>
        <translation>基本资料</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2027"/>
        <source>Status and notes</source>
        <translation>状态与备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2028"/>
        <source>Features and preferences</source>
        <translation>特征与偏好</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2029"/>
        <source>Consent, tags, verification</source>
        <translation>联系许可、标签、核实</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2030"/>
        <source>Family and anniversaries</source>
        <translation>家人与纪念日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2031"/>
        <source>Leap month</source>
        <translation>闰月</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2032"/>
        <source>The birthday is in a leap month (闰月)</source>
        <translation>生日在闰月</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2035"/>
        <source>Mark verified today</source>
        <translation>刚刚核实</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2036"/>
        <source>Add family member</source>
        <translation>添加家人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2037"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2039"/>
        <location filename="../../ui/dialogs/member_card.py" line="2041"/>
        <source>Record purchase</source>
        <translation>记录消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2043"/>
        <source>Return selected ticket…</source>
        <translation>退所选小票…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2045"/>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2047"/>
        <source>Merge duplicate…</source>
        <translation>合并重复会员…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2048"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2050"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2052"/>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2053"/>
        <source>Visits</source>
        <translation>消费次数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2054"/>
        <source>Last purchase</source>
        <translation>最近消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2055"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="2056"/>
        <source>Next birthday</source>
        <translation>下次生日</translation>
    </message>
</context>
<context>
    <name>MemberFinder</name>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="238"/>
        <source>last purchase %1</source>
        <translation>最近消费 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="242"/>
        <source>no purchase yet</source>
        <translation>尚未消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="281"/>
        <source>Member: name, pinyin initials, phone tail or member no. (Enter picks)</source>
        <translation>会员：姓名、拼音首字母、手机尾号或会员号（Enter 选定）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="296"/>
        <source>No member found.</source>
        <translation>没有找到会员。</translation>
    </message>
</context>
<context>
    <name>MemberPicker</name>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="399"/>
        <source>type a name, initials or phone digits</source>
        <translation>输入姓名、拼音首字母或手机尾号</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <location filename="../../ui/models/member_table.py" line="96"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="97"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="98"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="99"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="100"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="101"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="102"/>
        <source>Visits</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="103"/>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="104"/>
        <source>Last purchase</source>
        <translation>最近消费</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="105"/>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="256"/>
        <source>(could not be read)</source>
        <translation>（无法读取）</translation>
    </message>
    <message>
        <location filename="../../ui/models/member_table.py" line="331"/>
        <source>This column cannot be sorted</source>
        <translation>此列不能排序</translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <location filename="../../ui/pages/members.py" line="342"/>
        <source>1 member</source>
        <translation>共 1 名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="344"/>
        <source>%1 members</source>
        <translation>共 %1 名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="366"/>
        <source>Recording purchases is not available in this version yet.</source>
        <translation>此版本尚不能记录消费。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="460"/>
        <source>All tiers</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="465"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="468"/>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="482"/>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="484"/>
        <source>Name, pinyin initials (zs), member no. or last digits of the phone</source>
        <translation>姓名、拼音首字母（zs）、会员号或手机尾号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="486"/>
        <source>New member</source>
        <translation>新会员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="488"/>
        <source>Record purchase</source>
        <translation>记录消费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="490"/>
        <source>Open card</source>
        <translation>打开卡片</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="491"/>
        <source>Enter or double-click</source>
        <translation>回车或双击</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="492"/>
        <source>Birthday this month</source>
        <translation>本月生日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="493"/>
        <source>No purchase for</source>
        <translation>未消费超过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="494"/>
        <source>any time</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="495"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/members.py" line="496"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="487"/>
        <source>Merge duplicate member</source>
        <translation>合并重复会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="492"/>
        <source>Pick the other card of the same customer. Its purchases, contacts, points, family and tags move to this card, empty fields here are filled from it, and the other card is deleted. This cannot be undone.</source>
        <translation>请选择同一位顾客的另一张卡片。它的消费、联系记录、积分、家人和标签将移到本卡，本卡空着的资料由它补上，然后删除那张卡片。此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="509"/>
        <source>Merge into this card</source>
        <translation>合并到本卡</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="550"/>
        <source>Member no.</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="551"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="552"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="554"/>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="559"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="560"/>
        <source>Visits</source>
        <translation>消费次数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="561"/>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="562"/>
        <source>Last purchase</source>
        <translation>最近消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="564"/>
        <source>Keep (this card)</source>
        <translation>保留（本卡）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="564"/>
        <source>Merge in and delete</source>
        <translation>合并后删除</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/member_card.py" line="577"/>
        <source>No member picked yet.</source>
        <translation>尚未选择会员。</translation>
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
        <location filename="../../ui/widgets/points_tab.py" line="112"/>
        <source>Ticket %1</source>
        <translation>小票 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="116"/>
        <source>Referred %1</source>
        <translation>推荐 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="126"/>
        <source>awarded afterwards for an earlier purchase</source>
        <translation>为历史消费补发</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="129"/>
        <source>points of entry #%1</source>
        <translation>扣回明细 #%1 的积分</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="133"/>
        <source>; %1 not taken back (balance too low)</source>
        <translation>；余额不足，%1 分未扣回</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="157"/>
        <source>never</source>
        <translation>永久</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="365"/>
        <source>Save the member first: points start with the member number.</source>
        <translation>请先保存会员：有了会员号才能积分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="382"/>
        <source>The points programme has not started: the owner sets its rules on the Loyalty page. Adjustments can still be recorded.</source>
        <translation>积分计划尚未开始：店主需在“积分”页面设置规则。仍可记录积分调整。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="389"/>
        <source>Points ledger (%1 entries)</source>
        <translation>积分明细（%1 条）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="114"/>
        <source>earned %1</source>
        <translation>%1 获得</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="412"/>
        <source>%1 (valid until %2)</source>
        <translation>%1（有效期至 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="417"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="427"/>
        <source>%1 · %2 points</source>
        <translation>%1 · %2 分</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="434"/>
        <source> — not enough points</source>
        <translation> — 积分不足</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="437"/>
        <source>No rewards in the catalogue yet</source>
        <translation>兑换目录中还没有项目</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="474"/>
        <source>Choose a reward first.</source>
        <translation>请先选择兑换项目。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="485"/>
        <source>Redeemed: %1</source>
        <translation>已兑换：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="507"/>
        <source>Only the owner or a manager may adjust points.</source>
        <translation>只有店主或店长可以调整积分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="515"/>
        <source>Adjusted by %1 points.</source>
        <translation>已调整 %1 分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="530"/>
        <source>Already recorded today.</source>
        <translation>今天已经记录过了。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="533"/>
        <source>Visit points added.</source>
        <translation>已增加到店积分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="557"/>
        <source>Points balance</source>
        <translation>积分余额</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="558"/>
        <source>Worth</source>
        <translation>折合</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="559"/>
        <source>Expiring within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="560"/>
        <source>Record visit</source>
        <translation>到店签到</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="561"/>
        <source>Visit points, once a day, no purchase needed</source>
        <translation>到店积分，每天一次，无需消费</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="562"/>
        <source>Redeem a reward</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="563"/>
        <source>Redeem</source>
        <translation>兑换</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="564"/>
        <source>Adjust points</source>
        <translation>调整积分</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="565"/>
        <source>Adjust</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="567"/>
        <source>Reason (required), e.g. missed on ticket 0815</source>
        <translation>原因（必填），如：0815 号小票漏记</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tab.py" line="569"/>
        <source>Points to add; negative to take away</source>
        <translation>增加的积分；负数为扣减</translation>
    </message>
</context>
<context>
    <name>PurchaseDialog</name>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="837"/>
        <source>Record a purchase</source>
        <translation>录入消费</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="838"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="839"/>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="842"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="843"/>
        <source>SKU</source>
        <translation>款号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="844"/>
        <source>Size</source>
        <translation>尺码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="845"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="846"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="847"/>
        <source>List price ¥</source>
        <translation>标价 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="848"/>
        <source>Paid price ¥</source>
        <translation>实收单价 ¥</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="849"/>
        <source>Line total</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="852"/>
        <source>+ Add line</source>
        <translation>+ 添加一行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="853"/>
        <source>Remove line</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="854"/>
        <source>Change member</source>
        <translation>更换会员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="855"/>
        <source>Clerk:</source>
        <translation>导购：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="856"/>
        <source>Date and time:</source>
        <translation>日期时间：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="857"/>
        <source>Ticket no.:</source>
        <translation>小票号：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="858"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="859"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="860"/>
        <source>optional, e.g. alterations, pick-up day</source>
        <translation>选填，如改衣、取货日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="863"/>
        <source>Tab next cell · Enter next line · + add line · Esc, Delete remove line · prices per piece; empty paid price = list price · Ctrl+Enter save. The next-day call is added to the call list automatically.</source>
        <translation>Tab 下一格 · Enter 下一行 · + 添加一行 · Esc 后 Delete 删除行 · 价格按单件；实收单价留空即按标价 · Ctrl+Enter 保存。次日回访会自动加入今日回访清单。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="868"/>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="869"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="919"/>
        <source>%1 piece(s) · list price %2 · discount %3 · to pay %4</source>
        <translation>共 %1 件 · 标价 %2 · 优惠 %3 · 实收 %4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="991"/>
        <source>Line %1, %2: %3</source>
        <translation>第 %1 行，%2：%3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="1001"/>
        <source>Choose the member first.</source>
        <translation>请先选择会员。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase_dialog.py" line="1050"/>
        <source>Discard this purchase? Nothing has been saved.</source>
        <translation>放弃这笔消费吗？还没有保存任何内容。</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="199"/>
        <source>Return goods</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="202"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="203"/>
        <source>SKU</source>
        <translation>款号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="204"/>
        <source>Size</source>
        <translation>尺码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="205"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="206"/>
        <source>Bought</source>
        <translation>购买数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="207"/>
        <source>Returned</source>
        <translation>已退</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="208"/>
        <source>Paid (line)</source>
        <translation>实收小计</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="209"/>
        <source>Return now</source>
        <translation>本次退货</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="210"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="213"/>
        <source>Clerk:</source>
        <translation>导购：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="214"/>
        <source>Date and time:</source>
        <translation>日期时间：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="215"/>
        <source>Reason / note:</source>
        <translation>原因/备注：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="216"/>
        <source>e.g. wrong size, colour not as expected</source>
        <translation>如：尺码不合适、颜色与预期不符</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="218"/>
        <source>Tab to the next line · type the quantity to return · Ctrl+Enter save</source>
        <translation>Tab 下一行 · 输入要退的数量 · Ctrl+Enter 保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="220"/>
        <source>Save return (Ctrl+Enter)</source>
        <translation>保存退货 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="221"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="274"/>
        <source>At most %1</source>
        <translation>最多 %1 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="299"/>
        <source>Ticket %1 · %2 · clerk %3 · paid %4</source>
        <translation>小票 %1 · %2 · 导购 %3 · 实收 %4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="323"/>
        <source>%1 piece(s) · refund %2</source>
        <translation>共 %1 件 · 退款 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/return_dialog.py" line="356"/>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
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
