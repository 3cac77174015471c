// The warning-education cases of the exhibit kiosk, read once from the content database at start (a few dozen
// cases; nothing is queried while frames are drawn).
#pragma once

#include "content/model.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sk::kiosk {

class ExhibitLibrary {
public:
    explicit ExhibitLibrary(std::vector<content::Exhibit> exhibits);

    const std::vector<content::Exhibit>& all() const { return exhibits_; }
    const content::Exhibit* find(const std::string& uid) const;
    // The cases of `industry` ("" for all), newest first.
    std::vector<const content::Exhibit*> in_industry(const std::string& industry) const;
    // Industries that have cases with their counts, in the order of content::exhibit_industries() (others after).
    const std::vector<std::pair<std::string, int>>& industries() const { return industries_; }
    // The cases the attract screen cycles through: the ones with the most casualties first.
    std::vector<const content::Exhibit*> highlights() const;

    // Every string a case shows (for the font glyphs): `large` gets the ones shown in big type as well.
    void collect_text(std::vector<std::string>& all, std::vector<std::string>& large) const;

private:
    std::vector<content::Exhibit> exhibits_;
    std::vector<std::pair<std::string, int>> industries_;
};

} // namespace sk::kiosk
