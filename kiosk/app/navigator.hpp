// Follows the flow table: which screen is shown, with which argument, and the way back.
#pragma once

#include "kiosk/app/screen.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk::kiosk {

class Navigator {
public:
    // `screens` are the screens of the running role by name; every edge must lead between them. Throws
    // std::invalid_argument naming an edge whose target is not a screen of the role.
    Navigator(std::map<std::string, Screen*> screens, std::vector<FlowEdge> flow, std::string start);

    // Enters the start screen with an empty history.
    void reset();
    // Follows `event` from the current screen. Throws std::logic_error naming the screen and the event when the
    // flow table has no such edge (a programming error, caught by the tests).
    void follow(const std::string& event, const std::string& arg);

    const std::string& current() const { return current_; }
    Screen& screen() const { return *screens_.at(current_); }
    const std::string& start() const { return start_; }
    bool at_start() const { return current_ == start_ && history_.empty(); }
    // Where `event` leads from `from`, or "" when nowhere.
    std::string target(const std::string& from, const std::string& event) const;

private:
    struct Visit {
        std::string screen;
        std::string arg;
    };
    void show(const std::string& name, const std::string& arg, bool back);

    std::map<std::string, Screen*> screens_;
    std::vector<FlowEdge> flow_;
    std::string start_;
    std::string current_;
    std::string current_arg_;
    std::vector<Visit> history_;
};

} // namespace sk::kiosk
