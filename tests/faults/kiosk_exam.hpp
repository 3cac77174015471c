// The real safekiosk program driving an exam from outside: an exam database built through the engine, the
// check-in script, and the program started as a child process (stdout on a pipe, so a test can read what the
// script logged and kill it at any moment).
#pragma once

#include "content/storage/content_store.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/idnumber.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sk::test {

inline storage::Database open_exam_db(const std::filesystem::path& p)
{
    return storage::open(p, {&content::schema(), &content::visits_schema(), &exam::schema()});
}

inline std::int64_t wall_now_ms()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct KioskExam {
    std::string id_number;
    std::string ticket;
    int questions = 0;        // on the paper, each 判断题 (正确 = A, 错误 = B)
    int duration_minutes = 0; // of the blueprint
};

// `pool` true/false questions of 低压电工作业; a paper of `paper` of them (100 points in all, pass at 80), in a
// session of 第一考场 (seat A01) open from ten minutes ago for `open_hours`; one registered candidate 张三.
inline KioskExam build_kiosk_exam(const std::filesystem::path& path, int pool = 40, int paper = 10,
                                  int open_hours = 3)
{
    const exam::Actor admin{"admin", {exam::Role::Administrator}};
    const exam::Actor staff{"staff", {exam::Role::ExamStaff}};
    const exam::Actor trainer{"trainer", {exam::Role::TrainingStaff}};
    auto db = open_exam_db(path);
    content::ContentStore store(db);
    {
        storage::Transaction tx(db);
        for (int i = 0; i < pool; ++i) {
            content::Question q;
            q.uid = "tf-" + std::to_string(i);
            q.category = "电工作业";
            q.item = "低压电工作业";
            q.chapter = "第" + std::to_string(i % 2 + 1) + "章";
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
    auto bp = svc.ensure_blueprint(admin, item, exam::ExamKind::Initial);
    bp.id = 0;
    bp.strata = {exam::Stratum{content::QuestionType::TrueFalse, "", 1, 5, paper, 100.0 / paper}};
    bp.practical.clear();
    const auto bp_id = svc.save_blueprint(admin, bp);
    exam::Session s;
    s.blueprint_id = bp_id;
    s.item_id = item;
    s.starts_at_ms = wall_now_ms() - 10 * 60000;
    s.ends_at_ms = wall_now_ms() + open_hours * 3600000LL;
    s.room = "第一考场";
    s.kiosks = {"A01", "A02"};
    const auto session = svc.create_session(staff, s);
    exam::Candidate c;
    c.id_number = std::string("11010519800101001") + exam::id_check_character("11010519800101001");
    c.name = "张三";
    c.item_id = item;
    const auto cid = svc.add_candidate(staff, c);
    svc.set_class_hours(trainer, cid, 80);
    const auto ticket = svc.register_candidate(staff, cid, session, "A01");
    return {c.id_number, ticket, paper, bp.duration_minutes};
}

// From the exam kiosk's attract screen to the first question: ID number and ticket on the keypad, identity, rules.
inline std::string check_in_and_start(const KioskExam& e)
{
    std::string s = "expect-screen exam-attract\ntap-text 输入身份证号\n";
    for (char c : e.id_number) s += "tap-text " + std::string(1, c) + "\n";
    s += "tap-text 下一步\n";
    for (char c : e.ticket) s += "tap-text " + std::string(1, c) + "\n";
    s += "tap-text 下一步\ntap-text 确认是本人\nwait 20s\ntap-text 我已阅读，开始考试\nexpect-screen exam-paper\n";
    return s;
}

// The only attempt of the database (0 when none).
inline std::int64_t only_attempt(exam::ExamStore& store)
{
    for (const auto& s : store.sessions())
        for (const auto& a : store.attempts_of_session(s.id)) return a.id;
    return 0;
}

inline std::string integrity_check(const std::filesystem::path& p)
{
    auto db = open_exam_db(p);
    auto st = db.prepare("PRAGMA integrity_check");
    REQUIRE(st.step());
    return st.text(0);
}

// safekiosk as a child process: its stdout on a pipe the test reads, its stderr in a file.
class KioskProcess {
public:
    KioskProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                 const std::filesystem::path& stderr_file)
    {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            close(fds[0]);
            dup2(fds[1], 1);
            close(fds[1]);
            const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (err >= 0) dup2(err, 2);
            const int in = open("/dev/null", O_RDONLY);
            if (in >= 0) dup2(in, 0);
            for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
            std::vector<std::string> storage{SAFEKIOSK_KIOSK};
            storage.insert(storage.end(), args.begin(), args.end());
            std::vector<char*> argv;
            for (auto& a : storage) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(fds[1]);
        fd_ = fds[0];
    }
    ~KioskProcess()
    {
        if (pid_ > 0 && !reaped_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (fd_ >= 0) close(fd_);
    }
    KioskProcess(const KioskProcess&) = delete;
    KioskProcess& operator=(const KioskProcess&) = delete;

    // Reads what is there within `timeout_ms`; false at the end of the output.
    bool read_some(int timeout_ms)
    {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) return true;
        char buf[4096];
        const ssize_t n = read(fd_, buf, sizeof buf);
        if (n <= 0) return false;
        out_.append(buf, static_cast<std::size_t>(n));
        return true;
    }
    // Reads until `needle` is in the output or the output ends (the program exited); true when found.
    bool read_until(const std::string& needle)
    {
        while (out_.find(needle) == std::string::npos)
            if (!read_some(1000)) return out_.find(needle) != std::string::npos;
        return true;
    }
    // SIGKILL (when still running), then the rest of the output. True when the kill ended it, false when it had
    // already exited.
    bool kill_now()
    {
        kill(pid_, SIGKILL);
        return wait_exit() < 0;
    }
    // Waits for the end; the exit code, or -signal.
    int wait_exit()
    {
        while (read_some(1000)) {
        }
        int status = 0;
        waitpid(pid_, &status, 0);
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    const std::string& out() const { return out_; }

private:
    pid_t pid_ = -1;
    int fd_ = -1;
    bool reaped_ = false;
    std::string out_;
};

} // namespace sk::test
