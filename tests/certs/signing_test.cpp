#include "certs/signing.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace sk;
using namespace sk::certs;
using sk::test::ymd;

namespace {

std::string b32(const std::string& s)
{
    return base32_encode(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

QrFields sample_fields(const Signer& s)
{
    QrFields f;
    f.key_id = s.public_key().key_id();
    f.number = "T11010519491231002X";
    f.version = 1;
    f.status_version = 3;
    f.item_id = 2;
    f.first_issued = ymd(2024, 2, 29);
    f.valid_until = ymd(2030, 2, 28);
    f.review_due = ymd(2027, 2, 28);
    f.name = "张秀英";
    f.item = "低压电工作业";
    return f;
}

unsigned mode_of(const std::filesystem::path& p)
{
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

} // namespace

TEST_CASE("base32 follows RFC 4648 and refuses anything else")
{
    CHECK(b32("") == "");
    CHECK(b32("f") == "MY");
    CHECK(b32("fo") == "MZXQ");
    CHECK(b32("foo") == "MZXW6");
    CHECK(b32("foob") == "MZXW6YQ");
    CHECK(b32("fooba") == "MZXW6YTB");
    CHECK(b32("foobar") == "MZXW6YTBOI");
    auto back = base32_decode("MZXW6YTBOI");
    REQUIRE(back);
    CHECK(std::string(back->begin(), back->end()) == "foobar");
    CHECK_FALSE(base32_decode("mzxw6"));   // lower case
    CHECK_FALSE(base32_decode("MZXW1"));   // 1 is not in the alphabet
    CHECK_FALSE(base32_decode("MZ======"));
    CHECK_FALSE(base32_decode("MZ"));      // non-zero padding bits ("f" is MY)
}

TEST_CASE("the key pair is made once, the secret key file is 0600, and a readable secret key is refused")
{
    test::TempDir dir;
    const auto data = dir / "data";
    auto signer = Signer::create(data);
    CHECK(mode_of(data / kSecretKeyFile) == 0600);
    CHECK_THROWS_AS(Signer::create(data), SigningError); // never overwritten
    auto again = Signer::load(data);
    CHECK(again.public_key().bytes == signer.public_key().bytes);
    auto pub = PublicKey::read_file(data / kPublicKeyFile);
    CHECK(pub.bytes == signer.public_key().bytes);
    CHECK(pub.key_id().size() == 8);
    CHECK(pub.exported().rfind("SK1PUB:" + pub.key_id() + ":", 0) == 0);
    signer.export_public_key(dir / "exported.pub");
    CHECK(PublicKey::read_file(dir / "exported.pub").bytes == pub.bytes);

    ::chmod((data / kSecretKeyFile).c_str(), 0644);
    try {
        Signer::load(data);
        FAIL("loaded a world-readable secret key");
    } catch (const SigningError& e) {
        const std::string m = e.what();
        CHECK(m.find("cert-signing.key") != std::string::npos);
        CHECK(m.find("0644") != std::string::npos);
        CHECK(m.find("chmod 600") != std::string::npos);
    }
    ::chmod((data / kSecretKeyFile).c_str(), 0600);
    CHECK_NOTHROW(Signer::load_or_create(data));

    auto tampered = pub.exported();
    tampered[8] = tampered[8] == 'A' ? 'B' : 'A'; // change the key id
    CHECK_THROWS_AS(PublicKey::parse(tampered), SigningError);
}

TEST_CASE("a signed payload verifies with the public key, a changed byte, another key or a truncation do not")
{
    test::TempDir dir;
    auto signer = Signer::create(dir / "a");
    auto other = Signer::create(dir / "b");
    const auto payload = make_payload(sample_fields(signer), signer);
    CHECK(payload.rfind("SK1:" + signer.public_key().key_id() + "*T11010519491231002X*1*3*2*20240229*20300228*20270228**张秀英*低压电工作业*", 0) == 0);

    auto v = verify_payload(payload, signer.public_key(), ymd(2026, 5, 1));
    CHECK(v.verdict == Verdict::Valid);
    CHECK(v.signature_ok);
    CHECK_FALSE(v.registry_checked);
    REQUIRE(v.fields);
    CHECK(v.fields->name == "张秀英");
    CHECK(v.fields->valid_until == ymd(2030, 2, 28));
    CHECK(v.fields->status_version == 3);

    // Offline, the dates alone: review due, overdue, expired.
    CHECK(verify_payload(payload, signer.public_key(), ymd(2027, 1, 15)).verdict == Verdict::ReviewDue);
    CHECK(verify_payload(payload, signer.public_key(), ymd(2027, 3, 1)).verdict == Verdict::Overdue);
    CHECK(verify_payload(payload, signer.public_key(), ymd(2030, 3, 1)).verdict == Verdict::Expired);

    // Every single changed byte of the signed part is caught.
    const auto sig_start = payload.rfind('*');
    for (std::size_t i = 4; i < sig_start; ++i) {
        std::string t = payload;
        if (t[i] == '*' || static_cast<unsigned char>(t[i]) >= 0x80) continue;
        t[i] = t[i] == '9' ? '8' : t[i] == 'Z' ? 'Y' : t[i] == '2' ? '3' : static_cast<char>(t[i] + 1);
        auto r = verify_payload(t, signer.public_key(), ymd(2026, 5, 1));
        CHECK_MESSAGE((r.verdict == Verdict::Forged || r.verdict == Verdict::Malformed), "byte ", i, " of ", t);
        CHECK_FALSE(r.signature_ok);
    }
    std::string name_changed = payload;
    name_changed.replace(name_changed.find("张秀英"), std::string("张秀英").size(), "张秀芳");
    CHECK(verify_payload(name_changed, signer.public_key(), ymd(2026, 5, 1)).verdict == Verdict::Forged);
    std::string sig_changed = payload;
    sig_changed[sig_start + 5] = sig_changed[sig_start + 5] == 'A' ? 'B' : 'A';
    CHECK(verify_payload(sig_changed, signer.public_key(), ymd(2026, 5, 1)).verdict == Verdict::Forged);

    auto wrong_key = verify_payload(payload, other.public_key(), ymd(2026, 5, 1));
    CHECK(wrong_key.verdict == Verdict::Forged);
    CHECK(wrong_key.message.find("密钥") != std::string::npos);
    // A forger who signs with their own key and writes the genuine key id still fails.
    auto forged_fields = sample_fields(other);
    auto forged = make_payload(forged_fields, other);
    forged.replace(4, 8, signer.public_key().key_id());
    CHECK(verify_payload(forged, signer.public_key(), ymd(2026, 5, 1)).verdict == Verdict::Forged);

    CHECK(verify_payload(payload.substr(0, payload.size() - 3), signer.public_key(), ymd(2026, 5, 1)).verdict ==
          Verdict::Malformed);
    CHECK(verify_payload("https://example.com/", signer.public_key(), ymd(2026, 5, 1)).verdict == Verdict::Malformed);

    auto specimen = sample_fields(signer);
    specimen.specimen = true;
    CHECK(verify_payload(make_payload(specimen, signer), signer.public_key(), ymd(2026, 5, 1)).verdict ==
          Verdict::Specimen);

    auto bad = sample_fields(signer);
    bad.name = "张*三";
    CHECK_THROWS_AS(make_payload(bad, signer), SigningError);
}

TEST_CASE("with the registry, the verdict follows suspension, revocation, replacement and reviews")
{
    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    const auto& key = signer.public_key();
    auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19860606", 818), "郑海"));
    const auto first = f.registry.qr_payload(c, signer);
    auto v = f.registry.verify(first, key);
    CHECK(v.verdict == Verdict::Valid);
    CHECK(v.registry_checked);

    c = f.registry.suspend(f.officer, c.id, "违章作业");
    v = f.registry.verify(first, key);
    CHECK(v.verdict == Verdict::Suspended);
    CHECK(v.message.find("违章作业") != std::string::npos);
    // Offline the printed dates are all a verifier can see.
    CHECK(verify_payload(first, key, f.today()).verdict == Verdict::Valid);

    c = f.registry.reinstate(f.officer, c.id, "期满发还");
    CHECK(f.registry.verify(first, key).verdict == Verdict::Valid);
    CHECK(f.registry.verify(first, key).message.find("已在登记系统更新") != std::string::npos);

    c = f.registry.replace(f.officer, c.id, ReplaceReason::Damage, "证件污损");
    const auto second = f.registry.qr_payload(c, signer);
    CHECK(f.registry.verify(first, key).verdict == Verdict::Replaced);
    CHECK(f.registry.verify(second, key).verdict == Verdict::Valid);

    c = f.registry.revoke(f.officer, c.id, "以欺骗手段取得");
    CHECK(f.registry.verify(second, key).verdict == Verdict::Revoked);

    // A genuine signature over a number the registry does not know.
    auto unknown = f.registry.qr_fields(c, key);
    unknown.number = "T110105198606060000";
    CHECK(f.registry.verify(make_payload(unknown, signer), key).verdict == Verdict::NotRegistered);

    f.set_today(ymd(2032, 3, 3));
    CHECK(verify_payload(second, key, f.today()).verdict == Verdict::Expired);
}

TEST_CASE("names and items must be well-formed UTF-8, and versions start at 1, in both directions")
{
    test::TempDir dir;
    auto signer = Signer::create(dir / "a");
    // Overlong forms, surrogates, code points above U+10FFFF and a cut-off character cannot be carried.
    for (const std::string& name : {std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"), std::string("\xED\xA0\x80"),
                                   std::string("\xF4\x90\x80\x80"), std::string("张\xE7\xA7")}) {
        auto f = sample_fields(signer);
        f.name = name;
        CHECK_THROWS_AS(make_payload(f, signer), SigningError);
    }
    auto four_bytes = sample_fields(signer);
    four_bytes.name = "𠮷野";
    CHECK(parse_payload(make_payload(four_bytes, signer))->name == "𠮷野");

    // A payload with version 0 is not one make_payload writes: malformed, even before the signature is checked.
    const auto payload = make_payload(sample_fields(signer), signer);
    std::string zero = payload;
    zero.replace(zero.find("*1*3*"), 5, "*0*3*");
    CHECK_FALSE(parse_payload(zero));
    CHECK(verify_payload(zero, signer.public_key(), ymd(2026, 5, 1)).verdict == Verdict::Malformed);
}
