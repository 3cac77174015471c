#include "exam/reports.hpp"

#include "content/calendar.hpp"

#include "content/formats/csv.hpp"
#include "content/storage/content_store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>
#include <unordered_map>

namespace sk::exam {

namespace {

std::string fixed(double v, int decimals)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string opt_fixed(const std::optional<double>& v, int decimals) { return v ? fixed(*v, decimals) : ""; }

std::string percent(int passed, int sat)
{
    auto r = PassRateRow::rate(passed, sat);
    return r ? fixed(100.0 * *r, 1) : "";
}

constexpr const char* kBom = "\xEF\xBB\xBF";

// Restricts training staff to their own provider's figures.
void scope(const Actor& actor, ReportFilter& f)
{
    if (actor.provider.empty()) return;
    if (f.provider && *f.provider != actor.provider)
        throw PermissionDenied("permission denied: " + actor.login + " works for " + actor.provider +
                               " and may not see the figures of " + *f.provider);
    f.provider = actor.provider;
}

// Stored option index of each shown option, from "[2,0,1,3]"; count = number of options.
int parse_order(std::string_view s, int (&out)[26])
{
    int n = 0, value = -1;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            value = (value < 0 ? 0 : value * 10) + (c - '0');
        } else if (value >= 0) {
            if (n < 26) out[n++] = value;
            value = -1;
        }
    }
    return n;
}

// Bit mask of stored options chosen by shown letters.
std::uint32_t stored_mask(std::string_view letters, const int (&order)[26], int n)
{
    std::uint32_t mask = 0;
    for (char c : letters) {
        int shown = c - 'A';
        if (shown >= 0 && shown < n && order[shown] >= 0 && order[shown] < 26) mask |= 1u << order[shown];
    }
    return mask;
}

} // namespace

std::optional<Period> parse_period(std::string_view s)
{
    if (s == "month") return Period::Month;
    if (s == "quarter") return Period::Quarter;
    if (s == "year") return Period::Year;
    if (s == "all") return Period::All;
    return std::nullopt;
}

std::string period_label(std::int64_t ms, Period p)
{
    if (p == Period::All) return "全部";
    const auto [y, m] = calendar::year_month(ms); // China Standard Time
    char buf[32];
    if (p == Period::Month) std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
    else if (p == Period::Quarter) std::snprintf(buf, sizeof buf, "%04d-Q%u", y, (m - 1) / 3 + 1);
    else std::snprintf(buf, sizeof buf, "%04d", y);
    return buf;
}

std::vector<PassRateRow> Reports::pass_rates(const Actor& actor, ReportFilter f, Period period)
{
    require(actor, Operation::ReadReports);
    scope(actor, f);
    content::ContentStore content(db_);
    const auto& catalogue = content.catalogue();
    std::map<std::tuple<std::string, std::int64_t, std::string>, PassRateRow> groups;
    for (const auto& a : store_.attempts(f)) {
        auto& row = groups[{a.provider, a.item_id, period_label(a.scored_at_ms, period)}];
        if (row.sat == 0 && row.cancelled == 0) {
            row.provider = a.provider;
            row.item_id = a.item_id;
            row.period = period_label(a.scored_at_ms, period);
            if (const auto* item = catalogue.find(a.item_id)) {
                row.category = item->category;
                row.item = item->name;
            }
        }
        if (a.cancelled) {
            ++row.cancelled;
            continue;
        }
        ++row.sat;
        row.passed += a.passed;
        if (a.attempt_no <= 1) {
            ++row.first_sat;
            row.first_passed += a.passed;
        } else {
            ++row.retake_sat;
            row.retake_passed += a.passed;
        }
    }
    std::vector<PassRateRow> out;
    for (auto& [key, row] : groups) out.push_back(std::move(row));
    return out;
}

