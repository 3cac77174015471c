// `safekiosk-admin serve` and the QR address through the real program: the verification pages of genuine,
// revoked, replaced and altered certificates over HTTP, hostile requests, the rate limit, `cert config` and
// `cert verify` with an address, and the pages in headless Chromium (WebCrypto's signature check included).
#include "certs/installation_key.hpp"
#include "certs/verify_page.hpp"
#include "certs/verify_url.hpp"
#include "content/storage/migrations.hpp"
#include "content/storage/visit_store.hpp"
#include "tests/admin/installation.hpp"
#include "tests/admin/serve_process.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

using namespace sk;

namespace {

constexpr const char* kBase = "https://verify.example.gov.cn/zhengshu";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// An installation with four printed cards: a genuine one, one whose certificate was revoked afterwards, one
// replaced by a second card version after loss, and the genuine card with its name altered after signing.
struct ServedRegistry {
    test::ExamFixture f;
    std::filesystem::path db_path = f.dir / "kiosk.db";
    certs::Signer signer = certs::open_signer(f.db, db_path);
    std::string genuine, revoked, replaced, replacement, altered;

    ServedRegistry()
    {
        f.registry.set_verify_base_url(f.admin, kBase);
        const auto a = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19850315", 31), "欧阳建国"));
        const auto b = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19900101", 41), "李娜"));
        const auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19781120", 53), "王建军"));
        genuine = f.registry.qr_text(a, signer);
        revoked = f.registry.qr_text(b, signer);
        replaced = f.registry.qr_text(c, signer);
        f.registry.revoke(f.officer, b.id, "提供虚假材料");
        replacement = f.registry.qr_text(f.registry.replace(f.officer, c.id, certs::ReplaceReason::Loss, ""), signer);
        auto payload = *certs::payload_of_qr_text(genuine);
        payload.replace(payload.find("欧阳建国"), std::string("欧阳建国").size(), "欧阳建民");
        altered = certs::qr_text(payload, f.registry.verify_base_url());
        // The whole schema, as safekiosk-admin keeps it, then everything on disk in the main file.
        storage::open(db_path, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()});
        f.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    static std::string path_of(const std::string& url) { return url.substr(std::string(kBase).find("/zhengshu")); }
};

} // namespace

TEST_CASE("serve answers genuine, revoked, replaced and altered cards and hostile requests, reading the database only")
{
    ServedRegistry r;
    const std::string before = test::read_file(r.db_path);
    test::ServeProcess s({"--db", r.db_path.string(), "serve", "--listen", "127.0.0.1:0", "--timeout", "1",
                          "--rate-limit", "60000", "--burst", "1000"});
    INFO(s.first_line());
    REQUIRE(s.port() > 0);
    CHECK(has(s.first_line(), "read-only"));
    const int port = s.port();

    auto page = test::request(port, "GET", ServedRegistry::path_of(r.genuine) + "?from=singlemessage");
    CHECK(page.status == 200);
    CHECK(has(page.body, "<h1>有效</h1>"));
    CHECK(has(page.body, "欧阳建国"));
    CHECK(has(page.body, "110105********"));
    CHECK(page.header("Content-Security-Policy") == certs::kContentSecurityPolicy);
    CHECK(page.header("X-Content-Type-Options") == "nosniff");
    CHECK(page.header("Referrer-Policy") == "no-referrer");
    CHECK(has(test::request(port, "GET", ServedRegistry::path_of(r.revoked)).body, "<h1>已吊销</h1>"));
    const auto old_card = test::request(port, "GET", ServedRegistry::path_of(r.replaced));
    CHECK(has(old_card.body, "<h1>已补发</h1>"));
    CHECK(has(old_card.body, "replaced by version 2"));
    CHECK(has(test::request(port, "GET", ServedRegistry::path_of(r.replacement)).body, "<h1>有效</h1>"));
    const auto forged = test::request(port, "GET", ServedRegistry::path_of(r.altered));
    CHECK(forged.status == 404);
    CHECK(has(forged.body, "<h1>伪造或无效</h1>"));

    const auto head = test::request(port, "HEAD", ServedRegistry::path_of(r.genuine));
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(has(head.header("Content-Type"), "text/html"));
    const auto options = test::request(port, "OPTIONS", "/zhengshu/v/x");
    CHECK(options.status == 204);
    CHECK(options.header("Allow") == "GET, HEAD, OPTIONS");
    CHECK(test::send_raw(port, "POST /zhengshu/v/x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")
              .status == 405);
    CHECK(test::request(port, "GET", "/nothing/here").status == 404);
    CHECK(test::request(port, "GET", "/zhengshu/static/verify.css").status == 200);
    const auto garbage = test::request(port, "GET", "/zhengshu/v/SK1:not*a*payload");
    CHECK(garbage.status == 400);
    CHECK(has(garbage.body, "伪造或无效"));
    CHECK(test::request(port, "GET", "/zhengshu/v/%ZZ%").status == 400);
    CHECK(test::request(port, "GET", "/v/" + std::string(3000, 'A')).status == 414);
    CHECK(test::request(port, "GET", "/v/" + std::string(20000, 'A')).status == 414);
    const auto broken = test::send_raw(port, "HELLO THERE\r\n\r\n");
    CHECK((broken.status == 400 || broken.closed));
    const auto huge_header = test::request(port, "GET", "/", "X-Big: " + std::string(100000, 'x') + "\r\n");
    CHECK((huge_header.status >= 400 || huge_header.closed));

    // A client that never finishes its request is dropped after the read timeout; others are served meanwhile.
    const int slow = test::connect_loopback(port);
    REQUIRE(slow >= 0);
    const std::string part = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    CHECK(::send(slow, part.data(), part.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(part.size()));
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(test::request(port, "GET", "/").status == 200);
    bool closed = false;
    test::read_all(slow, 6000, &closed);
    ::close(slow);
    CHECK(closed);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(4));

    CHECK(s.running());
    CHECK(test::request(port, "GET", ServedRegistry::path_of(r.genuine)).status == 200);
    CHECK(s.stop() == 0);
    CHECK(test::read_file(r.db_path) == before); // read only
}

