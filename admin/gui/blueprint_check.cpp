#include "admin/gui/blueprint_check.hpp"

#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"

namespace sk::admin::gui {

std::string shortage_text(const exam::Shortage& s, bool exam_only)
{
    std::string what = s.description;
    if (const auto p = what.find(": needs "); p != std::string::npos) what = what.substr(0, p);
    return trf(exam_only ? "bp.shortfall_exam_only" : "bp.shortfall",
               {what, std::to_string(s.needed), std::to_string(s.available)});
}

std::string BlueprintCheck::shortfall(std::size_t stratum) const
{
    for (const auto& s : shortages)
        if (s.stratum == stratum) return shortage_text(s, exam_only);
    return {};
}

std::string BlueprintCheck::overlap() const
{
    const char* key = exam_only ? "bp.overlap_exam_only"
                      : supply.shared > 0 ? "bp.overlap_warning"
                                          : "bp.overlap_none";
    return trf(key, {std::to_string(supply.exam_only), std::to_string(supply.drawn),
                     std::to_string(supply.exam_only_papers()), std::to_string(supply.shared)});
}

std::string BlueprintCheck::summary(const exam::Blueprint& bp) const
{
    if (!problems.empty()) return trf("bp.summary_invalid", {std::to_string(problems.size())});
    if (shortages.empty())
        return trf("bp.summary_ok", {std::to_string(bp.question_count()), number(bp.total_points()),
                                     std::to_string(pool_size)});
    int missing = 0;
    for (const auto& s : shortages) missing += s.needed - s.available;
    return trf("bp.summary_short", {std::to_string(shortages.size()), std::to_string(missing)});
}

BlueprintCheck check_live(exam::ExamService& exam, const exam::Actor& actor, const exam::Blueprint& bp)
{
    exam::require(actor, exam::Operation::ManageBlueprints);
    return check_against(exam.exam_pool(actor, bp.item_id), bp);
}

BlueprintCheck check_against(const std::vector<exam::PoolQuestion>& pool, const exam::Blueprint& bp)
{
    BlueprintCheck c;
    c.problems = exam::validate(bp);
    c.pool_size = static_cast<int>(pool.size());
    c.shortages = exam::check_blueprint(bp, pool);
    c.exam_only = bp.exam_only;
    c.supply = exam::pool_supply(bp, pool);
    for (const auto& s : bp.strata) {
        int n = 0;
        for (const auto& q : pool) n += exam::matches(s, q) && exam::eligible(bp, q);
        c.matching.push_back(n);
    }
    return c;
}

} // namespace sk::admin::gui
