// The desktop window's live panels (project issue 20): what it costs a panel to ask whether anything changed while
// nothing did. The window asks exam::ChangeWatch once a second; the question is one indexed MAX(id) over the audit
// log, which every audited change of every process advances in its own transaction. Timed here over an installation
// with a long audit log, each question asked of the database (interval 0), and the answer between two questions
// (interval 1 s: no query at all).
#include "bench/report.hpp"
#include "content/storage/content_store.hpp"
#include "exam/change_watch.hpp"
#include "exam/exam_service.hpp"
#include "exam/storage/exam_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <vector>

using namespace sk;
using Clock = std::chrono::steady_clock;

namespace {
constexpr int kAuditEntries = 50000;
constexpr int kChecks = 2000;

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}
} // namespace

int main()
{
    bench::Report report("panel_bench");
    const auto dir = std::filesystem::temp_directory_path() / ("safekiosk-panel-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    {
        auto db = storage::open(dir / "bench.db", {&content::schema(), &exam::schema()});
        exam::ExamService svc(db);
        exam::ExamStore store(db);
        {
            storage::Transaction tx(db);
            for (int i = 0; i < kAuditEntries; ++i)
                store.append_audit(1'790'000'000'000LL + i, "bench", "bench.change", "bench:" + std::to_string(i), "");
            tx.commit();
        }
        report.note(std::to_string(kAuditEntries) + " audit entries (the installation's revision is the newest id)");

        exam::ChangeWatch eager(svc, exam::system_now_ms, 0);
        std::vector<double> ms;
        int changed = 0;
        for (int i = 0; i < kChecks; ++i) {
            const auto t = Clock::now();
            changed += eager.changed() ? 1 : 0;
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
        }
        if (changed != 0) report.note("unexpected: the revision moved while nothing changed");
        report.at_most("panel refresh check, nothing changed (median of " + std::to_string(kChecks) + ", SQLite)",
                       percentile(ms, 0.5), "ms", 1.0);
        report.at_most("panel refresh check, nothing changed (p99)", percentile(ms, 0.99), "ms", 1.0);

        exam::ChangeWatch paced(svc); // as the window uses it: asks the database at most once a second
        ms.clear();
        for (int i = 0; i < kChecks; ++i) {
            const auto t = Clock::now();
            changed += paced.changed() ? 1 : 0;
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
        }
        report.info("a frame's check between two questions (median, no query)", percentile(ms, 0.5), "ms");
    }
    std::filesystem::remove_all(dir);
    return report.finish();
}
