// Long work of the desktop window (imports, batch PDFs, reports) on a worker thread, off the frame: one job at a
// time, with a progress fraction and line, and Cancel through a std::stop_token.
//
// The work function runs on the worker with its own database connection (the caller opens it there); it reports
// progress through JobControl and checks stop_requested() between steps. When it ends, on_done runs on the UI thread
// in the next poll(), so panels refresh their lists there and never touch the worker's results from another thread.
#pragma once

#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace sk::admin::gui {

class JobControl {
public:
    explicit JobControl(std::stop_token stop, std::function<void(float, std::string)> report)
        : stop_(std::move(stop)), report_(std::move(report))
    {
    }
    bool stop_requested() const { return stop_.stop_requested(); }
    // fraction in 0–1, and a line saying what is being done ("第 3 / 12 人：张伟").
    void progress(float fraction, std::string text) const { report_(fraction, std::move(text)); }

private:
    std::stop_token stop_;
    std::function<void(float, std::string)> report_;
};

struct JobStatus {
    std::string title;     // what the job is ("导入题库")
    bool running = false;
    float fraction = 0;
    std::string text;      // the last progress line
    std::string message;   // when finished: the work's summary, or the error
    bool failed = false;   // the work threw
    bool cancelled = false;
};

class JobRunner {
public:
    // The work returns its summary; an exception is reported as a failure with its what(). When the stop was
    // requested the job counts as cancelled however it ended.
    using Work = std::function<std::string(const JobControl&)>;
    using Done = std::function<void(const JobStatus&)>;

    explicit JobRunner(std::function<void()> wake = {}) : wake_(std::move(wake)) {}
    ~JobRunner(); // requests a stop and joins
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // False (nothing started) while another job runs.
    bool start(std::string title, Work work, Done on_done = {});
    void cancel();
    bool running() const;
    JobStatus status() const;
    // On the UI thread, once per frame: runs on_done of a finished job. True when it did.
    bool poll();
    // Blocks until the current job has finished, then poll()s (tests, shutdown).
    void wait();

private:
    std::function<void()> wake_;
    mutable std::mutex mutex_;
    JobStatus status_;
    bool finished_ = false; // finished, on_done not run yet
    Done on_done_;
    std::jthread thread_;
};

} // namespace sk::admin::gui
