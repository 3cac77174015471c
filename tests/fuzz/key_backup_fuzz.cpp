// Fuzz target: the encrypted signing-key backup file (docs/qr-payload.md, "Never replaced silently") as
// `safekiosk-admin key restore` reads it before asking for the passphrase: certs::backup_key_id. Every input is
// refused with a SigningError naming the file, or names a key id that matches its public key; nothing else (no
// crash, no other exception, no unbounded work: the kdf limits are checked before any key derivation).
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
        const auto id = sk::certs::backup_key_id(file());
        if (id.size() != 8) broken("a key id of " + std::to_string(id.size()) + " characters");
    } catch (const sk::certs::SigningError& e) {
        if (std::string(e.what()).rfind(file().string() + ": ", 0) != 0) broken(std::string("unnamed file: ") + e.what());
    }
    return 0;
}
