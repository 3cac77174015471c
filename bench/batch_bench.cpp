// Certificates across sessions (project issue 20, "Speed"): what a certificate officer's `cert batch` costs. 500
// candidates passed the low-voltage electrician exam (theory sat through ExamService, practical K1–K4 entered)
// across two sessions; certs::issue_batch then issues each certificate with its audit entry (committed in groups)
// and renders all of them into one PDF file, timed end to end against the target. The split is measured on a copy
// of the same database made before the batch: the pending list, issuing one certificate at a time (each in its own
// transaction, as the window's 签发 button does), then certs::render_batch printing those certificates into one
// PDF. The set-up is not timed. On an SQLite file opened as the admin program opens it (every library's schema, WAL,
// synchronous=FULL).
#include "bench/fsync.hpp"
#include "bench/report.hpp"
#include "certs/batch.hpp"
#include "certs/demo_photo.hpp"
#include "certs/registry.hpp"
#include "certs/storage/cert_store.hpp"
#include "content/installation.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "exam/storage/exam_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <time.h>
#include <unistd.h>
#include <vector>

using namespace sk;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kPerSession = 250; // two sessions: 500 certificates

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double cpu_s()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Milliseconds since the epoch of `hour`:00 China Standard Time on y-m-d.
std::int64_t cst_ms(int y, unsigned m, unsigned d, int hour = 9)
{
    using namespace std::chrono;
    const sys_days date{year(y) / month(m) / day(d)};
    return duration_cast<milliseconds>((date + hours(hour - 8)).time_since_epoch()).count();
}

storage::Database open_installation(const std::filesystem::path& file)
{
    return storage::open(file, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()});
}

// The exam centre over one database file, with a clock the set-up moves (sessions are created ahead of time, then
// sat).
struct Centre {
    storage::Database db;
    std::int64_t now_ms;
    exam::ExamService exam;
    certs::CertRegistry registry;
    exam::ExamStore store{db};
    exam::Actor admin{"admin", {exam::Role::Administrator}};
    exam::Actor staff{"staff", {exam::Role::ExamStaff}};
    exam::Actor trainer{"trainer", {exam::Role::TrainingStaff}};
    exam::Actor examiner{"examiner", {exam::Role::Examiner}};
    exam::Actor officer{"officer", {exam::Role::CertificateOfficer}};

    Centre(const std::filesystem::path& file, std::int64_t now)
        : db(open_installation(file)), now_ms(now), exam(db, [this] { return now_ms; }),
          registry(db, exam, [this] { return now_ms; })
    {
        exam.set_certificate_lookup(registry.certificate_lookup());
    }
};

std::string id_number(unsigned i)
{
    char first17[32];
    std::snprintf(first17, sizeof first17, "110105%04u%02u%02u%03u", 1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000);
    return std::string(first17) + exam::id_check_character(first17);
}

std::string name(int i)
{
    static const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
                                     "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐"};
    static const char* given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
                                  "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强"};
    return std::string(surnames[i % 25]) + given[(i / 25) % 24] + (i % 3 == 0 ? given[(i / 7) % 24] : "");
}

