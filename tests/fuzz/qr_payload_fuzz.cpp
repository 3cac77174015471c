// Fuzz target: the signed QR payload of certificates (docs/qr-payload.md) as a phone or the admin tool reads it:
// parse_payload, verify_payload and, for inputs starting "SK1PUB:", PublicKey::parse. A payload the fuzzer makes
// cannot carry a valid signature, so every payload that parses is also signed again with a fixed test key and
// checked all the way: the dates it carries decide the verdict, and it reads back field for field.
// Corpus: tests/fuzz/corpus/qr_payload/.
#include "certs/signing.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

using namespace sk::certs;

[[noreturn]] void broken(const std::string& what)
{
    std::fprintf(stderr, "fuzz: property broken: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

// A signer made once in a temporary folder; the key stays in memory, the folder is removed.
const Signer& signer()
{
    static const Signer s = [] {
        char tmpl[] = "/tmp/sk-qr-fuzz-XXXXXX";
        if (!::mkdtemp(tmpl)) broken("no temporary folder");
        const std::filesystem::path dir = tmpl;
        auto made = Signer::create(dir / "keys");
        std::filesystem::remove_all(dir);
        return made;
    }();
    return s;
}

bool same(const QrFields& a, const QrFields& b)
{
    return a.key_id == b.key_id && a.number == b.number && a.version == b.version &&
           a.status_version == b.status_version && a.item_id == b.item_id && a.first_issued == b.first_issued &&
           a.valid_until == b.valid_until && a.review_due == b.review_due && a.specimen == b.specimen &&
           a.name == b.name && a.item == b.item;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    const Date today = std::chrono::year{2026} / 11 / 28;
    const PublicKey& key = signer().public_key();

    if (input.rfind("SK1PUB:", 0) == 0) {
        try {
            const auto k = PublicKey::parse(input);
            if (PublicKey::parse(k.exported()).bytes != k.bytes) broken("a public key changed through its text");
        } catch (const SigningError& e) {
            if (std::string(e.what()).rfind("public key: ", 0) != 0) broken(std::string("unclear error: ") + e.what());
        }
        return 0;
    }

    const auto fields = parse_payload(input);
    const auto v = verify_payload(input, key, today);
    if (v.message.empty()) broken("a verdict without a message");
    if (!fields) {
        if (v.verdict != Verdict::Malformed) broken("an unreadable payload was not called malformed");
        return 0;
    }
    if (v.verdict != Verdict::Forged || v.signature_ok) broken("a payload made without the key was not forged");
    if (!v.fields || !same(*v.fields, *fields)) broken("verify_payload read other fields than parse_payload");

    // The same fields, signed with the key: genuine, read back unchanged, the verdict from the dates alone.
    QrFields f = *fields;
    f.key_id = key.key_id();
    const std::string payload = make_payload(f, signer());
    const auto back = parse_payload(payload);
    if (!back || !same(*back, f)) broken("fields changed through a signed payload: " + payload);
    const auto genuine = verify_payload(payload, key, today);
    if (!genuine.signature_ok) broken("a payload signed with the key did not verify: " + payload);
    if (f.specimen != (genuine.verdict == Verdict::Specimen)) broken("specimen verdict wrong: " + payload);
    if (!f.specimen && (today > f.valid_until) != (genuine.verdict == Verdict::Expired))
        broken("expiry verdict wrong: " + payload);
    if (genuine.verdict == Verdict::Malformed || genuine.verdict == Verdict::Forged) broken("genuine payload refused");
    return 0;
}
