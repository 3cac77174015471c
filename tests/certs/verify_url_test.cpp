// The QR code as the verification page's address (certs/verify_url.hpp, docs/qr-payload.md): the base URL's
// rules, the payload's URL form both ways, and the printed code read back by zbarimg at print resolution.
#include "certs/printing.hpp"
#include "certs/qr.hpp"
#include "certs/verify_url.hpp"
#include "tests/certs/exam_fixture.hpp"
#include "tests/certs/pdf_tools.hpp"

#include <doctest/doctest.h>

using namespace sk;
using namespace sk::certs;

namespace {

std::string refusal(const std::string& url)
{
    try {
        normalize_base_url(url);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a base URL is http or https with a host, an optional port and path, no query or fragment")
{
    CHECK(normalize_base_url("https://Verify.Example.gov.cn/") == "https://verify.example.gov.cn");
    CHECK(normalize_base_url("HTTP://127.0.0.1:8080/sk/Cert//") == "http://127.0.0.1:8080/sk/Cert");
    CHECK(test::has(refusal(""), "is empty"));
    CHECK(test::has(refusal("ftp://example.cn"), "must start with https:// or http://"));
    CHECK(test::has(refusal("verify.example.cn"), "must start with https:// or http://"));
    CHECK(test::has(refusal("https://"), "has no host name"));
    CHECK(test::has(refusal("https://example.cn/v?x=1"), "query"));
    CHECK(test::has(refusal("https://example.cn?x=1"), "query"));
    CHECK(test::has(refusal("https://example.cn/#top"), "fragment"));
    CHECK(test::has(refusal("https://user@example.cn"), "user name"));
    CHECK(test::has(refusal("https://example.cn:0"), "port '0'"));
    CHECK(test::has(refusal("https://example.cn:99999"), "port '99999'"));
    CHECK(test::has(refusal("https://exa mple.cn"), "' ' at position 12"));
    CHECK(test::has(refusal("https://example.cn/a b"), "the path has ' ' at position 21"));
    CHECK(test::has(refusal("https://example.cn/\"><script>"), "the path has '\"'"));
    CHECK(test::has(refusal("https://-example.cn"), "must not start or end"));
    CHECK(test::has(refusal("https://example.cn/" + std::string(90, 'a')), "at most 100"));
}

TEST_CASE("the payload's URL form keeps A-Z 0-9 * : and escapes every other byte, and reads back exactly")
{
    const std::string payload = "SK1:ABCDEFGH*T110105198503151230*1*1*2*20260302*20320302*20290302**欧阳 建国/x%?#*低压电工作业*SIG";
    const std::string encoded = url_encode_payload(payload);
    CHECK(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*:%") == std::string::npos);
    CHECK(test::has(encoded, "%E6%AC%A7%E9%98%B3%20%E5%BB%BA%E5%9B%BD%2F%78%25%3F%23*"));
    CHECK(url_decode_segment(encoded) == payload);
    // Lower-case escapes and characters a proxy may have unescaped read the same.
    CHECK(url_decode_segment("SK1:%e6%ac%a7x") == std::string("SK1:\xe6\xac\xa7x"));
    CHECK_FALSE(url_decode_segment("SK1:%E"));
    CHECK_FALSE(url_decode_segment("SK1:%G0"));
    CHECK_FALSE(url_decode_segment("SK1:%00"));
    CHECK_FALSE(url_decode_segment(std::string(kMaxVerifyUrlLength + 1, 'A')));

    CHECK(qr_text(payload, "") == payload);
    const std::string url = qr_text(payload, "https://verify.example.gov.cn/sk/v");
    CHECK(url == "https://verify.example.gov.cn/sk/v/v/" + encoded);
    CHECK(payload_of_qr_text(url) == payload);
    CHECK(payload_of_qr_text(url + "?from=singlemessage&isappinstalled=0") == payload);
    CHECK(payload_of_qr_text(url + "/#x") == payload);
    CHECK(payload_of_qr_text(payload) == payload);
    CHECK(payload_of_qr_text("HTTPS://VERIFY.EXAMPLE.GOV.CN/V/SK1:X") == std::nullopt); // the path is case-sensitive
    CHECK_FALSE(payload_of_qr_text("https://verify.example.gov.cn/"));
    CHECK_FALSE(payload_of_qr_text("https://verify.example.gov.cn/v/"));
    CHECK_FALSE(payload_of_qr_text("https://verify.example.gov.cn/v/a/b"));
    CHECK_FALSE(payload_of_qr_text("mailto:someone"));
    CHECK_FALSE(payload_of_qr_text("sk1:lower"));
}

TEST_CASE("a card printed with a base URL carries the page address, which zbarimg reads at 300 dpi and verifies")
{
    if (test::run("command -v zbarimg").status != 0 || test::run("command -v pdftoppm").status != 0) {
        FAIL("zbarimg (zbar-tools) and pdftoppm (poppler-utils) are needed: scripts/install-deps installs them");
        return;
    }
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    const auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19850315", 123), "欧阳建国"));
    CHECK_THROWS_AS(f.registry.set_verify_base_url(f.officer, "https://verify.example.gov.cn"), exam::PermissionDenied);
    CHECK_THROWS_WITH_AS(f.registry.set_verify_base_url(f.admin, "https://verify.example.gov.cn/?q"),
                         doctest::Contains("query"), CertError);
    CHECK(f.registry.verify_base_url().empty());
    f.registry.set_verify_base_url(f.admin, "https://Yjglj.Example.gov.cn/zhengshu/");
    CHECK(f.registry.verify_base_url() == "https://yjglj.example.gov.cn/zhengshu");

    const auto text = f.registry.qr_text(c, signer);
    CHECK(text.rfind("https://yjglj.example.gov.cn/zhengshu/v/SK1:", 0) == 0);
    // Apart from the base URL the address is in the QR alphanumeric set: a version 11 code (61 modules) at most.
    CHECK(encode_qr(text).version <= 11);
    for (auto layout : {Layout::Card, Layout::A4Landscape}) {
        CAPTURE(to_string(layout));
        const auto pdf = f.dir / "card.pdf";
        pdf::write_file(pdf, certificate_pdf(f.registry, signer, f.officer, c.id, layout));
        const auto png = f.dir / "card";
        REQUIRE(test::run("pdftoppm -r 300 -f 1 -l 1 -singlefile -png " + test::quoted(pdf) + " " + test::quoted(png))
                    .status == 0);
        const auto read = test::run("{ zbarimg -q --raw -Sdisable -Sqrcode.enable " + test::quoted(f.dir / "card.png") + " 2>/dev/null; }");
        REQUIRE(read.status == 0);
        std::string got = read.out;
        while (!got.empty() && (got.back() == '\n' || got.back() == '\r')) got.pop_back();
        CHECK(got == text);
        const auto payload = payload_of_qr_text(got);
        REQUIRE(payload);
        const auto v = f.registry.verify(*payload, signer.public_key());
        CHECK(v.verdict == Verdict::Valid);
        CHECK(v.fields->name == "欧阳建国");
    }

    // The specimen follows the same rule: its address opens a page that says 样本.
    const auto specimen = f.dir / "specimen.pdf";
    write_specimen(specimen, signer, f.today(), f.registry.verify_base_url());
    REQUIRE(test::run("pdftoppm -r 300 -f 1 -l 1 -singlefile -png " + test::quoted(specimen) + " " +
                      test::quoted(f.dir / "specimen")).status == 0);
    std::string read = test::run("{ zbarimg -q --raw -Sdisable -Sqrcode.enable " + test::quoted(f.dir / "specimen.png") + " 2>/dev/null; }").out;
    CHECK(read.rfind("https://yjglj.example.gov.cn/zhengshu/v/SK1:", 0) == 0);
    const auto specimen_payload = payload_of_qr_text(read.substr(0, read.find('\n')));
    REQUIRE(specimen_payload);
    CHECK(verify_payload(*specimen_payload, signer.public_key(), f.today()).verdict == Verdict::Specimen);

    // Removing the base URL prints the SK1: text again.
    f.registry.set_verify_base_url(f.admin, "");
    CHECK(f.registry.qr_text(c, signer).rfind("SK1:", 0) == 0);
}