// The installation before the batch: a published pool, the item's blueprint (20 questions, pass at 80, practical
// K1–K4), two sessions three days apart with 250 candidates each, every one passing theory and practical. Returns
// the two session ids.
std::vector<std::int64_t> set_up(const std::filesystem::path& file)
{
    Centre c(file, cst_ms(2026, 3, 2));
    content::ContentStore content(c.db);
    const auto* item = content.catalogue().find("电工作业", "低压电工作业");
    if (!item) throw std::runtime_error("the catalogue has no 低压电工作业");
    const auto item_id = item->id;
    const char* chapters[] = {"安全基础知识", "触电急救", "电气防火"};
    for (int i = 0; i < 28; ++i) {
        content::Question q;
        q.uid = "batch-bench-" + std::to_string(i);
        q.type = i < 14 ? content::QuestionType::TrueFalse : content::QuestionType::Single;
        q.category = "电工作业";
        q.item = "低压电工作业";
        q.chapter = chapters[i % 3];
        q.difficulty = 1 + i % 5;
        q.pool = content::Pool::Exam;
        q.status = content::Status::Published;
        q.stem = "低压电工作业第" + std::to_string(i + 1) + "题：作业前应当检查哪一项？";
        if (q.type == content::QuestionType::TrueFalse) {
            q.options = content::true_false_options();
            q.answer = i % 2 ? "A" : "B";
        } else {
            q.options = {"检查工具", "直接作业", "无需检查", "请同事代劳"};
            q.answer = "A";
        }
        if (content.save_question(q).outcome != content::SaveOutcome::Inserted)
            throw std::runtime_error("question " + q.uid + " was not stored");
    }
    exam::Blueprint bp;
    bp.item_id = item_id;
    bp.kind = exam::ExamKind::Initial;
    bp.name = "低压电工初训";
    bp.strata = {{content::QuestionType::TrueFalse, "", 1, 5, 10, 5.0}, {content::QuestionType::Single, "", 1, 5, 10, 5.0}};
    bp.practical = {{"K1", "安全用具使用", 20}, {"K2", "安全操作技术", 40}, {"K3", "作业现场安全隐患排除", 20},
                    {"K4", "作业现场应急处置", 20}};
    bp.pass_mark = 80;
    bp.required_class_hours = 48;
    const auto bp_id = c.exam.save_blueprint(c.admin, bp);

    std::vector<std::int64_t> sessions;
    int person = 0;
    for (unsigned day : {2u, 5u}) {
        c.now_ms = cst_ms(2026, 3, day, 8);
        exam::Session s;
        s.blueprint_id = bp_id;
        s.starts_at_ms = c.now_ms + 60 * 60 * 1000;
        s.ends_at_ms = s.starts_at_ms + 2 * 3600 * 1000;
        s.room = "第一考场";
        s.kiosks = {"K01", "K02", "K03"};
        const auto session_id = c.exam.create_session(c.staff, s);
        sessions.push_back(session_id);
        for (int i = 0; i < kPerSession; ++i, ++person) {
            c.now_ms = s.starts_at_ms - 60000;
            exam::Candidate cand;
            cand.id_number = id_number(static_cast<unsigned>(person));
            cand.name = name(person);
            cand.employer = "示范机电有限公司";
            cand.provider = "示范安全培训中心";
            cand.item_id = item_id;
            cand.photo = certs::demo_photo_jpeg(static_cast<unsigned>(person + 1));
            const auto cid = c.exam.add_candidate(c.staff, cand);
            c.exam.set_class_hours(c.trainer, cid, 48);
            const auto ticket = c.exam.register_candidate(c.staff, cid, session_id);
            c.now_ms = s.starts_at_ms;
            const auto attempt = c.exam.check_in(cand.id_number, ticket, s.kiosks[static_cast<std::size_t>(i % 3)], s.room);
            c.exam.confirm_identity(attempt);
            c.exam.show_instructions(attempt);
            c.exam.start(attempt);
            for (const auto& q : c.store.paper(attempt).questions) c.exam.record_answer(attempt, q.position, q.key, false);
            c.now_ms += 40 * 60 * 1000;
            c.exam.submit(attempt);
            for (const auto& [code, score] : std::vector<std::pair<const char*, double>>{{"K1", 18}, {"K2", 36}, {"K3", 18}, {"K4", 17}})
                c.exam.enter_practical_score(c.examiner, cid, item_id, code, score);
        }
    }
    return sessions;
}

} // namespace

