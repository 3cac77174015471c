#include "exam/blueprint.hpp"

#include <algorithm>
#include <set>

namespace sk::exam {

std::string_view to_string(ExamKind k) { return k == ExamKind::Initial ? "initial" : "review"; }

std::optional<ExamKind> parse_exam_kind(std::string_view s)
{
    if (s == "initial") return ExamKind::Initial;
    if (s == "review") return ExamKind::Review;
    return std::nullopt;
}

double Blueprint::total_points() const
{
    double t = 0;
    for (const auto& s : strata) t += s.count * s.points;
    return t;
}

int Blueprint::question_count() const
{
    int n = 0;
    for (const auto& s : strata) n += s.count;
    return n;
}

Blueprint default_blueprint(const content::Item& item, ExamKind kind)
{
    using content::QuestionType;
    Blueprint bp;
    bp.item_id = item.id;
    bp.kind = kind;
    bp.name = item.category + " / " + item.name + (kind == ExamKind::Initial ? " 理论考试" : " 复审考试");
    if (item.track == content::Track::Manager) {
        bp.strata = {{QuestionType::TrueFalse, "", 1, 5, 50, 1.0},
                     {QuestionType::Single, "", 1, 5, 30, 1.0},
                     {QuestionType::Multiple, "", 1, 5, 20, 1.0}};
        const bool high_risk = item.category == "矿山" || item.category == "危险化学品" ||
                               item.category == "烟花爆竹经营" || item.category == "金属冶炼";
        bp.required_class_hours = kind == ExamKind::Initial ? (high_risk ? 48 : 32) : (high_risk ? 16 : 12);
    } else {
        bp.strata = {{QuestionType::TrueFalse, "", 1, 5, 70, 1.0}, {QuestionType::Single, "", 1, 5, 30, 1.0}};
        bp.required_class_hours = kind == ExamKind::Initial ? 48 : 8;
        if (kind == ExamKind::Initial)
            bp.practical = {{"K1", "安全用具使用", 20}, {"K2", "安全操作技术", 40}, {"K3", "作业现场安全隐患排除", 20},
                            {"K4", "作业现场应急处置", 20}};
    }
    return bp;
}

bool matches(const Stratum& s, const PoolQuestion& q)
{
    return q.type == s.type && (s.chapter.empty() || s.chapter == q.chapter) && q.difficulty >= s.difficulty_min &&
           q.difficulty <= s.difficulty_max;
}

namespace {
std::string describe(const Stratum& s)
{
    std::string d(content::type_label_zh(s.type));
    d += " / " + (s.chapter.empty() ? std::string("全部章节") : s.chapter);
    if (s.difficulty_min != 1 || s.difficulty_max != 5)
        d += " / 难度" + std::to_string(s.difficulty_min) + "-" + std::to_string(s.difficulty_max);
    return d;
}
} // namespace

bool eligible(const Blueprint& bp, const PoolQuestion& q)
{
    return !bp.exam_only || q.pool == content::Pool::Exam;
}

std::vector<Shortage> check_blueprint(const Blueprint& bp, const std::vector<PoolQuestion>& exam_pool)
{
    std::vector<Shortage> out;
    std::set<std::string> taken; // uids already claimed by earlier strata
    for (std::size_t i = 0; i < bp.strata.size(); ++i) {
        const auto& s = bp.strata[i];
        int available = 0;
        int shared = 0; // pool `both`, left out under exam_only
        std::vector<const PoolQuestion*> claimed;
        for (const auto& q : exam_pool) {
            if (!matches(s, q) || taken.count(q.uid)) continue;
            if (!eligible(bp, q)) {
                shared += q.pool == content::Pool::Both;
                continue;
            }
            ++available;
            if (static_cast<int>(claimed.size()) < s.count) claimed.push_back(&q);
        }
        for (const auto* q : claimed) taken.insert(q->uid);
        if (available < s.count) {
            std::string d = describe(s) + ": needs " + std::to_string(s.count);
            if (bp.exam_only)
                d += " exam-only, exam pool has " + std::to_string(available) + " exam-only (and " +
                     std::to_string(shared) + " also in training)";
            else
                d += ", exam pool has " + std::to_string(available);
            out.push_back({i, d, s.count, available});
        }
    }
    return out;
}

int PoolSupply::exam_only_papers() const
{
    int papers = -1;
    for (const auto& s : strata)
        if (s.drawn > 0) papers = papers < 0 ? s.exam_only / s.drawn : std::min(papers, s.exam_only / s.drawn);
    return std::max(papers, 0);
}

PoolSupply pool_supply(const Blueprint& bp, const std::vector<PoolQuestion>& exam_pool)
{
    PoolSupply out;
    std::set<std::string> counted; // uids counted for an earlier stratum
    for (const auto& s : bp.strata) {
        StratumSupply ss{describe(s), s.count, 0, 0};
        for (const auto& q : exam_pool) {
            if (!matches(s, q) || !counted.insert(q.uid).second) continue;
            if (q.pool == content::Pool::Exam) ++ss.exam_only;
            else if (q.pool == content::Pool::Both) ++ss.shared;
        }
        out.drawn += ss.drawn;
        out.exam_only += ss.exam_only;
        out.shared += ss.shared;
        out.strata.push_back(std::move(ss));
    }
    return out;
}

std::vector<content::FieldProblem> validate(const Blueprint& bp)
{
    std::vector<content::FieldProblem> p;
    if (bp.strata.empty()) p.push_back({"strata", "a blueprint needs at least one stratum"});
    for (std::size_t i = 0; i < bp.strata.size(); ++i) {
        const auto& s = bp.strata[i];
        std::string f = "strata[" + std::to_string(i + 1) + "]";
        if (s.count < 1) p.push_back({f + ".count", "must be 1 or more"});
        if (s.points <= 0) p.push_back({f + ".points", "must be more than 0"});
        if (s.difficulty_min < 1 || s.difficulty_max > 5 || s.difficulty_min > s.difficulty_max)
            p.push_back({f + ".difficulty", "band must lie within 1–5"});
    }
    if (bp.pass_mark <= 0 || bp.pass_mark > bp.total_points())
        p.push_back({"pass_mark", "must be above 0 and at most the total points"});
    if (bp.duration_minutes < 1 || bp.duration_minutes > 600) p.push_back({"duration_minutes", "must be 1 to 600"});
    if (bp.grace_seconds < 0 || bp.grace_seconds > 600) p.push_back({"grace_seconds", "must be 0 to 600"});
    if (bp.retakes < 0 || bp.retakes > 3) p.push_back({"retakes", "must be 0 to 3"});
    if (bp.valid_months < 1) p.push_back({"valid_months", "must be 1 or more"});
    return p;
}

} // namespace sk::exam
