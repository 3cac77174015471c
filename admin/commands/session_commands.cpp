#include "admin/commands/session_commands.hpp"

#include "certs/registry.hpp"
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <sstream>

namespace sk::admin {

using ordered_json = nlohmann::ordered_json;

namespace {

std::string joined(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
}

struct CreateArgs {
    std::string item, category, kind = "initial", start, end, room, kiosks, proctor;
};

int do_create(Context& ctx, const CreateArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    exam::Session s;
    s.starts_at_ms = parse_local_time(a.start, "--start");
    s.ends_at_ms = parse_local_time(a.end, "--end");
    s.room = a.room;
    s.proctor = a.proctor;
    std::stringstream list(a.kiosks);
    for (std::string k; std::getline(list, k, ',');) {
        while (!k.empty() && k.front() == ' ') k.erase(k.begin());
        while (!k.empty() && k.back() == ' ') k.pop_back();
        if (k.empty()) continue;
        if (std::find(s.kiosks.begin(), s.kiosks.end(), k) != s.kiosks.end())
            throw std::invalid_argument("--kiosks names " + k + " twice");
        s.kiosks.push_back(k);
    }
    const auto item_id = resolve_item(content.catalogue(), a.category, a.item);
    const auto id = svc.create_session(actor, item_id, *exam::parse_exam_kind(a.kind), s);
    const auto stored = *svc.session(actor, id);
    if (ctx.json)
        std::cout << ordered_json{{"id", id},
                                  {"item", item_label(content.catalogue(), item_id)},
                                  {"blueprint", stored.blueprint_id},
                                  {"start", local_time(stored.starts_at_ms)},
                                  {"end", local_time(stored.ends_at_ms)},
                                  {"room", stored.room},
                                  {"kiosks", stored.kiosks}}
                         .dump(2)
                  << "\n";
    else
        std::cout << "Session " << id << ": " << item_label(content.catalogue(), item_id) << ", "
                  << local_time(stored.starts_at_ms) << " – " << local_time(stored.ends_at_ms) << ", " << stored.room
                  << (stored.kiosks.empty() ? "" : ", kiosks " + joined(stored.kiosks)) << "\n";
    return kOk;
}

struct RegisterArgs {
    std::int64_t session = 0;
    std::string id_number, kiosk;
};

int do_register(Context& ctx, const RegisterArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    // The registry answers whether the candidate already holds the certificate, and which exams a revocation voided.
    certs::CertRegistry registry(db, svc);
    svc.set_certificate_lookup(registry.certificate_lookup());
    content::ContentStore content(db);
    exam::require(actor, exam::Operation::ManageSessions);
    const auto cid = candidate_by_id_number(svc, actor, a.id_number);
    auto s = svc.session(actor, a.session);
    if (!s) throw CommandError("no session " + std::to_string(a.session));
    const auto ticket = svc.register_candidate(actor, cid, a.session, a.kiosk);
    const auto c = *svc.candidate(actor, cid);
    const auto attempt = *svc.attempt_by_ticket(actor, ticket);
    if (ctx.json) {
        std::cout << ordered_json{{"ticket", ticket},          {"attempt", attempt.id},
                                  {"attempt_no", attempt.attempt_no}, {"id_number", c.id_number},
                                  {"name", c.name},            {"item", item_label(content.catalogue(), s->item_id)},
                                  {"session", s->id},          {"start", local_time(s->starts_at_ms)},
                                  {"end", local_time(s->ends_at_ms)}, {"room", s->room},
                                  {"kiosk", attempt.kiosk}}
                         .dump(2)
                  << "\n";
        return kOk;
    }
    std::cout << "准考证 Admission ticket\n"
              << "  准考证号: " << ticket << "\n"
              << "  姓名:     " << c.name << "\n"
              << "  身份证号: " << c.id_number << "\n"
              << "  考试项目: " << item_label(content.catalogue(), s->item_id)
              << (attempt.attempt_no > 1 ? "（补考）" : "") << "\n"
              << "  考试时间: " << local_time(s->starts_at_ms) << " – " << local_time(s->ends_at_ms) << "\n"
              << "  考场:     " << s->room << (attempt.kiosk.empty() ? "" : "  机位 " + attempt.kiosk) << "\n";
    return kOk;
}

int do_list(Context& ctx)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    auto sessions = svc.sessions(actor);
    auto j = ordered_json::array();
    for (const auto& s : sessions) {
        const int registered = svc.count_attempts(actor, s.id);
        if (ctx.json) {
            j.push_back({{"id", s.id}, {"item", item_label(content.catalogue(), s.item_id)}, {"blueprint", s.blueprint_id},
                         {"start", local_time(s.starts_at_ms)}, {"end", local_time(s.ends_at_ms)}, {"room", s.room},
                         {"proctor", s.proctor}, {"kiosks", s.kiosks}, {"registered", registered}});
            continue;
        }
        std::cout << s.id << "\t" << local_time(s.starts_at_ms) << " – " << local_time(s.ends_at_ms) << "\t" << s.room
                  << "\t" << item_label(content.catalogue(), s.item_id) << "\t" << registered << " registered"
                  << (s.kiosks.empty() ? "" : "\tkiosks " + joined(s.kiosks)) << "\n";
    }
    if (ctx.json) std::cout << j.dump(2) << "\n";
    else std::cout << sessions.size() << " sessions\n";
    return kOk;
}

std::string minutes_seconds(std::int64_t ms)
{
    const bool negative = ms < 0;
    const std::int64_t s = (negative ? -ms : ms) / 1000;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%lld:%02lld", negative ? "-" : "", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
    return buf;
}

int do_seats(Context& ctx, std::int64_t session)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    auto seats = svc.seats(actor, session);
    if (!svc.session(actor, session)) throw CommandError("no session " + std::to_string(session));
    std::sort(seats.begin(), seats.end(), [](const auto& x, const auto& y) {
        return std::tie(x.attempt.kiosk, x.attempt.ticket) < std::tie(y.attempt.kiosk, y.attempt.ticket);
    });
    if (ctx.json) {
        auto j = ordered_json::array();
        for (const auto& v : seats)
            j.push_back({{"kiosk", v.attempt.kiosk},
                         {"attempt", v.attempt.id},
                         {"ticket", v.attempt.ticket},
                         {"name", v.candidate.name},
                         {"id_number", v.candidate.id_number},
                         {"state", std::string(exam::to_string(v.attempt.state))},
                         {"remaining_s", v.clock.remaining_ms / 1000},
                         {"answered", v.answered},
                         {"marked", v.marked},
                         {"total", v.total},
                         {"score", v.attempt.score ? ordered_json(*v.attempt.score) : ordered_json()}});
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    for (const auto& v : seats) {
        std::cout << (v.attempt.kiosk.empty() ? "-" : v.attempt.kiosk) << "\t" << v.attempt.ticket << "\t"
                  << v.candidate.name << "\t" << exam::to_string(v.attempt.state);
        const bool started = v.attempt.state == exam::AttemptState::InProgress || v.attempt.state == exam::AttemptState::Paused;
        if (started) std::cout << "\t" << minutes_seconds(v.clock.remaining_ms) << " left";
        if (started || exam::is_final(v.attempt.state) || v.attempt.state == exam::AttemptState::Submitted)
            std::cout << "\t" << v.answered << "/" << v.total << " answered";
        if (v.marked > 0 && started) std::cout << ", " << v.marked << " marked";
        if (v.attempt.score) std::cout << "\tscore " << format_number(*v.attempt.score);
        std::cout << "\n";
    }
    std::cout << seats.size() << " seats\n";
    return kOk;
}

} // namespace

