// An exam centre under load (issue 19, "Speed"): 60 simulated kiosks, each with its own SQLite journal (the outbox on)
// and its own SenderThread (the kiosk's defaults), against a local PostgreSQL 15 (fsync on). Figures:
//   - 已保存 (the journal's commit of an answer) p50 / p99 with the centre up, and with it down;
//   - upload lag (the centre's commit minus the answer's moment on the kiosk) p50 / p99 with the centre up;
//   - catch-up: after 60 s down, during which each kiosk answered 30 times, the time from the server's restart until
//     the centre holds every event of every journal;
//   - the proctor panel's query (exam::centre::kiosk_uploads) over the 60 seats.
//
// Time: with the centre up each kiosk answers every 10 s for 60 s (staggered over the 10 s), as an examinee would.
// With the centre down the 30 answers per kiosk come every 2 s (time compressed 5×: 30 answers at 10 s would take
// 5 minutes; the senders' backoff reaches its 8 s cap within 30 s either way, so the catch-up starts from the same
// state).
//
// The server is a throw-away cluster of this program's own (scripts/postgres start). A server named by
// SAFEKIOSK_BENCH_POSTGRES (a postgresql:// URI as a user that may create databases and roles) is used instead, but
// cannot be stopped: the figures with the centre down are left out then.
#include "bench/fsync.hpp"
#include "bench/report.hpp"
#include "certs/storage/cert_store.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/centre/centre.hpp"
#include "exam/centre/sync.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace sk;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace centre = sk::exam::centre;

namespace {

constexpr int kKiosks = 60;
const exam::Actor kAdmin{"bench", {exam::Role::Administrator, exam::Role::ExamStaff, exam::Role::TrainingStaff}};

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::int64_t wall_ms()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

storage::Database open_installation(const std::string& locator)
{
    return storage::open(locator, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()});
}

std::string seat(int k)
{
    char id[16];
    std::snprintf(id, sizeof id, "K%02d", k + 1);
    return id;
}

// The same exam in `locator` (the centre's database or a journal): 40 questions, a 10-question blueprint, a session
// of 60 seats open now, an examinee registered at each seat. Built in the same order everywhere, so the ids agree.
// Returns the tickets (this database's own) and ID numbers.
struct Exam {
    std::vector<std::string> tickets, id_numbers;
    std::vector<std::int64_t> attempts;
};
Exam build_exam(const std::string& locator)
{
    auto db = open_installation(locator);
    content::ContentStore store(db);
    {
        storage::Transaction tx(db);
        for (int i = 0; i < 40; ++i) {
            content::Question q;
            q.uid = "tf-" + std::to_string(i);
            q.category = "电工作业";
            q.item = "低压电工作业";
            q.chapter = "第1章";
            q.difficulty = 1;
            q.type = content::QuestionType::TrueFalse;
            q.options = content::true_false_options();
            q.answer = "A";
            q.stem = "电工作业判断题第" + std::to_string(i) + "题：停电检修必须先验电再挂接地线。";
            store.save_question(q);
        }
        tx.commit();
    }
    exam::ExamService svc(db);
    const auto item = store.catalogue().find("电工作业", "低压电工作业")->id;
    auto bp = svc.ensure_blueprint(kAdmin, item, exam::ExamKind::Initial);
    bp.id = 0;
    bp.strata = {exam::Stratum{content::QuestionType::TrueFalse, "", 1, 5, 10, 10.0}};
    bp.practical.clear();
    exam::Session s;
    s.blueprint_id = svc.save_blueprint(kAdmin, bp);
    s.item_id = item;
    s.starts_at_ms = wall_ms() - 10 * 60000;
    s.ends_at_ms = wall_ms() + 3 * 3600000LL;
    s.room = "第一考场";
    for (int k = 0; k < kKiosks; ++k) s.kiosks.push_back(seat(k));
    const auto session = svc.create_session(kAdmin, s);
    Exam out;
    for (int k = 0; k < kKiosks; ++k) {
        char first17[32];
        std::snprintf(first17, sizeof first17, "11010519800101%03d", k + 1);
        exam::Candidate c;
        c.id_number = first17 + std::string(1, exam::id_check_character(first17));
        c.name = "考生" + std::to_string(k + 1);
        c.item_id = item;
        const auto cid = svc.add_candidate(kAdmin, c);
        svc.set_class_hours(kAdmin, cid, 80);
        out.tickets.push_back(svc.register_candidate(kAdmin, cid, session, seat(k)));
        out.id_numbers.push_back(c.id_number);
        out.attempts.push_back(exam::ExamStore(db).attempt_by_ticket(out.tickets.back())->id);
    }
    return out;
}

struct Kiosk {
    std::filesystem::path journal;
    std::string uri;
    std::int64_t attempt = 0;
    std::vector<double> saves; // ms, this phase
};

