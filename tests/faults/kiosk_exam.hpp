// The real safekiosk program driving an exam from outside: the program started as a child process (stdout on a
// pipe, so a test can read what the script logged and kill it at any moment) over an exam database built by
// tests/support/exam_db.hpp, with its check-in script.
#pragma once

#include "tests/support/exam_db.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sk::test {

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
            std::vector<std::string> storage{::sk::test::kiosk_program()};
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
