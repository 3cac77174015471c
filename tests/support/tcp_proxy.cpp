#include "tests/support/tcp_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>
#include <stdexcept>
#include <vector>

namespace sk::test {

namespace {

[[noreturn]] void fail(const std::string& what)
{
    throw std::runtime_error("test TCP proxy: " + what + ": " + std::strerror(errno));
}

void set_nonblocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL, 0);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) fail("fcntl");
}

// One client's connection and the proxy's own connection to the server for it.
struct Link {
    int client = -1;
    int server = -1;
    std::string to_server; // read from the client, not yet written to the server
    std::string to_client; // whole replies of the server, not yet written to the client
    std::string incoming;  // the server's bytes not yet a whole message
    std::string reply;     // the whole messages of the reply under way (up to its ReadyForQuery)
    bool server_gone = false; // the server closed: forward what is left, then close
    bool dead = false;
};

constexpr std::size_t kMaxPending = 1 << 20; // read no more from a side while this much waits for the other

} // namespace

TcpProxy::TcpProxy(const std::string& target_host, int target_port)
    : target_host_(target_host == "localhost" ? std::string("127.0.0.1") : target_host), target_port_(target_port)
{
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) fail("socket");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) fail("bind");
    if (::listen(listen_fd_, 64) != 0) fail("listen");
    socklen_t len = sizeof a;
    if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) fail("getsockname");
    port_ = ntohs(a.sin_port);
    set_nonblocking(listen_fd_);
    if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) fail("pipe");
    thread_ = std::thread([this] { loop(); });
}

TcpProxy::~TcpProxy()
{
    stop_ = true;
    wake();
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
    ::close(wake_[0]);
    ::close(wake_[1]);
}

std::string TcpProxy::with_proxy(const std::string& uri) const
{
    const auto scheme = uri.find("://");
    if (scheme == std::string::npos) throw std::invalid_argument("not a URI: " + uri);
    const auto start = scheme + 3;
    const auto end = uri.find_first_of("/?", start);
    const std::string authority = uri.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const auto at = authority.rfind('@');
    const std::string user = at == std::string::npos ? std::string() : authority.substr(0, at + 1);
    std::string out = uri.substr(0, start) + user + "127.0.0.1:" + std::to_string(port_) +
                      (end == std::string::npos ? std::string() : uri.substr(end));
    out += out.find('?') == std::string::npos ? '?' : '&';
    return out + "sslmode=disable&gssencmode=disable";
}

void TcpProxy::wake()
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(wake_[1], &c, 1);
}

void TcpProxy::cut_all()
{
    ++cut_all_;
    wake();
}

