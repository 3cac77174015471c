// A real exam centre in a temporary SQLite file: a question pool written through ContentStore, a small blueprint,
// sessions, candidates, and attempts sat through ExamService (answers read from the stored paper's keys), practical
// scores K1–K4, and the certificate registry over it. The clock is a plain number the tests move.
#pragma once

#include "certs/demo_photo.hpp"
#include "certs/registry.hpp"
#include "certs/storage/cert_store.hpp"
#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "exam/storage/exam_store.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace sk::test {

// Milliseconds since the epoch of `hour`:00 China Standard Time on `d`.
inline std::int64_t cst_ms(certs::Date d, int hour = 9)
{
    using namespace std::chrono;
    return duration_cast<milliseconds>((sys_days(d) + hours(hour - 8)).time_since_epoch()).count();
}

inline certs::Date ymd(int y, unsigned m, unsigned d)
{
    return certs::Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

// A valid resident ID number: region 110105, the birth date, a sequence (odd = male), the check character.
inline std::string id_number(const std::string& birth_yyyymmdd, int sequence)
{
    char seq[4];
    std::snprintf(seq, sizeof seq, "%03d", sequence);
    std::string first17 = "110105" + birth_yyyymmdd + seq;
    return first17 + exam::id_check_character(first17);
}

struct ExamFixture {
    TempDir dir;
    storage::Database db;
    std::int64_t now_ms;
    exam::ExamService exam;
    certs::CertRegistry registry;
    // The stores under the services, for what a test inspects or tampers with directly (programs cannot reach them).
    exam::ExamStore exam_store{db};
    certs::CertStore cert_store{db};
    exam::Actor admin{"admin", {exam::Role::Administrator}};
    exam::Actor staff{"staff", {exam::Role::ExamStaff}};
    exam::Actor trainer{"trainer", {exam::Role::TrainingStaff}};
    exam::Actor examiner{"examiner", {exam::Role::Examiner}};
    exam::Actor officer{"officer", {exam::Role::CertificateOfficer}};
    int session_counter = 0;

    explicit ExamFixture(certs::Date today = ymd(2026, 3, 2))
        : db(storage::open(dir.database("kiosk.db"), {&content::schema(), &exam::schema(), &certs::schema()})),
          now_ms(cst_ms(today)), exam(db, [this] { return now_ms; }), registry(db, exam, [this] { return now_ms; })
    {
        exam.set_certificate_lookup(registry.certificate_lookup());
    }

    void set_today(certs::Date d, int hour = 9) { now_ms = cst_ms(d, hour); }
    certs::Date today() const { return certs::date_of_ms(now_ms); }

    std::int64_t item(const std::string& category, const std::string& name)
    {
        content::ContentStore store(db); // the catalogue lives in the store: keep it past the find (ASan found this)
        auto* it = store.catalogue().find(category, name);
        REQUIRE(it != nullptr);
        return it->id;
    }

    // A published pool for the item: true/false, single and (managers) multiple-choice questions in three chapters.
    void add_pool(const std::string& category, const std::string& item_name, int tf, int single, int multi)
    {
        content::ContentStore store(db);
        const char* chapters[] = {"安全基础知识", "触电急救", "电气防火"};
        int n = 0;
        auto add = [&](content::QuestionType type, int i) {
            content::Question q;
            q.uid = item_name + "-" + std::to_string(++n);
            q.type = type;
            q.category = category;
            q.item = item_name;
            q.chapter = chapters[i % 3];
            q.difficulty = 1 + i % 5;
            q.pool = content::Pool::Exam;
            q.status = content::Status::Published;
            q.stem = item_name + "第" + std::to_string(n) + "题：作业前应当检查哪一项？";
            if (type == content::QuestionType::TrueFalse) {
                q.options = content::true_false_options();
                q.answer = i % 2 ? "A" : "B";
            } else {
                q.options = {"检查工具", "直接作业", "无需检查", "请同事代劳"};
                q.answer = type == content::QuestionType::Single ? "A" : "AB";
                if (type == content::QuestionType::Multiple) q.options[1] = "确认停电";
            }
            auto r = store.save_question(q);
            REQUIRE(r.outcome == content::SaveOutcome::Inserted);
        };
        for (int i = 0; i < tf; ++i) add(content::QuestionType::TrueFalse, i);
        for (int i = 0; i < single; ++i) add(content::QuestionType::Single, i);
        for (int i = 0; i < multi; ++i) add(content::QuestionType::Multiple, i);
    }

    // 20 questions at 5 points (special operators: 10 true/false + 10 single; managers: 8 + 8 + 4 multiple),
    // pass at 80; special operators have the practical exam K1–K4.
    std::int64_t blueprint(std::int64_t item_id, bool special)
    {
        exam::Blueprint bp;
        bp.item_id = item_id;
        bp.kind = exam::ExamKind::Initial;
        bp.name = "测试蓝图";
        if (special) {
            bp.strata = {{content::QuestionType::TrueFalse, "", 1, 5, 10, 5.0}, {content::QuestionType::Single, "", 1, 5, 10, 5.0}};
            bp.practical = {{"K1", "安全用具使用", 20}, {"K2", "安全操作技术", 40}, {"K3", "作业现场安全隐患排除", 20},
                            {"K4", "作业现场应急处置", 20}};
        } else {
            bp.strata = {{content::QuestionType::TrueFalse, "", 1, 5, 8, 5.0},
                         {content::QuestionType::Single, "", 1, 5, 8, 5.0},
                         {content::QuestionType::Multiple, "", 1, 5, 4, 5.0}};
        }
        bp.pass_mark = 80;
        bp.required_class_hours = 48;
        return exam.save_blueprint(admin, bp);
    }

    // A session starting 10 minutes from now, two hours long.
    std::int64_t session(std::int64_t blueprint_id)
    {
        exam::Session s;
        s.blueprint_id = blueprint_id;
        s.starts_at_ms = now_ms + 10 * 60 * 1000;
        s.ends_at_ms = s.starts_at_ms + 2 * 3600 * 1000;
        s.room = "第一考场";
        s.kiosks = {"K01", "K02", "K03"};
        ++session_counter;
        return exam.create_session(staff, s);
    }

    std::int64_t candidate(const std::string& id, const std::string& name, std::int64_t item_id, unsigned photo = 1)
    {
        exam::Candidate c;
        c.id_number = id;
        c.name = name;
        c.employer = "示范机电有限公司";
        c.provider = "示范安全培训中心";
        c.item_id = item_id;
        if (photo) c.photo = certs::demo_photo_jpeg(photo);
        auto cid = exam.add_candidate(staff, c);
        exam.set_class_hours(trainer, cid, 48);
        return cid;
    }

    // Registers, checks in, starts and submits an attempt; all answers right when `pass`, all wrong otherwise.
    std::int64_t sit(std::int64_t candidate_id, std::int64_t session_id, bool pass)
    {
        const auto ticket = exam.register_candidate(staff, candidate_id, session_id);
        const auto c = *exam_store.candidate(candidate_id);
        const auto s = *exam_store.session(session_id);
        now_ms = s.starts_at_ms;
        const auto attempt = exam.check_in(c.id_number, ticket, "K0" + std::to_string(1 + candidate_id % 3), s.room);
        exam.confirm_identity(attempt);
        exam.show_instructions(attempt);
        exam.start(attempt);
        for (const auto& q : exam_store.paper(attempt).questions) {
            std::string answer = q.key;
            if (!pass) answer = q.key == "A" ? "B" : "A";
            exam.record_answer(attempt, q.position, answer, false);
        }
        now_ms += 40 * 60 * 1000;
        exam.submit(attempt);
        return attempt;
    }

    void practical(std::int64_t candidate_id, std::int64_t item_id, double k1 = 18, double k2 = 36, double k3 = 18,
                   double k4 = 17)
    {
        exam.enter_practical_score(examiner, candidate_id, item_id, "K1", k1);
        exam.enter_practical_score(examiner, candidate_id, item_id, "K2", k2);
        exam.enter_practical_score(examiner, candidate_id, item_id, "K3", k3);
        exam.enter_practical_score(examiner, candidate_id, item_id, "K4", k4);
    }

    // A low-voltage electrician who passed theory and practical today; returns the candidate id.
    std::int64_t passed_electrician(const std::string& id, const std::string& name, unsigned photo = 1)
    {
        const auto item_id = item("电工作业", "低压电工作业");
        if (content::ContentStore(db).count_questions({}) == 0) add_pool("电工作业", "低压电工作业", 14, 14, 0);
        auto bp = exam_store.current_blueprint(item_id, exam::ExamKind::Initial);
        const auto bp_id = bp ? bp->id : blueprint(item_id, true);
        const auto cid = candidate(id, name, item_id, photo);
        sit(cid, session(bp_id), true);
        practical(cid, item_id);
        return cid;
    }
};

} // namespace sk::test
