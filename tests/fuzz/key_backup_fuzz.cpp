// Fuzz target: the encrypted key backup file, formats 1 and 2 (docs/qr-payload.md, "Never replaced silently") as
// `safekiosk-admin key restore` reads it before asking for the passphrase: certs::backup_info. Every input is
// refused with a SigningError naming the file, or names a key id that matches its public key (and, format 2, an
// audit key id of 16 hex digits); nothing else (no crash, no other exception, no unbounded work: the kdf limits are
// checked before any key derivation).
// Corpus: tests/fuzz/corpus/key_backup/.
#include "certs/installation_key.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

[[noreturn]] void broken(const std::string& what)
{
    std::fprintf(stderr, "fuzz: property broken: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

const std::filesystem::path& file()
{
    static const std::filesystem::path f = [] {
        char tmpl[] = "/tmp/sk-key-backup-fuzz-XXXXXX";
        if (!::mkdtemp(tmpl)) broken("no temporary folder");
        return std::filesystem::path(tmpl) / "key.backup";
    }();
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    {
        std::ofstream out(file(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const auto info = sk::certs::backup_info(file());
        if (info.key_id.size() != 8) broken("a key id of " + std::to_string(info.key_id.size()) + " characters");
        if (info.format != 1 && info.format != 2) broken("format " + std::to_string(info.format));
        if ((info.format == 2) != info.audit_key_id.has_value()) broken("an audit key id that does not fit the format");
        if (info.audit_key_id &&
            (info.audit_key_id->size() != 16 || info.audit_key_id->find_first_not_of("0123456789abcdef") != std::string::npos))
            broken("audit key id '" + *info.audit_key_id + "'");
        if (sk::certs::backup_key_id(file()) != info.key_id) broken("backup_key_id and backup_info disagree");
    } catch (const sk::certs::SigningError& e) {
        if (std::string(e.what()).rfind(file().string() + ": ", 0) != 0) broken(std::string("unnamed file: ") + e.what());
    }
    return 0;
}
