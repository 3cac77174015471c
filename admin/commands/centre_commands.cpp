#include "admin/commands/centre_commands.hpp"

#include "exam/centre/centre.hpp"
#include "exam/centre/checkin.hpp"
#include "exam/centre/results.hpp"
#include "exam/centre/copy.hpp"
#include "exam/centre/seat.hpp"
#include "exam/city/city.hpp"
#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

namespace sk::admin {

namespace {

namespace centre = exam::centre;

struct AddKioskArgs {
    std::string kiosk_id;
    std::string room;
    std::string role = "exam";
    std::string passfile;
    bool replace = false;
};

// A refusal the operator can act on: exit 1 with the message.
template <class F>
int refusals_as_bad_input(F&& f)
{
    try {
        return f();
    } catch (const centre::CentreError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    }
}

int do_init(Context& ctx)
{
    return refusals_as_bad_input([&] {
        // The installation's tables first (as db init), then the centre's.
        auto db = open_database(ctx, false);
        const auto r = centre::init(db);
        if (ctx.json) {
            nlohmann::ordered_json j;
            j["database"] = db.describe();
            j["schema_steps"] = r.schema_steps;
            j["roles"] = {r.roles.exam_kiosk, r.roles.training_kiosk, r.roles.staff};
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << db.describe() << ": centre "
                      << (r.schema_steps ? "tables created" : "tables up to date") << "; roles "
                      << r.roles.exam_kiosk << ", " << r.roles.training_kiosk << ", " << r.roles.staff
                      << (r.roles_created ? " created" : "") << "; grants applied\n";
        }
        return kOk;
    });
}

int do_add_kiosk(Context& ctx, const AddKioskArgs& a)
{
    return refusals_as_bad_input([&] {
        const auto role = centre::parse_kiosk_role(a.role);
        if (!role) throw std::invalid_argument("--role " + a.role + ": exam or training");
        auto db = open_database(ctx, false);
        centre::AddKioskOptions o;
        o.kiosk_id = a.kiosk_id;
        o.room = a.room;
        o.role = *role;
        o.passfile = a.passfile.empty() ? a.kiosk_id + ".pgpass" : a.passfile;
        o.replace = a.replace;
        o.now_ms = exam::system_now_ms();
        const auto k = centre::add_kiosk(db, database_path(ctx), o);
        std::cerr << "kiosk " << k.kiosk.kiosk_id << " (" << centre::to_string(k.kiosk.role) << ", "
                  << k.kiosk.room << "): login " << k.kiosk.login << (k.replaced ? " given a new password" : " created")
                  << "; its password is in " << k.passfile.string()
                  << " (mode 0600): copy it to the kiosk at that path. Its kiosk.json:\n";
        std::cout << centre::kiosk_json_fragment(k) << "\n";
        return kOk;
    });
}

int do_kiosks(Context& ctx)
{
    return refusals_as_bad_input([&] {
        auto db = open_database(ctx, false);
        const auto list = centre::kiosks(db);
        if (ctx.json) {
            auto j = nlohmann::ordered_json::array();
            for (const auto& k : list)
                j.push_back({{"kiosk_id", k.kiosk_id}, {"room", k.room}, {"role", centre::to_string(k.role)},
                             {"login", k.login}});
            std::cout << j.dump(2) << "\n";
        } else {
            for (const auto& k : list)
                std::cout << k.kiosk_id << "\t" << k.room << "\t" << centre::to_string(k.role) << "\t" << k.login << "\n";
        }
        return kOk;
    });
}

// Every kiosk's upload as the centre sees it. Reads with SELECT only (a staff login suffices) and applies no
// migration, so exam staff who are not the database's owner can run it.
int do_seats(Context& ctx)
{
    return refusals_as_bad_input([&] {
        auto db = storage::Database::open_read_only(database_path(ctx));
        const auto list = centre::kiosk_uploads(db);
        const std::int64_t now = exam::system_now_ms();
        const auto seconds = [](std::int64_t ms) { return static_cast<double>(ms) / 1000.0; };
        if (ctx.json) {
            auto j = nlohmann::ordered_json::array();
            for (const auto& u : list) {
                nlohmann::ordered_json row{{"kiosk_id", u.kiosk.kiosk_id}, {"room", u.kiosk.room},
                                           {"role", centre::to_string(u.kiosk.role)}, {"events", u.events},
                                           {"attempts", u.attempts}, {"conflicts", u.conflicts}};
                row["last_event_at_ms"] = u.last_at_ms ? nlohmann::ordered_json(*u.last_at_ms) : nullptr;
                row["last_received_ms"] = u.last_received_ms ? nlohmann::ordered_json(*u.last_received_ms) : nullptr;
                row["lag_s"] = u.lag_ms() ? nlohmann::ordered_json(seconds(*u.lag_ms())) : nullptr;
                row["silent_s"] = u.last_received_ms ? nlohmann::ordered_json(seconds(std::max<std::int64_t>(0, now - *u.last_received_ms)))
                                                     : nullptr;
                row["clock_offset_s"] = u.clock ? nlohmann::ordered_json(seconds(u.clock->offset_ms)) : nullptr;
                row["clock_read_at_ms"] = u.clock ? nlohmann::ordered_json(u.clock->read_at_ms) : nullptr;
                row["clock_wrong"] = u.clock_wrong();
                j.push_back(std::move(row));
            }
            std::cout << j.dump(2) << "\n";
            return kOk;
        }
        std::cout << "kiosk\troom\trole\tevents\tattempts\tlast event\tlag\tlast heard\tclock\tconflicts\n";
        int wrong_clocks = 0;
        for (const auto& u : list) {
            char lag[32] = "-", heard[32] = "never", clock[64] = "-";
            if (u.lag_ms()) std::snprintf(lag, sizeof lag, "%.1f s", seconds(*u.lag_ms()));
            if (u.last_received_ms)
                std::snprintf(heard, sizeof heard, "%.0f s ago", seconds(std::max<std::int64_t>(0, now - *u.last_received_ms)));
            // The kiosk's clock against the centre's: behind (slow) or ahead (fast), in whole seconds.
            if (u.clock) {
                const std::int64_t off = u.clock->offset_ms;
                if (off > -1000 && off < 1000) std::snprintf(clock, sizeof clock, "ok");
                else
                    std::snprintf(clock, sizeof clock, "%lld s %s%s", static_cast<long long>(std::llabs(off) / 1000),
                                  off > 0 ? "slow" : "fast", u.clock_wrong() ? " (set it)" : "");
                wrong_clocks += u.clock_wrong() ? 1 : 0;
            }
            // The last event's time as the kiosk stamped it, moved onto the centre's clock when the offset is known.
            const std::string last =
                u.last_at_ms ? local_time(*u.last_at_ms + (u.clock ? u.clock->offset_ms : 0)) : std::string("-");
            std::cout << u.kiosk.kiosk_id << "\t" << u.kiosk.room << "\t" << centre::to_string(u.kiosk.role) << "\t"
                      << u.events << "\t" << u.attempts << "\t" << last << "\t" << lag
                      << "\t" << heard << "\t" << clock << "\t" << u.conflicts
                      << (u.conflicts ? " (see centre_event_conflict)" : "") << "\n";
        }
        if (wrong_clocks)
            std::cerr << "centre seats: " << wrong_clocks << " kiosk(s) with a clock a minute or more off the centre's: "
                      << "set their clocks (their exam time does not depend on it; their events' times do)\n";
        return kOk;
    });
}

// The centre's engine draws the papers of a session before its examinees check in at their kiosks (central
// check-in hands each kiosk its attempt's paper). Exam staff, signed in.
int do_draw_papers(Context& ctx, std::int64_t session_id)
{
    return refusals_as_bad_input([&] {
        auto db = open_database(ctx, false);
        const auto actor = sign_in(ctx, db);
        const auto r = centre::draw_papers(db, actor, session_id, exam::system_now_ms());
        if (ctx.json) {
            nlohmann::ordered_json j;
            j["session"] = session_id;
            j["drawn"] = r.drawn;
            j["already_drawn"] = r.already;
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "session " << session_id << ": " << r.drawn << " paper(s) drawn, " << r.already
                      << " drawn before\n";
        }
        return kOk;
    });
}

// The centre's results: every attempt's upload (final, incomplete with the missing numbers, not submitted, invalid,
// collected) and, with --collect, the final ones collected and graded at the centre. Exam staff, signed in.
struct ResultsArgs {
    std::optional<std::int64_t> session;
    bool collect = false;
};

std::string upload_text(const centre::AttemptUpload& u)
{
    switch (u.status) {
    case centre::UploadStatus::NotSubmitted:
        return u.missing.empty() ? "not submitted" : "not submitted (missing " + centre::missing_text(u.missing) + ")";
    case centre::UploadStatus::Incomplete: return "incomplete (missing " + centre::missing_text(u.missing) + ")";
    case centre::UploadStatus::Final: return u.cancel_held ? "final (ended by the proctor)" : "final";
    case centre::UploadStatus::Invalid: return "invalid: " + u.problem;
    case centre::UploadStatus::Collected: return "collected";
    case centre::UploadStatus::Cancelled: return "cancelled";
    }
    return "?";
}

int do_results(Context& ctx, const ResultsArgs& a)
{
    return refusals_as_bad_input([&] {
        auto db = open_database(ctx, false);
        const auto actor = sign_in(ctx, db);
        std::vector<centre::CollectOutcome> rows;
        int collected_now = 0;
        if (a.collect) {
            auto r = centre::collect_results(db, actor, a.session, exam::system_now_ms());
            rows = std::move(r.attempts);
            collected_now = r.collected_now;
        } else {
            for (auto& u : centre::attempt_uploads(db, actor, a.session)) rows.push_back({std::move(u), false});
        }
        if (ctx.json) {
            auto j = nlohmann::ordered_json::array();
            for (const auto& [u, now] : rows) {
                nlohmann::ordered_json row{{"attempt", u.attempt_id}, {"session", u.session_id}, {"ticket", u.ticket},
                                           {"name", u.name}, {"kiosk", u.kiosk}, {"state", std::string(exam::to_string(u.state))},
                                           {"events", u.events}, {"last_seq", u.last_seq}};
                auto missing = nlohmann::ordered_json::array();
                for (const auto& m : u.missing) missing.push_back({m.first, m.last});
                row["missing"] = missing;
                row["submit_held"] = u.submit_held;
                row["cancel_held"] = u.cancel_held;
                row["conflicts"] = u.conflicts;
                row["upload"] = centre::to_string(u.status);
                row["problem"] = u.problem.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(u.problem);
                row["score"] = u.score ? nlohmann::ordered_json(*u.score) : nullptr;
                row["passed"] = u.passed ? nlohmann::ordered_json(*u.passed) : nullptr;
                if (a.collect) row["collected_now"] = now;
                j.push_back(std::move(row));
            }
            std::cout << j.dump(2) << "\n";
            return kOk;
        }
        std::cout << "session\tticket\tname\tkiosk\tevents\tupload\tscore\tconflicts\n";
        for (const auto& [u, now] : rows) {
            std::string score = "-";
            if (u.score) score = format_number(*u.score) + (u.passed.value_or(false) ? " 合格" : " 不合格");
            std::cout << u.session_id << "\t" << u.ticket << "\t" << u.name << "\t" << (u.kiosk.empty() ? "-" : u.kiosk)
                      << "\t" << u.events << "\t" << upload_text(u) << (now ? " now" : "") << "\t" << score << "\t"
                      << u.conflicts << (u.conflicts ? " (kept apart, not in the result)" : "") << "\n";
        }
        if (a.collect) {
            int waiting = 0;
            for (const auto& [u, now] : rows)
                if (u.status == centre::UploadStatus::Incomplete || u.status == centre::UploadStatus::NotSubmitted ||
                    u.status == centre::UploadStatus::Invalid)
                    ++waiting;
            std::cerr << collected_now << " attempt(s) collected now; " << waiting
                      << " not final (incomplete, not submitted or invalid): nothing graded for them\n";
        }
        return kOk;
    });
}

// The centre's collector: every upload collected and graded as soon as it is final, until SIGINT or SIGTERM (the
// service safekiosk-centre-collect on the centre's server). Acts as centre-collector (exam/centre/results.hpp): no
// sign-in, for it runs with the database owner's login and the audit key. One line per attempt collected on stdout,
// and per attempt named whose upload cannot be final yet; failures (retried) on stderr.
int do_collect(Context& ctx, int sweep_seconds)
{
    return refusals_as_bad_input([&] {
        const std::string uri = database_path(ctx);
        if (!storage::is_server_locator(uri))
            throw centre::CentreError("--db " + uri + ": the collector works on the centre's PostgreSQL database");
        {
            auto db = open_database(ctx, false);
            if (!centre::is_centre(db))
                throw centre::CentreError(db.describe() + ": not an exam centre's database (run centre init first)");
        }
        if (sweep_seconds < 1) throw std::invalid_argument("--sweep: at least 1 second");
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
        std::atomic<bool> stop{false};
        std::thread stopper([&] {
            int sig = 0;
            sigwait(&stop_signals, &sig);
            stop = true;
        });
        const auto seat = [](const centre::AttemptUpload& u) {
            return "attempt " + std::to_string(u.attempt_id) + " (ticket " + u.ticket + ", " + u.name +
                   (u.kiosk.empty() ? std::string() : " at " + u.kiosk) + ")";
        };
        centre::FollowEvents events;
        events.listening = [&] { std::cerr << "collect: listening for final uploads at " << uri << std::endl; };
        events.collected = [&](const centre::CollectOutcome& o) {
            const auto& u = o.upload;
            std::string result = "cancelled (ended by the proctor)";
            if (u.status == centre::UploadStatus::Collected && u.score)
                result = format_number(*u.score) + (u.passed.value_or(false) ? " 合格" : " 不合格");
            std::cout << "collected " << seat(u) << ": " << result << std::endl;
        };
        events.not_final = [&](const centre::CollectOutcome& o) {
            std::cout << "not final " << seat(o.upload) << ": " << upload_text(o.upload) << std::endl;
        };
        events.trouble = [&](const std::string& what) { std::cerr << "collect: " << what << " (retrying)" << std::endl; };
        centre::FollowOptions options;
        options.sweep = std::chrono::seconds(sweep_seconds);
        centre::follow_results(uri, centre::collector_actor(), stop, options, events);
        stopper.join();
        return kOk;
    });
}

// An exam kiosk's journal (--db, an SQLite file) pulls what its room needs from the centre with the kiosk's login
// (exam/centre/copy.hpp), as the kiosk does at its start and before each check-in: e.g. the evening before.
int do_pull(Context& ctx, const std::string& centre_uri, const std::string& kiosk_id)
{
    return refusals_as_bad_input([&] {
        if (storage::is_server_locator(database_path(ctx)))
            throw centre::CentreError("--db " + database_path(ctx) + ": a kiosk's journal is an SQLite file on the "
                                      "kiosk; --centre names the centre's server");
        auto journal = open_database(ctx, true);
        centre::CopyReport r;
        try {
            centre::require_kiosk_login(centre_uri, kiosk_id);
            r = centre::pull_from_centre(journal, centre_uri, kiosk_id, exam::system_now_ms());
        } catch (const centre::CentreUnreachable& e) {
            std::cerr << "error: cannot reach the exam centre (" << e.what() << "); " << journal.describe()
                      << " is unchanged\n";
            return kStorage;
        }
        if (ctx.json) {
            nlohmann::ordered_json j;
            j["journal"] = journal.describe();
            j["added"] = r.added;
            j["updated"] = r.updated;
            j["unchanged"] = r.unchanged;
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << journal.describe() << ": " << centre::describe(r) << "\n";
        }
        return kOk;
    });
}

// Seat change (移机): the proctor moves an attempt to another kiosk of the room; the examinee checks in there and goes
// on. Proctors (ProctorAttempts), signed in, as on a single machine.
struct MoveArgs {
    std::string ticket;
    std::string to;
    std::string reason;
};

int do_move(Context& ctx, const MoveArgs& a)
{
    return refusals_as_bad_input([&] {
        auto db = open_database(ctx, false);
        const auto actor = sign_in(ctx, db);
        const auto m = centre::move_attempt(db, actor, a.ticket, a.to, a.reason, exam::system_now_ms());
        if (ctx.json) {
            nlohmann::ordered_json j{{"attempt", m.attempt_id}, {"session", m.session_id}, {"ticket", m.ticket},
                                     {"name", m.name},          {"from", m.from},          {"to", m.to},
                                     {"reason", m.reason},      {"last_seq", m.last_seq}};
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "ticket " << m.ticket << " (" << m.name << "): moved from "
                      << (m.from.empty() ? std::string("no seat") : m.from) << " to " << m.to
                      << "; the centre holds its events up to " << m.last_seq << ", so " << m.to
                      << " goes on from " << m.last_seq + 1 << ". The examinee checks in at " << m.to
                      << " with the same ticket and ID number; what " << (m.from.empty() ? "the old seat" : m.from)
                      << " sends from now on is kept apart (centre conflicts)\n";
        }
        return kOk;
    });
}

// The events kept apart at the centre, for the proctor: a late event from a seat the attempt was moved away from
// (seat), or other content under a number the centre holds (content). Reads with SELECT only (a staff login).
int do_conflicts(Context& ctx, std::optional<std::int64_t> session)
{
    return refusals_as_bad_input([&] {
        auto db = storage::Database::open_read_only(database_path(ctx));
        const auto list = centre::conflicts(db, session);
        if (ctx.json) {
            auto j = nlohmann::ordered_json::array();
            for (const auto& c : list) {
                nlohmann::ordered_json row{{"id", c.id}, {"attempt", c.attempt_id}};
                row["session"] = c.session_id ? nlohmann::ordered_json(*c.session_id) : nullptr;
                row["ticket"] = c.ticket;
                row["seat"] = c.seat;
                row["kiosk"] = c.kiosk;
                row["seq"] = c.seq;
                row["kind"] = c.kind;
                row["at_ms"] = c.at_ms;
                row["received_at_ms"] = c.received_at_ms;
                row["reason"] = c.reason;
                row["body"] = c.body;
                j.push_back(std::move(row));
            }
            std::cout << j.dump(2) << "\n";
            return kOk;
        }
        std::cout << "session\tticket\tseat now\tfrom kiosk\tseq\tkind\tat\treason\tevent\n";
        for (const auto& c : list)
            std::cout << (c.session_id ? std::to_string(*c.session_id) : "-") << "\t"
                      << (c.ticket.empty() ? "attempt " + std::to_string(c.attempt_id) : c.ticket) << "\t"
                      << (c.seat.empty() ? "-" : c.seat) << "\t" << c.kiosk << "\t" << c.seq << "\t" << c.kind
                      << "\t" << local_time(c.at_ms) << "\t"
                      << (c.reason == "seat" ? "seat (sent after the attempt left " + c.kiosk + ")"
                                             : "content (the centre holds " + std::to_string(c.seq) + " otherwise)")
                      << "\t" << c.body << "\n";
        std::cerr << list.size() << " event(s) kept apart: none is in any result; nothing was dropped\n";
        return kOk;
    });
}

// The city tier: publish the centre's results, certificates and audit log to the city's replication login
// (docs/exam-centre.md, "The city"). The database's owner; idempotent.
int do_publish(Context& ctx, const std::string& login)
{
    auto db = open_database(ctx, false);
    const auto p = exam::city::publish(db, login);
    if (ctx.json) {
        nlohmann::ordered_json j{{"database", p.database},
                                 {"schema", p.schema},
                                 {"publication", exam::city::kPublication},
                                 {"login", p.login},
                                 {"tables", p.tables},
                                 {"created", p.created},
                                 {"max_slot_wal_keep_size", p.max_slot_wal_keep_size}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << db.describe() << ": publication " << exam::city::kPublication
                  << (p.created ? " created" : " up to date") << " (" << p.tables.size() << " tables of schema "
                  << p.schema << "), readable by " << p.login << ". At the city, as its superuser: "
                  << "safekiosk-admin --db CITY city add-centre --name NAME --from postgresql://" << p.login
                  << "@THIS-SERVER/" << p.database << "\n";
    }
    if (p.max_slot_wal_keep_size == "-1")
        std::cerr << "warning: max_slot_wal_keep_size is -1 (unbounded): while the city is away, this server keeps "
                     "every change for it until its disk fills; set it in postgresql.conf (e.g. 10GB) and reload\n";
    return kOk;
}

} // namespace

void register_centre_commands(CLI::App& app, Context& ctx)
{
    CLI::App* group = app.add_subcommand("centre", "an exam centre's PostgreSQL database: its roles and kiosks");
    group->require_subcommand(1);
    group->add_subcommand("init", "create or update the centre's tables, database roles and grants (idempotent)")
        ->callback([&ctx] { ctx.action = [&ctx] { return do_init(ctx); }; });
    auto args = std::make_shared<AddKioskArgs>();
    CLI::App* add = group->add_subcommand("add-kiosk", "create a kiosk's login and password file; prints its kiosk.json");
    add->add_option("kiosk", args->kiosk_id, "the kiosk's id, e.g. A01")->required();
    add->add_option("--room", args->room, "its room, e.g. 第一考场")->required();
    add->add_option("--role", args->role, "exam or training (default exam)");
    add->add_option("--passfile", args->passfile, "where to write its password (default KIOSK.pgpass here)");
    add->add_flag("--replace", args->replace, "give a kiosk that exists a new password, room and role");
    add->callback([&ctx, args] { ctx.action = [&ctx, args] { return do_add_kiosk(ctx, *args); }; });
    group->add_subcommand("kiosks", "list the centre's kiosks")
        ->callback([&ctx] { ctx.action = [&ctx] { return do_kiosks(ctx); }; });
    group->add_subcommand("seats", "every kiosk's upload: events received, last event, upload lag, conflicts "
                                   "(a staff login suffices)")
        ->callback([&ctx] { ctx.action = [&ctx] { return do_seats(ctx); }; });
    auto session = std::make_shared<std::int64_t>(0);
    CLI::App* draw = group->add_subcommand("draw-papers", "draw the paper of every examinee of a session who has none "
                                                          "yet (least-used across the session), for central check-in");
    draw->add_option("--session", *session, "the session's id")->required();
    draw->callback([&ctx, session] { ctx.action = [&ctx, session] { return do_draw_papers(ctx, *session); }; });
    auto results = std::make_shared<ResultsArgs>();
    CLI::App* res = group->add_subcommand("results", "every attempt's upload at the centre: final (every event, no gap, "
                                                     "submitted), incomplete (the missing numbers), not submitted, "
                                                     "collected with its score; --collect grades the final ones");
    res->add_option("--session", results->session, "only this session (default: every session)");
    res->add_flag("--collect", results->collect, "collect every final attempt into the centre's results and grade it "
                                                 "(one transaction each; collecting again changes nothing)");
    res->callback([&ctx, results] { ctx.action = [&ctx, results] { return do_results(ctx, *results); }; });
    auto sweep = std::make_shared<int>(60);
    CLI::App* col = group->add_subcommand("collect", "the centre's collector: collect and grade every upload as soon "
                                                     "as it is final, until stopped (a service on the centre's server; "
                                                     "audited as centre-collector)");
    col->add_option("--sweep", *sweep, "seconds between looks at every attempt still to collect (default 60)");
    col->callback([&ctx, sweep] { ctx.action = [&ctx, sweep] { return do_collect(ctx, *sweep); }; });
    auto pull = std::make_shared<std::pair<std::string, std::string>>();
    CLI::App* pull_cmd = group->add_subcommand("pull", "copy into this kiosk's journal (--db) what its room's sessions "
                                                       "need from the centre, with the kiosk's login");
    pull_cmd->add_option("--centre", pull->first, "kiosk.json's \"centre\": the centre's URI with the kiosk's login")
        ->required();
    pull_cmd->add_option("--kiosk", pull->second, "kiosk.json's \"kiosk_id\", e.g. A01")->required();
    pull_cmd->callback([&ctx, pull] { ctx.action = [&ctx, pull] { return do_pull(ctx, pull->first, pull->second); }; });
    auto move = std::make_shared<MoveArgs>();
    CLI::App* mv = group->add_subcommand("move", "seat change (移机): move an examinee's attempt to another exam kiosk "
                                                 "of the room; the examinee checks in there and goes on (proctor)");
    mv->add_option("--ticket", move->ticket, "the examinee's ticket")->required();
    mv->add_option("--to", move->to, "the kiosk to move to, e.g. A02")->required();
    mv->add_option("--reason", move->reason, "why (audited), e.g. 屏幕故障")->required();
    mv->callback([&ctx, move] { ctx.action = [&ctx, move] { return do_move(ctx, *move); }; });
    auto login = std::make_shared<std::string>();
    CLI::App* pub = group->add_subcommand("publish", "publish the centre's results, certificates and audit log to the "
                                                     "city (logical replication; idempotent; the database's owner)");
    pub->add_option("--to", *login, "the city's replication login on this server (LOGIN REPLICATION)")->required();
    pub->callback([&ctx, login] { ctx.action = [&ctx, login] { return do_publish(ctx, *login); }; });
    auto conflict_session = std::make_shared<std::optional<std::int64_t>>();
    CLI::App* conf = group->add_subcommand("conflicts", "the events kept apart at the centre: late events from a seat "
                                                        "the attempt left (seat) and other content under a number "
                                                        "held (content); never dropped (a staff login suffices)");
    conf->add_option("--session", *conflict_session, "only this session's attempts (default: all)");
    conf->callback([&ctx, conflict_session] {
        ctx.action = [&ctx, conflict_session] { return do_conflicts(ctx, *conflict_session); };
    });
}

} // namespace sk::admin
