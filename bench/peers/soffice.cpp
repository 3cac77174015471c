#include "bench/peers/soffice.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace sk::bench {

namespace fs = std::filesystem;

namespace {

// Parent of every process, from /proc/PID/stat.
std::map<pid_t, pid_t> parents()
{
    std::map<pid_t, pid_t> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
        const std::string name = e.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(e.path() / "stat");
        std::string stat;
        std::getline(in, stat);
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        char state = 0;
        pid_t ppid = 0;
        rest >> state >> ppid;
        out[static_cast<pid_t>(std::stol(name))] = ppid;
    }
    return out;
}

// Pss and Rss of one process in KiB (smaps_rollup); zeros when it is gone.
std::pair<long, long> pss_rss_kib(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
    long pss = 0, rss = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("Pss:", 0) == 0) pss = std::strtol(line.c_str() + 4, nullptr, 10);
        else if (line.rfind("Rss:", 0) == 0) rss = std::strtol(line.c_str() + 4, nullptr, 10);
    }
    return {pss, rss};
}

} // namespace

std::optional<Soffice> Soffice::find(const fs::path& work)
{
    const char* path = std::getenv("PATH");
    if (!path) return std::nullopt;
    std::istringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (dir.empty()) continue;
        const fs::path p = fs::path(dir) / "soffice";
        if (access(p.c_str(), X_OK) == 0) return Soffice(p, work);
    }
    return std::nullopt;
}

Soffice::Soffice(fs::path program, const fs::path& work) : program_(std::move(program)), profile_(work / "soffice-profile")
{
}

std::string Soffice::version() const
{
    const std::string cmd = "'" + program_.string() + "' --version 2>/dev/null";
    std::string out;
    if (FILE* f = popen(cmd.c_str(), "r")) {
        char buf[256];
        while (std::fgets(buf, sizeof buf, f)) out += buf;
        pclose(f);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

PeerRun Soffice::convert(const std::vector<fs::path>& inputs, const fs::path& outdir) const
{
    PeerRun r;
    fs::create_directories(outdir);
    std::vector<std::string> args{program_.string(), "-env:UserInstallation=file://" + profile_.string(), "--headless",
                                  "--norestore", "--convert-to", "pdf", "--outdir", outdir.string()};
    for (const auto& in : inputs) args.push_back(in.string());
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        r.error = "fork failed";
        return r;
    }
    if (pid == 0) {
        const int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    // Sample the tree rooted at the child until it exits.
    std::atomic<bool> done{false};
    long peak_pss = 0, peak_rss = 0;
    std::thread sampler([&] {
        while (!done.load()) {
            const auto parent = parents();
            std::set<pid_t> tree{pid};
            for (bool grew = true; grew;) {
                grew = false;
                for (const auto& [p, pp] : parent)
                    if (tree.count(pp) && tree.insert(p).second) grew = true;
            }
            long pss = 0, rss = 0;
            for (pid_t p : tree) {
                const auto [a, b] = pss_rss_kib(p);
                pss += a;
                rss += b;
            }
            peak_pss = std::max(peak_pss, pss);
            peak_rss = std::max(peak_rss, rss);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    done = true;
    sampler.join();
    // soffice.bin may outlive the script by a moment: the children's peak covers every process waited for.
    rusage children{};
    getrusage(RUSAGE_CHILDREN, &children);
    r.peak_pss_mib = peak_pss / 1024.0;
    r.peak_rss_mib = peak_rss / 1024.0;
    r.max_rss_mib = std::max(ru.ru_maxrss, children.ru_maxrss) / 1024.0;
    r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!r.ok) r.error = "soffice exited with status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    for (const auto& in : inputs)
        if (!fs::exists(outdir / (in.stem().string() + ".pdf"))) {
            r.ok = false;
            r.error = "no PDF for " + in.string();
        }
    return r;
}

} // namespace sk::bench
