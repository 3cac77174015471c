// Long work off the frame: the job runner's progress and Cancel, a cancelled import that writes nothing, and a
// batch of certificate PDFs that reports progress and, cancelled, writes no PDF.
#include "admin/gui/jobs.hpp"
#include "certs/printing.hpp"
#include "content/formats/import.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace sk;
using admin::gui::JobControl;
using admin::gui::JobRunner;
using admin::gui::JobStatus;

TEST_CASE("a job reports progress, runs its completion on the UI thread and can be cancelled")
{
    std::atomic<int> wakes{0};
    JobRunner jobs([&] { ++wakes; });
    std::atomic<bool> reported{false};
    std::optional<JobStatus> done;
    REQUIRE(jobs.start(
        "wait",
        [&](const JobControl& job) {
            job.progress(0.25f, "第 1 / 4 步");
            reported = true;
            while (!job.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return std::string("ended");
        },
        [&](const JobStatus& st) { done = st; }));
    while (!reported) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto st = jobs.status();
    CHECK(st.running);
    CHECK(st.fraction == doctest::Approx(0.25));
    CHECK(st.text == "第 1 / 4 步");
    CHECK_FALSE(jobs.start("second", [](const JobControl&) { return std::string(); })); // one at a time
    CHECK_FALSE(done); // nothing runs on_done before poll()
    jobs.cancel();
    jobs.wait();
    REQUIRE(done);
    CHECK(done->cancelled);
    CHECK_FALSE(done->failed);
    CHECK(wakes >= 2);

    // A failing job says why; the next job may start.
    done.reset();
    REQUIRE(jobs.start("fail", [](const JobControl&) -> std::string { throw std::runtime_error("磁盘已满"); },
                       [&](const JobStatus& s) { done = s; }));
    jobs.wait();
    REQUIRE(done);
    CHECK(done->failed);
    CHECK(done->message == "磁盘已满");
}

TEST_CASE("a cancelled import leaves the database unchanged")
{
    test::TempDir dir;
    auto db = storage::open(dir / "kiosk.db", {&content::schema()});
    content::ContentStore store(db);
    const auto pack = test::source_path("media/demo-pack");
    content::formats::ImportOptions o;
    std::vector<int> steps;
    o.progress = [&](int done, int total) {
        CHECK(total == 5);
        steps.push_back(done);
        return done < 3; // Cancel pressed while the questions were being saved
    };
    const auto report = content::formats::import_path(store, pack, o);
    CHECK(report.cancelled);
    CHECK_FALSE(report.committed);
    CHECK(steps == std::vector<int>{1, 2, 3});
    CHECK(store.count_questions({}) == 0);
    CHECK(store.count_exhibits() == 0);
    CHECK(store.media_paths().empty());

    // Not cancelled: every step reported and everything stored.
    steps.clear();
    o.progress = [&](int done, int) {
        steps.push_back(done);
        return true;
    };
    const auto full = content::formats::import_path(store, pack, o);
    CHECK(full.committed);
    CHECK(steps == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(store.count_questions({}) > 1000);
}

TEST_CASE("a background batch of certificate PDFs reports progress and, cancelled, writes no PDF")
{
    test::ExamFixture f;
    const auto item = f.item("电工作业", "低压电工作业");
    f.add_pool("电工作业", "低压电工作业", 14, 14, 0);
    const auto session = f.session(f.blueprint(item, true));
    const auto start = f.exam_store.session(session)->starts_at_ms;
    const std::vector<std::pair<std::string, std::string>> people = {{test::id_number("19800101", 11), "张伟"},
                                                                     {test::id_number("19810202", 22), "李娜"},
                                                                     {test::id_number("19820303", 33), "王强"}};
    for (std::size_t i = 0; i < people.size(); ++i) {
        const auto cid = f.candidate(people[i].first, people[i].second, item, static_cast<unsigned>(i + 1));
        f.now_ms = start - 60000;
        f.sit(cid, session, true);
        f.practical(cid, item);
    }
    auto signer = certs::Signer::create(f.dir / "keys");
    const auto out = f.dir / "session.pdf";

    JobRunner jobs;
    std::vector<std::string> lines;
    std::atomic<int> entries{0};
    std::optional<JobStatus> done;
    certs::BatchResult result;
    // The worker waits after the first candidate until Cancel, as a user pressing it mid-batch.
    std::atomic<bool> first{false};
    jobs.start(
        "批量发证",
        [&](const JobControl& job) {
            certs::BatchOptions o;
            o.output = out;
            o.stop = [&] {
                while (first && !job.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                return job.stop_requested();
            };
            result = certs::issue_session(f.registry, signer, f.officer, session, o,
                                          [&](int n, int total, const certs::BatchEntry& e) {
                                              job.progress(float(n) / float(total), e.name);
                                              ++entries;
                                              first = true;
                                          });
            return std::string("done");
        },
        [&](const JobStatus& st) { done = st; });
    while (entries < 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK(jobs.status().text == "张伟");
    CHECK(jobs.status().fraction == doctest::Approx(1.0 / 3));
    jobs.cancel();
    jobs.wait();
    REQUIRE(done);
    CHECK(done->cancelled);
    CHECK(result.cancelled);
    CHECK(entries == 1);
    CHECK(result.issued == 1); // 张伟's certificate was issued before Cancel and stays issued
    CHECK(result.files.empty());
    CHECK_FALSE(std::filesystem::exists(out));

    // Run to the end: the two others are issued, all three printed into one PDF.
    certs::BatchOptions o;
    o.output = out;
    const auto all = certs::issue_session(f.registry, signer, f.officer, session, o);
    CHECK_FALSE(all.cancelled);
    CHECK(all.issued == 2);
    CHECK(all.printed == 3);
    CHECK(std::filesystem::exists(out));
}
