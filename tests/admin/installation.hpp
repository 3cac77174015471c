// A real installation for the admin command tests: a small 低压电工作业 question bank, a blueprint, one user per
// role (created through the library; the `user` commands themselves are tested through the program), and helpers
// to run safekiosk-admin signed in as one of them and to take an exam at a "kiosk" through the library.
#pragma once

#include "content/storage/content_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "exam/users.hpp"
#include "tests/admin/run_admin.hpp"

#include <ctime>
#include <map>
#include <string>
#include <vector>

namespace sk::test {

inline constexpr const char* kProvider = "甲培训中心";

// Logins of the users, one per role, in exam::all_roles() order.
inline const std::vector<std::pair<exam::Role, std::string>>& role_users()
{
    static const std::vector<std::pair<exam::Role, std::string>> users{
        {exam::Role::Administrator, "admin"},  {exam::Role::ExamStaff, "staff"},   {exam::Role::Proctor, "proctor"},
        {exam::Role::Examiner, "examiner"},    {exam::Role::TrainingStaff, "trainer"}, {exam::Role::CertificateOfficer, "certs"}};
    return users;
}

inline std::string password_of(const std::string& login) { return "pw-" + login + "-2026"; }

inline std::string id_number(const std::string& first17) { return first17 + exam::id_check_character(first17); }

// "YYYY-MM-DD HH:MM" in local time, `minutes` from now.
inline std::string local_in(int minutes)
{
    std::time_t t = std::time(nullptr) + minutes * 60;
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

struct Installation {
    TempDir dir;
    std::string db;
    std::int64_t item_id = 0;

    Installation() : db(dir.database("kiosk.db"))
    {
        auto d = open();
        content::ContentStore content(d);
        {
            storage::Transaction tx(d);
            for (int i = 0; i < 20; ++i) {
                content::Question q;
                q.uid = "t-" + std::to_string(i);
                q.category = "电工作业";
                q.item = "低压电工作业";
                q.chapter = i % 2 ? "触电急救" : "电工基础";
                q.pool = content::Pool::Both;
                if (i < 12) {
                    q.type = content::QuestionType::TrueFalse;
                    q.options = content::true_false_options();
                    q.answer = i % 3 ? "A" : "B";
                    q.stem = "判断题 " + std::to_string(i);
                } else {
                    q.type = content::QuestionType::Single;
                    q.options = {"甲" + std::to_string(i), "乙" + std::to_string(i), "丙" + std::to_string(i)};
                    q.answer = std::string(1, static_cast<char>('A' + i % 3));
                    q.stem = "单选题 " + std::to_string(i);
                }
                content.save_question(q);
            }
            tx.commit();
        }
        item_id = content.catalogue().find("电工作业", "低压电工作业")->id;
        exam::UserService users(d);
        users.add_first_user({"admin", "管理员", password_of("admin"), {}, ""});
        const auto admin = users.sign_in("admin", password_of("admin"));
        for (const auto& [role, login] : role_users())
            if (login != "admin")
                users.add_user(admin, {login, "用户 " + login, password_of(login), {role},
                                       role == exam::Role::TrainingStaff ? kProvider : ""});
        exam::ExamService svc(d);
        exam::Blueprint bp = exam::default_blueprint(*content.catalogue().find(item_id), exam::ExamKind::Initial);
        bp.strata = {{content::QuestionType::TrueFalse, "", 1, 5, 5, 1.0}, {content::QuestionType::Single, "", 1, 5, 3, 1.0}};
        bp.pass_mark = 6;
        bp.duration_minutes = 30;
        bp.required_class_hours = 8;
        svc.save_blueprint(admin, bp);
    }

    storage::Database open() { return storage::open(db, {&content::schema(), &exam::schema()}); }

    // safekiosk-admin --db … --user LOGIN ARGS with the user's password in $SAFEKIOSK_PASSWORD.
    AdminRun as(const std::string& login, std::vector<std::string> args, std::map<std::string, std::string> env = {}) const
    {
        std::vector<std::string> full{"--db", db, "--user", login};
        full.insert(full.end(), args.begin(), args.end());
        env.emplace("SAFEKIOSK_PASSWORD", password_of(login));
        return run_admin(full, env);
    }

    std::int64_t audit_entries()
    {
        auto d = open();
        return static_cast<std::int64_t>(exam::ExamStore(d).audit_entries().size());
    }

    // A candidate of 甲培训中心 with the class hours the blueprint needs, through the library.
    std::string add_candidate(const std::string& first17, const std::string& name = "张三", double hours = 8)
    {
        auto d = open();
        exam::ExamService svc(d);
        exam::Candidate c;
        c.id_number = id_number(first17);
        c.name = name;
        c.item_id = item_id;
        c.provider = kProvider;
        const exam::Actor setup{"setup", {exam::Role::ExamStaff, exam::Role::TrainingStaff}};
        auto cid = svc.add_candidate(setup, c);
        svc.set_class_hours(setup, cid, hours);
        return c.id_number;
    }

    // A session open now (from an hour ago for four hours) with kiosks A01–A04, through the library.
    std::int64_t open_session()
    {
        auto d = open();
        exam::ExamService svc(d);
        exam::Session s;
        s.starts_at_ms = exam::system_now_ms() - 3600000;
        s.ends_at_ms = s.starts_at_ms + 4 * 3600000;
        s.room = "第一考场";
        s.kiosks = {"A01", "A02", "A03", "A04"};
        return svc.create_session(exam::Actor{"setup", {exam::Role::ExamStaff}}, item_id, exam::ExamKind::Initial, s);
    }

    // What the examinee does at the kiosk: check in, confirm identity, read the rules, start. Returns the attempt.
    std::int64_t start_exam(const std::string& id, const std::string& ticket, const std::string& kiosk)
    {
        auto d = open();
        exam::ExamService svc(d);
        auto a = svc.check_in(id, ticket, kiosk, "第一考场");
        svc.confirm_identity(a);
        svc.show_instructions(a);
        svc.start(a);
        return a;
    }

    // Answers `right` questions with the key and the rest wrongly, then submits. Returns the score.
    double finish_exam(std::int64_t attempt, int right)
    {
        auto d = open();
        exam::ExamService svc(d);
        for (const auto& q : exam::ExamStore(d).paper(attempt).questions) {
            const bool ok = q.position <= right;
            svc.record_answer(attempt, q.position, ok ? q.key : (q.key == "A" ? "B" : "A"), false);
        }
        return svc.submit(attempt).points;
    }
};

} // namespace sk::test
