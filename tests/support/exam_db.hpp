// Exam databases for the tests that drive the kiosk (tests/kiosk, tests/faults): a real SQLite file built through
// the engine, the wall clock, the actors, and the script lines an examinee's check-in takes. One place, so that the
// exam flow, proctor, damage and fault tests build the same room the same way.
#pragma once

#include "exam/exam_service.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sk::test {

inline const exam::Actor kExamAdmin{"admin", {exam::Role::Administrator}};
inline const exam::Actor kExamStaff{"staff", {exam::Role::ExamStaff}};
inline const exam::Actor kExamTrainer{"trainer", {exam::Role::TrainingStaff}};
inline const exam::Actor kExamProctor{"proctor", {exam::Role::Proctor}};

// The wall clock, milliseconds since the Unix epoch.
std::int64_t wall_ms();

// Opens (creating or migrating) an installation database with every library's schema, as the kiosk does.
storage::Database open_exam_db(const std::filesystem::path& path);

struct ExamDbOptions {
    int pool = 40;              // true/false questions of 低压电工作业 (each true: 正确 = A), sealed and practice
    int chapters = 2;           // question i is in chapter 第(i % chapters + 1)章
    int paper = 10;             // questions on a paper; 100 points in all, pass at 80
    int duration_minutes = 120; // of the blueprint
    int grace_seconds = 60;     // after time-up
    int open_hours = 3;         // the session opened ten minutes ago and stays open this long
    std::vector<std::string> kiosks{"A01", "A02"}; // seats of 第一考场; the candidate sits at the first
    std::string stem = "停电检修必须先验电再挂接地线。"; // each stem is "电工作业判断题第N题：" + this
};

struct ExamDb {
    std::string id_number; // of the one registered candidate, 张三
    std::string ticket;    // their admission ticket
    std::int64_t attempt = 0;
    int questions = 0;        // on the paper
    int duration_minutes = 0; // of the blueprint
};

// A blueprint, a session of 第一考场 open now and one candidate 张三 (class hours done) registered for it.
ExamDb build_exam_db(const std::filesystem::path& path, const ExamDbOptions& options = {});

// Registers another candidate (`first17`: the first 17 characters of their ID number) for the only session, at
// `seat`; returns the admission ticket.
std::string add_examinee(const std::filesystem::path& path, const std::string& name, const std::string& first17,
                         const std::string& seat);

// Adds the users `proctor` (proctor) and `staff` (exam staff), both with the password demo-2026.
void add_exam_users(const std::filesystem::path& path);

// Gives the candidate with `id_number` the training kiosk's PIN `pin`.
void set_trainee_pin(const std::filesystem::path& path, const std::string& id_number, const std::string& pin);

// The only attempt of the database (0 when none).
std::int64_t only_attempt(exam::ExamStore& store);
std::int64_t only_attempt(const std::filesystem::path& path);

// Script lines: one `tap-text` per character (the on-screen keypad).
std::string keypad(const std::string& value);
// From the exam kiosk's attract screen through the ID number and ticket keypads (the identity screen follows).
std::string check_in(const ExamDb& e);
// check_in(), then identity, rules and the first question.
std::string check_in_and_start(const ExamDb& e);
// The training kiosk's sign-in with the ID number and `pin` on the keypads (the menu follows a right PIN).
std::string trainee_sign_in(const ExamDb& e, const std::string& pin = "123456");

// The screenshots of a headless run (`dir`/shots), kept in build/test-artifacts/kiosk/ as PREFIX + name for a
// person to look at; the folder is emptied for the next run.
void keep_shots(const std::filesystem::path& dir, const std::string& prefix);

} // namespace sk::test
