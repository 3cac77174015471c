// Fuzz target: the kiosk configuration file (docs/kiosk-config.md), as `safekiosk --config FILE` reads it. Any input
// either gives a configuration whose every value is in its documented range or is refused with a ConfigError that
// names the file; nothing else may escape (a json exception, a crash). Corpus: tests/fuzz/corpus/kiosk_config/.
#include "kiosk/app/config.hpp"
#include "kiosk/app/i18n.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void broken(const std::string& what)
{
    std::fprintf(stderr, "fuzz: property broken: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sk::kiosk;
    const std::string text(reinterpret_cast<const char*>(data), size);
    KioskConfig c;
    try {
        c = parse_config(text, "kiosk.json");
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        if (what.rfind("kiosk.json", 0) != 0 || what.size() < 14) broken("an error without the file: " + what);
        return 0;
    }
    if (c.idle_timeout_s < 10 || c.idle_timeout_s > 3600) broken("idle_timeout_s out of range");
    if (c.attract_interval_s < 2 || c.attract_interval_s > 600) broken("attract_interval_s out of range");
    const auto& langs = languages();
    if (std::find(langs.begin(), langs.end(), c.language) == langs.end()) broken("an unknown language: " + c.language);
    if (!c.admin_pin_hash.empty() && c.admin_pin_hash.rfind("$argon2id$", 0) != 0) broken("a PIN hash not Argon2id");
    if (c.font.empty()) broken("an empty font path");
    if (c.kiosk_id.empty() || c.kiosk_id.size() > 16) broken("kiosk_id out of range");
    if (!parse_role(to_string(c.role))) broken("a role that does not read back");
    return 0;
}
