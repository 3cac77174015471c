// The verification page (safekiosk-admin serve, docs/verify-page.md): time to serve one certificate's page on
// loopback (p50 and p99 of 3,000 requests from one keep-alive client) and requests a second sustained by four
// keep-alive clients for 5 s, against a registry of 10,000 certificates. The real program serves, as a child
// process with the rate limit off; the clients run on the same 2 cores.
#include "bench/report.hpp"
#include "certs/installation_key.hpp"
#include "certs/registry.hpp"
#include "certs/storage/cert_store.hpp"
#include "certs/verify_url.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/exam_service.hpp"
#include "exam/storage/exam_store.hpp"

#include <httplib.h>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace sk;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::string id_number(int i)
{
    char first17[18];
    std::snprintf(first17, sizeof first17, "110105198%01d%02d%02d%03d", i % 10, 1 + i % 12, 1 + i % 28, i % 1000);
    return std::string(first17) + "X";
}

struct Server {
    pid_t pid = -1;
    int port = 0;
};

Server start_server(const std::string& db)
{
    int out[2];
    if (::pipe(out) != 0) std::exit(3);
    Server s;
    s.pid = ::fork();
    if (s.pid == 0) {
        ::dup2(out[1], 1);
        ::close(out[0]);
        ::close(out[1]);
        ::execl(SAFEKIOSK_ADMIN, SAFEKIOSK_ADMIN, "--db", db.c_str(), "serve", "--listen", "127.0.0.1:0",
                "--rate-limit", "0", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char c = 0;
    pollfd p{out[0], POLLIN, 0};
    while (::poll(&p, 1, 20000) > 0 && ::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    const auto at = line.find("http://127.0.0.1:");
    if (at != std::string::npos) s.port = std::atoi(line.c_str() + at + 17);
    return s;
}

} // namespace

int main()
{
    bench::Report report("verify_bench");
    char tmpl[] = "/tmp/sk-verify-bench-XXXXXX";
    if (!::mkdtemp(tmpl)) return 3;
    const std::filesystem::path dir = tmpl;
    const std::string db_path = (dir / "safekiosk.db").string();
    std::vector<std::string> targets;
    {
        auto db = storage::open(db_path, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()});
        auto signer = certs::open_signer(db, db_path);
        exam::ExamService exam(db);
        certs::CertRegistry registry(db, exam);
        const auto catalogue = content::ContentStore(db).catalogue();
        const auto& item = catalogue.items.front();
        certs::Certificate c;
        c.track = certs::CertTrack::Special;
        c.sex = "男";
        c.item_id = item.id;
        c.category = item.category;
        c.item = item.name;
        c.first_issued = c.valid_from = c.review_base = std::chrono::year{2026} / 3 / 2;
        c.valid_until = std::chrono::year{2032} / 3 / 1;
        c.review_due = std::chrono::year{2029} / 3 / 2;
        c.authority = "示范市应急管理局";
        c.issued_by = "bench";
        const auto t0 = Clock::now();
        storage::Transaction tx(db);
        certs::CertStore store(db);
        for (int i = 0; i < 10000; ++i) {
            c.id_number = id_number(i);
            c.number = certs::special_number(c.id_number);
            c.name = i % 2 ? "欧阳建国" : "李娜";
            c.id = store.add_certificate(c);
            if (i % 10 == 0) targets.push_back(certs::qr_text(registry.qr_payload(c, signer), "https://v.example.cn"));
        }
        tx.commit();
        report.info("registry of 10,000 certificates made", ms_since(t0), "ms");
    }
    for (auto& t : targets) t = t.substr(std::string("https://v.example.cn").size());

    const Server server = start_server(db_path);
    if (server.port <= 0) {
        std::fprintf(stderr, "verify_bench: the server did not start\n");
        return 3;
    }
    {
        httplib::Client client("127.0.0.1", server.port);
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        std::vector<double> times;
        for (int i = 0; i < 3300; ++i) {
            const auto t0 = Clock::now();
            auto res = client.Get(targets[static_cast<std::size_t>(i) % targets.size()]);
            const double ms = ms_since(t0);
            if (!res || res->status != 200 || res->body.find("<h1>有效</h1>") == std::string::npos) {
                std::fprintf(stderr, "verify_bench: a page was not served as valid\n");
                return 3;
            }
            if (i >= 300) times.push_back(ms); // after a warm-up
        }
        std::sort(times.begin(), times.end());
        report.info("one verification page, median of 3,000 (loopback, keep-alive)", times[times.size() / 2], "ms");
        report.at_most("one verification page, p99 of 3,000 (loopback, keep-alive)", times[times.size() * 99 / 100], "ms", 5.0);
    }
    {
        std::atomic<long> served{0};
        std::atomic<bool> failed{false};
        const auto until = Clock::now() + std::chrono::seconds(5);
        std::vector<std::thread> clients;
        for (int t = 0; t < 4; ++t)
            clients.emplace_back([&, t] {
                httplib::Client client("127.0.0.1", server.port);
                client.set_keep_alive(true);
                client.set_tcp_nodelay(true);
                std::size_t i = static_cast<std::size_t>(t) * 97;
                while (Clock::now() < until) {
                    auto res = client.Get(targets[i++ % targets.size()]);
                    if (!res || res->status != 200) failed = true;
                    else ++served;
                }
            });
        for (auto& c : clients) c.join();
        if (failed) std::fprintf(stderr, "verify_bench: some requests failed under load\n");
        report.at_least("verification pages a second, 4 keep-alive clients for 5 s", static_cast<double>(served) / 5.0,
                        "requests/s", 1000.0);
    }
    ::kill(server.pid, SIGTERM);
    ::waitpid(server.pid, nullptr, 0);
    std::filesystem::remove_all(dir);
    return report.finish();
}
