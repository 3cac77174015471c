#include "admin/commands/blueprint_commands.hpp"

#include "content/formats/text.hpp"
#include "content/storage/content_store.hpp"
#include "exam/blueprint_json.hpp"
#include "exam/exam_service.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sk::admin {

using ordered_json = nlohmann::ordered_json;

namespace {

struct Which {
    std::int64_t id = 0;
    std::string category, item, kind = "initial";
};

void add_which(CLI::App* cmd, Which& w, bool id_positional)
{
    if (id_positional) cmd->add_option("ID", w.id, "the blueprint's id (blueprint list)");
    cmd->add_option("--item", w.item, "the catalogue item (操作项目 or role) instead of an id");
    cmd->add_option("--category", w.category, "its category, when the item name is not unique");
    cmd->add_option("--kind", w.kind, "initial (初训) or review (复审); default initial")
        ->check(CLI::IsMember({"initial", "review"}));
}

// The current blueprint named by id or item/kind; nullopt with `item_id` set when the item has none stored yet.
std::optional<exam::Blueprint> find(exam::ExamService& svc, const exam::Actor& actor, content::ContentStore& content,
                                    const Which& w, std::int64_t& item_id)
{
    if (w.id > 0) return svc.blueprint(actor, w.id);
    if (w.item.empty()) throw std::invalid_argument("give a blueprint id, or --item (and --kind)");
    item_id = resolve_item(content.catalogue(), w.category, w.item);
    svc.blueprints(actor); // the permission check, also when nothing is stored
    return svc.current_blueprint(actor, item_id, *exam::parse_exam_kind(w.kind));
}

ordered_json shortage_json(const std::vector<exam::Shortage>& shortages)
{
    auto j = ordered_json::array();
    for (const auto& s : shortages)
        j.push_back({{"stratum", s.stratum + 1}, {"description", s.description}, {"needed", s.needed},
                     {"available", s.available}});
    return j;
}

// What a paper draws against the exam-only questions it may use, and the questions trainees also see (pool both).
ordered_json supply_json(const exam::Blueprint& bp, const exam::PoolSupply& p)
{
    ordered_json strata = ordered_json::array();
    for (std::size_t i = 0; i < p.strata.size(); ++i)
        strata.push_back({{"stratum", i + 1}, {"description", p.strata[i].description}, {"drawn", p.strata[i].drawn},
                          {"exam_only", p.strata[i].exam_only}, {"also_in_training", p.strata[i].shared}});
    return {{"exam_only_required", bp.exam_only}, {"drawn", p.drawn}, {"exam_only", p.exam_only},
            {"also_in_training", p.shared}, {"exam_only_papers", p.exam_only_papers()},
            {"overlap_warning", !bp.exam_only && p.shared > 0}, {"strata", strata}};
}

void print_supply(const exam::Blueprint& bp, const exam::PoolSupply& p)
{
    std::cout << "  exam-only questions: " << p.exam_only << " for " << p.drawn << " drawn per paper ("
              << p.exam_only_papers() << " papers without a repeat); also in training (pool both): " << p.shared
              << (bp.exam_only ? " (not drawn: exam_only)" : "") << "\n";
    for (const auto& s : p.strata)
        std::cout << "    " << s.description << ": " << s.drawn << " drawn, " << s.exam_only << " exam-only, " << s.shared
                  << " also in training\n";
    if (!bp.exam_only && p.shared > 0)
        std::cout << "  warning: papers may draw " << p.shared
                  << " questions that training kiosks show with their keys (pool both); re-pool them or set "
                     "\"exam_only\": true (docs/blueprint-format.md)\n";
}

int do_list(Context& ctx)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    auto bps = svc.blueprints(actor);
    auto j = ordered_json::array();
    for (const auto& bp : bps) {
        auto shortages = svc.check_blueprint(actor, bp.id);
        if (ctx.json) {
            j.push_back({{"id", bp.id}, {"item", item_label(content.catalogue(), bp.item_id)},
                         {"kind", std::string(exam::to_string(bp.kind))}, {"version", bp.version}, {"name", bp.name},
                         {"questions", bp.question_count()}, {"total_points", bp.total_points()},
                         {"pass_mark", bp.pass_mark}, {"duration_minutes", bp.duration_minutes},
                         {"pool_ok", shortages.empty()}});
            continue;
        }
        std::cout << bp.id << "\t" << item_label(content.catalogue(), bp.item_id) << "\t" << exam::to_string(bp.kind)
                  << "\tv" << bp.version << "\t" << bp.question_count() << " questions, "
                  << format_number(bp.total_points()) << " points, pass " << format_number(bp.pass_mark) << ", "
                  << bp.duration_minutes << " min\t"
                  << (shortages.empty() ? "pool ok" : std::to_string(shortages.size()) + " strata short") << "\n";
    }
    if (ctx.json) std::cout << j.dump(2) << "\n";
    else std::cout << bps.size() << " blueprints\n";
    return kOk;
}

