#include "admin/commands/report_commands.hpp"

#include "certs/dates.hpp"
#include "certs/quality_report_pdf.hpp"
#include "content/storage/content_store.hpp"
#include "exam/city/city.hpp"
#include "exam/exam_service.hpp"
#include "exam/reports.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace sk::admin {

using ordered_json = nlohmann::ordered_json;

namespace {

struct ReportArgs {
    std::string from, to, item, category, provider, period = "month", csv, out;
    bool force = false;
    bool flagged = false;
    bool by_centre = false; // a city's database: one row per centre as well
    int min_examinees = exam::kMinExaminees;
};

exam::ReportFilter filter_of(const ReportArgs& a, const content::Catalogue& catalogue)
{
    exam::ReportFilter f;
    if (!a.from.empty()) f.from_ms = parse_local_date(a.from, "--from");
    if (!a.to.empty()) f.to_ms = parse_local_date(a.to, "--to") + 86400000LL; // through the whole day
    if (f.from_ms && f.to_ms && *f.to_ms <= *f.from_ms) throw std::invalid_argument("--to is before --from");
    if (!a.item.empty() || !a.category.empty()) f.item_id = resolve_item(catalogue, a.category, a.item);
    if (!a.provider.empty()) f.provider = a.provider;
    return f;
}

// What every report command does first: the database, the signed-in user, the filter from the options (checked
// before anything is read).
struct ReportScope {
    storage::Database db;
    exam::Actor actor;
    exam::ReportFilter filter;
    exam::Reports reports() { return exam::Reports(db); }
};

ReportScope open_scope(Context& ctx, const ReportArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    auto filter = filter_of(a, content::ContentStore(db).catalogue());
    return {std::move(db), std::move(actor), std::move(filter)};
}

ordered_json opt(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(); }

std::string pct(int n, int d)
{
    auto r = exam::PassRateRow::rate(n, d);
    if (!r) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * *r);
    return buf;
}

std::string fixed3(const std::optional<double>& v)
{
    if (!v) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", *v);
    return buf;
}

// Writes the CSV when --csv was given; the summary line names the file.
void maybe_csv(const ReportArgs& a, const std::string& csv, std::size_t rows, bool json)
{
    if (a.csv.empty()) return;
    write_output(a.csv, csv, a.force);
    if (!json) std::cout << "Wrote " << rows << " rows to " << a.csv << "\n";
}

int do_pass_rates(Context& ctx, const ReportArgs& a)
{
    auto scope = open_scope(ctx, a);
    auto period = exam::parse_period(a.period);
    // A city's database: every centre it follows, each read in its own schema (exam/city/city.hpp).
    const bool city = exam::city::is_city(scope.db);
    if (a.by_centre && !city) throw std::invalid_argument("--by-centre: " + scope.db.describe() + " is no city's database");
    std::vector<exam::PassRateRow> rows;
    if (city) {
        std::optional<std::pair<std::string, std::string>> item;
        content::ContentStore content(scope.db); // holds the catalogue the item points into
        if (scope.filter.item_id)
            if (const auto* i = content.catalogue().find(*scope.filter.item_id))
                item = std::make_pair(i->category, i->name);
        rows = exam::city::pass_rates(scope.db, scope.actor, scope.filter, item, *period, a.by_centre);
    } else {
        rows = scope.reports().pass_rates(scope.actor, scope.filter, *period);
    }
    if (ctx.json) {
        auto j = ordered_json::array();
        for (const auto& r : rows) {
            ordered_json row;
            if (!r.centre.empty()) row["centre"] = r.centre;
            row.update(ordered_json{{"provider", r.provider},
                                    {"category", r.category},
                                    {"item", r.item},
                                    {"period", r.period},
                                    {"sat", r.sat},
                                    {"passed", r.passed},
                                    {"pass_rate", opt(exam::PassRateRow::rate(r.passed, r.sat))},
                                    {"first_sat", r.first_sat},
                                    {"first_passed", r.first_passed},
                                    {"first_pass_rate", opt(exam::PassRateRow::rate(r.first_passed, r.first_sat))},
                                    {"retake_sat", r.retake_sat},
                                    {"retake_passed", r.retake_passed},
                                    {"retake_pass_rate", opt(exam::PassRateRow::rate(r.retake_passed, r.retake_sat))},
                                    {"cancelled", r.cancelled}});
            j.push_back(std::move(row));
        }
        std::cout << j.dump(2) << "\n";
    } else {
        if (city) {
            const auto centres = exam::city::centres(scope.db);
            std::cout << "全市 " << centres.size() << " 个考点:";
            for (const auto& c : centres) std::cout << " " << c.name << " (" << c.schema << ")";
            std::cout << "\n";
        }
        std::cout << (a.by_centre ? "考点\t" : "") << "培训机构\t项目\t统计期\t参考\t合格\t合格率\t初考合格率\t补考合格率\t取消\n";
        for (const auto& r : rows)
            std::cout << (a.by_centre ? r.centre + "\t" : "") << (r.provider.empty() ? "(无)" : r.provider) << "\t"
                      << r.category << " / " << r.item << "\t" << r.period << "\t" << r.sat << "\t" << r.passed
                      << "\t" << pct(r.passed, r.sat) << "\t" << pct(r.first_passed, r.first_sat) << " ("
                      << r.first_passed << "/" << r.first_sat << ")\t" << pct(r.retake_passed, r.retake_sat) << " ("
                      << r.retake_passed << "/" << r.retake_sat << ")\t" << r.cancelled << "\n";
        if (rows.empty()) std::cout << "no scored exam in the range\n";
    }
    maybe_csv(a, exam::pass_rates_csv(rows), rows.size(), ctx.json);
    return kOk;
}