void register_session_commands(CLI::App& app, Context& ctx)
{
    CLI::App* session = app.add_subcommand("session", "exam sessions (考试场次): create, register, list, seats");
    session->require_subcommand(1);

    auto create_args = std::make_shared<CreateArgs>();
    CLI::App* create = session->add_subcommand("create", "create a session on the item's current blueprint");
    create->add_option("--item", create_args->item, "catalogue item (操作项目 or role)")->required();
    create->add_option("--category", create_args->category, "its category, when the item name is not unique");
    create->add_option("--kind", create_args->kind, "initial (default) or review")->check(CLI::IsMember({"initial", "review"}));
    create->add_option("--start", create_args->start, "local start, \"YYYY-MM-DD HH:MM\"")->required();
    create->add_option("--end", create_args->end, "local end, \"YYYY-MM-DD HH:MM\"")->required();
    create->add_option("--room", create_args->room, "exam room (考场)")->required();
    create->add_option("--kiosks", create_args->kiosks, "the room's kiosks, comma-separated: A01,A02,…");
    create->add_option("--proctor", create_args->proctor, "the proctor's login");
    create->callback([&ctx, create_args] { ctx.action = [&ctx, create_args] { return do_create(ctx, *create_args); }; });

    auto reg_args = std::make_shared<RegisterArgs>();
    CLI::App* reg = session->add_subcommand(
        "register", "register a candidate for a session (eligibility is checked) and print the admission ticket");
    reg->add_option("SESSION", reg_args->session, "session id (session list)")->required();
    reg->add_option("ID_NUMBER", reg_args->id_number, "the candidate's ID number")->required();
    reg->add_option("--kiosk", reg_args->kiosk, "assign this kiosk (seat)");
    reg->callback([&ctx, reg_args] { ctx.action = [&ctx, reg_args] { return do_register(ctx, *reg_args); }; });

    CLI::App* list = session->add_subcommand("list", "list sessions with their registrations");
    list->callback([&ctx] { ctx.action = [&ctx] { return do_list(ctx); }; });

    auto seats_session = std::make_shared<std::int64_t>(0);
    CLI::App* seats = session->add_subcommand(
        "seats", "each seat of a session: examinee, state, remaining time, answered questions (proctor)");
    seats->add_option("SESSION", *seats_session, "session id")->required();
    seats->callback([&ctx, seats_session] { ctx.action = [&ctx, seats_session] { return do_seats(ctx, *seats_session); }; });
}

} // namespace sk::admin
