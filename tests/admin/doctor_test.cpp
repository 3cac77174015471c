// safekiosk-admin doctor through the real program: a sound installation is well (exit 0); a database other accounts
// can read, a missing signing key and a full disk are each named with how to mend them (exit 1). Also run on the
// PostgreSQL test server (label postgres): the centre reachable, its schema and this machine's clock against it.
#include "content/installation.hpp"
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

using namespace sk;

namespace {

nlohmann::json check_named(const nlohmann::json& report, const std::string& name)
{
    for (const auto& c : report["checks"])
        if (c["check"] == name) return c;
    return {};
}

test::AdminRun doctor(const std::string& db, std::vector<std::string> extra = {})
{
    std::vector<std::string> args{"--db", db, "--json", "doctor"};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run_admin(args);
}

// The installation with its signing key made (a specimen certificate is printed).
void with_signing_key(test::Installation& inst)
{
    auto sample = test::run_admin({"--db", inst.db, "cert", "sample", "--out", (inst.dir / "sample.pdf").string()});
    REQUIRE_MESSAGE(sample.code == 0, sample.err);
    REQUIRE(std::filesystem::exists(content::key_folder(inst.db) / "cert-signing.key"));
}

} // namespace

TEST_CASE("doctor: a sound installation is well, exit 0, changing nothing")
{
    test::Installation inst;
    with_signing_key(inst);
    const auto size = storage::is_server_locator(inst.db) ? 0 : std::filesystem::file_size(inst.db);
    auto r = doctor(inst.db, {"--min-free-mb", "1"});
    INFO(r.out);
    INFO(r.err);
    CHECK(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["all_well"] == true);
    CHECK(check_named(j, "signing key")["status"] == "ok");
    CHECK(check_named(j, "schema")["status"] == "ok");
    if (storage::is_server_locator(inst.db)) {
        CHECK(check_named(j, "centre")["status"] == "ok");
        CHECK(check_named(j, "clock")["status"] == "ok");
        CHECK(check_named(j, "integrity")["status"] == "skipped");
    } else {
        CHECK(check_named(j, "integrity")["status"] == "ok");
        CHECK(check_named(j, "file permissions")["status"] == "ok");
        CHECK(check_named(j, "clock")["status"] == "skipped");
        CHECK(std::filesystem::file_size(inst.db) == size);
    }
}

TEST_CASE("doctor: a centre that cannot be reached, or a database that is not there, is named, exit 1")
{
    test::TempDir dir;
    const std::string missing = storage::is_server_locator(dir.database("probe.db"))
                                    ? "postgresql://nobody@127.0.0.1:1/safekiosk?connect_timeout=2"
                                    : (dir / "absent.db").string();
    auto r = doctor(missing, {"--min-free-mb", "1"});
    INFO(r.out);
    CHECK(r.code == 1);
    const auto j = nlohmann::json::parse(r.out);
    const auto c = check_named(j, storage::is_server_locator(missing) ? "centre" : "database");
    CHECK(c["status"] == "PROBLEM");
    CHECK_FALSE(c["mend"].get<std::string>().empty());
    CHECK_FALSE(std::filesystem::exists(dir / "absent.db"));
}

TEST_CASE("doctor: a database with mode 0644 is named with chmod 600, exit 1")
{
    test::Installation inst;
    if (storage::is_server_locator(inst.db)) {
        MESSAGE("SKIPPED: file modes are the SQLite engine's");
        return;
    }
    REQUIRE(::chmod(inst.db.c_str(), 0644) == 0);
    auto r = doctor(inst.db, {"--min-free-mb", "1"});
    INFO(r.out);
    CHECK(r.code == 1);
    const auto c = check_named(nlohmann::json::parse(r.out), "file permissions");
    CHECK(c["status"] == "PROBLEM");
    CHECK(c["detail"].get<std::string>().find("0644") != std::string::npos);
    CHECK(c["mend"] == "chmod 600 " + inst.db);
    // The plain text says it too.
    auto text = test::run_admin({"--db", inst.db, "doctor", "--min-free-mb", "1"});
    CHECK(text.code == 1);
    CHECK(text.out.find("PROBLEM file permissions") != std::string::npos);
    CHECK(text.out.find("mend: chmod 600 " + inst.db) != std::string::npos);
}