int do_chapters(Context& ctx, const ReportArgs& a)
{
    auto scope = open_scope(ctx, a);
    auto rows = scope.reports().chapters(scope.actor, scope.filter);
    if (ctx.json) {
        auto j = ordered_json::array();
        for (const auto& r : rows)
            j.push_back({{"category", r.category},
                         {"item", r.item},
                         {"chapter", r.chapter},
                         {"papers", r.attempts},
                         {"questions", r.questions},
                         {"correct", r.correct},
                         {"average_points", r.average_points()},
                         {"average_max_points", r.average_max_points()},
                         {"percent", r.percent()}});
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "项目\t章节\t试卷数\t答对率\t平均得分\t得分率\n";
        for (const auto& r : rows) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "%.2f/%.2f\t%.1f%%", r.average_points(), r.average_max_points(), r.percent());
            std::cout << r.category << " / " << r.item << "\t" << r.chapter << "\t" << r.attempts << "\t"
                      << pct(r.correct, r.questions) << "\t" << buf << "\n";
        }
        if (rows.empty()) std::cout << "no scored exam in the range\n";
    }
    maybe_csv(a, exam::chapters_csv(rows), rows.size(), ctx.json);
    return kOk;
}

int do_items(Context& ctx, const ReportArgs& a)
{
    auto scope = open_scope(ctx, a);
    auto analysis = scope.reports().item_analysis(scope.actor, scope.filter, a.min_examinees);
    if (a.flagged)
        std::erase_if(analysis.questions, [](const exam::ItemAnalysisRow& r) { return r.flags.empty(); });
    if (ctx.json) {
        ordered_json j{{"examinees", analysis.examinees},
                       {"group_size", analysis.group_size},
                       {"min_examinees", analysis.min_examinees},
                       {"not_judged", analysis.not_judged},
                       {"questions", ordered_json::array()}};
        for (const auto& r : analysis.questions)
            j["questions"].push_back({{"uid", r.uid},
                                      {"version", r.version},
                                      {"type", std::string(content::to_string(r.type))},
                                      {"category", r.category},
                                      {"item", r.item},
                                      {"chapter", r.chapter},
                                      {"key", r.key},
                                      {"examinees", r.examinees},
                                      {"correct", r.correct},
                                      {"facility", opt(r.facility)},
                                      {"upper", {{"examinees", r.upper_examinees}, {"correct", r.upper_correct}}},
                                      {"lower", {{"examinees", r.lower_examinees}, {"correct", r.lower_correct}}},
                                      {"discrimination", opt(r.discrimination)},
                                      {"option_counts", r.option_counts},
                                      {"omitted", r.omitted},
                                      {"judged", r.judged},
                                      {"flags", r.flags},
                                      {"stem", r.stem}});
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << analysis.examinees << " scored papers; upper and lower groups of " << analysis.group_size
                  << " (27%)\n";
        std::cout << "题目\t题型\t答案\t人数\t通过率\t区分度\t选项(按题库顺序)\t未答\t需复核\n";
        for (const auto& r : analysis.questions) {
            std::string options;
            for (std::size_t i = 0; i < r.option_counts.size(); ++i)
                options += (i ? " " : "") + std::string(1, static_cast<char>('A' + i)) + ":" + std::to_string(r.option_counts[i]);
            std::string flags;
            for (const auto& f : r.flags) flags += (flags.empty() ? "" : ", ") + f;
            if (!r.judged) flags = "not judged";
            std::cout << r.uid << " v" << r.version << "\t" << content::type_label_zh(r.type) << "\t" << r.key << "\t"
                      << r.examinees << "\t" << fixed3(r.facility) << "\t" << fixed3(r.discrimination) << "\t" << options
                      << "\t" << r.omitted << "\t" << (flags.empty() ? "-" : flags) << "\n";
        }
        std::size_t flagged = 0;
        for (const auto& r : analysis.questions) flagged += r.flags.empty() ? 0 : 1;
        std::cout << analysis.questions.size() << " questions" << (a.flagged ? " flagged" : "") << "; " << flagged
                  << " to review (facility below 0.2 or above 0.95, discrimination below 0.1)";
        if (analysis.not_judged > 0)
            std::cout << "; " << analysis.not_judged << " not judged: fewer than " << analysis.min_examinees
                      << " examinees each";
        std::cout << "\n";
    }
    maybe_csv(a, exam::item_analysis_csv(analysis), analysis.questions.size(), ctx.json);
    return kOk;
}

