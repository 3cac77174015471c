#include "admin/gui/strings.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string_view>
#include <unordered_map>

namespace sk::admin::gui {

namespace {
std::atomic<Language> g_language{Language::Chinese};

// key, 中文, English. Placeholders {0}, {1} … in both.
const std::vector<StringEntry> kStrings{
    {"app.title", "SafeKiosk 管理端", "SafeKiosk administration"},
    {"app.short_title", "SafeKiosk 管理", "SafeKiosk admin"},
    {"app.no_panels", "您的角色没有可用的功能。", "Your roles open no panel."},
    {"signin.subtitle", "安全生产考试中心 · 培训机构 · 发证", "Exam centre · training providers · certificates"},
    {"signin.login", "用户名", "Login"},
    {"signin.password", "密码", "Password"},
    {"signin.button", "登录", "Sign in"},
    {"signin.wrong", "用户名或密码错误", "Wrong login or password"},
    {"signin.database", "数据库：{0}", "Database: {0}"},
    {"signin.welcome", "已登录：{0}", "Signed in as {0}"},
    {"signin.sign_out", "退出登录", "Sign out"},
    {"role.admin", "管理员", "administrator"},
    {"role.exam-staff", "考务人员", "exam staff"},
    {"role.proctor", "监考员", "proctor"},
    {"role.examiner", "考评员", "examiner"},
    {"role.trainer", "培训机构人员", "training staff"},
    {"role.cert-officer", "发证人员", "certificate officer"},
    {"job.cancel", "取消", "Cancel"},
    {"job.cancelled", "{0}：已取消，未写入任何内容", "{0}: cancelled, nothing written"},
    {"job.failed", "{0}：失败：{1}", "{0}: failed: {1}"},
    {"job.busy", "另一项任务正在进行", "Another job is running"},
    {"nav.questions", "题库", "Questions"},
    {"nav.exhibits", "警示案例", "Exhibits"},
    {"nav.blueprints", "组卷方案", "Blueprints"},
    {"nav.candidates", "考生与场次", "Candidates & sessions"},
    {"nav.certificates", "证书", "Certificates"},
    {"nav.reports", "统计报表", "Reports"},
    // Questions
    {"q.all_types", "全部题型", "All types"},
    {"q.all_pools", "全部题库", "All pools"},
    {"q.all_statuses", "全部状态", "All states"},
    {"q.search", "搜索题干或编号", "Search stem or uid"},
    {"q.count", "{0} 题", "{0} questions"},
    {"q.new", "新建题目", "New question"},
    {"q.pick", "在左侧选择一道题进行编辑。", "Pick a question on the left to edit it."},
    {"q.preview", "考生所见", "As the examinee sees it"},
    {"q.preview_exam", "考试机", "Exam kiosk"},
    {"q.preview_training", "培训机反馈", "Training feedback"},
    {"q.preview_note", "考试时单选、多选题的选项顺序按组卷方案随机打乱。", "In an exam, choice options are shuffled per examinee."},
    {"q.col_type", "题型", "Type"},
    {"q.col_stem", "题干", "Stem"},
    {"q.col_status", "状态", "State"},
    {"q.type", "题型", "Type"},
    {"q.type_tf", "判断题", "True/false"},
    {"q.type_single", "单选题", "Single choice"},
    {"q.type_multi", "多选题", "Multiple choice"},
    {"q.chapter", "知识点", "Chapter"},
    {"q.difficulty", "难度", "Difficulty"},
    {"q.pool", "题库", "Pool"},
    {"q.pool_practice", "练习题库", "Practice"},
    {"q.pool_exam", "考试题库", "Exam (sealed)"},
    {"q.pool_both", "练习+考试", "Practice + exam"},
    {"q.status", "状态", "State"},
    {"q.status_draft", "草稿", "Draft"},
    {"q.status_published", "已发布", "Published"},
    {"q.status_retired", "已停用", "Retired"},
    {"q.stem", "题干", "Stem"},
    {"q.options", "选项", "Options"},
    {"q.key_hint", "勾选的选项是正确答案。", "Ticked options are the key."},
    {"q.add_option", "+ 添加选项", "+ Add option"},
    {"q.explanation", "解析", "Explanation"},
    {"q.version", "第 {0} 版", "version {0}"},
    {"q.unsaved", "未保存的新题", "new, not saved"},
    {"q.save", "保存", "Save"},
    {"q.revert", "放弃修改", "Revert"},
    {"q.problems", "有 {0} 处问题，改正后才能保存", "{0} problems to fix before saving"},
    {"q.new_version_hint", "已发布的题目修改后保存为新版本，已用旧版本的试卷不变。",
     "A published question is saved as a new version; papers keep the old one."},
    {"q.read_only", "培训机构人员只能查看练习题库，不能修改。", "Training staff read the practice pool only."},
    {"q.saved", "{0} 已保存（第 {1} 版）", "{0} saved (version {1})"},
    {"q.saved_new", "{0} 已新建（第 {1} 版）", "{0} created (version {1})"},
    {"q.saved_new_version", "{0} 已保存为第 {1} 版", "{0} saved as version {1}"},
    {"q.saved_duplicate", "{0}：题库中已有相同内容的题目，未保存", "{0}: the same content is already stored"},
    // Blueprints
    {"bp.pick", "在左侧选择一个组卷方案。", "Pick a blueprint on the left."},
    {"bp.kind_initial", "初训", "initial"},
    {"bp.kind_review", "复审", "review"},
    {"bp.version", "第 {0} 版", "version {0}"},
    {"bp.version_short", "v{0}", "v{0}"},
    {"bp.create_hint", "为某个操作项目建立方案（按国家规定的默认值）：", "Create an item's blueprint (national defaults):"},
    {"bp.create", "建立方案", "Create blueprint"},
    {"bp.any_chapter", "全部章节", "any chapter"},
    {"bp.name", "方案名称", "Name"},
    {"bp.pass_mark", "合格分数", "Pass mark"},
    {"bp.duration", "考试时长（分）", "Minutes"},
    {"bp.grace", "交卷宽限（秒）", "Grace (s)"},
    {"bp.retakes", "补考次数", "Retakes"},
    {"bp.valid_months", "成绩有效（月）", "Valid (months)"},
    {"bp.class_hours", "所需学时", "Class hours"},
    {"bp.shuffle", "单选、多选题选项随机排序", "Shuffle choice options"},
    {"bp.partial", "多选题少选按比例得分", "Partial credit for multiple choice"},
    {"bp.strata", "抽题分层", "Strata"},
    {"bp.col_type", "题型", "Type"},
    {"bp.col_chapter", "章节", "Chapter"},
    {"bp.col_difficulty", "难度", "Difficulty"},
    {"bp.col_count", "题数", "Count"},
    {"bp.col_points", "每题分值", "Points"},
    {"bp.col_pool", "题库可用", "In pool"},
    {"bp.col_check", "检查", "Check"},
    {"bp.stratum_ok", "✓ 题量足够", "✓ enough questions"},
    {"bp.add_stratum", "+ 添加分层", "+ Add stratum"},
    {"bp.totals", "合计 {0} 题，{1} 分", "{0} questions, {1} points"},
    {"bp.save", "保存方案", "Save"},
    {"bp.revert", "放弃修改", "Revert"},
    {"bp.save_short_hint", "可以保存，但题库补足之前不能用它建立考试场次。", "It can be saved, but no session can use it until the pool is filled."},
    {"bp.saved", "{0} 已保存为第 {1} 版", "{0} saved as version {1}"},
    // Exhibits
    {"ex.pick", "在左侧选择一个案例。", "Pick a case on the left."},
    {"ex.title", "标题", "Title"},
    {"ex.industry", "行业", "Industry"},
    {"ex.date", "日期", "Date"},
    {"ex.place", "地点", "Place"},
    {"ex.deaths", "死亡", "Deaths"},
    {"ex.injuries", "受伤", "Injuries"},
    {"ex.summary", "事故经过", "What happened"},
    {"ex.direct", "直接原因", "Direct causes"},
    {"ex.underlying", "间接原因", "Underlying causes"},
    {"ex.lessons", "教训", "Lessons"},
    {"ex.instead", "正确做法", "Do instead"},
    {"ex.lines_hint", "原因、教训和正确做法每行一条。", "Causes, lessons and what to do: one per line."},
    {"ex.timeline", "时间线", "Timeline"},
    {"ex.add_event", "+ 添加时间点", "+ Add event"},
    {"ex.violations", "违章行为", "Violations"},
    {"ex.images", "图片", "Images"},
    {"ex.quiz", "案例小测验", "Quiz"},
    {"ex.quiz_hint", "小测验的题目随内容包导入。", "Quiz questions come with the content pack."},
    {"ex.save", "保存案例", "Save case"},
    {"ex.saved", "案例“{0}”已保存", "Case {0} saved"},
    // Candidates and sessions
    {"cand.title", "考生（{0} 人）", "Candidates ({0})"},
    {"cand.search", "搜索姓名或身份证号", "Search name or ID number"},
    {"cand.not_allowed", "您的角色不能管理此项。", "Your roles do not allow this."},
    {"cand.name", "姓名", "Name"},
    {"cand.id_number", "身份证号", "ID number"},
    {"cand.item", "考试项目", "Item"},
    {"cand.kind", "考试类型", "Kind"},
    {"cand.provider", "培训机构", "Training provider"},
    {"cand.employer", "工作单位", "Employer"},
    {"cand.hours", "学时", "Hours"},
    {"cand.add", "新增考生", "Add candidate"},
    {"cand.pick_item", "选择操作项目", "Pick an item"},
    {"cand.add_button", "添加考生", "Add"},
    {"cand.added", "已添加考生 {0}", "Added {0}"},
    {"cand.import", "从 CSV 导入", "Import CSV"},
    {"cand.import_hint", "按 docs/templates/candidates-template.csv 的格式（Excel 另存为 CSV）；有任何一行出错则全部不导入。",
     "As docs/templates/candidates-template.csv; a file with any error imports nothing."},
    {"cand.import_button", "导入", "Import"},
    {"cand.import_job", "导入考生", "Importing candidates"},
    {"cand.import_rows", "{0} 行已检查，正在保存", "{0} rows checked, saving"},
    {"cand.import_refused", "文件有 {0} 处错误，未导入任何考生", "{0} errors: nothing imported"},
    {"cand.imported", "已导入 {0} 名考生", "{0} candidates imported"},
    {"sess.title", "考试场次", "Exam sessions"},
    {"sess.start", "开始时间", "Starts"},
    {"sess.room", "考场", "Room"},
    {"sess.detail", "{0}–{1}　{2}　机位：{3}", "{0}–{1}  {2}  kiosks: {3}"},
    {"sess.ticket", "准考证号", "Ticket"},
    {"sess.kiosk", "机位", "Kiosk"},
    {"sess.state", "状态", "State"},
    {"sess.pick_candidate", "选择考生", "Pick a candidate"},
    {"sess.any_kiosk", "自动分配机位", "any kiosk"},
    {"sess.register", "报名并分配机位", "Register"},
    {"sess.registered", "{0} 已报名，准考证号 {1}", "{0} registered, ticket {1}"},
    {"sess.new", "新建考试场次", "New session"},
    {"sess.minutes", "时长（分）", "Minutes"},
    {"sess.kiosks", "机位（空格分隔）", "Kiosks (space separated)"},
    {"sess.bad_time", "开始时间的格式为 YYYY-MM-DD HH:MM", "The start is YYYY-MM-DD HH:MM"},
    {"sess.create", "建立场次", "Create"},
    {"sess.created", "考试场次已建立", "Session created"},
    {"state.scheduled", "已报名", "scheduled"},
    {"state.checked_in", "已签到", "checked in"},
    {"state.identity_confirmed", "已核验", "identity confirmed"},
    {"state.instructions", "阅读须知", "instructions"},
    {"state.in_progress", "答题中", "in progress"},
    {"state.paused", "已暂停", "paused"},
    {"state.submitted", "已交卷", "submitted"},
    {"state.scored", "已评分", "scored"},
    {"state.cancelled", "已取消", "cancelled"},
    // Certificates
    {"cert.issue_not_allowed", "您的角色不能签发证书。", "Your roles do not allow issuing."},
    {"cert.issuable", "待发证", "Ready for a certificate"},
    {"cert.none_issuable", "没有待发证的合格考生。", "No passed candidate is waiting."},
    {"cert.result", "成绩", "Result"},
    {"cert.passed", "理论 {0} 分，合格", "theory {0}, passed"},
    {"cert.issue", "签发", "Issue"},
    {"cert.issued", "已签发 {0}（{1}）", "Issued {0} ({1})"},
    {"cert.batch", "按场次批量发证", "Certificates of a session"},
    {"cert.pick_session", "选择考试场次", "Pick a session"},
    {"cert.layout_a4", "A4 证书", "A4 certificate"},
    {"cert.layout_card", "卡片（86×54 mm）", "Card (86×54 mm)"},
    {"cert.batch_button", "签发并生成 PDF", "Issue and make PDF"},
    {"cert.batch_progress", "第 {0} / {1} 人：{2}", "{0} of {1}: {2}"},
    {"cert.batch_done", "新签发 {0} 本，打印 {1} 本，跳过 {2} 人；文件：{3}", "{0} issued, {1} printed, {2} skipped; file: {3}"},
    {"cert.batch_cancelled", "已取消：未写入 PDF；取消前已签发的证书保留。", "Cancelled: no PDF written; certificates issued before stay issued."},
    {"cert.printer", "打印机", "Printer"},
    {"cert.print", "打印", "Print"},
    {"cert.printed", "已发送到打印机 {0}（作业 {1}）", "Sent to printer {0} (job {1})"},
    {"cert.register", "证书登记（{0} 本）", "Register ({0})"},
    {"cert.number", "证号", "Number"},
    {"cert.valid_until", "有效期至", "Valid until"},
    {"cert.state", "状态", "State"},
    {"cert.detail", "{0}\n初领 {1}　有效期 {2} 至 {3}　复审 {4}　第 {5} 版", "{0}\nfirst issued {1}, valid {2} to {3}, review {4}, version {5}"},
    {"cert.reason_was", "原因：{0}", "Reason: {0}"},
    {"cert.pdf", "生成 PDF", "Make PDF"},
    {"cert.pdf_written", "已写入 {0}（{1} KB）", "Wrote {0} ({1} KB)"},
    {"cert.print_one", "打印此证", "Print"},
    {"cert.change", "补发或吊销", "Reissue or revoke"},
    {"cert.reason", "原因", "Reason"},
    {"cert.reason_needed", "补发和吊销都须写明原因。", "Reissue and revocation need a reason."},
    {"cert.replace_loss", "遗失补发", "Reissue (lost)"},
    {"cert.replace_damage", "损毁换发", "Reissue (damaged)"},
    {"cert.revoke", "吊销", "Revoke"},
    {"cert.changed", "{0} 已更新（第 {1} 版）", "{0} updated (version {1})"},
    // Reports
    {"rep.month", "按月", "By month"},
    {"rep.quarter", "按季度", "By quarter"},
    {"rep.year", "按年", "By year"},
    {"rep.all", "全部时间", "All time"},
    {"rep.all_items", "全部项目", "All items"},
    {"rep.run", "刷新", "Refresh"},
    {"rep.job", "统计报表", "Reports"},
    {"rep.computing", "正在统计…", "Computing…"},
    {"rep.done", "统计完成", "Done"},
    {"rep.no_results", "所选范围内没有已评分的考试。", "No scored exam in this range."},
    {"rep.pass_rates", "合格率", "Pass rates"},
    {"rep.rate", "{0}（{1}/{2}）", "{0} ({1}/{2})"},
    {"rep.first_retake", "初考 {0}（{1} 人次）　补考 {2}（{3} 人次）　作弊取消 {4}", "first {0} ({1})  retake {2} ({3})  cancelled {4}"},
    {"rep.chapters", "各章节得分率", "Chapters"},
    {"rep.items", "试题分析", "Item analysis"},
    {"rep.items_not_allowed", "试题分析涉及考试题库，您的角色不能查看。", "Item analysis reads the sealed pool: not for your roles."},
    {"rep.items_summary", "{0} 份试卷，{1} 道题，{2} 道需复核（高低分组各 {3} 人）", "{0} papers, {1} questions, {2} flagged (groups of {3})"},
    {"rep.facility_hist", "难度系数分布（0 → 1）", "Facility (0 → 1)"},
    {"rep.only_flagged", "只看需复核的题", "Flagged only"},
    {"rep.col_question", "题目", "Question"},
    {"rep.col_n", "人数", "N"},
    {"rep.col_facility", "难度系数", "Facility"},
    {"rep.col_discrimination", "区分度", "Discrimination"},
    {"rep.col_flags", "问题", "Flags"},
    {"flag.facility-low", "太难", "too hard"},
    {"flag.facility-high", "太容易", "too easy"},
    {"flag.discrimination-low", "区分度低", "low discrimination"},
    {"bp.shortfall", "{0}：需要 {1} 题，考试题库只有 {2} 题", "{0}: needs {1}, the exam pool has {2}"},
    {"bp.summary_invalid", "方案有 {0} 处问题", "The blueprint has {0} problems"},
    {"bp.summary_ok", "考试题库满足本方案：{0} 题，{1} 分（考试题库共 {2} 题）",
     "The exam pool satisfies it: {0} questions, {1} points (pool: {2})"},
    {"bp.summary_short", "考试题库不足：{0} 个分层共缺 {1} 题", "The exam pool is short: {0} strata miss {1} questions"},
};

const std::unordered_map<std::string_view, const StringEntry*>& index()
{
    static const auto m = [] {
        std::unordered_map<std::string_view, const StringEntry*> m;
        for (const auto& e : kStrings) m.emplace(e.key, &e);
        return m;
    }();
    return m;
}
} // namespace

void set_language(Language l) { g_language = l; }
Language language() { return g_language; }

const std::vector<StringEntry>& string_table() { return kStrings; }

const char* tr(std::string_view key)
{
    const auto& m = index();
    const auto it = m.find(key);
    if (it == m.end()) {
        // An unknown key is shown as itself; kept so the pointer stays valid (tests catch unknown keys).
        static std::mutex mutex;
        static std::set<std::string, std::less<>> unknown;
        std::lock_guard lock(mutex);
        return unknown.emplace(key).first->c_str();
    }
    return g_language == Language::English ? it->second->en : it->second->zh;
}

std::string trf(std::string_view key, std::initializer_list<std::string> args)
{
    std::string s = tr(key);
    int i = 0;
    for (const auto& a : args) {
        const std::string p = "{" + std::to_string(i++) + "}";
        for (std::size_t at = s.find(p); at != std::string::npos; at = s.find(p, at + a.size())) s.replace(at, p.size(), a);
    }
    return s;
}

std::vector<std::string> all_strings()
{
    std::vector<std::string> v;
    for (const auto& e : kStrings) {
        v.emplace_back(e.zh);
        v.emplace_back(e.en);
    }
    return v;
}

} // namespace sk::admin::gui
