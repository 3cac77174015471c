#include "kiosk/app/navigator.hpp"

namespace sk::kiosk {

Navigator::Navigator(std::map<std::string, Screen*> screens, std::vector<FlowEdge> flow, std::string start)
    : screens_(std::move(screens)), start_(std::move(start))
{
    if (!screens_.count(start_)) throw std::invalid_argument("start screen '" + start_ + "' is not registered");
    // Keep the edges that start from a screen of this role; their targets must exist too.
    for (auto& e : flow) {
        if (e.from != "*" && !screens_.count(e.from)) continue;
        if (e.to != "<back>" && e.to != "<start>" && e.to.rfind("<before:", 0) != 0 && !screens_.count(e.to))
            throw std::invalid_argument("flow edge " + e.from + " --" + e.event + "--> " + e.to +
                                        " leads to a screen that is not registered for this role");
        flow_.push_back(std::move(e));
    }
}

std::string Navigator::target(const std::string& from, const std::string& event) const
{
    // An edge from the screen itself wins over an edge from every screen.
    for (const auto& e : flow_)
        if (e.from == from && e.event == event) return e.to;
    for (const auto& e : flow_)
        if (e.from == "*" && e.event == event) return e.to;
    return {};
}

void Navigator::show(const std::string& name, const std::string& arg, bool back)
{
    if (!current_.empty() && current_ != name) screens_.at(current_)->leave();
    current_ = name;
    current_arg_ = arg;
    screens_.at(name)->enter(arg, back);
}

void Navigator::reset()
{
    history_.clear();
    show(start_, {}, false);
}

void Navigator::follow(const std::string& event, const std::string& arg)
{
    const std::string to = target(current_, event);
    if (to.empty()) throw std::logic_error("screen '" + current_ + "' raised '" + event + "', which leads nowhere");
    if (to == "<back>") {
        if (history_.empty()) {
            reset();
            return;
        }
        Visit v = history_.back();
        history_.pop_back();
        show(v.screen, v.arg, true);
        return;
    }
    if (to.rfind("<before:", 0) == 0) {
        // Back to the screen shown before the last visit of the named screen (e.g. where the kiosk was before the
        // administrator gate opened), skipping the screens in between.
        const std::string gate = to.substr(8, to.size() - 9);
        for (std::size_t i = history_.size(); i-- > 0;)
            if (history_[i].screen == gate) {
                if (i == 0) break;
                Visit v = history_[i - 1];
                history_.resize(i - 1);
                show(v.screen, v.arg, true);
                return;
            }
        reset();
        return;
    }
    if (to == start_ || to == "<start>") {
        reset();
        return;
    }
    // Going forward to a screen already on the way back unwinds to it, so the history never loops.
    for (std::size_t i = 0; i < history_.size(); ++i)
        if (history_[i].screen == to) {
            history_.resize(i);
            show(to, arg, false);
            return;
        }
    history_.push_back({current_, current_arg_});
    show(to, arg, false);
}

} // namespace sk::kiosk