int do_show(Context& ctx, const Which& w)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    std::int64_t item_id = 0;
    auto bp = find(svc, actor, content, w, item_id);
    const bool stored = bp.has_value();
    if (!bp) bp = exam::default_blueprint(*content.catalogue().find(item_id), *exam::parse_exam_kind(w.kind));
    if (ctx.json) {
        std::cout << exam::blueprint_to_json(*bp, content.catalogue()) << "\n";
        return kOk;
    }
    std::cout << (stored ? "Blueprint " + std::to_string(bp->id) + " v" + std::to_string(bp->version)
                         : std::string("Not stored yet; the default would be"))
              << ": " << bp->name << " (" << exam::to_string(bp->kind) << ")\n";
    for (std::size_t i = 0; i < bp->strata.size(); ++i) {
        const auto& s = bp->strata[i];
        std::cout << "  " << i + 1 << ". " << content::type_label_zh(s.type) << " / "
                  << (s.chapter.empty() ? "全部章节" : s.chapter) << " / 难度" << s.difficulty_min << "-"
                  << s.difficulty_max << ": " << s.count << " × " << format_number(s.points) << " points\n";
    }
    std::cout << "  " << bp->question_count() << " questions, " << format_number(bp->total_points())
              << " points, pass mark " << format_number(bp->pass_mark) << ", " << bp->duration_minutes << " minutes (+"
              << bp->grace_seconds << " s grace)\n"
              << "  options shuffled: " << (bp->shuffle_options ? "yes" : "no")
              << ", partial credit: " << (bp->partial_credit ? "yes" : "no")
              << ", exam-only questions: " << (bp->exam_only ? "yes" : "no") << ", retakes: " << bp->retakes
              << ", a pass is valid " << bp->valid_months << " months, class hours needed: "
              << format_number(bp->required_class_hours) << "\n";
    if (bp->practical.empty()) {
        std::cout << "  no practical exam\n";
    } else {
        std::cout << "  practical (pass " << format_number(bp->practical_pass_mark) << "):";
        for (const auto& p : bp->practical) std::cout << " " << p.code << " " << p.name << " " << format_number(p.max_points);
        std::cout << "\n";
    }
    return kOk;
}

int do_check(Context& ctx, const Which& w)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    std::vector<exam::Blueprint> bps;
    if (w.id > 0 || !w.item.empty()) {
        std::int64_t item_id = 0;
        auto bp = find(svc, actor, content, w, item_id);
        if (!bp) throw CommandError("no " + w.kind + " blueprint is stored for " + item_label(content.catalogue(), item_id));
        bps.push_back(*bp);
    } else {
        bps = svc.blueprints(actor);
    }
    bool short_any = false;
    auto j = ordered_json::array();
    for (const auto& bp : bps) {
        auto shortages = svc.check_blueprint(actor, bp.id);
        short_any |= !shortages.empty();
        const auto supply = exam::pool_supply(bp, svc.exam_pool(actor, bp.item_id));
        const auto label = item_label(content.catalogue(), bp.item_id) + " (" + std::string(exam::to_string(bp.kind)) + ")";
        if (ctx.json) {
            j.push_back({{"id", bp.id}, {"item", label}, {"ok", shortages.empty()}, {"shortages", shortage_json(shortages)},
                         {"pool", supply_json(bp, supply)}});
            continue;
        }
        std::cout << "blueprint " << bp.id << " " << label << ": "
                  << (shortages.empty() ? "the exam pool can fill every stratum" : "SHORT") << "\n";
        for (const auto& s : shortages) std::cout << "  " << s.description << "\n";
        print_supply(bp, supply);
    }
    if (ctx.json) std::cout << j.dump(2) << "\n";
    return short_any ? kBadInput : kOk;
}