std::vector<ChapterRow> Reports::chapters(const Actor& actor, ReportFilter f)
{
    require(actor, Operation::ReadReports);
    scope(actor, f);
    content::ContentStore content(db_);
    const auto& catalogue = content.catalogue();
    std::map<std::pair<std::int64_t, std::string>, ChapterRow> groups;
    for (const auto& a : store_.attempts(f)) {
        if (a.cancelled) continue;
        auto chapters = nlohmann::json::parse(a.chapters_json, nullptr, false);
        if (!chapters.is_array()) continue;
        for (const auto& c : chapters) {
            const std::string name = c.value("chapter", std::string());
            auto& row = groups[{a.item_id, name}];
            if (row.attempts == 0) {
                row.item_id = a.item_id;
                row.chapter = name;
                if (const auto* item = catalogue.find(a.item_id)) {
                    row.category = item->category;
                    row.item = item->name;
                }
            }
            ++row.attempts;
            row.questions += c.value("questions", 0);
            row.correct += c.value("correct", 0);
            row.points += c.value("points", 0.0);
            row.max_points += c.value("max_points", 0.0);
        }
    }
    std::vector<ChapterRow> out;
    for (auto& [key, row] : groups) out.push_back(std::move(row));
    return out;
}

ItemAnalysis Reports::item_analysis(const Actor& actor, ReportFilter f, int min_examinees)
{
    require(actor, Operation::ReadReports);
    // Facility and option counts describe sealed exam questions and the answers given: exam-centre roles only.
    require_any(actor, {Operation::ReadExamQuestions, Operation::ReadExamAnswers});
    scope(actor, f);

    // Examinees ranked by total score (highest first; equal totals by attempt, earlier first).
    std::vector<std::pair<double, std::int64_t>> ranked;
    std::vector<std::int64_t> scored; // in attempt order: the order the papers are read
    for (const auto& a : store_.attempts(f))
        if (!a.cancelled) {
            ranked.emplace_back(a.score, a.attempt_id);
            scored.push_back(a.attempt_id);
        }
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    ItemAnalysis out;
    out.min_examinees = std::max(1, min_examinees);
    out.examinees = static_cast<int>(ranked.size());
    out.group_size = static_cast<int>(std::lround(kGroupFraction * out.examinees));
    std::unordered_map<std::int64_t, int> group; // attempt → +1 upper, −1 lower, 0 middle
    group.reserve(ranked.size() * 2);
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const int n = static_cast<int>(i);
        group[ranked[i].second] = n < out.group_size ? 1 : n >= out.examinees - out.group_size ? -1 : 0;
    }

    struct Tally {
        int examinees = 0, correct = 0, upper = 0, upper_correct = 0, lower = 0, lower_correct = 0, omitted = 0;
        int options[26] = {};
    };
    std::vector<Tally> tallies;
    std::vector<std::int64_t> question_of;  // index in tallies → question id
    std::vector<std::int32_t> tally_of;     // question id (a row id of the question table) → index, −1 for none
    std::int64_t last_attempt = -1;
    int last_group = 0;
    int order[26];
    store_.answers(scored, [&](const AnswerFact& row) {
        if (row.attempt_id != last_attempt) {
            last_attempt = row.attempt_id;
            auto it = group.find(row.attempt_id);
            last_group = it == group.end() ? 0 : it->second;
        }
        const int n = parse_order(row.option_order, order);
        const std::uint32_t chosen = stored_mask(row.response, order, n);
        const bool right = chosen != 0 && chosen == stored_mask(row.key, order, n);
        const auto qid = static_cast<std::size_t>(row.question_id);
        if (qid >= tally_of.size()) tally_of.resize(qid + 1024, -1);
        if (tally_of[qid] < 0) {
            tally_of[qid] = static_cast<std::int32_t>(tallies.size());
            tallies.emplace_back();
            question_of.push_back(row.question_id);
        }
        auto& t = tallies[static_cast<std::size_t>(tally_of[qid])];
        ++t.examinees;
        t.correct += right;
        if (last_group > 0) {
            ++t.upper;
            t.upper_correct += right;
        } else if (last_group < 0) {
            ++t.lower;
            t.lower_correct += right;
        }
        if (chosen == 0) ++t.omitted;
        for (std::uint32_t bits = chosen; bits; bits &= bits - 1) ++t.options[__builtin_ctz(bits)];
    });

    content::ContentStore content(db_);
    for (std::size_t index = 0; index < tallies.size(); ++index) {
        const Tally& t = tallies[index];
        const std::int64_t qid = question_of[index];
        ItemAnalysisRow r;
        r.question_id = qid;
        int option_count = 0;
        if (auto q = content.question(qid)) {
            r.uid = q->uid;
            r.version = q->version;
            r.type = q->type;
            r.category = q->category;
            r.item = q->item;
            r.chapter = q->chapter;
            r.stem = q->stem;
            r.key = q->answer;
            option_count = static_cast<int>(q->options.size());
        }
        for (int i = 0; i < 26; ++i)
            if (t.options[i] > 0) option_count = std::max(option_count, i + 1);
        r.option_counts.assign(t.options, t.options + option_count);
        r.examinees = t.examinees;
        r.correct = t.correct;
        r.omitted = t.omitted;
        r.upper_examinees = t.upper;
        r.upper_correct = t.upper_correct;
        r.lower_examinees = t.lower;
        r.lower_correct = t.lower_correct;
        if (t.examinees > 0) r.facility = static_cast<double>(t.correct) / t.examinees;
        if (t.upper > 0 && t.lower > 0)
            r.discrimination = static_cast<double>(t.upper_correct) / t.upper - static_cast<double>(t.lower_correct) / t.lower;
        r.judged = t.examinees >= out.min_examinees;
        out.not_judged += !r.judged;
        // Compared at 1e-9 so that a proportion printed as 0.200 is not flagged as below 0.2.
        if (r.judged) {
            if (r.facility && *r.facility < kFacilityLow - 1e-9) r.flags.push_back("facility-low");
            if (r.facility && *r.facility > kFacilityHigh + 1e-9) r.flags.push_back("facility-high");
            if (r.discrimination && *r.discrimination < kDiscriminationLow - 1e-9)
                r.flags.push_back("discrimination-low");
        }
        out.questions.push_back(std::move(r));
    }
    std::sort(out.questions.begin(), out.questions.end(), [](const auto& x, const auto& y) {
        return std::tie(x.category, x.item, x.chapter, x.uid, x.version) <
               std::tie(y.category, y.item, y.chapter, y.uid, y.version);
    });
    return out;
}

