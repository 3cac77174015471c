#include "kiosk/screens/exhibit_library.hpp"

#include <algorithm>

namespace sk::kiosk {

ExhibitLibrary::ExhibitLibrary(std::vector<content::Exhibit> exhibits) : exhibits_(std::move(exhibits))
{
    std::sort(exhibits_.begin(), exhibits_.end(), [](const auto& a, const auto& b) {
        return a.date != b.date ? a.date > b.date : a.uid < b.uid;
    });
    const auto& order = content::exhibit_industries();
    for (const auto& ind : order) {
        const int n = static_cast<int>(
            std::count_if(exhibits_.begin(), exhibits_.end(), [&](const auto& e) { return e.industry == ind; }));
        if (n > 0) industries_.emplace_back(ind, n);
    }
    for (const auto& e : exhibits_) {
        const bool listed = std::any_of(industries_.begin(), industries_.end(),
                                        [&](const auto& p) { return p.first == e.industry; });
        if (!listed) {
            const int n = static_cast<int>(std::count_if(exhibits_.begin(), exhibits_.end(),
                                                         [&](const auto& x) { return x.industry == e.industry; }));
            industries_.emplace_back(e.industry, n);
        }
    }
}

const content::Exhibit* ExhibitLibrary::find(const std::string& uid) const
{
    for (const auto& e : exhibits_)
        if (e.uid == uid) return &e;
    return nullptr;
}

std::vector<const content::Exhibit*> ExhibitLibrary::in_industry(const std::string& industry) const
{
    std::vector<const content::Exhibit*> out;
    for (const auto& e : exhibits_)
        if (industry.empty() || e.industry == industry) out.push_back(&e);
    return out;
}

std::vector<const content::Exhibit*> ExhibitLibrary::highlights() const
{
    auto out = in_industry("");
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
        return a->deaths * 10 + a->injuries > b->deaths * 10 + b->injuries;
    });
    return out;
}

void ExhibitLibrary::collect_text(std::vector<std::string>& all, std::vector<std::string>& large) const
{
    for (const auto& e : exhibits_) {
        large.push_back(e.title);
        large.push_back(e.industry);
        for (const auto* s : {&e.date, &e.place, &e.summary}) all.push_back(*s);
        for (const auto& t : e.timeline) {
            all.push_back(t.time);
            all.push_back(t.event);
        }
        for (const auto* list : {&e.direct_causes, &e.underlying_causes, &e.lessons, &e.do_instead})
            all.insert(all.end(), list->begin(), list->end());
        for (const auto& v : e.violations) {
            all.push_back(v.kind);
            all.push_back(v.text);
        }
        for (const auto& i : e.images) all.push_back(i.caption);
        for (const auto& q : e.quiz) {
            large.push_back(q.stem); // the quiz shows the question in the heading font
            all.insert(all.end(), q.options.begin(), q.options.end());
            all.push_back(q.explanation);
        }
    }
}

} // namespace sk::kiosk