void TcpProxy::stall()
{
    stall_ = true;
    wake();
    while (!stalled_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void TcpProxy::resume()
{
    stall_ = false;
    wake();
    while (stalled_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void TcpProxy::lose_replies(const std::string& marker, int times, int every)
{
    std::lock_guard lock(mutex_);
    marker_ = marker;
    lose_ = times;
    every_ = every < 1 ? 1 : every;
    seen_ = 0;
}

void TcpProxy::hold_reply(const std::string& marker)
{
    std::lock_guard lock(mutex_);
    hold_marker_ = marker;
}

void TcpProxy::loop()
{
    std::list<Link> links;
    std::uint64_t cut_seen = cut_all_;
    const auto close_link = [](Link& l) {
        if (l.client >= 0) ::close(l.client);
        if (l.server >= 0) ::close(l.server);
        l.client = l.server = -1;
        l.dead = true;
    };
    // A whole message of the server arrived: part of the reply under way, which is forwarded (or lost) whole when
    // its ReadyForQuery ends it. An authentication request or the start of a COPY awaits the client: forwarded now.
    const auto server_message = [this](Link& l, char type, std::string message) {
        l.reply += message;
        if (type == 'Z') {
            bool lose = false;
            {
                std::lock_guard lock(mutex_);
                if (!hold_marker_.empty() && l.reply.find(hold_marker_) != std::string::npos) {
                    hold_marker_.clear();
                    stall_ = true; // the reply waits with everything else until resume()
                }
                if (lose_ > 0 && !marker_.empty() && l.reply.find(marker_) != std::string::npos) {
                    if (++seen_ % every_ == 0) {
                        --lose_;
                        lose = true;
                    }
                }
            }
            if (lose) {
                ++cuts_;
                l.reply.clear();
                return false;
            }
        }
        if (type == 'Z' || type == 'R' || type == 'G' || type == 'H' || type == 'W') {
            l.to_client += l.reply;
            l.reply.clear();
        }
        return true;
    };

    while (!stop_) {
        if (cut_all_ != cut_seen) {
            cut_seen = cut_all_;
            for (auto& l : links) close_link(l);
        }
        links.remove_if([](const Link& l) { return l.dead; });
        const bool stalled = stall_;
        stalled_ = stalled;

        std::vector<pollfd> fds;
        fds.push_back({wake_[0], POLLIN, 0});
        fds.push_back({listen_fd_, POLLIN, 0});
        std::vector<Link*> owners; // of fds[2 + 2i] (client) and fds[3 + 2i] (server)
        if (!stalled) {
            for (auto& l : links) {
                short c = 0, s = 0;
                if (l.to_server.size() < kMaxPending) c |= POLLIN;
                if (!l.to_client.empty()) c |= POLLOUT;
                if (!l.server_gone) {
                    if (l.to_client.size() < kMaxPending) s |= POLLIN;
                    if (!l.to_server.empty()) s |= POLLOUT;
                }
                fds.push_back({l.client, c, 0});
                fds.push_back({l.server_gone ? -1 : l.server, s, 0});
                owners.push_back(&l);
            }
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            fail("poll");
        }
        if (fds[0].revents & POLLIN) {
            char buf[64];
            while (::read(wake_[0], buf, sizeof buf) > 0) {
            }
        }
        if (fds[1].revents & POLLIN) {
            for (;;) {
                const int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (c < 0) break;
                ++connections_;
                const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                sockaddr_in a{};
                a.sin_family = AF_INET;
                a.sin_port = htons(static_cast<std::uint16_t>(target_port_));
                if (s < 0 || ::inet_pton(AF_INET, target_host_.c_str(), &a.sin_addr) != 1 ||
                    ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
                    if (s >= 0) ::close(s);
                    ::close(c);
                    continue;
                }
                set_nonblocking(s);
                const int one = 1;
                ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                links.push_back({});
                links.back().client = c;
                links.back().server = s;
            }
        }
        if (stalled_ != stall_.load()) continue; // stalled meanwhile: forward nothing more
        for (std::size_t i = 0; i < owners.size(); ++i) {
            Link& l = *owners[i];
            const short cr = fds[2 + 2 * i].revents, sr = fds[3 + 2 * i].revents;
            char buf[65536];
            // Client → server: as it comes.
            if (cr & (POLLIN | POLLHUP | POLLERR)) {
                const auto n = ::read(l.client, buf, sizeof buf);
                if (n > 0) l.to_server.append(buf, static_cast<std::size_t>(n));
                else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                    close_link(l);
                    continue;
                }
            }
            // Server → client: whole replies.
            if (sr & (POLLIN | POLLHUP | POLLERR)) {
                const auto n = ::read(l.server, buf, sizeof buf);
                if (n > 0) {
                    l.incoming.append(buf, static_cast<std::size_t>(n));
                    std::size_t at = 0;
                    bool keep = true;
                    while (keep && l.incoming.size() - at >= 5) {
                        std::uint32_t len;
                        std::memcpy(&len, l.incoming.data() + at + 1, 4);
                        len = ntohl(len);
                        if (l.incoming.size() - at < 1 + static_cast<std::size_t>(len)) break;
                        keep = server_message(l, l.incoming[at], l.incoming.substr(at, 1 + len));
                        at += 1 + len;
                    }
                    if (!keep) {
                        close_link(l);
                        continue;
                    }
                    l.incoming.erase(0, at);
                } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                    // The server closed (a FATAL error, a shutdown): what it said before still reaches the client.
                    l.to_client += l.reply + l.incoming;
                    l.reply.clear();
                    l.incoming.clear();
                    ::close(l.server);
                    l.server = -1;
                    l.server_gone = true;
                }
            }
            if (stall_) continue; // stalled meanwhile (a held reply): write nothing more
            if (!l.to_server.empty() && l.server >= 0) {
                const auto n = ::send(l.server, l.to_server.data(), l.to_server.size(), MSG_NOSIGNAL);
                if (n > 0) l.to_server.erase(0, static_cast<std::size_t>(n));
                else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                    close_link(l);
                    continue;
                }
            }
            if (!l.to_client.empty()) {
                const auto n = ::send(l.client, l.to_client.data(), l.to_client.size(), MSG_NOSIGNAL);
                if (n > 0) l.to_client.erase(0, static_cast<std::size_t>(n));
                else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                    close_link(l);
                    continue;
                }
            }
            if (l.server_gone && l.to_client.empty()) close_link(l);
        }
    }
    for (auto& l : links) close_link(l);
}

} // namespace sk::test