ExhibitReport Reports::exhibits(const Actor& actor, const ReportFilter& f)
{
    require(actor, Operation::ReadReports);
    ExhibitReport out;
    if (!store_.has_visit_tables()) {
        out.note = "the warning-education kiosk's visit tables (exhibit_visit, exhibit_quiz_answer) are not in this "
                   "database: no exhibit visits have been recorded by this installation's version";
        return out;
    }
    out.available = true;
    content::ContentStore content(db_);
    std::map<std::string, std::pair<std::string, std::string>> titles;
    for (const auto& e : content.exhibits()) titles[e.uid] = {e.title, e.industry};
    for (const auto& v : store_.visits(f)) {
        ExhibitRow r{v.exhibit_uid, "", "", v.visits, v.answers, v.correct};
        if (auto it = titles.find(v.exhibit_uid); it != titles.end()) {
            r.title = it->second.first;
            r.industry = it->second.second;
        }
        out.rows.push_back(std::move(r));
    }
    return out;
}

// ------------------------------------------------------------------------------------------------------------- CSV

using content::formats::csv_record;

std::string pass_rates_csv(const std::vector<PassRateRow>& rows)
{
    // A city's rows by centre lead with the centre (考点); an installation's have none.
    const bool centres = std::any_of(rows.begin(), rows.end(), [](const PassRateRow& r) { return !r.centre.empty(); });
    std::vector<std::string> header{"培训机构", "作业类别", "操作项目", "统计期", "参考人次", "合格人次", "合格率(%)",
                                    "初考人次", "初考合格", "初考合格率(%)", "补考人次", "补考合格", "补考合格率(%)",
                                    "取消成绩"};
    if (centres) header.insert(header.begin(), "考点");
    std::string out = kBom + csv_record(header);
    for (const auto& r : rows) {
        std::vector<std::string> fields{
            r.provider, r.category, r.item, r.period, std::to_string(r.sat), std::to_string(r.passed),
            percent(r.passed, r.sat), std::to_string(r.first_sat), std::to_string(r.first_passed),
            percent(r.first_passed, r.first_sat), std::to_string(r.retake_sat), std::to_string(r.retake_passed),
            percent(r.retake_passed, r.retake_sat), std::to_string(r.cancelled)};
        if (centres) fields.insert(fields.begin(), r.centre);
        out += csv_record(fields);
    }
    return out;
}

