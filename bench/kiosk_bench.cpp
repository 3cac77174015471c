// Speed and footprint of the real `safekiosk` program on the demo installation at 1920×1080 (issue #7 §7), beside
// Chromium headless on the same exam page (bench/peers/exam-page.html) where Chromium is installed.
//
// Setup as the README's demo: safekiosk-admin imports media/demo-pack and runs `demo setup`; a headless run checks
// in the first demo examinee (张伟, seat A01) and starts the exam. Then, in a real X11 window on Xvfb (started
// here unless KIOSK_BENCH_DISPLAY names a display), the exam kiosk resumes on the exam screen:
//   - launch: from just before fork/exec to the first exam-screen frame on the window surface (the kiosk prints a
//     monotonic timestamp with SAFEKIOSK_FRAME_LOG, docs/kiosk.md), median of 5 launches: warm (the glyph atlas
//     cache from an earlier start present, the normal case: the target's verdict) and cold (no cache: the first
//     start after a content change), with the kiosk's processor time up to that frame for each;
//   - memory: PSS from /proc/PID/smaps_rollup, 1.5 s after that frame;
//   - idle CPU: on-CPU time of all its threads (/proc/PID/task/*/schedstat) over 10 s on the exam screen (1 Hz
//     countdown) and, in a second run as an exhibit kiosk, on the attract screen: its first 10 s, and 10 s after
//     one round of the demo pack's cases (each case's picture is decoded and scaled once, on its first showing);
// and headless (`measure-frames`), the CPU time of one exam frame: whole (building the draw lists, and building
// plus rasterising every pixel), and for a countdown tick.
// Chromium: wall time of `chromium --headless --screenshot` at 1920×1080, then a second instance left on the page:
// PSS summed over its processes, on-CPU time of all their threads over 10 s.
//
// KIOSK_BENCH_SAFEKIOSK=PATH measures another safekiosk build (e.g. an older one) with the same steps.
#include "bench/report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

double mono_ms()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

std::string read_text(const fs::path& p)
{
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A program started with fork/exec; its standard output and error go to `log`.
struct Child {
    pid_t pid = -1;
    fs::path log;

    static Child start(const std::vector<std::string>& args, const std::vector<std::string>& env, fs::path log)
    {
        Child c;
        c.log = std::move(log);
        c.pid = fork();
        if (c.pid == 0) {
            const int fd = ::open(c.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                dup2(fd, 1);
                dup2(fd, 2);
            }
            setpgid(0, 0);
            for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> argv;
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execvp(argv[0], argv.data());
            _exit(127);
        }
        return c;
    }
    std::string output() const { return read_text(log); }
    void stop()
    {
        if (pid <= 0) return;
        kill(-pid, SIGTERM);
        for (int i = 0; i < 50; ++i) {
            if (waitpid(pid, nullptr, WNOHANG) == pid) {
                pid = -1;
                return;
            }
            std::this_thread::sleep_for(100ms);
        }
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        pid = -1;
    }
};

// Runs a program to its end; returns its exit code and fills `out` with what it printed.
int run(const std::vector<std::string>& args, std::string& out, const std::vector<std::string>& env = {})
{
    const fs::path log = fs::temp_directory_path() / ("kiosk-bench-run-" + std::to_string(getpid()) + ".log");
    Child c = Child::start(args, env, log);
    int status = 0;
    waitpid(c.pid, &status, 0);
    out = c.output();
    fs::remove(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// Processes whose parent chain leads to `root` (and root itself).
std::vector<pid_t> process_tree(pid_t root)
{
    std::vector<std::pair<pid_t, pid_t>> all; // pid, parent
    for (const auto& e : fs::directory_iterator("/proc")) {
        const std::string name = e.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string stat = read_text(e.path() / "stat");
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        char state;
        pid_t ppid = 0;
        rest >> state >> ppid;
        all.emplace_back(std::stoi(name), ppid);
    }
    std::set<pid_t> tree{root};
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& [pid, ppid] : all)
            if (tree.count(ppid) && !tree.count(pid)) {
                tree.insert(pid);
                grew = true;
            }
    }
    return {tree.begin(), tree.end()};
}

// On-CPU seconds of every thread of the processes (the first field of /proc/PID/task/TID/schedstat).
double cpu_seconds(const std::vector<pid_t>& pids)
{
    double ns = 0;
    for (pid_t p : pids) {
        std::error_code ec;
        for (const auto& t : fs::directory_iterator("/proc/" + std::to_string(p) + "/task", ec)) {
            std::istringstream in(read_text(t.path() / "schedstat"));
            double v = 0;
            if (in >> v) ns += v;
        }
    }
    return ns / 1e9;
}

// CPU seconds used over `seconds` by the process tree of `root` (threads and processes that exist at both ends).
double idle_cpu(pid_t root, int seconds)
{
    const auto tree = process_tree(root);
    const double a = cpu_seconds(tree);
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    return cpu_seconds(tree) - a;
}

double pss_mib(const std::vector<pid_t>& pids)
{
    double kib = 0;
    for (pid_t p : pids) {
        std::istringstream in(read_text("/proc/" + std::to_string(p) + "/smaps_rollup"));
        for (std::string line; std::getline(in, line);)
            if (line.rfind("Pss:", 0) == 0) kib += std::stod(line.substr(4));
    }
    return kib / 1024.0;
}

// Waits for the kiosk's "first of screen 'NAME' at monotonic T ms" line; returns T.
std::optional<double> wait_first_frame(const Child& c, const std::string& screen, double timeout_ms)
{
    const std::regex re("first of screen '" + screen + "' at monotonic ([0-9.]+) ms");
    const double until = mono_ms() + timeout_ms;
    while (mono_ms() < until) {
        std::smatch m;
        const std::string out = c.output();
        if (std::regex_search(out, m, re)) return std::stod(m[1]);
        if (waitpid(c.pid, nullptr, WNOHANG) == c.pid) return std::nullopt;
        std::this_thread::sleep_for(2ms);
    }
    return std::nullopt;
}

std::optional<double> number_after(const std::string& text, const std::string& pattern)
{
    std::smatch m;
    if (std::regex_search(text, m, std::regex(pattern))) return std::stod(m[1]);
    return std::nullopt;
}

bool has_program(const std::string& name)
{
    std::string out;
    return run({"sh", "-c", "command -v " + name}, out) == 0;
}

} // namespace