int main()
{
    bench::Report report("batch_bench: cert batch across sessions (500 certificates into one PDF, SQLite file)");
    const auto dir = std::filesystem::temp_directory_path() / ("safekiosk-batch-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const auto batch_day = cst_ms(2026, 3, 6); // the officer's day, after both sessions
    try {
        auto t = Clock::now();
        const auto sessions = set_up(dir / "kiosk.db"); // closed: its WAL is folded into the file
        const double setup_s = ms_since(t) / 1000.0;
        // The copy for the split: the file and its key folder (the audit key and head the audit log is continued with).
        std::filesystem::copy_file(dir / "kiosk.db", dir / "split.db");
        std::filesystem::copy(content::key_folder(dir / "kiosk.db"), content::key_folder(dir / "split.db"),
                              std::filesystem::copy_options::recursive);
        auto signer = certs::Signer::create(dir / "keys");
        certs::BatchFilter filter;
        filter.sessions = sessions;
        report.note("set-up (not timed): 2 sessions x " + std::to_string(kPerSession) +
                    " candidates sat through ExamService, practical K1-K4 entered, each with a photo: " +
                    std::to_string(setup_s).substr(0, 5) + " s");

        // End to end, as `safekiosk-admin cert batch --session A --session B --out FILE` does it.
        certs::BatchResult result;
        double batch_s = 0, batch_cpu_s = 0;
        {
            Centre c(dir / "kiosk.db", batch_day);
            certs::BatchOptions opts;
            opts.output = dir / "batch.pdf";
            t = Clock::now();
            const double c0 = cpu_s();
            result = certs::issue_batch(c.registry, signer, c.officer, filter, opts);
            batch_s = ms_since(t) / 1000.0;
            batch_cpu_s = cpu_s() - c0;
        }
        const bool complete = result.issued == 2 * kPerSession && result.printed == 2 * kPerSession &&
                              result.failed == 0 && result.skipped == 0 && std::filesystem::exists(dir / "batch.pdf");
        if (!complete)
            report.note("unexpected: " + certs::batch_summary(result) + " (expected " + std::to_string(2 * kPerSession) +
                        " issued and printed)");
        const double pdf_mib = std::filesystem::exists(dir / "batch.pdf")
                                   ? static_cast<double>(std::filesystem::file_size(dir / "batch.pdf")) / 1048576.0
                                   : 0;

        // The split, on the copy made before the batch: issuing as the batch issues, then rendering those certificates.
        double list_ms = 0, issue_ms = 0, render_ms = 0;
        int issued_split = 0;
        {
            Centre c(dir / "split.db", batch_day);
            t = Clock::now();
            const auto pending = certs::pending_passes(c.registry, c.officer, filter);
            list_ms = ms_since(t);
            std::vector<certs::BatchTarget> targets;
            std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> issued; // (candidate, item) -> certificate
            t = Clock::now();
            for (const auto& p : pending) {
                const auto reasons = c.registry.refusal_reasons(c.officer, p.candidate_id, p.item_id);
                const auto cand = c.exam.candidate(c.officer, p.candidate_id);
                if (!reasons.empty() || !cand || cand->photo.empty()) continue;
                issued[{p.candidate_id, p.item_id}] = c.registry.issue(c.officer, p.candidate_id, p.item_id).id;
                targets.push_back({p.candidate_id, p.item_id, p.session_id});
            }
            issue_ms = ms_since(t);
            issued_split = static_cast<int>(issued.size());
            certs::BatchOptions opts;
            opts.output = dir / "split.pdf";
            t = Clock::now();
            const auto rendered = certs::render_batch(
                c.registry, signer, c.officer, targets, opts,
                [&](const certs::BatchTarget& target, certs::BatchEntry&) {
                    return c.registry.certificate(issued.at({target.candidate_id, target.item_id}));
                });
            render_ms = ms_since(t);
            if (rendered.printed != issued_split) report.note("unexpected: the split printed " + certs::batch_summary(rendered));
        }
        const double fsync_ms = bench::bare_fsync_ms(dir);

        report.note("batch: " + certs::batch_summary(result) + "; one PDF of " + std::to_string(pdf_mib).substr(0, 4) + " MiB");
        report.at_most("cert batch: 500 certificates over 2 sessions issued, audited, into one PDF (wall)", batch_s, "s", 1);
        report.info("cert batch: processor time of the same run", batch_cpu_s, "s");
        report.info("split: pending list over the 2 sessions (pending_passes)", list_ms, "ms");
        // The batch commits its certificates in groups (render_batch); the split issues one at a time, as the
        // window's 签发 button does, each its own transaction waiting for the disk.
        report.info("split: issuing in the batch, groups of transactions (batch minus list and rendering)",
                    std::max(0.0, batch_s * 1000 - list_ms - render_ms), "ms");
        report.info("split: issuing " + std::to_string(issued_split) + " one at a time, one transaction + audit each",
                    issue_ms, "ms");
        report.info("split: issuing one at a time, per certificate (baseline: one bare fsync)",
                    issue_ms / std::max(issued_split, 1), "ms",
                    fsync_ms >= 0 ? std::optional<double>(fsync_ms) : std::nullopt);
        report.info("split: rendering the " + std::to_string(issued_split) + " certificates into one PDF (render_batch)",
                    render_ms, "ms");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "batch_bench: %s\n", e.what());
        std::filesystem::remove_all(dir);
        return 1;
    }
    std::filesystem::remove_all(dir);
    return report.finish();
}
