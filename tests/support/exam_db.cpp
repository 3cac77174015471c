#include "tests/support/exam_db.hpp"

#include "certs/storage/cert_store.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/idnumber.hpp"
#include "exam/secrets.hpp"
#include "exam/training.hpp"
#include "tests/support/temp_dir.hpp"

#include <chrono>
#include <stdexcept>

namespace sk::test {

std::int64_t wall_ms()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

storage::Database open_exam_db(const std::filesystem::path& path)
{
    return storage::open(path, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()});
}

ExamDb build_exam_db(const std::filesystem::path& path, const ExamDbOptions& o)
{
    auto db = open_exam_db(path);
    content::ContentStore store(db);
    {
        storage::Transaction tx(db);
        for (int i = 0; i < o.pool; ++i) {
            content::Question q;
            q.uid = "tf-" + std::to_string(i);
            q.category = "电工作业";
            q.item = "低压电工作业";
            q.chapter = "第" + std::to_string(i % o.chapters + 1) + "章";
            q.difficulty = 1;
            q.type = content::QuestionType::TrueFalse;
            q.options = content::true_false_options();
            q.answer = "A"; // every statement is true: the score of a run is known in advance
            q.stem = "电工作业判断题第" + std::to_string(i) + "题：" + o.stem;
            q.explanation = "先验电后接地。";
            store.save_question(q);
        }
        tx.commit();
    }
    exam::ExamService svc(db);
    const auto item = store.catalogue().find("电工作业", "低压电工作业")->id;
    auto bp = svc.ensure_blueprint(kExamAdmin, item, exam::ExamKind::Initial);
    bp.id = 0;
    bp.strata = {exam::Stratum{content::QuestionType::TrueFalse, "", 1, 5, o.paper, 100.0 / o.paper}};
    bp.practical.clear();
    bp.duration_minutes = o.duration_minutes;
    bp.grace_seconds = o.grace_seconds;
    exam::Session s;
    s.blueprint_id = svc.save_blueprint(kExamAdmin, bp);
    s.item_id = item;
    s.starts_at_ms = wall_ms() - 10 * 60000;
    s.ends_at_ms = wall_ms() + o.open_hours * 3600000LL;
    s.room = "第一考场";
    s.kiosks = o.kiosks;
    const auto session = svc.create_session(kExamStaff, s);
    exam::Candidate c;
    c.id_number = std::string("11010519800101001") + exam::id_check_character("11010519800101001");
    c.name = "张三";
    c.item_id = item;
    const auto cid = svc.add_candidate(kExamStaff, c);
    svc.set_class_hours(kExamTrainer, cid, 80);
    ExamDb out;
    out.id_number = c.id_number;
    out.ticket = svc.register_candidate(kExamStaff, cid, session, o.kiosks.at(0));
    out.attempt = exam::ExamStore(db).attempt_by_ticket(out.ticket)->id;
    out.questions = o.paper;
    out.duration_minutes = o.duration_minutes;
    return out;
}

std::string add_examinee(const std::filesystem::path& path, const std::string& name, const std::string& first17,
                         const std::string& seat)
{
    auto db = open_exam_db(path);
    exam::ExamService svc(db);
    const auto sessions = exam::ExamStore(db).sessions();
    if (sessions.size() != 1) throw std::logic_error("add_examinee: the database must hold exactly one session");
    exam::Candidate c;
    c.id_number = first17 + exam::id_check_character(first17);
    c.name = name;
    c.item_id = sessions.front().item_id;
    const auto cid = svc.add_candidate(kExamStaff, c);
    svc.set_class_hours(kExamTrainer, cid, 80);
    return svc.register_candidate(kExamStaff, cid, sessions.front().id, seat);
}

void add_exam_users(const std::filesystem::path& path)
{
    auto db = open_exam_db(path);
    exam::ExamStore store(db);
    storage::Transaction tx(db);
    store.add_user({0, "proctor", "监考员", exam::hash_secret("demo-2026"), {"proctor"}, ""});
    store.append_audit(exam::system_now_ms(), "setup", "user.add", "user:proctor", "proctor");
    store.add_user({0, "staff", "考务", exam::hash_secret("demo-2026"), {"exam-staff"}, ""});
    store.append_audit(exam::system_now_ms(), "setup", "user.add", "user:staff", "exam-staff");
    tx.commit();
}

void set_trainee_pin(const std::filesystem::path& path, const std::string& id_number, const std::string& pin)
{
    auto db = open_exam_db(path);
    exam::ExamStore store(db);
    exam::TrainingService training(db);
    training.set_pin(kExamTrainer, store.candidate_by_id_number(id_number)->id, pin);
}

std::int64_t only_attempt(exam::ExamStore& store)
{
    for (const auto& s : store.sessions())
        for (const auto& a : store.attempts_of_session(s.id)) return a.id;
    return 0;
}

std::int64_t only_attempt(const std::filesystem::path& path)
{
    auto db = open_exam_db(path);
    exam::ExamStore store(db);
    return only_attempt(store);
}

std::string keypad(const std::string& value)
{
    std::string s;
    for (char c : value) s += "tap-text " + std::string(1, c) + "\n";
    return s;
}

std::string check_in(const ExamDb& e)
{
    return "expect-screen exam-attract\ntap-text 输入身份证号\nexpect-screen exam-id\n" + keypad(e.id_number) +
           "tap-text 下一步\nexpect-screen exam-ticket\n" + keypad(e.ticket) + "tap-text 下一步\n";
}

std::string check_in_and_start(const ExamDb& e)
{
    return check_in(e) + "tap-text 确认是本人\nwait 20s\ntap-text 我已阅读，开始考试\nexpect-screen exam-paper\n";
}

std::string trainee_sign_in(const ExamDb& e, const std::string& pin)
{
    return "expect-screen train-signin\n" + keypad(e.id_number) + "tap-text 下一步\n" + keypad(pin) + "tap-text 登录\n";
}

void keep_shots(const std::filesystem::path& dir, const std::string& prefix)
{
    const auto out = binary_path("test-artifacts/kiosk");
    std::filesystem::create_directories(out);
    std::error_code ec;
    for (const auto& f : std::filesystem::directory_iterator(dir / "shots", ec))
        std::filesystem::copy_file(f.path(), out / (prefix + f.path().filename().string()),
                                   std::filesystem::copy_options::overwrite_existing, ec);
    std::filesystem::remove_all(dir / "shots", ec); // the next run's shots are its own
}

} // namespace sk::test
