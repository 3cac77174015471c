#include "admin/gui/jobs.hpp"
#include "admin/gui/strings.hpp"

#include <exception>

namespace sk::admin::gui {

JobRunner::~JobRunner()
{
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

bool JobRunner::start(std::string title, Work work, Done on_done)
{
    {
        std::lock_guard lock(mutex_);
        if (status_.running || finished_) return false;
    }
    if (thread_.joinable()) thread_.join(); // the previous job has ended
    {
        std::lock_guard lock(mutex_);
        status_ = JobStatus{};
        status_.title = std::move(title);
        status_.running = true;
        on_done_ = std::move(on_done);
    }
    thread_ = std::jthread([this, work = std::move(work)](std::stop_token stop) {
        JobControl control(stop, [this](float f, std::string text) {
            {
                std::lock_guard lock(mutex_);
                status_.fraction = f;
                status_.text = std::move(text);
            }
            if (wake_) wake_();
        });
        std::string message;
        bool failed = false;
        try {
            message = work(control);
        } catch (const std::exception& e) {
            message = gui::message(e);
            failed = true;
        }
        {
            std::lock_guard lock(mutex_);
            status_.running = false;
            status_.message = std::move(message);
            status_.cancelled = stop.stop_requested();
            status_.failed = failed && !status_.cancelled;
            if (!status_.cancelled && !failed) status_.fraction = 1;
            finished_ = true;
        }
        if (wake_) wake_();
    });
    return true;
}

void JobRunner::cancel()
{
    if (thread_.joinable()) thread_.request_stop();
}

bool JobRunner::running() const
{
    std::lock_guard lock(mutex_);
    return status_.running;
}

JobStatus JobRunner::status() const
{
    std::lock_guard lock(mutex_);
    return status_;
}

bool JobRunner::poll()
{
    Done done;
    JobStatus st;
    {
        std::lock_guard lock(mutex_);
        if (!finished_) return false;
        finished_ = false;
        done = std::move(on_done_);
        on_done_ = {};
        st = status_;
    }
    if (done) done(st);
    return true;
}

void JobRunner::wait()
{
    if (thread_.joinable()) thread_.join();
    poll();
}

} // namespace sk::admin::gui