int do_exhibits(Context& ctx, const ReportArgs& a)
{
    auto scope = open_scope(ctx, a);
    auto report = scope.reports().exhibits(scope.actor, scope.filter);
    if (ctx.json) {
        ordered_json j{{"available", report.available}, {"note", report.note}, {"exhibits", ordered_json::array()}};
        for (const auto& e : report.rows)
            j["exhibits"].push_back({{"uid", e.uid}, {"title", e.title}, {"industry", e.industry}, {"visits", e.visits},
                                     {"answers", e.answers}, {"correct", e.correct}});
        std::cout << j.dump(2) << "\n";
    } else if (!report.available) {
        std::cout << "skipped: " << report.note << "\n";
    } else {
        std::cout << "案例\t行业\t浏览\t答题\t答对率\n";
        for (const auto& e : report.rows)
            std::cout << e.uid << " " << e.title << "\t" << e.industry << "\t" << e.visits << "\t" << e.answers << "\t"
                      << pct(static_cast<int>(e.correct), static_cast<int>(e.answers)) << "\n";
    }
    if (report.available) maybe_csv(a, exam::exhibits_csv(report), report.rows.size(), ctx.json);
    return kOk;
}

// The filters in words, for the report's heading.
std::string scope_of(const ReportArgs& a, const exam::Actor& actor)
{
    std::string when = a.from.empty() && a.to.empty() ? "全部时间"
                       : (a.from.empty() ? "最早" : a.from) + " 至 " + (a.to.empty() ? "今" : a.to);
    std::string item = a.item.empty() ? "全部项目" : (a.category.empty() ? a.item : a.category + " / " + a.item);
    std::string provider = !a.provider.empty()        ? a.provider
                           : !actor.provider.empty() ? actor.provider
                                                     : "全部培训机构";
    return when + " · " + item + " · " + provider;
}

int do_pdf(Context& ctx, const ReportArgs& a)
{
    auto scope = open_scope(ctx, a);
    const exam::Actor& actor = scope.actor;
    const exam::ReportFilter& filter = scope.filter;
    exam::Reports reports = scope.reports();
    certs::QualityReport r;
    r.scope = scope_of(a, actor);
    r.printed_on = certs::zh(certs::date_of_ms(exam::system_now_ms()));
    r.pass_rates = reports.pass_rates(actor, filter, exam::Period::All);
    r.chapters = reports.chapters(actor, filter);
    // The item analysis describes sealed exam questions: only for those who may read them (not training staff).
    if (actor.can(exam::Operation::ReadExamQuestions) || actor.can(exam::Operation::ReadExamAnswers))
        r.items = reports.item_analysis(actor, filter, a.min_examinees);
    else
        r.items_note = "试题质量分析涉及考试题库，按考培分离的规定不向培训机构提供。";
    const auto bytes = certs::quality_report_pdf(r);
    write_output(a.out, std::string(bytes.begin(), bytes.end()), a.force);
    if (ctx.json)
        std::cout << ordered_json{{"out", a.out}, {"bytes", bytes.size()}, {"item_analysis", r.items.has_value()}}.dump()
                  << "\n";
    else
        std::cout << "Wrote the training-quality report to " << a.out << (r.items ? "" : " (without the item analysis)")
                  << "\n";
    return kOk;
}