std::string chapters_csv(const std::vector<ChapterRow>& rows)
{
    std::string out = kBom + csv_record({"作业类别", "操作项目", "章节", "试卷数", "题目数", "答对数", "答对率(%)",
                                        "平均得分", "平均满分", "得分率(%)"});
    for (const auto& r : rows)
        out += csv_record({r.category, r.item, r.chapter, std::to_string(r.attempts), std::to_string(r.questions),
                           std::to_string(r.correct), percent(r.correct, r.questions), fixed(r.average_points(), 2),
                           fixed(r.average_max_points(), 2), fixed(r.percent(), 1)});
    return out;
}

std::string item_analysis_csv(const ItemAnalysis& a)
{
    std::vector<std::string> header{"题目编号", "版本", "题型", "作业类别", "操作项目", "章节", "答案", "作答人数",
                                    "答对人数", "难度系数(通过率)", "高分组人数", "高分组答对", "低分组人数",
                                    "低分组答对", "区分度", "未作答"};
    for (char c = 'A'; c <= 'H'; ++c) header.push_back(std::string("选") + c);
    header.push_back("需复核");
    header.push_back("题干");
    std::string out = kBom + csv_record(header);
    for (const auto& r : a.questions) {
        std::vector<std::string> cells{r.uid, std::to_string(r.version), std::string(content::type_label_zh(r.type)),
                                       r.category, r.item, r.chapter, r.key, std::to_string(r.examinees),
                                       std::to_string(r.correct), opt_fixed(r.facility, 3),
                                       std::to_string(r.upper_examinees), std::to_string(r.upper_correct),
                                       std::to_string(r.lower_examinees), std::to_string(r.lower_correct),
                                       opt_fixed(r.discrimination, 3), std::to_string(r.omitted)};
        for (std::size_t i = 0; i < 8; ++i)
            cells.push_back(i < r.option_counts.size() ? std::to_string(r.option_counts[i]) : "");
        std::string flags;
        for (const auto& fl : r.flags) flags += (flags.empty() ? "" : " ") + fl;
        cells.push_back(r.judged ? flags : "not-judged");
        cells.push_back(r.stem);
        out += csv_record(cells);
    }
    return out;
}

std::string exhibits_csv(const ExhibitReport& r)
{
    std::string out = kBom + csv_record({"案例编号", "案例", "行业", "浏览次数", "答题次数", "答对次数", "答对率(%)"});
    for (const auto& e : r.rows)
        out += csv_record({e.uid, e.title, e.industry, std::to_string(e.visits), std::to_string(e.answers),
                           std::to_string(e.correct), percent(static_cast<int>(e.correct), static_cast<int>(e.answers))});
    return out;
}

} // namespace sk::exam