TEST_CASE("serve limits each client's requests with 429, counting the proxy's forwarded client apart")
{
    ServedRegistry r;
    test::ServeProcess s({"--db", r.db_path.string(), "serve", "--listen", "127.0.0.1:0", "--rate-limit", "6",
                          "--burst", "3"});
    REQUIRE(s.port() > 0);
    for (int i = 0; i < 3; ++i) CHECK(test::request(s.port(), "GET", "/").status == 200);
    const auto limited = test::request(s.port(), "GET", ServedRegistry::path_of(r.genuine));
    CHECK(limited.status == 429);
    CHECK(limited.header("Retry-After") == "10");
    CHECK(test::request(s.port(), "GET", "/", "X-Forwarded-For: 203.0.113.5\r\n").status == 200);
    CHECK(s.stop() == 0);
}

TEST_CASE("serve refuses a bad address, a missing database and one whose key is unknown, naming what is wrong")
{
    ServedRegistry r;
    const auto bad = test::run_admin({"--db", r.db_path.string(), "serve", "--listen", "localhost"});
    CHECK(bad.code == 2);
    CHECK(has(bad.err, "ADDRESS:PORT"));
    const auto missing = test::run_admin({"--db", (r.f.dir / "none.db").string(), "serve", "--listen", "127.0.0.1:0"});
    CHECK(missing.code == 3);
    CHECK(has(missing.err, "none.db"));
    const auto base = test::run_admin({"--db", r.db_path.string(), "serve", "--listen", "127.0.0.1:0", "--base-url",
                                       "https://example.cn/?x"});
    CHECK(base.code == 2);
    CHECK(has(base.err, "query"));
    test::TempDir other;
    const auto empty = (other / "empty.db").string();
    { storage::open(empty, {&content::schema(), &content::visits_schema(), &exam::schema(), &certs::schema()}); }
    const auto nokey = test::run_admin({"--db", empty, "serve", "--listen", "127.0.0.1:0"});
    CHECK(nokey.code == 1);
    CHECK(has(nokey.err, "records no signing key"));
}

TEST_CASE("cert config sets the base URL (administrator only) and cert verify accepts the address and the SK1 text")
{
    test::Installation inst;
    auto shown = test::run_admin({"--db", inst.db, "cert", "config"});
    CHECK(shown.code == 0);
    CHECK(has(shown.out, "not set"));
    CHECK(inst.as("trainer", {"cert", "config", "--base-url", "https://verify.example.gov.cn"}).code == 4);
    const auto refused = inst.as("admin", {"cert", "config", "--base-url", "ftp://verify.example.gov.cn"});
    CHECK(refused.code == 1);
    CHECK(has(refused.err, "must start with https:// or http://"));
    const auto set = inst.as("admin", {"cert", "config", "--base-url", "https://Verify.Example.gov.cn/"});
    INFO(set.err);
    CHECK(set.code == 0);
    CHECK(has(test::run_admin({"--db", inst.db, "cert", "config"}).out, "https://verify.example.gov.cn"));

    ServedRegistry r;
    for (const auto& text : {r.genuine, *certs::payload_of_qr_text(r.genuine), r.genuine + "?from=timeline"}) {
        const auto ok = test::run_admin({"--db", r.db_path.string(), "cert", "verify", text});
        INFO(ok.out, ok.err);
        CHECK(ok.code == 0);
        CHECK(ok.out.rfind("valid", 0) == 0);
    }
    const auto altered = test::run_admin({"--db", r.db_path.string(), "cert", "verify", r.altered});
    CHECK(altered.code == 1);
    CHECK(altered.out.rfind("forged", 0) == 0);
    CHECK(test::run_admin({"--db", r.db_path.string(), "cert", "verify", r.replaced}).out.rfind("replaced", 0) == 0);
}

