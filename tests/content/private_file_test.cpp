// The one writer of secret files (content/formats/private_file.hpp), used by the signing key, the audit key and key
// backups: a new file only, mode 0600 whatever the umask, written whole; an existing file is never touched.
#include "content/formats/private_file.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cerrno>

using namespace sk;
using content::formats::PrivateFileError;

namespace {

unsigned mode_of(const std::filesystem::path& p)
{
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

struct Umask {
    mode_t old;
    explicit Umask(mode_t m) : old(::umask(m)) {}
    ~Umask() { ::umask(old); }
};

} // namespace

TEST_CASE("a secret file is written new, whole and 0600 whatever the umask, and never over an existing file")
{
    test::TempDir dir;
    const std::string secret("key\0bytes\xff", 10);
    {
        Umask open_umask(0); // a umask that would leave a file 0666
        content::formats::write_new_private_file(dir / "a.key", secret);
    }
    CHECK(mode_of(dir / "a.key") == 0600);
    CHECK(test::read_file(dir / "a.key") == secret);

    // An existing file: refused as existing, its bytes and mode unchanged.
    test::write_file(dir / "b.key", "the old key");
    ::chmod((dir / "b.key").c_str(), 0640);
    try {
        content::formats::write_new_private_file(dir / "b.key", secret);
        FAIL("wrote over an existing file");
    } catch (const PrivateFileError& e) {
        CHECK(e.exists());
        CHECK(e.stage() == PrivateFileError::Stage::Create);
        CHECK(std::string(e.what()).rfind((dir / "b.key").string() + ": cannot be created: ", 0) == 0);
    }
    CHECK(test::read_file(dir / "b.key") == "the old key");
    CHECK(mode_of(dir / "b.key") == 0640);

    // A folder that does not exist: refused naming the file, nothing made.
    try {
        content::formats::write_new_private_file(dir / "no-such-folder" / "c.key", secret);
        FAIL("wrote into a missing folder");
    } catch (const PrivateFileError& e) {
        CHECK_FALSE(e.exists());
        CHECK(e.error() == ENOENT);
    }
    CHECK_FALSE(std::filesystem::exists(dir / "no-such-folder"));

    // A device in the file's place is never opened for writing (O_EXCL).
    try {
        content::formats::write_new_private_file("/dev/full", secret);
        FAIL("opened a device for writing");
    } catch (const PrivateFileError& e) {
        CHECK(e.exists());
    }

    CHECK(content::formats::mode_text(0100644) == "0644");
    CHECK(content::formats::mode_text(0600) == "0600");
}
