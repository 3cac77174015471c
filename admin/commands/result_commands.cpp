#include "admin/commands/result_commands.hpp"

#include "certs/registry.hpp"
#include "content/formats/csv.hpp"
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sk::admin {

using ordered_json = nlohmann::ordered_json;

namespace {

const char* state_zh(exam::AttemptState s)
{
    switch (s) {
    case exam::AttemptState::Scored: return "已评分";
    case exam::AttemptState::Cancelled: return "成绩取消";
    case exam::AttemptState::Submitted: return "已交卷";
    case exam::AttemptState::Scheduled: return "未检录";
    default: return "考试中";
    }
}

std::string outcome(const exam::ResultRow& r)
{
    if (r.attempt.state == exam::AttemptState::Cancelled) return "取消";
    if (r.attempt.state != exam::AttemptState::Scored) return "";
    return r.attempt.passed.value_or(false) ? "合格" : "不合格";
}

struct ListArgs {
    std::int64_t session = 0;
};

int do_list(Context& ctx, const ListArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    auto rows = svc.results(actor, a.session > 0 ? std::optional<std::int64_t>(a.session) : std::nullopt);
    if (ctx.json) {
        auto j = ordered_json::array();
        for (const auto& r : rows)
            j.push_back({{"attempt", r.attempt.id},
                         {"session", r.attempt.session_id},
                         {"ticket", r.attempt.ticket},
                         {"id_number", r.id_number},
                         {"name", r.name},
                         {"provider", r.provider},
                         {"item", item_label(content.catalogue(), r.item_id)},
                         {"date", local_time(r.starts_at_ms)},
                         {"attempt_no", r.attempt.attempt_no},
                         {"state", std::string(exam::to_string(r.attempt.state))},
                         {"score", r.attempt.score ? ordered_json(*r.attempt.score) : ordered_json()},
                         {"passed", r.attempt.passed && r.attempt.state == exam::AttemptState::Scored
                                        ? ordered_json(*r.attempt.passed)
                                        : ordered_json()}});
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    for (const auto& r : rows)
        std::cout << r.attempt.id << "\t" << r.attempt.ticket << "\t" << r.name << "\t" << r.id_number << "\t"
                  << item_label(content.catalogue(), r.item_id) << (r.attempt.attempt_no > 1 ? "（补考）" : "") << "\t"
                  << local_time(r.starts_at_ms) << "\t" << state_zh(r.attempt.state) << "\t"
                  << (r.attempt.score ? format_number(*r.attempt.score) : "-") << "\t" << outcome(r) << "\n";
    std::cout << rows.size() << " results\n";
    return kOk;
}

struct ExportArgs {
    std::string out;
    std::int64_t session = 0;
    bool force = false;
};

int do_export(Context& ctx, const ExportArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    auto rows = svc.results(actor, a.session > 0 ? std::optional<std::int64_t>(a.session) : std::nullopt);
    using content::formats::csv_record;
    std::string csv = "\xEF\xBB\xBF" + csv_record({"准考证号", "姓名", "身份证号", "工作单位", "培训机构", "作业类别",
                                                  "操作项目", "考试日期", "考场", "考试次数", "状态", "理论成绩", "结果"});
    for (const auto& r : rows) {
        const auto* item = content.catalogue().find(r.item_id);
        csv += csv_record({r.attempt.ticket, r.name, r.id_number, r.employer, r.provider, item ? item->category : "",
                           item ? item->name : "", local_time(r.starts_at_ms).substr(0, 10), r.room,
                           r.attempt.attempt_no > 1 ? "补考" : "初考", state_zh(r.attempt.state),
                           r.attempt.score ? format_number(*r.attempt.score) : "", outcome(r)});
    }
    write_output(a.out, csv, a.force);
    if (ctx.json) std::cout << ordered_json{{"out", a.out}, {"results", rows.size()}}.dump() << "\n";
    else std::cout << "Exported " << rows.size() << " results to " << a.out << " (UTF-8 with BOM)\n";
    return kOk;
}

int do_paper(Context& ctx, const std::string& which)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    const auto attempt = attempt_by_id_or_ticket(svc, actor, which);
    auto sheet = svc.review_sheet(actor, attempt);
    if (ctx.json) {
        ordered_json j{{"attempt", attempt},
                       {"ticket", sheet.view.attempt.ticket},
                       {"name", sheet.view.candidate.name},
                       {"id_number", sheet.view.candidate.id_number},
                       {"state", std::string(exam::to_string(sheet.view.attempt.state))},
                       {"score", sheet.view.attempt.score ? ordered_json(*sheet.view.attempt.score) : ordered_json()},
                       {"questions", ordered_json::array()}};
        for (const auto& q : sheet.questions)
            j["questions"].push_back({{"position", q.question.position},
                                      {"uid", q.question.uid},
                                      {"type", std::string(content::to_string(q.question.type))},
                                      {"chapter", q.question.chapter},
                                      {"stem", q.stem},
                                      {"options", q.options},
                                      {"key", q.question.key},
                                      {"response", q.response},
                                      {"marked", q.marked},
                                      {"points", q.points},
                                      {"max_points", q.question.points}});
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    std::cout << "Attempt " << attempt << ", ticket " << sheet.view.attempt.ticket << ": " << sheet.view.candidate.name
              << " " << sheet.view.candidate.id_number << ", " << exam::to_string(sheet.view.attempt.state);
    if (sheet.view.attempt.score) std::cout << ", score " << format_number(*sheet.view.attempt.score);
    std::cout << "\n";
    for (const auto& q : sheet.questions) {
        std::cout << q.question.position << ". [" << content::type_label_zh(q.question.type) << " " << q.question.uid
                  << "] " << q.stem << "\n";
        for (std::size_t i = 0; i < q.options.size(); ++i)
            std::cout << "   " << static_cast<char>('A' + i) << ". " << q.options[i] << "\n";
        std::cout << "   答案 " << q.question.key << "  作答 " << (q.response.empty() ? "-" : q.response) << "  得分 "
                  << format_number(q.points) << "/" << format_number(q.question.points) << "\n";
    }
    return kOk;
}

struct ReviewArgs {
    std::string attempt;
    std::string score;
    std::string reason;
};

int do_review(Context& ctx, const ReviewArgs& a)
{
    const auto score = exam::parse_score(a.score);
    if (!score)
        throw CommandError("--score '" + a.score +
                                    "' is not a score: give plain decimal points such as 80 or 79.5 (no sign, exponent, "
                                    "hexadecimal, inf or nan)");
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    // Lowering a pass below the pass mark suspends the certificate issued on it, in the same transaction.
    certs::CertRegistry registry(db, svc);
    svc.set_certificate_lookup(registry.certificate_lookup());
    const auto attempt = attempt_by_id_or_ticket(svc, actor, a.attempt);
    const auto before = svc.attempt(actor, attempt)->score;
    const auto consequences = svc.change_result(actor, attempt, *score, a.reason);
    const auto after = *svc.attempt(actor, attempt);
    if (ctx.json) {
        std::cout << ordered_json{{"attempt", attempt},
                                  {"before", before ? ordered_json(*before) : ordered_json()},
                                  {"score", *after.score},
                                  {"passed", after.passed.value_or(false)},
                                  {"reason", a.reason},
                                  {"consequences", consequences}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "Attempt " << attempt << " (" << after.ticket << "): " << (before ? format_number(*before) : "-")
                  << " -> " << format_number(*after.score) << ", " << (after.passed.value_or(false) ? "合格" : "不合格")
                  << " (" << a.reason << ")\n";
        for (const auto& line : consequences) std::cout << "  " << line << "\n";
    }
    return kOk;
}

struct PracticalArgs {
    std::string id_number, item, category;
    std::vector<std::string> scores;
};

int do_practical(Context& ctx, const PracticalArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::require(actor, exam::Operation::EnterPracticalScores);
    exam::ExamService svc(db);
    certs::CertRegistry registry(db, svc); // exams voided by a revocation do not count
    svc.set_certificate_lookup(registry.certificate_lookup());
    content::ContentStore content(db);
    const auto cid = candidate_by_id_number(svc, actor, a.id_number);
    const auto item_id = resolve_item(content.catalogue(), a.category, a.item);
    std::vector<std::pair<std::string, double>> scores;
    for (const auto& s : a.scores) {
        const auto eq = s.find('=');
        const auto v = eq == std::string::npos || eq == 0 ? std::nullopt : exam::parse_score(s.substr(eq + 1));
        if (!v)
            throw std::invalid_argument("'" + s + "' is not SUBJECT=SCORE with plain decimal points, e.g. K1=18 or K2=35.5");
        scores.emplace_back(s.substr(0, eq), *v);
    }
    svc.enter_practical_scores(actor, cid, item_id, scores);
    const auto r = svc.item_result(cid, item_id);
    const auto c = *svc.candidate(actor, cid);
    if (ctx.json) {
        std::cout << ordered_json{{"id_number", c.id_number},
                                  {"item", item_label(content.catalogue(), item_id)},
                                  {"practical_score", r.practical_score ? ordered_json(*r.practical_score) : ordered_json()},
                                  {"practical_passed", r.practical_passed},
                                  {"theory_score", r.theory_score ? ordered_json(*r.theory_score) : ordered_json()},
                                  {"passed", r.passed}}
                         .dump(2)
                  << "\n";
        return kOk;
    }
    std::cout << c.id_number << " " << c.name << ", " << item_label(content.catalogue(), item_id) << ": practical "
              << (r.practical_score ? format_number(*r.practical_score) : "-")
              << (r.practical_passed ? " 合格" : " (not complete or not passed)") << "; theory "
              << (r.theory_score ? format_number(*r.theory_score) : "-") << "; item "
              << (r.passed ? "合格" : "not passed yet") << "\n";
    return kOk;
}

} // namespace

void register_result_commands(CLI::App& app, Context& ctx)
{
    CLI::App* result = app.add_subcommand("result", "exam results: list, export, paper, review (复核), practical scores");
    result->require_subcommand(1);

    auto list_args = std::make_shared<ListArgs>();
    CLI::App* list = result->add_subcommand("list", "attempts with their state, score and outcome");
    list->add_option("--session", list_args->session, "only this session");
    list->callback([&ctx, list_args] { ctx.action = [&ctx, list_args] { return do_list(ctx, *list_args); }; });

    auto export_args = std::make_shared<ExportArgs>();
    CLI::App* exp = result->add_subcommand("export", "write the results as a CSV file (UTF-8 with BOM, opens in Excel)");
    exp->add_option("--out", export_args->out, "the CSV file to write")->required();
    exp->add_option("--session", export_args->session, "only this session");
    exp->add_flag("--force", export_args->force, "write over an existing file");
    exp->callback([&ctx, export_args] { ctx.action = [&ctx, export_args] { return do_export(ctx, *export_args); }; });

    auto paper_attempt = std::make_shared<std::string>();
    CLI::App* paper = result->add_subcommand(
        "paper", "the paper an examinee was given, with the key and the answers (exam staff, for a review)");
    paper->add_option("ATTEMPT", *paper_attempt, "attempt id or admission ticket")->required();
    paper->callback([&ctx, paper_attempt] { ctx.action = [&ctx, paper_attempt] { return do_paper(ctx, *paper_attempt); }; });

    auto review_args = std::make_shared<ReviewArgs>();
    CLI::App* review = result->add_subcommand("review", "change a theory result after a review (复核); audited");
    review->add_option("ATTEMPT", review_args->attempt, "attempt id or admission ticket")->required();
    review->add_option("--score", review_args->score, "the reviewed score")->required();
    review->add_option("--reason", review_args->reason, "why the result changes")->required();
    review->callback([&ctx, review_args] { ctx.action = [&ctx, review_args] { return do_review(ctx, *review_args); }; });

    auto practical_args = std::make_shared<PracticalArgs>();
    CLI::App* practical = result->add_subcommand(
        "practical", "enter practical-exam scores (examiner): SUBJECT=SCORE …, all or none");
    practical->add_option("ID_NUMBER", practical_args->id_number, "the candidate's ID number")->required();
    practical->add_option("--item", practical_args->item, "catalogue item")->required();
    practical->add_option("--category", practical_args->category, "its category, when the item name is not unique");
    practical->add_option("SCORES", practical_args->scores, "e.g. K1=18 K2=35 K3=20 K4=18")->required();
    practical->callback(
        [&ctx, practical_args] { ctx.action = [&ctx, practical_args] { return do_practical(ctx, *practical_args); }; });
}

} // namespace sk::admin
