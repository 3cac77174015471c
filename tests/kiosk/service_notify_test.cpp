// The kiosk's messages to systemd (kiosk/app/service_notify.hpp): READY=1 once, WATCHDOG=1 at half of WatchdogSec,
// received on a notify socket of the test's own as systemd would receive them; nothing at all outside systemd.
#include "kiosk/app/service_notify.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace sk;

namespace {

// A datagram socket standing in for systemd's notify socket, named in NOTIFY_SOCKET while it lives.
struct NotifySocket {
    int fd = -1;
    explicit NotifySocket(const std::filesystem::path& path, const char* watchdog_usec)
    {
        fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        setenv("NOTIFY_SOCKET", path.c_str(), 1);
        if (watchdog_usec) setenv("WATCHDOG_USEC", watchdog_usec, 1);
        else unsetenv("WATCHDOG_USEC");
    }
    ~NotifySocket()
    {
        ::close(fd);
        unsetenv("NOTIFY_SOCKET");
        unsetenv("WATCHDOG_USEC");
    }
    std::vector<std::string> received()
    {
        std::vector<std::string> out;
        char buf[4096];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.emplace_back(buf, static_cast<std::size_t>(n));
        return out;
    }
};

} // namespace

TEST_CASE("under systemd the kiosk says READY=1 once and WATCHDOG=1 at half the watchdog interval")
{
    test::TempDir dir;
    NotifySocket socket(dir / "notify", "30000000"); // WatchdogSec=30
    kiosk::ServiceNotifier n;
    REQUIRE(n.active());
    REQUIRE(n.watchdog_interval_ms() == 15000);
    CHECK(n.next_deadline() == 0); // the first ping is due at once
    n.watchdog(1000);
    CHECK(n.next_deadline() == 16000);
    n.watchdog(5000); // not due yet
    n.ready();
    n.ready(); // once only
    n.watchdog(16000);
    const auto got = socket.received();
    REQUIRE(got.size() == 3);
    CHECK(got[0] == "WATCHDOG=1");
    CHECK(got[1].rfind("READY=1\n", 0) == 0);
    CHECK(got[2] == "WATCHDOG=1");
}

TEST_CASE("outside systemd, or without a watchdog, the kiosk sends nothing it need not")
{
    unsetenv("NOTIFY_SOCKET");
    setenv("WATCHDOG_USEC", "30000000", 1);
    kiosk::ServiceNotifier outside;
    CHECK_FALSE(outside.active());
    CHECK_FALSE(outside.next_deadline());
    outside.ready();
    outside.watchdog(0);
    unsetenv("WATCHDOG_USEC");

    test::TempDir dir;
    NotifySocket socket(dir / "notify", nullptr);
    kiosk::ServiceNotifier no_watchdog;
    CHECK(no_watchdog.active());
    CHECK_FALSE(no_watchdog.next_deadline());
    no_watchdog.watchdog(0);
    no_watchdog.ready();
    const auto got = socket.received();
    REQUIRE(got.size() == 1);
    CHECK(got[0].rfind("READY=1", 0) == 0);
    // Values systemd would never set are no watchdog rather than a busy loop.
    CHECK_FALSE(kiosk::ServiceNotifier::interval_from("0"));
    CHECK_FALSE(kiosk::ServiceNotifier::interval_from("-5"));
    CHECK_FALSE(kiosk::ServiceNotifier::interval_from("12abc"));
    CHECK_FALSE(kiosk::ServiceNotifier::interval_from(""));
    CHECK(kiosk::ServiceNotifier::interval_from("1000") == 1);
}
