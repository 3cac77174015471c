// A real temporary installation with a generated question pool, a candidate and a session open "now".
#pragma once

#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "tests/support/temp_dir.hpp"

#include <memory>
#include <optional>

namespace sk::test {

inline const exam::Actor kAdmin{"admin", {exam::Role::Administrator}};
inline const exam::Actor kStaff{"staff", {exam::Role::ExamStaff}};
inline const exam::Actor kProctor{"proctor", {exam::Role::Proctor}};
inline const exam::Actor kExaminer{"examiner", {exam::Role::Examiner}};
inline const exam::Actor kTrainer{"trainer", {exam::Role::TrainingStaff}};

// The code of the refusal (exam::ExamError) that `call` throws; nullopt when it throws nothing. Anything else
// propagates and fails the test.
template <class Call>
std::optional<exam::ExamErrc> refusal(Call&& call)
{
    try {
        call();
    } catch (const exam::ExamError& e) {
        return e.code();
    }
    return std::nullopt;
}

// 2026-11-28 09:00 Beijing time (01:00 UTC) in ms.
constexpr std::int64_t kNine = 1795827600000LL;

inline std::string id_with_check(const std::string& first17) { return first17 + exam::id_check_character(first17); }

// Adds `tf` true/false and `single` single-choice questions to the exam pool of 低压电工作业 over 4 chapters.
inline void add_pool(content::ContentStore& store, int tf, int single, content::Pool pool = content::Pool::Both,
                     const std::string& prefix = "gen")
{
    storage::Transaction tx(store.db());
    for (int i = 0; i < tf + single; ++i) {
        content::Question q;
        q.uid = prefix + "-" + std::to_string(i);
        q.category = "电工作业";
        q.item = "低压电工作业";
        q.chapter = "第" + std::to_string(i % 4 + 1) + "章";
        q.difficulty = i % 5 + 1;
        q.pool = pool;
        if (i < tf) {
            q.type = content::QuestionType::TrueFalse;
            q.options = content::true_false_options();
            q.answer = i % 3 ? "A" : "B";
            q.stem = prefix + " 判断题 " + std::to_string(i);
        } else {
            q.type = content::QuestionType::Single;
            q.options = {"甲" + std::to_string(i), "乙" + std::to_string(i), "丙" + std::to_string(i), "丁" + std::to_string(i)};
            q.answer = std::string(1, static_cast<char>('A' + i % 4));
            q.stem = prefix + " 单选题 " + std::to_string(i);
        }
        store.save_question(q);
    }
    tx.commit();
}

struct ExamFixture {
    TempDir dir;
    std::int64_t now_ms = kNine;
    storage::Database db;
    std::unique_ptr<exam::ExamService> service;
    std::int64_t item_id = 0;
    std::int64_t blueprint_id = 0;
    std::int64_t session_id = 0;

    explicit ExamFixture(int tf = 160, int single = 70)
        : db(storage::open(dir.database("kiosk.db"), {&content::schema(), &exam::schema()}))
    {
        service = std::make_unique<exam::ExamService>(db, [this] { return now_ms; });
        content::ContentStore store(db);
        add_pool(store, tf, single);
        item_id = store.catalogue().find("电工作业", "低压电工作业")->id;
        blueprint_id = service->ensure_blueprint(kAdmin, item_id, exam::ExamKind::Initial).id;
        exam::Session s;
        s.blueprint_id = blueprint_id;
        s.starts_at_ms = kNine;
        s.ends_at_ms = kNine + 3 * 3600 * 1000;
        s.room = "第一考场";
        s.kiosks = {"A01", "A02", "A03"};
        session_id = service->create_session(kStaff, s);
    }

    std::int64_t add_candidate(const std::string& first17 = "11010519800101001", const std::string& name = "张三",
                               double hours = 48)
    {
        exam::Candidate c;
        c.id_number = id_with_check(first17);
        c.name = name;
        c.item_id = item_id;
        auto id = service->add_candidate(kStaff, c);
        service->set_class_hours(kTrainer, id, hours);
        return id;
    }

    // Registers, checks in and starts an attempt; returns its id.
    std::int64_t started_attempt(const std::string& first17 = "11010519800101001", const std::string& kiosk = "A01",
                                 const std::string& room = "第一考场")
    {
        auto cid = add_candidate(first17);
        auto ticket = service->register_candidate(kStaff, cid, session_id, kiosk);
        auto id = service->check_in(id_with_check(first17), ticket, kiosk, room);
        service->confirm_identity(id);
        service->show_instructions(id);
        service->start(id);
        return id;
    }
};

} // namespace sk::test