TEST_CASE("doctor: a missing signing key is named with key restore, exit 1")
{
    test::Installation inst;
    with_signing_key(inst);
    std::filesystem::remove(content::key_folder(inst.db) / "cert-signing.key");
    auto r = doctor(inst.db, {"--min-free-mb", "1"});
    INFO(r.out);
    CHECK(r.code == 1);
    const auto c = check_named(nlohmann::json::parse(r.out), "signing key");
    CHECK(c["status"] == "PROBLEM");
    CHECK(c["mend"].get<std::string>().find("key restore") != std::string::npos);
    // A missing audit key too.
    std::filesystem::remove(content::key_folder(inst.db) / "audit.key");
    const auto audit = check_named(nlohmann::json::parse(doctor(inst.db, {"--min-free-mb", "1"}).out), "audit key");
    CHECK(audit["status"] == "PROBLEM");
}

TEST_CASE("doctor: a full disk (a small tmpfs) is named, exit 1")
{
    if (::geteuid() != 0) {
        MESSAGE("SKIPPED: mounting a tmpfs needs root; run the tests as root to check a full disk");
        return;
    }
    test::Installation inst;
    if (storage::is_server_locator(inst.db)) {
        MESSAGE("SKIPPED: the full disk under a database file is the SQLite engine's");
        return;
    }
    const auto mount_point = inst.dir / "small";
    std::filesystem::create_directory(mount_point);
    if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=4m,mode=0700") != 0) {
        MESSAGE("SKIPPED: cannot mount a tmpfs here (" << std::strerror(errno) << ")");
        return;
    }
    struct Unmount {
        std::filesystem::path p;
        ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
    } unmount{mount_point};
    const auto db = mount_point / "kiosk.db";
    std::filesystem::copy_file(inst.db, db);
    ::chmod(db.c_str(), 0600);
    // Fill the file system up.
    {
        std::ofstream fill(mount_point / "filler", std::ios::binary);
        const std::string block(64 * 1024, 'x');
        while (fill.write(block.data(), static_cast<std::streamsize>(block.size()))) fill.flush();
    }
    auto r = doctor(db.string());
    INFO(r.out);
    CHECK(r.code == 1);
    const auto c = check_named(nlohmann::json::parse(r.out), "free disk");
    CHECK(c["status"] == "PROBLEM");
    CHECK(c["detail"].get<std::string>().find("the disk is full") != std::string::npos);
    CHECK_FALSE(c["mend"].get<std::string>().empty());
}

TEST_CASE("doctor: a file of the installation owned by another account (safekiosk-admin run as root) is named with chown")
{
    if (::geteuid() != 0) {
        MESSAGE("SKIPPED: giving a file to another account needs root");
        return;
    }
    test::Installation inst;
    if (storage::is_server_locator(inst.db)) {
        MESSAGE("SKIPPED: file owners are the SQLite engine's");
        return;
    }
    with_signing_key(inst);
    const auto key = content::key_folder(inst.db) / "audit.head";
    REQUIRE(std::filesystem::exists(key));
    REQUIRE(::chown(key.c_str(), 4242, 4242) == 0);
    auto r = doctor(inst.db, {"--min-free-mb", "1"});
    INFO(r.out);
    CHECK(r.code == 1);
    const auto c = check_named(nlohmann::json::parse(r.out), "file permissions");
    CHECK(c["status"] == "PROBLEM");
    CHECK(c["detail"].get<std::string>().find("audit.head (uid 4242)") != std::string::npos);
    CHECK(c["mend"].get<std::string>().find("chown -R") != std::string::npos);
}