// Every kiosk answers `answers` times, `every` apart, the first after a stagger of k·every/60; each save timed.
void answer(std::vector<Kiosk>& kiosks, int answers, std::chrono::milliseconds every, int& next_position)
{
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < kiosks.size(); ++k)
        threads.emplace_back([&, k] {
            auto j = open_installation(kiosks[k].journal.string());
            exam::ExamService svc(j);
            const auto start = Clock::now() + every * static_cast<int>(k) / static_cast<int>(kiosks.size());
            for (int a = 0; a < answers; ++a) {
                std::this_thread::sleep_until(start + every * a);
                const auto t = Clock::now();
                const int n = next_position + a;
                svc.record_answer(kiosks[k].attempt, n % 10 + 1, n % 2 ? "A" : "B", false);
                kiosks[k].saves.push_back(ms_since(t));
            }
        });
    for (auto& t : threads) t.join();
    next_position += answers;
}

std::vector<double> saves_of(std::vector<Kiosk>& kiosks)
{
    std::vector<double> all;
    for (auto& k : kiosks) {
        all.insert(all.end(), k.saves.begin(), k.saves.end());
        k.saves.clear();
    }
    return all;
}

std::int64_t count(storage::Database& db, const std::string& sql)
{
    auto st = db.prepare(sql);
    st.step();
    return st.int64(0);
}

} // namespace