namespace {

// The page as headless Chromium leaves it after its scripts ran (--dump-dom).
std::string chromium_dom(const std::string& url, const std::filesystem::path& profile)
{
    const auto out = profile / "dom.html";
    const std::string cmd = "/usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run "
                            "--disable-background-networking --disable-component-update --disable-sync "
                            "--user-data-dir=" + test::shell_quote(profile.string()) +
                            " --virtual-time-budget=5000 --dump-dom " + test::shell_quote(url) + " >" +
                            test::shell_quote(out.string()) + " 2>/dev/null";
    std::system(cmd.c_str());
    return test::read_file(out);
}

// A phone-sized screenshot (390 × 844 CSS pixels) of the page; its PNG width and height.
std::pair<int, int> chromium_screenshot(const std::string& url, const std::filesystem::path& profile,
                                        const std::filesystem::path& png)
{
    const std::string cmd = "cd " + test::shell_quote(profile.string()) +
                            " && /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run "
                            "--disable-background-networking --disable-component-update --disable-sync "
                            "--user-data-dir=" + test::shell_quote(profile.string()) +
                            " --hide-scrollbars --window-size=390,844 --virtual-time-budget=5000 --screenshot=" +
                            test::shell_quote(png.string()) + " " + test::shell_quote(url) + " >/dev/null 2>&1";
    std::system(cmd.c_str());
    const std::string bytes = test::read_file(png);
    if (bytes.size() < 24 || bytes.compare(1, 3, "PNG") != 0) return {0, 0};
    auto be32 = [&](std::size_t at) {
        return (static_cast<unsigned char>(bytes[at]) << 24) | (static_cast<unsigned char>(bytes[at + 1]) << 16) |
               (static_cast<unsigned char>(bytes[at + 2]) << 8) | static_cast<unsigned char>(bytes[at + 3]);
    };
    return {be32(16), be32(20)};
}

} // namespace

TEST_CASE("headless Chromium shows each card's verdict and checks the signature itself with WebCrypto")
{
    if (!std::filesystem::exists("/usr/bin/chromium")) {
        const char* skip = std::getenv("SAFEKIOSK_SKIP_BROWSER");
        if (skip && std::string(skip) == "1") {
            MESSAGE("SKIPPED: no /usr/bin/chromium and SAFEKIOSK_SKIP_BROWSER=1");
            return;
        }
        FAIL("/usr/bin/chromium is missing (apt-get install chromium; scripts/packages.txt lists it), or set "
             "SAFEKIOSK_SKIP_BROWSER=1 to skip this test");
    }
    ServedRegistry r;
    test::ServeProcess s({"--db", r.db_path.string(), "serve", "--listen", "127.0.0.1:0"});
    REQUIRE(s.port() > 0);
    const std::string origin = "http://127.0.0.1:" + std::to_string(s.port());
    test::TempDir profile;

    struct Case {
        std::string url, verdict, words, browser;
    };
    const std::vector<Case> cases{{r.genuine, "valid", "<h1>有效</h1>", "pass"},
                                  {r.revoked, "revoked", "<h1>已吊销</h1>", "pass"},
                                  {r.replaced, "replaced", "<h1>已补发</h1>", "pass"},
                                  {r.altered, "forged", "<h1>伪造或无效</h1>", "fail"}};
    for (const auto& c : cases) {
        CAPTURE(c.verdict);
        const auto dom = chromium_dom(origin + ServedRegistry::path_of(c.url), profile.path());
        REQUIRE_MESSAGE(!dom.empty(), "chromium gave no page");
        CHECK(has(dom, "data-verdict=\"" + c.verdict + "\""));
        CHECK(has(dom, c.words));
        // The page's script ran (the CSP allowed the site's own script) and WebCrypto checked the signature.
        CHECK(has(dom, "data-browser-check=\"" + c.browser + "\""));
        if (c.browser == "pass") CHECK(has(dom, "签名：本机浏览器核验通过"));
        else CHECK(has(dom, "签名：本机浏览器核验未通过"));
    }
    // The phone screenshot of the README (SAFEKIOSK_VERIFY_SCREENSHOT=FILE keeps it).
    const auto png = profile / "verify-page-phone.png";
    const auto size = chromium_screenshot(origin + ServedRegistry::path_of(r.genuine), profile.path(), png);
    CHECK(size == std::pair<int, int>{390, 844});
    if (const char* keep = std::getenv("SAFEKIOSK_VERIFY_SCREENSHOT"))
        std::filesystem::copy_file(png, keep, std::filesystem::copy_options::overwrite_existing);
    CHECK(s.stop() == 0);
}
