#include "tests/kiosk/kiosk_run.hpp"

#include "kiosk/app/run.hpp"
#include "tests/support/temp_dir.hpp"

#include <iostream>
#include <sstream>

namespace sk::test {

KioskRun run_kiosk(const std::vector<std::string>& args)
{
    std::vector<std::string> storage{"safekiosk"};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::ostringstream out, err;
    auto* old_out = std::cout.rdbuf(out.rdbuf());
    auto* old_err = std::cerr.rdbuf(err.rdbuf());
    KioskRun r;
    try {
        r.code = kiosk::run(static_cast<int>(storage.size()), argv.data());
    } catch (...) {
        std::cout.rdbuf(old_out);
        std::cerr.rdbuf(old_err);
        throw;
    }
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

KioskRun run_script(const std::filesystem::path& dir, const std::filesystem::path& db, const std::string& script,
                    const std::string& size, const std::string& name, const std::vector<std::string>& extra)
{
    const auto path = dir / name;
    write_file(path, script);
    std::vector<std::string> args{"--db", db.string(), "--headless", "--script", path.string(), "--screenshots",
                                  (dir / "shots").string(), "--size", size};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_kiosk(args);
}

} // namespace sk::test