int main()
{
    const fs::path self = fs::canonical("/proc/self/exe").parent_path();
    const fs::path build = self.parent_path();
    const char* other = std::getenv("KIOSK_BENCH_SAFEKIOSK");
    const std::string kiosk = other ? other : (build / "kiosk" / "safekiosk").string();
    const std::string admin = (build / "admin" / "safekiosk-admin").string();
    const fs::path root = SAFEKIOSK_ROOT;
    const fs::path dir = fs::temp_directory_path() / ("safekiosk-kiosk-bench-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string db = (dir / "demo.db").string();
    sk::bench::Report report("kiosk_bench: safekiosk at 1920x1080 on the demo installation");
    report.note("safekiosk: " + kiosk);

    // The demo installation and a checked-in examinee.
    std::string out;
    if (run({admin, "--db", db, "content", "import", (root / "media" / "demo-pack").string()}, out) != 0 ||
        run({admin, "--db", db, "demo", "setup", "--json"}, out) != 0) {
        std::cerr << "kiosk_bench: the demo installation failed:\n" << out;
        return 1;
    }
    const auto setup = nlohmann::json::parse(out);
    const auto& examinee = setup["examinees"][0];
    std::string checkin = "expect-screen exam-attract\ntap-text 输入身份证号\ntype " +
                          examinee["id_number"].get<std::string>() + "\ntap-text 下一步\ntype " +
                          examinee["ticket"].get<std::string>() +
                          "\ntap-text 下一步\ntap-text 确认是本人\nwait 20s\ntap-text 我已阅读，开始考试\n"
                          "expect-screen exam-paper\n";
    std::ofstream(dir / "checkin.txt") << checkin;
    if (run({kiosk, "--db", db, "--role", "exam", "--headless", "--script", (dir / "checkin.txt").string()}, out) != 0) {
        std::cerr << "kiosk_bench: the check-in script failed:\n" << out;
        return 1;
    }

    // Chromium on the same page, when it is installed.
    std::optional<double> chrome_launch, chrome_pss, chrome_idle;
    if (has_program("chromium")) {
        const std::string page = "file://" + (root / "bench" / "peers" / "exam-page.html").string();
        const std::vector<std::string> common = {"chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                                 "--no-first-run", "--window-size=1920,1080"};
        auto shot = common;
        shot.push_back("--user-data-dir=" + (dir / "chrome-shot").string());
        shot.push_back("--screenshot=" + (dir / "chrome.png").string());
        shot.push_back(page);
        const double t0 = mono_ms();
        if (run(shot, out) == 0 && fs::exists(dir / "chrome.png")) chrome_launch = mono_ms() - t0;
        auto stay = common;
        stay.push_back("--user-data-dir=" + (dir / "chrome-stay").string());
        stay.push_back("--remote-debugging-port=0");
        stay.push_back(page);
        Child c = Child::start(stay, {}, dir / "chrome.log");
        std::this_thread::sleep_for(5s);
        chrome_pss = pss_mib(process_tree(c.pid));
        chrome_idle = idle_cpu(c.pid, 10);
        report.note("chromium: " + std::to_string(process_tree(c.pid).size()) + " processes on the exam page");
        c.stop();
    } else {
        report.note("chromium is not installed: no baseline (apt-get install chromium)");
    }

    // The kiosk in an X11 window.
    std::optional<Child> xvfb;
    std::string display;
    if (const char* d = std::getenv("KIOSK_BENCH_DISPLAY")) {
        display = d;
    } else {
        int n = 90;
        while (n < 200 && fs::exists("/tmp/.X11-unix/X" + std::to_string(n))) ++n;
        display = ":" + std::to_string(n);
        xvfb = Child::start({"Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"}, {}, dir / "xvfb.log");
        for (int i = 0; i < 100 && !fs::exists("/tmp/.X11-unix/X" + std::to_string(n)); ++i)
            std::this_thread::sleep_for(50ms);
        std::this_thread::sleep_for(300ms);
    }
    // The kiosk's glyph atlas cache lives in the bench's folder, not in the user's.
    const fs::path cache = dir / "cache";
    const std::vector<std::string> env = {"DISPLAY=" + display, "SDL_VIDEODRIVER=x11", "SAFEKIOSK_FRAME_LOG=all",
                                          "XDG_CACHE_HOME=" + cache.string()};
    std::optional<double> launch, launch_cpu, cold_launch, cold_cpu, pss, exam_idle, attract_first, attract_idle,
        exam_frames;
    // Launches to the first exam-screen frame: wall and processor time (a frame or two after the first may be in
    // the latter: the launch time of a machine with a core to spare). `cold` removes the glyph cache first.
    const auto launches = [&](bool cold, int n, std::optional<double>& wall, std::optional<double>& cpu) {
        std::vector<double> walls, cpus;
        for (int i = 0; i < n; ++i) {
            if (cold) fs::remove_all(cache);
            const double t0 = mono_ms();
            // A log of its own: reading a reused one could find the previous launch's line before the child
            // has truncated it.
            const fs::path log = dir / ("launch-" + std::string(cold ? "cold-" : "warm-") + std::to_string(n) + "-" +
                                        std::to_string(i) + ".log");
            Child k = Child::start({kiosk, "--db", db, "--role", "exam", "--size", "1920x1080"}, env, log);
            if (auto t = wait_first_frame(k, "exam-paper", 10000)) {
                walls.push_back(*t - t0);
                cpus.push_back(cpu_seconds({k.pid}) * 1000);
            }
            k.stop();
            std::this_thread::sleep_for(300ms);
        }
        if (walls.size() != static_cast<std::size_t>(n)) return;
        std::sort(walls.begin(), walls.end());
        std::sort(cpus.begin(), cpus.end());
        wall = walls[walls.size() / 2];
        cpu = cpus[cpus.size() / 2];
    };
    launches(true, 5, cold_launch, cold_cpu);
    launches(false, 1, launch, launch_cpu); // the cache as the last cold launch left it
    launches(false, 5, launch, launch_cpu);
    {
        Child k = Child::start({kiosk, "--db", db, "--role", "exam", "--size", "1920x1080"}, env, dir / "exam.log");
        if (!wait_first_frame(k, "exam-paper", 10000)) std::this_thread::sleep_for(3s); // a build with no frame log
        std::this_thread::sleep_for(1500ms);
        pss = pss_mib({k.pid});
        const auto frames_before = k.output().size();
        exam_idle = idle_cpu(k.pid, 10);
        const std::string idle_log = k.output().substr(frames_before);
        int frames = 0;
        for (std::size_t at = 0; (at = idle_log.find("frame: screen 'exam-paper'", at)) != std::string::npos; ++at)
            ++frames;
        exam_frames = frames;
        k.stop();
    }
    {
        // The attract screen shows each case of the pack for 8 s (the default attract_interval_s); the first round
        // decodes and scales each case's picture once, later rounds reuse them.
        int cases = 0;
        std::ifstream pack(root / "media" / "demo-pack" / "exhibits.jsonl");
        for (std::string line; std::getline(pack, line);) cases += line.find('{') != std::string::npos ? 1 : 0;
        Child k = Child::start({kiosk, "--db", db, "--role", "exhibit", "--size", "1920x1080"}, env, dir / "attract.log");
        const double shown = wait_first_frame(k, "attract", 10000).value_or(mono_ms());
        std::this_thread::sleep_for(1500ms);
        attract_first = idle_cpu(k.pid, 10);
        const double round_done = shown + cases * 8000.0 + 2000.0;
        while (mono_ms() < round_done) std::this_thread::sleep_for(100ms);
        attract_idle = idle_cpu(k.pid, 10);
        report.note("attract screen: " + std::to_string(cases) + " cases, measured again after " +
                    std::to_string(static_cast<int>((round_done - shown) / 1000)) + " s (one round)");
        k.stop();
    }
    if (xvfb) xvfb->stop();

    // Frame cost, headless: whole frames and countdown ticks on the exam screen.
    std::ofstream(dir / "frames.txt") << "expect-screen exam-paper\nmeasure-frames 60 full\nmeasure-frames 60 tick\n";
    run({kiosk, "--db", db, "--role", "exam", "--headless", "--script", (dir / "frames.txt").string()}, out);
    const auto whole_ms = number_after(out, R"(whole frames, ([0-9.e-]+) ms CPU per frame)");
    const auto build_ms = number_after(out, R"(whole frames, .* ([0-9.e-]+) ms CPU per frame building it)");
    const auto tick_ms = number_after(out, R"(ticks, [0-9.]+ frames per tick, ([0-9.e-]+) ms CPU per tick)");
    const auto tick_frames = number_after(out, R"(ticks, ([0-9.]+) frames per tick)");
    const auto tick_share = number_after(out, R"(([0-9.e-]+) of the screen redrawn per tick)");

    if (launch)
        report.at_most("launch to the first exam-screen frame, glyph cache present (X11 window on Xvfb, median of 5)",
                       *launch, "ms", 150, chrome_launch);
    if (launch_cpu) report.info("CPU time of the kiosk up to its first exam-screen frame, glyph cache present", *launch_cpu, "ms");
    if (cold_launch)
        report.info("launch to the first exam-screen frame, no glyph cache (first start after a content change)",
                    *cold_launch, "ms");
    if (cold_cpu) report.info("CPU time of the kiosk up to its first exam-screen frame, no glyph cache", *cold_cpu, "ms");
    if (pss) report.at_most("memory on the exam screen (PSS, all processes)", *pss, "MiB", 60, chrome_pss);
    if (exam_idle)
        report.at_most("CPU over 10 s idle on the exam screen (1 Hz countdown)", *exam_idle, "CPU-s", 0.02, chrome_idle);
    if (attract_idle)
        report.at_most("CPU over 10 s idle on the attract screen (after one round of the cases)", *attract_idle, "CPU-s", 0.01);
    if (attract_first)
        report.info("CPU over the first 10 s on the attract screen (pictures scaled for the first time)", *attract_first, "CPU-s");
    if (tick_ms) report.at_most("CPU for one exam frame at a countdown tick (build + render what changed)", *tick_ms, "ms", 2);
    if (build_ms)
        report.at_most("CPU to build one whole exam frame (ImGui NewFrame to Render: layout, text, draw lists)",
                       *build_ms, "ms", 2);
    if (whole_ms) report.info("CPU for one whole exam frame, built and every pixel rasterised", *whole_ms, "ms");
    if (tick_frames) report.info("frames drawn per countdown tick (headless)", *tick_frames, "frames");
    if (exam_frames) report.info("frames drawn in the 10 s idle on the exam screen (window)", *exam_frames, "frames");
    if (tick_share) report.info("share of the screen redrawn per countdown tick", *tick_share * 100, "%");
    if (!launch || !cold_launch || !pss || !exam_idle || !attract_idle || !tick_ms || !build_ms) {
        std::cerr << "kiosk_bench: some figures could not be measured; logs in " << dir.string() << "\n";
        report.finish();
        return 1;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return report.finish();
}