int main()
{
    const auto dir = std::filesystem::temp_directory_path() / ("safekiosk-centre-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    bench::Report report("centre_bench: 60 kiosks with journals and senders, a PostgreSQL centre (loopback, fsync on)");
    const double fsync_ms = bench::bare_fsync_ms(dir);
    report.info("one bare write + fsync (median of 300)", fsync_ms, "ms");

    // The server.
    std::string server;
    const auto cluster = dir / "pg";
    const std::string script = std::string(SAFEKIOSK_ROOT) + "/scripts/postgres";
    const char* named = std::getenv("SAFEKIOSK_BENCH_POSTGRES");
    const bool own = !(named && *named);
    if (!own) {
        server = named;
    } else {
        const std::string out = (dir / "uri").string();
        if (std::system((script + " start " + cluster.string() + " >" + out).c_str()) != 0) {
            report.note("no server (scripts/postgres start failed): no figures");
            std::filesystem::remove_all(dir);
            return report.finish();
        }
        FILE* f = std::fopen(out.c_str(), "r");
        char buf[512] = {};
        if (f && std::fgets(buf, sizeof buf, f)) server = buf;
        if (f) std::fclose(f);
        while (!server.empty() && server.back() == '\n') server.pop_back();
    }
    const std::string db_uri = server.substr(0, server.rfind('/') + 1) + "centre_bench";
    std::vector<std::string> roles;
    {
        auto admin = storage::Database::open(server);
        admin.exec("DROP DATABASE IF EXISTS centre_bench WITH (FORCE)");
        admin.exec("CREATE DATABASE centre_bench");
    }

    // The centre and 60 kiosks: each journal a copy of the same exam with its examinee checked in and started.
    std::vector<Kiosk> kiosks(kKiosks);
    {
        const auto t = Clock::now();
        const auto at_centre = build_exam(db_uri);
        const auto template_journal = dir / "template.db";
        const auto in_journal = build_exam(template_journal.string());
        auto db = storage::Database::open(db_uri, false);
        const auto init = centre::init(db);
        roles = {init.roles.exam_kiosk, init.roles.training_kiosk, init.roles.staff};
        for (int k = 0; k < kKiosks; ++k) {
            if (at_centre.attempts[k] != in_journal.attempts[k]) {
                std::fprintf(stderr, "centre_bench: the journal's attempt ids differ from the centre's\n");
                return 1;
            }
            const auto folder = dir / seat(k);
            std::filesystem::create_directories(folder);
            const auto added = centre::add_kiosk(
                db, db_uri, {seat(k), "第一考场", centre::KioskRole::Exam, folder / "centre.pgpass", false, wall_ms()});
            roles.push_back(added.kiosk.login);
            kiosks[k].uri = added.centre_uri;
            kiosks[k].journal = folder / "journal.db";
            std::filesystem::copy_file(template_journal, kiosks[k].journal);
            // Its audit key folder beside it (DB.keys) too.
            std::filesystem::copy(template_journal.string() + ".keys", kiosks[k].journal.string() + ".keys", std::filesystem::copy_options::recursive);
            auto j = open_installation(kiosks[k].journal.string());
            centre::enable_outbox(j);
            exam::ExamService svc(j);
            kiosks[k].attempt = svc.check_in(in_journal.id_numbers[k], in_journal.tickets[k], seat(k), "第一考场");
            svc.confirm_identity(kiosks[k].attempt);
            svc.show_instructions(kiosks[k].attempt);
            svc.start(kiosks[k].attempt);
        }
        report.note("set up the centre and 60 journals in " + std::to_string(ms_since(t) / 1000) + " s");
    }
    std::vector<std::unique_ptr<centre::SenderThread>> senders;
    for (const auto& k : kiosks) {
        centre::SenderOptions o;
        o.centre_uri = k.uri;
        senders.push_back(std::make_unique<centre::SenderThread>(k.journal, o));
    }
    auto centre_holds_everything = [&] {
        std::int64_t journals = 0;
        for (const auto& k : kiosks) {
            auto j = storage::Database::open(k.journal, false);
            journals += count(j, "SELECT count(*) FROM outbox");
        }
        auto db = storage::Database::open(db_uri, false);
        return count(db, "SELECT count(*) FROM centre_event") >= journals;
    };
    auto wait_until_held = [&](std::chrono::seconds limit) {
        const auto until = Clock::now() + limit;
        while (!centre_holds_everything()) {
            if (Clock::now() >= until) return false;
            std::this_thread::sleep_for(100ms);
        }
        return true;
    };

    // The centre up: every 10 s for 60 s.
    int position = 0;
    const auto up_started_ms = wall_ms();
    answer(kiosks, 6, 10s, position);
    const auto up_saves = saves_of(kiosks);
    if (!wait_until_held(30s)) report.note("the centre up: not every event arrived within 30 s");
    std::vector<double> lags;
    {
        auto db = storage::Database::open(db_uri, false);
        auto st = db.prepare("SELECT received_at_ms - at_ms FROM centre_event WHERE kind = 'answer' AND at_ms >= ?");
        st.bind(1, up_started_ms);
        while (st.step()) lags.push_back(static_cast<double>(st.int64(0)) / 1000);
    }
    report.at_most("已保存 with the centre up: p50 (" + std::to_string(up_saves.size()) + " answers)",
                   percentile(up_saves, 0.5), "ms", 2.0, fsync_ms);
    report.at_most("已保存 with the centre up: p99", percentile(up_saves, 0.99), "ms", 5.0, fsync_ms);
    report.info("upload lag with the centre up: p50 (" + std::to_string(lags.size()) + " answers)",
                percentile(lags, 0.5), "s");
    report.at_most("upload lag with the centre up: p99", percentile(lags, 0.99), "s", 1.0);

    // The proctor panel's query over the 60 seats (as the owner; the staff role reads the same tables).
    {
        auto db = storage::Database::open(db_uri, false);
        std::vector<double> reads;
        std::size_t seats = 0;
        for (int i = 0; i < 50; ++i) {
            const auto t = Clock::now();
            seats = centre::kiosk_uploads(db).size();
            reads.push_back(ms_since(t));
        }
        const auto events = count(db, "SELECT count(*) FROM centre_event");
        report.at_most("proctor panel query, " + std::to_string(seats) + " seats, " + std::to_string(events) +
                           " events: median of 50",
                       percentile(reads, 0.5), "ms", 20.0);
        report.at_most("proctor panel query: slowest of 50", percentile(reads, 1.0), "ms", 20.0);
    }

    if (own) {
        // The centre down for 60 s (a power cut: pg_ctl stop -m immediate) while each kiosk answers 30 times.
        std::system((script + " kill " + cluster.string()).c_str());
        const auto down = Clock::now();
        answer(kiosks, 30, 2s, position);
        const auto down_saves = saves_of(kiosks);
        std::this_thread::sleep_until(down + 60s);
        if (std::system((script + " start-again " + cluster.string()).c_str()) != 0) {
            report.note("the server did not start again");
            return report.finish();
        }
        const auto up = Clock::now();
        const bool held = wait_until_held(120s);
        const double catch_up = ms_since(up) / 1000;
        report.at_most("已保存 with the centre down: p50 (" + std::to_string(down_saves.size()) + " answers)",
                       percentile(down_saves, 0.5), "ms", 2.0, fsync_ms);
        report.at_most("已保存 with the centre down: p99", percentile(down_saves, 0.99), "ms", 5.0, fsync_ms);
        report.at_most(std::string("catch-up after 60 s down, 60 kiosks × 30 answers") + (held ? "" : " (NOT complete)"),
                       catch_up, "s", 30.0);
    } else {
        report.note("a server named by SAFEKIOSK_BENCH_POSTGRES is not stopped: no figures with the centre down");
    }

    for (auto& s : senders) s->finish(10s);
    senders.clear();
    {
        auto db = storage::Database::open(db_uri, false);
        const auto events = count(db, "SELECT count(*) FROM centre_event");
        const auto distinct = count(db, "SELECT count(DISTINCT (attempt_id, seq)) FROM centre_event");
        const auto conflicts = count(db, "SELECT count(*) FROM centre_event_conflict");
        report.note(std::to_string(events) + " events at the centre, " + std::to_string(distinct) + " distinct, " +
                    std::to_string(conflicts) + " conflicts");
    }
    {
        auto admin = storage::Database::open(server);
        admin.exec("DROP DATABASE IF EXISTS centre_bench WITH (FORCE)");
        for (const auto& r : roles) admin.exec("DROP ROLE IF EXISTS \"" + r + "\"");
    }
    if (own) std::system((script + " stop " + cluster.string()).c_str());
    std::filesystem::remove_all(dir);
    return report.finish();
}
