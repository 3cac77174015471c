// The verification page's answers (certs/verify_page.hpp) without a network: verdict words, the masked ID number,
// escaping, status codes of hostile targets, the security headers and the per-client limit.
#include "certs/verify_page.hpp"
#include "certs/verify_url.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::certs;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string header(const HttpAnswer& a, const std::string& name)
{
    for (const auto& [k, v] : a.headers)
        if (k == name) return v;
    return "";
}

struct Site {
    test::ExamFixture f;
    Signer signer = Signer::create(f.dir / "keys");
    std::string id = test::id_number("19850315", 31);
    Certificate cert = f.registry.issue(f.officer, f.passed_electrician(id, "欧阳建国"));
    VerifySite site{f.registry, signer.public_key(), "/zhengshu"};

    std::string url_of(const std::string& payload) { return "/v/" + url_encode_payload(payload); }
    HttpAnswer get(const std::string& target) { return site.answer("GET", target); }
};

} // namespace

TEST_CASE("ID numbers are masked to 110105********0318 and texts are escaped for HTML")
{
    CHECK(mask_id_number("110105198503150318") == "110105********0318");
    CHECK(mask_id_number("11010519850315031X") == "110105********031X");
    CHECK(mask_id_number("ABC") == "***");
    CHECK(mask_id_number("A1234567") == "A1****67");
    CHECK(masked_number("T110105198503150318") == "T110105********0318");
    CHECK(masked_number("M2026000001") == "M2026000001");
    CHECK(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("every verdict has its words and a sign that does not rely on colour")
{
    CHECK(status_words(Verdict::Valid).zh == "有效");
    CHECK(status_words(Verdict::ReviewDue).zh == "需复审");
    CHECK(status_words(Verdict::Overdue).zh == "需复审");
    CHECK(status_words(Verdict::Expired).zh == "已过期");
    CHECK(status_words(Verdict::Suspended).zh == "已暂停");
    CHECK(status_words(Verdict::Revoked).zh == "已吊销");
    CHECK(status_words(Verdict::Replaced).zh == "已补发");
    CHECK(status_words(Verdict::Forged).zh == "伪造或无效");
    CHECK(status_words(Verdict::Malformed).zh == "伪造或无效");
    CHECK(status_words(Verdict::NotRegistered).zh == "伪造或无效");
    CHECK(status_words(Verdict::Valid).tone == Tone::Good);
    CHECK(status_words(Verdict::Revoked).tone == Tone::Bad);
}

TEST_CASE("a genuine certificate's page says 有效 with the holder's name, the masked ID number and strict headers")
{
    Site s;
    const auto payload = s.f.registry.qr_payload(s.cert, s.signer);
    const auto a = s.get(s.url_of(payload) + "?from=singlemessage");
    CHECK(a.status == 200);
    CHECK(a.content_type == "text/html; charset=utf-8");
    CHECK(has(a.body, "<h1>有效</h1>"));
    CHECK(has(a.body, "data-verdict=\"valid\""));
    CHECK(has(a.body, "欧阳建国"));
    CHECK(has(a.body, "低压电工作业"));
    CHECK(has(a.body, mask_id_number(s.id)));
    CHECK_FALSE(has(a.body, s.id)); // the full ID number is never shown
    CHECK(has(a.body, "有效期至"));
    CHECK(has(a.body, iso(s.cert.valid_until)));
    CHECK(has(a.body, "id=\"check-browser\""));
    CHECK(has(a.body, "data-key=\""));
    CHECK(has(a.body, "src=\"../static/verify.js\""));
    CHECK_FALSE(has(a.body, "http://"));  // no external resources
    CHECK_FALSE(has(a.body, "https://"));
    CHECK_FALSE(has(a.body, "<script>")); // no inline script: the CSP forbids it
    CHECK(header(a, "Content-Security-Policy") == kContentSecurityPolicy);
    CHECK(has(kContentSecurityPolicy, "default-src 'none'"));
    CHECK(header(a, "Referrer-Policy") == "no-referrer");
    CHECK(header(a, "Cache-Control") == "no-store");
    // Behind a proxy that keeps the base URL's path.
    CHECK(s.get("/zhengshu" + s.url_of(payload)).status == 200);
}

TEST_CASE("revoked, suspended, replaced and altered certificates each get their verdict and status code")
{
    Site s;
    const auto first = s.f.registry.qr_payload(s.cert, s.signer);
    // Altered: one character of the name changed after signing.
    std::string altered = first;
    altered.replace(altered.find("欧阳建国"), std::string("欧阳建国").size(), "欧阳建民");
    auto a = s.get(s.url_of(altered));
    CHECK(a.status == 404);
    CHECK(has(a.body, "<h1>伪造或无效</h1>"));
    CHECK_FALSE(has(a.body, "欧阳建民")); // nothing of a forged code is shown as if true
    CHECK(has(a.body, "data-server=\"fail\""));

    s.f.registry.suspend(s.f.officer, s.cert.id, "违章作业");
    a = s.get(s.url_of(first));
    CHECK(a.status == 200);
    CHECK(has(a.body, "<h1>已暂停</h1>"));
    CHECK_FALSE(has(a.body, "违章作业")); // the reason is not for the public
    s.f.registry.reinstate(s.f.officer, s.cert.id, "整改完成");

    const auto replaced = s.f.registry.replace(s.f.officer, s.cert.id, ReplaceReason::Loss, "");
    a = s.get(s.url_of(first));
    CHECK(a.status == 200);
    CHECK(has(a.body, "<h1>已补发</h1>"));
    CHECK(has(a.body, "replaced by version 2"));
    CHECK(has(a.body, "已补发第2版"));
    const auto second = s.f.registry.qr_payload(replaced, s.signer);
    CHECK(has(s.get(s.url_of(second)).body, "<h1>有效</h1>"));

    s.f.registry.revoke(s.f.officer, s.cert.id, "弄虚作假");
    for (const auto& p : {first, second}) {
        a = s.get(s.url_of(p));
        CHECK(a.status == 200);
        CHECK(has(a.body, "<h1>已吊销</h1>"));
    }

    // Genuine signature, unknown to this registry.
    auto fields = *parse_payload(second);
    fields.number = "T" + test::id_number("19700101", 11);
    a = s.get(s.url_of(make_payload(fields, s.signer)));
    CHECK(a.status == 404);
    CHECK(has(a.body, "<h1>伪造或无效</h1>"));
}

TEST_CASE("a specimen's name is escaped on its page")
{
    Site s;
    QrFields f;
    f.key_id = s.signer.public_key().key_id();
    f.number = "T110105198503150318";
    f.first_issued = test::ymd(2026, 3, 2);
    f.valid_until = test::ymd(2032, 3, 2);
    f.specimen = true;
    f.name = "<script>alert(1)</script>";
    f.item = "低压电工作业\"'&";
    const auto a = s.get(s.url_of(make_payload(f, s.signer)));
    CHECK(a.status == 200);
    CHECK(has(a.body, "<h1>样本</h1>"));
    CHECK_FALSE(has(a.body, "<script>alert"));
    CHECK(has(a.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(has(a.body, "低压电工作业&quot;&#39;&amp;"));
}

TEST_CASE("hostile targets: unreadable payloads 400, unknown paths 404, long targets 414, methods 204 and 405")
{
    Site s;
    for (const std::string t : {"/v/XYZ", "/v/%ZZ", "/v/SK1:%00", "/v/SK1:A*B", "/v/%E6%AC"}) {
        CAPTURE(t);
        const auto a = s.get(t);
        CHECK(a.status == 400);
        CHECK(has(a.body, "伪造或无效"));
    }
    for (const std::string t : {"/x", "/v/", "/v/a/b", "/static/../key/x", "/static/other.js", "/vv/SK1:", "//"}) {
        CAPTURE(t);
        CHECK(s.get(t).status == 404);
    }
    CHECK(s.get("/v/" + std::string(kMaxVerifyUrlLength, 'A')).status == 414);
    const auto options = s.site.answer("OPTIONS", "/v/x");
    CHECK(options.status == 204);
    CHECK(header(options, "Allow") == "GET, HEAD, OPTIONS");
    CHECK(s.site.answer("POST", "/v/x").status == 405);
    CHECK(s.site.answer("DELETE", "/").status == 405);
    CHECK(s.site.answer("HEAD", "/").status == 200);
    const auto css = s.get("/static/verify.css");
    CHECK(css.status == 200);
    CHECK(css.content_type == "text/css; charset=utf-8");
    CHECK(has(s.get("/zhengshu/static/verify.js").body, "crypto.subtle.verify"));
    CHECK(s.get("/key").body == s.signer.public_key().exported() + "\n");
    CHECK(header(s.get("/nothing"), "Content-Security-Policy") == kContentSecurityPolicy);
}

TEST_CASE("the rate limit allows a burst per client, refills over time and remembers a bounded number of clients")
{
    RateLimiter limit(60, 3, 100); // one a second, three at once
    for (int i = 0; i < 3; ++i) CHECK(limit.allow("10.0.0.1", 1000));
    CHECK_FALSE(limit.allow("10.0.0.1", 1000));
    CHECK(limit.allow("10.0.0.2", 1000)); // another client is not affected
    CHECK_FALSE(limit.allow("10.0.0.1", 1500));
    CHECK(limit.allow("10.0.0.1", 2000));
    CHECK_FALSE(limit.allow("10.0.0.1", 2000));
    for (int i = 0; i < 1000; ++i) limit.allow("172.16." + std::to_string(i / 250) + "." + std::to_string(i % 250), 3000 + i);
    CHECK(limit.clients() <= 100);
    RateLimiter off(0, 1);
    for (int i = 0; i < 100; ++i) CHECK(off.allow("x", 0));

    CHECK(client_of("203.0.113.9", "10.0.0.1") == "203.0.113.9"); // only the local proxy is believed
    CHECK(client_of("127.0.0.1", "") == "127.0.0.1");
    CHECK(client_of("127.0.0.1", "198.51.100.1, 203.0.113.7") == "203.0.113.7");
    CHECK(client_of("::1", " 203.0.113.8 ") == "203.0.113.8");
}
