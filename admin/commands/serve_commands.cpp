#include "admin/commands/serve_commands.hpp"

#include "certs/installation_key.hpp"
#include "certs/registry.hpp"
#include "certs/storage/cert_store.hpp"
#include "certs/verify_page.hpp"
#include "certs/verify_url.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "content/storage/visit_store.hpp"
#include "exam/exam_service.hpp"

#include <httplib.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace sk::admin {

namespace {

struct ServeOptions {
    std::string listen;
    std::string base_url;
    int rate_limit = 120; // requests a minute per client
    int burst = 30;
    int timeout = 5;      // seconds a client may take to send its request or read the answer
};

std::pair<std::string, int> parse_listen(const std::string& text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw std::invalid_argument("--listen '" + text + "': give ADDRESS:PORT, e.g. 127.0.0.1:8080");
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = text.substr(colon + 1);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535)
        throw std::invalid_argument("--listen '" + text + "': the port must be 0 to 65535 (0: any free port)");
    return {host, std::stoi(port)};
}

// The path of a base URL ("https://host/zhengshu" → "/zhengshu").
std::string path_of(const std::string& base_url)
{
    const auto scheme = base_url.find("://");
    const auto slash = base_url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    return slash == std::string::npos ? std::string() : base_url.substr(slash);
}

std::int64_t now_ms()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int do_serve(Context& ctx, const ServeOptions& o)
{
    const auto [host, port] = parse_listen(o.listen);
    if (o.rate_limit < 0 || o.burst < 1) throw std::invalid_argument("--rate-limit must be 0 or more, --burst 1 or more");
    if (o.timeout < 1 || o.timeout > 300) throw std::invalid_argument("--timeout must be 1 to 300 seconds");

    // Read only: the page never writes; the database must already have this program's schema.
    const std::filesystem::path dbp = database_path(ctx);
    auto db = storage::Database::open_read_only(dbp);
    for (const storage::Schema* s : {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()}) {
        if (storage::schema_version(db, s->module) != s->latest()) {
            std::cerr << "error: " << dbp.string() << ": the " << s->module
                      << " tables are not at this program's version; run any safekiosk-admin command on it once "
                         "(as its owner) to update it, then serve\n";
            return kBadInput;
        }
    }
    exam::ExamService exam(db);
    certs::CertRegistry registry(db, exam);
    certs::PublicKey key;
    try {
        key = certs::installation_public_key(db, dbp);
    } catch (const certs::SigningError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kBadInput;
    }
    std::string base_url = o.base_url.empty() ? registry.verify_base_url() : certs::normalize_base_url(o.base_url);
    certs::VerifySite site(registry, key, path_of(base_url));
    certs::RateLimiter limiter(o.rate_limit, o.burst);

    httplib::Server server;
    server.set_read_timeout(o.timeout, 0);
    server.set_write_timeout(o.timeout, 0);
    server.set_keep_alive_timeout(o.timeout);
    server.set_keep_alive_max_count(50);
    server.set_payload_max_length(4096);
    server.set_tcp_nodelay(true); // a page is one small write: no Nagle delay waiting for an ACK
    server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        const std::string client = certs::client_of(req.remote_addr, req.get_header_value("X-Forwarded-For"));
        certs::HttpAnswer a;
        if (!limiter.allow(client, now_ms())) {
            a.status = 429;
            a.content_type = "text/plain; charset=utf-8";
            a.body = "429 请求过于频繁，请稍后再试 too many requests\n";
            a.headers = {{"Retry-After", "10"}, {"Cache-Control", "no-store"}};
        } else {
            try {
                a = site.answer(req.method, req.target);
            } catch (const std::exception& e) {
                std::cerr << "serve: " << req.method << " " << req.target.substr(0, 200) << ": " << e.what() << "\n";
                a.status = 500;
                a.content_type = "text/plain; charset=utf-8";
                a.body = "500 服务器内部错误 internal error\n";
                a.headers = {{"Cache-Control", "no-store"}};
            }
        }
        res.status = a.status;
        for (const auto& [name, value] : a.headers) res.set_header(name, value);
        if (a.status != 204) res.set_content(a.body, a.content_type);
        return httplib::Server::HandlerResponse::Handled;
    });

    // SIGINT and SIGTERM stop the server (systemd's stop): blocked here, taken by one thread with sigwait.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    int bound = port;
    if (port == 0) bound = server.bind_to_any_port(host);
    else if (!server.bind_to_port(host, port)) bound = -1;
    if (bound <= 0) {
        std::cerr << "error: cannot listen on " << o.listen << " (address in use, not this machine's, or a port below "
                  << "1024 without the right)\n";
        return kBadInput;
    }
    if (::geteuid() == 0)
        std::cerr << "warning: serving as root; run serve as an unprivileged user that may only read the database "
                     "(docs/verify-page.md)\n";
    std::cout << "serving the verification page on http://" << (host.find(':') != std::string::npos ? "[" + host + "]" : host)
              << ":" << bound << "/ (base URL " << (base_url.empty() ? "not set" : base_url) << ", key "
              << key.key_id() << ", database " << dbp.string() << " read-only)" << std::endl;
    std::thread stopper([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        server.stop();
    });
    const bool ok = server.listen_after_bind();
    if (stopper.joinable()) {
        pthread_kill(stopper.native_handle(), SIGTERM); // when listening ended by itself
        stopper.join();
    }
    return ok ? kOk : kStorage;
}

} // namespace

void register_serve_commands(CLI::App& app, Context& ctx)
{
    auto o = std::make_shared<ServeOptions>();
    CLI::App* cmd = app.add_subcommand(
        "serve", "the read-only certificate verification page that QR codes open (put it behind the HTTPS proxy)");
    cmd->add_option("--listen", o->listen, "ADDRESS:PORT to listen on, e.g. 127.0.0.1:8080 (port 0: any free port)")
        ->required();
    cmd->add_option("--base-url", o->base_url, "the public base URL (default: cert config's); its path is stripped");
    cmd->add_option("--rate-limit", o->rate_limit, "requests a minute per client (default 120; 0: no limit)");
    cmd->add_option("--burst", o->burst, "requests a client may make at once (default 30)");
    cmd->add_option("--timeout", o->timeout, "seconds a client may take to send a request or read the answer (default 5)");
    cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return do_serve(ctx, *o); }; });
}

} // namespace sk::admin
