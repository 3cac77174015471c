// Hostile and careless file arguments (issue 14, item 7): FIFOs, devices, huge files and damaged keys give a clear
// message naming the file and an exit code, promptly; never a hang, an unbounded read or an abort.
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

using namespace sk;
namespace fs = std::filesystem;

namespace {

// Every run has a time limit: a program that waits for a FIFO's writer ends as `timeout`'s exit code 124.
const std::vector<std::string> kTimeLimit{"timeout", "-s", "KILL", "30"};

// The import report goes to stdout, errors to stderr: `all` has both.
struct Run {
    int code;
    std::string all;
};

Run run_limited(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {})
{
    auto r = test::run_admin(args, env, kTimeLimit);
    return {r.code, r.out + r.err};
}

// `safekiosk-admin --db … --user LOGIN ARGS` with the user's password, within the time limit.
Run as_user(const test::Installation& inst, const std::string& login, std::vector<std::string> args,
            std::map<std::string, std::string> env = {})
{
    std::vector<std::string> full{"--db", inst.db, "--user", login};
    full.insert(full.end(), args.begin(), args.end());
    env["SAFEKIOSK_PASSWORD"] = test::password_of(login);
    return run_limited(full, env);
}

void make_fifo(const fs::path& p) { REQUIRE(::mkfifo(p.c_str(), 0644) == 0); }

// A sparse file of `mib` MiB: no disk space, but its size is what the limits look at.
void make_sparse(const fs::path& p, int mib)
{
    test::write_file(p, "");
    fs::resize_file(p, static_cast<std::uintmax_t>(mib) * 1024 * 1024);
}

} // namespace

TEST_CASE("a FIFO given as pack.json, a question CSV or a candidate CSV is refused at once as not a regular file")
{
    test::Installation inst;
    const fs::path pack = inst.dir / "pack";
    fs::create_directories(pack);
    make_fifo(pack / "pack.json");
    const auto start = std::chrono::steady_clock::now();
    auto r = as_user(inst, "admin", {"content", "import", pack.string()});
    CHECK(r.code == 1);
    CHECK(r.all.find("pack.json") != std::string::npos);
    CHECK(r.all.find("not a regular file (a FIFO)") != std::string::npos);

    make_fifo(inst.dir / "questions.csv");
    r = as_user(inst, "admin", {"content", "import", (inst.dir / "questions.csv").string()});
    CHECK(r.code == 1);
    CHECK(r.all.find("questions.csv") != std::string::npos);
    CHECK(r.all.find("not a regular file (a FIFO)") != std::string::npos);

    // A .txt file is read to tell GIFT from Aiken: that read does not wait either.
    make_fifo(inst.dir / "questions.txt");
    r = as_user(inst, "admin", {"content", "import", (inst.dir / "questions.txt").string()});
    CHECK(r.code == 2);
    CHECK(r.all.find("questions.txt: not a regular file (a FIFO)") != std::string::npos);

    make_fifo(inst.dir / "people.csv");
    r = as_user(inst, "staff", {"candidate", "import", (inst.dir / "people.csv").string()});
    CHECK(r.code == 1);
    CHECK(r.all.find("not a regular file (a FIFO)") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(25));
}

TEST_CASE("a pack listing a FIFO says it is not a regular file, not that it is missing from the pack")
{
    test::Installation inst;
    const fs::path pack = inst.dir / "pack";
    fs::create_directories(pack);
    test::write_file(pack / "pack.json",
                     R"({"format": "safekiosk-pack", "version": 1, "questions": ["questions.jsonl"]})");
    make_fifo(pack / "questions.jsonl");
    auto r = as_user(inst, "admin", {"content", "import", pack.string()});
    CHECK(r.code == 1);
    CHECK(r.all.find("questions.jsonl") != std::string::npos);
    CHECK(r.all.find("not a regular file (a FIFO)") != std::string::npos);
    CHECK(r.all.find("not in the pack") == std::string::npos);
}

TEST_CASE("/dev/zero as a CSV, GIFT, blueprint, candidate file or key is refused as a device, not read forever")
{
    test::Installation inst;
    auto r = as_user(inst, "admin", {"content", "import", "--format", "csv", "/dev/zero"});
    CHECK(r.code == 1);
    CHECK(r.all.find("/dev/zero") != std::string::npos);
    CHECK(r.all.find("not a regular file (a device)") != std::string::npos);

    r = as_user(inst, "admin", {"content", "import", "--format", "gift", "--category", "电工作业", "--item",
                     "低压电工作业", "/dev/zero"});
    CHECK(r.code == 1);
    CHECK(r.all.find("not a regular file (a device)") != std::string::npos);

    r = as_user(inst, "admin", {"blueprint", "set", "/dev/zero"});
    CHECK(r.code == 3);
    CHECK(r.all.find("/dev/zero: not a regular file (a device)") != std::string::npos);

    r = as_user(inst, "staff", {"candidate", "import", "/dev/zero"});
    CHECK(r.code == 1);
    CHECK(r.all.find("not a regular file (a device)") != std::string::npos);

    r = run_limited({"--db", inst.db, "cert", "verify", "--key", "/dev/zero", "SK1.x"});
    CHECK(r.code == 1);
    CHECK(r.all.find("/dev/zero") != std::string::npos);
    CHECK(r.all.find("not a regular file (a device)") != std::string::npos);
}

TEST_CASE("a file beyond its size limit is refused naming the limit, and SAFEKIOSK_MAX_FILE_MB raises the limit")
{
    test::Installation inst;
    const fs::path big = inst.dir / "big.csv";
    make_sparse(big, 65);
    auto r = as_user(inst, "admin", {"content", "import", big.string()});
    CHECK(r.code == 1);
    CHECK(r.all.find("big.csv") != std::string::npos);
    CHECK(r.all.find("larger than the limit of 64 MiB") != std::string::npos);
    CHECK(r.all.find("SAFEKIOSK_MAX_FILE_MB") != std::string::npos);
    // Raised, the file is read (and then refused for what it holds, not for its size).
    r = as_user(inst, "admin", {"content", "import", big.string()}, {{"SAFEKIOSK_MAX_FILE_MB", "100"}});
    CHECK(r.all.find("larger than the limit") == std::string::npos);

    const fs::path blueprint = inst.dir / "blueprint.json";
    make_sparse(blueprint, 2);
    r = as_user(inst, "admin", {"blueprint", "set", blueprint.string()});
    CHECK(r.code == 3);
    CHECK(r.all.find("blueprint.json: larger than the limit of 1 MiB") != std::string::npos);
}

TEST_CASE("cert verify with a key that is not a key (/etc/passwd, damaged, a folder) is refused (exit 1) naming the file")
{
    test::Installation inst;
    auto r = run_limited({"--db", inst.db, "cert", "verify", "--key", "/etc/passwd", "SK1.x"});
    CHECK(r.code == 1);
    CHECK(r.all.find("/etc/passwd") != std::string::npos);

    const fs::path damaged = inst.dir / "damaged.pub";
    test::write_file(damaged, "safekiosk-ed25519-public \x01\x02\xff garbage");
    r = run_limited({"--db", inst.db, "cert", "verify", "--key", damaged.string(), "SK1.x"});
    CHECK(r.code == 1);
    CHECK(r.all.find("damaged.pub") != std::string::npos);

    r = run_limited({"--db", inst.db, "cert", "verify", "--key", inst.dir.path().string(), "SK1.x"});
    CHECK(r.code == 1);
    CHECK(r.all.find("is a folder, not a file") != std::string::npos);
}
