#include "exam/blueprint_json.hpp"

#include "content/formats/json_unique.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

#include <set>

namespace sk::exam {

using ordered_json = nlohmann::ordered_json;

namespace {

std::optional<content::QuestionType> parse_type(const std::string& s)
{
    if (auto t = content::parse_question_type(s)) return t;
    if (s == "判断题" || s == "判断") return content::QuestionType::TrueFalse;
    if (s == "单选题" || s == "单选") return content::QuestionType::Single;
    if (s == "多选题" || s == "多选") return content::QuestionType::Multiple;
    return std::nullopt;
}

// The largest number a blueprint's points, marks and class hours may have.
constexpr double kMaxNumber = 10000;

// Reads typed fields of one JSON object, recording a problem for a wrong type or an unknown key.
class Reader {
public:
    Reader(const ordered_json& obj, std::string prefix, std::vector<content::FieldProblem>& problems,
           std::set<std::string> known)
        : obj_(obj), prefix_(std::move(prefix)), problems_(problems)
    {
        for (const auto& [key, value] : obj.items())
            if (!known.count(key)) problem(key, "unknown field (see docs/blueprint-format.md)");
    }

    bool has(const char* key) const { return obj_.contains(key); }

    void text(const char* key, std::string& out)
    {
        if (!has(key)) return;
        if (!obj_[key].is_string()) return problem(key, "must be text");
        out = obj_[key].get<std::string>();
    }
    void integer(const char* key, int& out)
    {
        if (!has(key)) return;
        const auto& v = obj_[key];
        if (!v.is_number_integer() || v.get<std::int64_t>() < -1000000 || v.get<std::int64_t>() > 1000000)
            return problem(key, "must be a whole number");
        out = v.get<int>();
    }
    void number(const char* key, double& out)
    {
        if (!has(key)) return;
        if (!obj_[key].is_number()) return problem(key, "must be a number");
        const double v = obj_[key].get<double>();
        // Points, marks and hours are at most a few hundred: 1e308 (saved as "inf" once) or -5 is a typing error.
        if (!std::isfinite(v) || v < 0 || v > kMaxNumber)
            return problem(key, "must be a number from 0 to " + std::to_string(static_cast<int>(kMaxNumber)));
        out = v;
    }
    void boolean(const char* key, bool& out)
    {
        if (!has(key)) return;
        if (!obj_[key].is_boolean()) return problem(key, "must be true or false");
        out = obj_[key].get<bool>();
    }
    void required(const char* key)
    {
        if (!has(key)) problem(key, "is required");
    }
    void problem(const std::string& key, const std::string& message)
    {
        problems_.push_back({prefix_.empty() ? key : prefix_ + "." + key, message});
    }

private:
    const ordered_json& obj_;
    std::string prefix_;
    std::vector<content::FieldProblem>& problems_;
};

} // namespace

std::string blueprint_to_json(const Blueprint& bp, const content::Catalogue& catalogue)
{
    const auto* item = catalogue.find(bp.item_id);
    ordered_json j;
    j["category"] = item ? item->category : "";
    j["item"] = item ? item->name : "";
    j["kind"] = std::string(to_string(bp.kind));
    j["name"] = bp.name;
    j["strata"] = ordered_json::array();
    for (const auto& s : bp.strata)
        j["strata"].push_back({{"type", std::string(content::to_string(s.type))}, {"chapter", s.chapter},
                               {"difficulty_min", s.difficulty_min}, {"difficulty_max", s.difficulty_max},
                               {"count", s.count}, {"points", s.points}});
    j["pass_mark"] = bp.pass_mark;
    j["duration_minutes"] = bp.duration_minutes;
    j["grace_seconds"] = bp.grace_seconds;
    j["shuffle_options"] = bp.shuffle_options;
    j["partial_credit"] = bp.partial_credit;
    j["retakes"] = bp.retakes;
    j["valid_months"] = bp.valid_months;
    j["class_hours"] = bp.required_class_hours;
    j["practical"] = ordered_json::array();
    for (const auto& p : bp.practical)
        j["practical"].push_back({{"code", p.code}, {"name", p.name}, {"max_points", p.max_points}});
    j["practical_pass_mark"] = bp.practical_pass_mark;
    j["exam_only"] = bp.exam_only;
    return j.dump(2);
}

BlueprintFile blueprint_from_json(const std::string& text, const content::Catalogue& catalogue)
{
    BlueprintFile out;
    auto& problems = out.problems;
    ordered_json j;
    try {
        j = content::formats::parse_unique_keys<ordered_json>(text);
    } catch (const nlohmann::json::exception& e) { // parse_error, or out_of_range for 1e400
        problems.push_back({"JSON", e.what()});
        return out;
    } catch (const content::formats::DuplicateKeyError& e) {
        problems.push_back({e.key(), e.what()});
        return out;
    }
    if (!j.is_object()) {
        problems.push_back({"JSON", "the file must hold one JSON object"});
        return out;
    }
    Reader r(j, "", problems,
             {"category", "item", "kind", "name", "strata", "pass_mark", "duration_minutes", "grace_seconds",
              "shuffle_options", "partial_credit", "retakes", "valid_months", "class_hours", "practical",
              "practical_pass_mark", "exam_only"});
    for (const char* key : {"category", "item", "kind", "strata", "pass_mark", "duration_minutes"}) r.required(key);
    std::string category, item_name, kind_name;
    r.text("category", category);
    r.text("item", item_name);
    r.text("kind", kind_name);
    const content::Item* item = nullptr;
    if (!item_name.empty()) {
        item = catalogue.find(category, item_name);
        if (!item) r.problem("item", "'" + category + " / " + item_name + "' is not an item of the catalogue");
    }
    auto kind = parse_exam_kind(kind_name);
    if (j.contains("kind") && !kind) r.problem("kind", "must be initial or review");
    if (!item || !kind) {
        if (problems.empty()) problems.push_back({"item", "is required"});
        return out;
    }
    Blueprint& bp = out.blueprint;
    bp = default_blueprint(*item, *kind);
    r.text("name", bp.name);
    if (j.contains("strata")) {
        if (!j["strata"].is_array()) {
            r.problem("strata", "must be a list of strata");
        } else {
            bp.strata.clear();
            for (std::size_t i = 0; i < j["strata"].size(); ++i) {
                const auto& sj = j["strata"][i];
                const std::string prefix = "strata[" + std::to_string(i + 1) + "]";
                if (!sj.is_object()) {
                    problems.push_back({prefix, "must be an object"});
                    continue;
                }
                Reader sr(sj, prefix, problems, {"type", "chapter", "difficulty_min", "difficulty_max", "count", "points"});
                sr.required("type");
                sr.required("count");
                Stratum s;
                std::string type;
                sr.text("type", type);
                if (auto t = parse_type(type)) s.type = *t;
                else if (sj.contains("type") && sj["type"].is_string())
                    sr.problem("type", "'" + type + "' is not tf, single or multi (判断题, 单选题, 多选题)");
                sr.text("chapter", s.chapter);
                sr.integer("difficulty_min", s.difficulty_min);
                sr.integer("difficulty_max", s.difficulty_max);
                sr.integer("count", s.count);
                sr.number("points", s.points);
                bp.strata.push_back(s);
            }
        }
    }
    r.number("pass_mark", bp.pass_mark);
    r.integer("duration_minutes", bp.duration_minutes);
    r.integer("grace_seconds", bp.grace_seconds);
    r.boolean("shuffle_options", bp.shuffle_options);
    r.boolean("partial_credit", bp.partial_credit);
    r.integer("retakes", bp.retakes);
    r.integer("valid_months", bp.valid_months);
    r.number("class_hours", bp.required_class_hours);
    if (j.contains("practical")) {
        if (!j["practical"].is_array()) {
            r.problem("practical", "must be a list of subjects ([] for none)");
        } else {
            bp.practical.clear();
            std::set<std::string> codes;
            for (std::size_t i = 0; i < j["practical"].size(); ++i) {
                const auto& pj = j["practical"][i];
                const std::string prefix = "practical[" + std::to_string(i + 1) + "]";
                if (!pj.is_object()) {
                    problems.push_back({prefix, "must be an object"});
                    continue;
                }
                Reader pr(pj, prefix, problems, {"code", "name", "max_points"});
                for (const char* key : {"code", "name", "max_points"}) pr.required(key);
                PracticalSubject p;
                pr.text("code", p.code);
                pr.text("name", p.name);
                pr.number("max_points", p.max_points);
                if (pj.contains("code") && p.code.empty()) pr.problem("code", "must not be empty");
                if (!p.code.empty() && !codes.insert(p.code).second) pr.problem("code", "'" + p.code + "' is used twice");
                if (pj.contains("max_points") && p.max_points <= 0) pr.problem("max_points", "must be more than 0");
                bp.practical.push_back(p);
            }
        }
    }
    r.number("practical_pass_mark", bp.practical_pass_mark);
    r.boolean("exam_only", bp.exam_only);
    if (!bp.practical.empty()) {
        double total = 0;
        for (const auto& p : bp.practical) total += p.max_points;
        if (bp.practical_pass_mark <= 0 || bp.practical_pass_mark > total + 1e-9)
            r.problem("practical_pass_mark", "must be above 0 and at most the practical subjects' total");
    }
    if (bp.required_class_hours < 0 || bp.required_class_hours > 1000) r.problem("class_hours", "must be 0 to 1000");
    if (bp.name.empty()) r.problem("name", "must not be empty");
    for (auto& p : validate(bp)) problems.push_back(std::move(p));
    return out;
}

} // namespace sk::exam