struct SetArgs {
    std::string file;
    bool use_default = false;
    Which which;
};

int do_set(Context& ctx, const SetArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::require(actor, exam::Operation::ManageBlueprints);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    exam::Blueprint bp;
    if (a.use_default) {
        if (!a.file.empty()) throw std::invalid_argument("give either FILE or --default, not both");
        const auto item_id = resolve_item(content.catalogue(), a.which.category, a.which.item);
        bp = exam::default_blueprint(*content.catalogue().find(item_id), *exam::parse_exam_kind(a.which.kind));
    } else {
        if (a.file.empty()) throw std::invalid_argument("give the blueprint FILE (docs/blueprint-format.md), or --default --item …");
        std::string text;
        try {
            text = content::formats::read_bytes(a.file, content::formats::FileKind::Config);
        } catch (const content::formats::TextError& e) {
            throw storage::StorageError(a.file + ": " + e.what());
        }
        auto parsed = exam::blueprint_from_json(text, content.catalogue());
        if (!parsed.ok()) {
            if (ctx.json) {
                ordered_json j{{"file", a.file}, {"saved", false}, {"errors", ordered_json::array()}};
                for (const auto& p : parsed.problems) j["errors"].push_back({{"field", p.field}, {"message", p.message}});
                std::cout << j.dump(2) << "\n";
            } else {
                for (const auto& p : parsed.problems) std::cerr << a.file << ": " << p.field << ": " << p.message << "\n";
                std::cerr << "error: the blueprint was not saved (" << parsed.problems.size() << " problems)\n";
            }
            return kBadInput;
        }
        bp = parsed.blueprint;
    }
    const auto id = svc.save_blueprint(actor, bp);
    const auto saved = svc.blueprint(actor, id);
    auto shortages = svc.check_blueprint(actor, id);
    const auto label = item_label(content.catalogue(), saved.item_id);
    if (ctx.json) {
        std::cout << ordered_json{{"id", id}, {"item", label}, {"kind", std::string(exam::to_string(saved.kind))},
                                  {"version", saved.version}, {"saved", true}, {"pool_ok", shortages.empty()},
                                  {"shortages", shortage_json(shortages)}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << "Saved blueprint " << id << ": " << label << " (" << exam::to_string(saved.kind) << ") version "
                  << saved.version << "\n";
        for (const auto& s : shortages) std::cout << "warning: " << s.description << "\n";
        if (!shortages.empty()) std::cout << "No session can be created on it until the exam pool has these questions\n";
    }
    return kOk;
}

} // namespace

void register_blueprint_commands(CLI::App& app, Context& ctx)
{
    CLI::App* bp = app.add_subcommand("blueprint", "exam blueprints (试卷结构): list, show, check against the pool, set");
    bp->require_subcommand(1);

    CLI::App* list = bp->add_subcommand("list", "the current blueprint of each item and kind");
    list->callback([&ctx] { ctx.action = [&ctx] { return do_list(ctx); }; });

    auto show_args = std::make_shared<Which>();
    CLI::App* show = bp->add_subcommand(
        "show", "one blueprint (or the default for an item with none); --json prints the file format of `set`");
    add_which(show, *show_args, true);
    show->callback([&ctx, show_args] { ctx.action = [&ctx, show_args] { return do_show(ctx, *show_args); }; });

    auto check_args = std::make_shared<Which>();
    CLI::App* check = bp->add_subcommand(
        "check", "check blueprints (all current ones, or one) against the sealed exam pool: exam-only and shared questions per "
        "stratum; exit 1 naming each short stratum");
    add_which(check, *check_args, true);
    check->callback([&ctx, check_args] { ctx.action = [&ctx, check_args] { return do_check(ctx, *check_args); }; });

    auto set_args = std::make_shared<SetArgs>();
    CLI::App* set = bp->add_subcommand(
        "set", "save a blueprint from a JSON file (docs/blueprint-format.md) as the new version for its item and kind");
    set->add_option("FILE", set_args->file, "the blueprint file");
    set->add_flag("--default", set_args->use_default, "save the default of the domain rules for --item and --kind");
    add_which(set, set_args->which, false);
    set->callback([&ctx, set_args] { ctx.action = [&ctx, set_args] { return do_set(ctx, *set_args); }; });
}

} // namespace sk::admin
