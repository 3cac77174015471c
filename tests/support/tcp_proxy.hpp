// A TCP proxy between a test's PostgreSQL client (a kiosk's sender) and the test's server, that the test steers to
// make the faults of a LAN: cut every connection, stall (stop forwarding but keep every socket open, as a hung switch
// or a frozen server would: the kernel still acknowledges what is sent, so TCP's own timeouts never fire), and lose
// an acknowledgement (cut the connection after the server's reply to a commit arrived, before it is forwarded).
//
// Plain POSIX sockets and poll(), on a thread of its own. It reads the server's side of the PostgreSQL protocol
// (messages: a type byte and a length) to know where a reply ends (ReadyForQuery, sent after the commit): the client
// must not ask for encryption (sslmode=disable&gssencmode=disable in its URI, as with_proxy() writes it).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace sk::test {

class TcpProxy {
public:
    // Listens on 127.0.0.1 at a port of its own, forwarding to target_host:target_port (an IPv4 address).
    TcpProxy(const std::string& target_host, int target_port);
    ~TcpProxy();
    TcpProxy(const TcpProxy&) = delete;
    TcpProxy& operator=(const TcpProxy&) = delete;

    int port() const { return port_; }
    // `uri` (postgresql://user@host:port/db?…) sent through this proxy: host and port replaced, encryption off.
    std::string with_proxy(const std::string& uri) const;

    // Closes every connection at once (both sides); new ones are accepted as before.
    void cut_all();
    // Stops forwarding in both directions, keeping every socket open (and accepting new connections, which hang as
    // the old ones do), until resume(). Returns once the proxy's thread has stopped forwarding.
    void stall();
    void resume();
    // The next `times` replies of the server whose messages contain `marker` (a column name of the result, say) are
    // never forwarded: the connection is cut when such a reply is complete (its ReadyForQuery arrived, so the server
    // has committed), one reply in every `every` of them, the others forwarded.
    void lose_replies(const std::string& marker, int times, int every = 1);
    // The next reply of the server whose messages contain `marker` is held when it is complete (the server has
    // answered, committed), and from then on the proxy is stalled as by stall(), until resume().
    void hold_reply(const std::string& marker);

    int cuts() const { return cuts_; }               // replies lost so far
    int connections() const { return connections_; } // accepted so far

private:
    void loop();
    void wake();
    int listen_fd_ = -1;
    int wake_[2] = {-1, -1};
    int port_ = 0;
    std::string target_host_;
    int target_port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<bool> stall_{false};
    std::atomic<bool> stalled_{false}; // the thread has seen stall_
    std::atomic<std::uint64_t> cut_all_{0};
    std::mutex mutex_; // guards marker_, lose_, every_, seen_, hold_marker_
    std::string marker_;
    std::string hold_marker_;
    int lose_ = 0;
    int every_ = 1;
    int seen_ = 0;
    std::atomic<int> cuts_{0};
    std::atomic<int> connections_{0};
    std::thread thread_;
};

} // namespace sk::test
