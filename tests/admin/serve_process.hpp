// `safekiosk-admin serve` as a child process on an ephemeral loopback port, and raw HTTP/1.1 over a socket to it
// (so that a test controls every byte: slow clients, broken request lines, HEAD without a body).
#pragma once

#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sk::test {

struct HttpReply {
    int status = 0;
    std::string head; // status line and headers
    std::string body;
    bool closed = false; // the server closed the connection
    std::string header(const std::string& name) const
    {
        std::string low_head = head, low_name = name + ":";
        for (auto& c : low_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (auto& c : low_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto at = low_head.find("\r\n" + low_name);
        if (at == std::string::npos) return "";
        auto start = at + 2 + low_name.size();
        while (start < head.size() && head[start] == ' ') ++start;
        return head.substr(start, head.find("\r\n", start) - start);
    }
};

inline int connect_loopback(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Reads until the server closes the connection or `timeout_ms` passes.
inline std::string read_all(int fd, int timeout_ms, bool* closed = nullptr)
{
    std::string out;
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
        if (left <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
        char buf[8192];
        const auto n = ::read(fd, buf, sizeof buf);
        if (n <= 0) {
            if (closed) *closed = true;
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

inline HttpReply parse_reply(const std::string& raw, bool closed)
{
    HttpReply r;
    r.closed = closed;
    const auto split = raw.find("\r\n\r\n");
    r.head = raw.substr(0, split == std::string::npos ? raw.size() : split);
    if (split != std::string::npos) r.body = raw.substr(split + 4);
    if (r.head.rfind("HTTP/1.1 ", 0) == 0) r.status = std::atoi(r.head.c_str() + 9);
    return r;
}

// Sends `raw` bytes as they are and reads the answer (the request should ask for Connection: close).
inline HttpReply send_raw(int port, const std::string& raw, int timeout_ms = 5000)
{
    const int fd = connect_loopback(port);
    if (fd < 0) return {};
    std::size_t sent = 0;
    while (sent < raw.size()) {
        const auto n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    bool closed = false;
    const auto got = read_all(fd, timeout_ms, &closed);
    ::close(fd);
    return parse_reply(got, closed);
}

inline HttpReply request(int port, const std::string& method, const std::string& target,
                         const std::string& extra_headers = "")
{
    return send_raw(port, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers +
                              "Connection: close\r\n\r\n");
}

// The server as a child process: started with `args` after the program, its first line of output names the port.
class ServeProcess {
public:
    explicit ServeProcess(const std::vector<std::string>& args)
    {
        int out[2];
        REQUIRE(::pipe(out) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(out[1], 1);
            ::close(out[0]);
            ::close(out[1]);
            std::vector<std::string> all{::sk::test::admin_program()};
            all.insert(all.end(), args.begin(), args.end());
            std::vector<char*> argv;
            for (auto& a : all) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(::sk::test::admin_program(), argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        output_ = read_line(out[0]);
        ::close(out[0]);
        const auto at = output_.find("http://127.0.0.1:");
        if (at != std::string::npos) port_ = std::atoi(output_.c_str() + at + 17);
    }
    ~ServeProcess() { stop(); }
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    int port() const { return port_; }
    const std::string& first_line() const { return output_; }
    bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }
    // SIGTERM, then the exit code (-1 when it did not exit by itself within 5 s and was killed).
    int stop()
    {
        if (pid_ <= 0) return code_;
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 100; ++i) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = 0;
                code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                return code_;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        pid_ = 0;
        return code_ = -1;
    }

private:
    static std::string read_line(int fd)
    {
        std::string line;
        char c = 0;
        pollfd p{fd, POLLIN, 0};
        while (::poll(&p, 1, 20000) > 0 && ::read(fd, &c, 1) == 1 && c != '\n') line += c;
        return line;
    }
    pid_t pid_ = -1;
    int port_ = 0;
    int code_ = -1;
    std::string output_;
};

} // namespace sk::test