// The options that choose what a report covers (ReportArgs → filter_of).
void add_scope(CLI::App* cmd, ReportArgs& a)
{
    cmd->add_option("--from", a.from, "first day, YYYY-MM-DD (local time; default: the beginning)");
    cmd->add_option("--to", a.to, "last day, YYYY-MM-DD, included (default: today and later)");
    cmd->add_option("--item", a.item, "only this catalogue item");
    cmd->add_option("--category", a.category, "the item's category, when its name is not unique");
    cmd->add_option("--provider", a.provider, "only this training provider (培训机构)");
}

// How many examinees a question needs before the item analysis judges it (flags it or not).
void add_min_examinees(CLI::App* cmd, ReportArgs& a)
{
    cmd->add_option("--min-examinees", a.min_examinees,
                    "judge (flag) a question only once this many scored papers had it (default " +
                        std::to_string(exam::kMinExaminees) + "; fewer: figures without flags)")
        ->check(CLI::Range(1, 1000000));
}

void add_filter(CLI::App* cmd, ReportArgs& a)
{
    add_scope(cmd, a);
    cmd->add_option("--csv", a.csv, "also write the report as a CSV file (UTF-8 with BOM)");
    cmd->add_flag("--force", a.force, "write over an existing CSV file");
}

} // namespace

void register_report_commands(CLI::App& app, Context& ctx)
{
    CLI::App* report = app.add_subcommand(
        "report", "training-quality reports (培训质量考核与效果评价): pass rates, chapters, item analysis, exhibits");
    report->require_subcommand(1);

    auto rates = std::make_shared<ReportArgs>();
    CLI::App* r = report->add_subcommand(
        "pass-rates", "pass rates by training provider, item and period, first attempts and retakes apart");
    add_filter(r, *rates);
    r->add_option("--period", rates->period, "month (default), quarter, year or all")
        ->check(CLI::IsMember({"month", "quarter", "year", "all"}));
    r->add_flag("--by-centre", rates->by_centre, "on a city's database: one row per centre as well (考点)");
    r->callback([&ctx, rates] { ctx.action = [&ctx, rates] { return do_pass_rates(ctx, *rates); }; });

    auto chapters = std::make_shared<ReportArgs>();
    CLI::App* c = report->add_subcommand("chapters", "average score by chapter of the scored papers");
    add_filter(c, *chapters);
    c->callback([&ctx, chapters] { ctx.action = [&ctx, chapters] { return do_chapters(ctx, *chapters); }; });

    auto items = std::make_shared<ReportArgs>();
    CLI::App* i = report->add_subcommand(
        "items", "item analysis of every exam question: facility, discrimination, option choices, review flags");
    add_filter(i, *items);
    i->add_flag("--flagged", items->flagged, "only the questions flagged for review");
    add_min_examinees(i, *items);
    i->callback([&ctx, items] { ctx.action = [&ctx, items] { return do_items(ctx, *items); }; });

    auto exhibits = std::make_shared<ReportArgs>();
    CLI::App* e = report->add_subcommand(
        "exhibits", "warning-education exhibit visits and quiz results (when the kiosk records them)");
    add_filter(e, *exhibits);
    e->callback([&ctx, exhibits] { ctx.action = [&ctx, exhibits] { return do_exhibits(ctx, *exhibits); }; });

    auto pdf = std::make_shared<ReportArgs>();
    CLI::App* p = report->add_subcommand(
        "pdf", "the training-quality report as an A4 PDF with charts: pass rates, chapters, questions to review");
    add_scope(p, *pdf);
    p->add_option("--out", pdf->out, "the PDF file to write")->required();
    p->add_flag("--force", pdf->force, "write over an existing file");
    add_min_examinees(p, *pdf);
    p->callback([&ctx, pdf] { ctx.action = [&ctx, pdf] { return do_pdf(ctx, *pdf); }; });
}

} // namespace sk::admin
