#include "admin/commands/candidate_commands.hpp"

#include "content/storage/content_store.hpp"
#include "exam/candidate_csv.hpp"
#include "exam/exam_service.hpp"
#include "exam/photo_folder.hpp"
#include "exam/training.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>

namespace sk::admin {

namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

namespace {

std::chrono::year_month_day today()
{
    return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

ordered_json candidate_json(const exam::Candidate& c, const content::Catalogue& cat, bool has_photo)
{
    return {{"id_number", c.id_number}, {"name", c.name},          {"sex", c.sex},
            {"birth_date", c.birth_date}, {"item", item_label(cat, c.item_id)}, {"kind", std::string(exam::to_string(c.kind))},
            {"employer", c.employer},   {"provider", c.provider},  {"class_hours", c.class_hours},
            {"training_cycle", c.training_cycle}, {"photo", has_photo}};
}

// --- add ------------------------------------------------------------------------------------------------------

struct AddArgs {
    std::string id_number, name, item, category, kind = "initial", employer, provider, photo;
};

int do_add(Context& ctx, const AddArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    exam::Candidate c;
    c.id_number = a.id_number;
    c.name = a.name;
    c.item_id = resolve_item(content.catalogue(), a.category, a.item);
    c.kind = *exam::parse_exam_kind(a.kind);
    c.employer = a.employer;
    c.provider = a.provider;
    if (!a.photo.empty()) c.photo = exam::read_photo_file(a.photo);
    const auto id = svc.add_candidate(actor, c);
    const auto stored = *svc.candidate(actor, id);
    if (ctx.json) std::cout << candidate_json(stored, content.catalogue(), !stored.photo.empty()).dump(2) << "\n";
    else
        std::cout << "Candidate " << stored.id_number << " " << stored.name << " (" << stored.sex << ", born "
                  << stored.birth_date << ") added for " << item_label(content.catalogue(), stored.item_id) << "\n";
    return kOk;
}

// --- import ---------------------------------------------------------------------------------------------------

struct ImportArgs {
    std::string file;
    bool dry_run = false;
};

int do_import(Context& ctx, const ImportArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::require(actor, exam::Operation::ManageCandidates);
    if (!fs::exists(a.file)) throw std::invalid_argument("'" + a.file + "' does not exist");
    exam::ExamService svc(db);
    content::ContentStore content(db);
    auto file = exam::read_candidate_csv(a.file, content.catalogue(), svc, actor, today());
    bool stored = false;
    if (file.ok() && !a.dry_run) {
        svc.add_candidates(actor, file.candidates);
        stored = true;
    }
    if (ctx.json) {
        ordered_json j{{"file", a.file},       {"encoding", file.encoding}, {"dry_run", a.dry_run},
                       {"candidates", file.candidates.size()}, {"imported", stored ? file.candidates.size() : 0},
                       {"errors", ordered_json::array()},     {"warnings", ordered_json::array()}};
        for (const auto& p : file.errors)
            j["errors"].push_back({{"file", p.file}, {"row", p.line}, {"field", p.field}, {"message", p.message}});
        for (const auto& p : file.warnings)
            j["warnings"].push_back({{"file", p.file}, {"row", p.line}, {"field", p.field}, {"message", p.message}});
        std::cout << j.dump(2) << "\n";
    } else {
        for (const auto& p : file.errors) std::cout << p.to_string() << "\n";
        for (const auto& p : file.warnings) std::cout << "warning: " << p.to_string() << "\n";
        if (!file.ok())
            std::cout << file.errors.size() << " errors: nothing was imported (fix the rows and import the whole file again)\n";
        else if (a.dry_run)
            std::cout << file.candidates.size() << " candidates are correct (" << file.encoding << "); dry run: nothing stored\n";
        else
            std::cout << "Imported " << file.candidates.size() << " candidates (" << file.encoding << ")\n";
    }
    return file.ok() ? kOk : kBadInput;
}

// --- list -----------------------------------------------------------------------------------------------------

struct ListArgs {
    std::string item, category, provider;
};

int do_list(Context& ctx, const ListArgs& a)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    content::ContentStore content(db);
    std::optional<std::int64_t> item;
    if (!a.item.empty() || !a.category.empty()) item = resolve_item(content.catalogue(), a.category, a.item);
    const auto with_photo = svc.candidates_with_photo(actor);
    std::vector<exam::Candidate> shown;
    for (auto& c : svc.list_candidates(actor))
        if ((!item || c.item_id == *item) && (a.provider.empty() || c.provider == a.provider)) shown.push_back(std::move(c));
    auto has_photo = [&](std::int64_t id) { return std::binary_search(with_photo.begin(), with_photo.end(), id); };
    if (ctx.json) {
        auto j = ordered_json::array();
        for (const auto& c : shown) j.push_back(candidate_json(c, content.catalogue(), has_photo(c.id)));
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    for (const auto& c : shown)
        std::cout << c.id_number << "\t" << c.name << "\t" << c.sex << "\t" << item_label(content.catalogue(), c.item_id)
                  << "\t" << (c.kind == exam::ExamKind::Initial ? "初训" : "复审") << "\t" << format_number(c.class_hours)
                  << " 学时\t" << (c.provider.empty() ? "-" : c.provider) << "\t" << (has_photo(c.id) ? "photo" : "no photo")
                  << "\n";
    std::cout << shown.size() << " candidates\n";
    return kOk;
}

// --- photos ---------------------------------------------------------------------------------------------------

int do_photos(Context& ctx, const std::string& dir)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::require(actor, exam::Operation::ManageCandidates);
    exam::ExamService svc(db);
    const auto folder = exam::read_photo_folder(dir, svc, actor);
    if (folder.ok() && !folder.photos.empty()) svc.set_photos(actor, folder.photos);
    if (ctx.json) {
        std::cout << ordered_json{{"folder", dir},
                                  {"assigned", folder.ok() ? folder.assigned : std::vector<std::string>{}},
                                  {"no_candidate", folder.unknown},
                                  {"ignored", folder.ignored},
                                  {"errors", folder.errors}}
                         .dump(2)
                  << "\n";
    } else {
        for (const auto& b : folder.errors) std::cout << dir << "/" << b << "\n";
        for (const auto& u : folder.unknown) std::cout << "warning: " << u << ": no candidate has this ID number\n";
        for (const auto& i : folder.ignored) std::cout << "ignored: " << i << " (not <ID number>.jpg or .png)\n";
        if (folder.ok()) std::cout << "Assigned " << folder.assigned.size() << " photos\n";
        else std::cout << folder.errors.size() << " errors: no photo was assigned\n";
    }
    return folder.ok() ? kOk : kBadInput;
}

// --- hours, trainee pin, trainee confirm ----------------------------------------------------------------------

int do_hours(Context& ctx, const std::string& id_number, double hours)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    const auto cid = candidate_by_id_number(svc, actor, id_number);
    svc.set_class_hours(actor, cid, hours);
    const auto c = *svc.candidate(actor, cid);
    if (ctx.json)
        std::cout << ordered_json{{"id_number", c.id_number}, {"class_hours", c.class_hours}, {"training_cycle", c.training_cycle}}
                         .dump()
                  << "\n";
    else std::cout << c.id_number << " " << c.name << ": " << format_number(c.class_hours) << " 学时 confirmed\n";
    return kOk;
}

int do_pin(Context& ctx, const std::string& id_number)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    const auto cid = candidate_by_id_number(svc, actor, id_number);
    // Refuse before asking for the PIN.
    exam::require(actor, exam::Operation::ManageTrainees);
    exam::require_own_trainee(actor, svc.candidate(actor, cid)->provider);
    exam::TrainingService(db).set_pin(actor, cid, new_secret(kPinVariable, "PIN (6 to 12 digits)"));
    const auto c = *svc.candidate(actor, cid);
    if (ctx.json) std::cout << ordered_json{{"id_number", c.id_number}, {"pin", "set"}}.dump() << "\n";
    else std::cout << "The training PIN of " << c.id_number << " " << c.name << " is set\n";
    return kOk;
}

int do_confirm(Context& ctx, const std::string& id_number)
{
    auto db = open_database(ctx, false);
    auto actor = sign_in(ctx, db);
    exam::ExamService svc(db);
    const auto cid = candidate_by_id_number(svc, actor, id_number);
    const double added = exam::TrainingService(db).confirm_study(actor, cid);
    const auto c = *svc.candidate(actor, cid);
    if (ctx.json)
        std::cout << ordered_json{{"id_number", c.id_number}, {"confirmed_hours", added}, {"class_hours", c.class_hours}}.dump()
                  << "\n";
    else
        std::cout << c.id_number << " " << c.name << ": " << format_number(added) << " hours of study confirmed, "
                  << format_number(c.class_hours) << " 学时 in all\n";
    return kOk;
}

} // namespace

void register_candidate_commands(CLI::App& app, Context& ctx)
{
    CLI::App* cand = app.add_subcommand("candidate", "examinees (考生): add, import, list, photos, class hours");
    cand->require_subcommand(1);

    auto add_args = std::make_shared<AddArgs>();
    CLI::App* add = cand->add_subcommand("add", "register one candidate (the ID number is checked; sex and birth date come from it)");
    add->add_option("--id", add_args->id_number, "resident ID number (18 characters)")->required();
    add->add_option("--name", add_args->name, "name")->required();
    add->add_option("--item", add_args->item, "catalogue item (操作项目 or role)")->required();
    add->add_option("--category", add_args->category, "catalogue category, when the item name is not unique");
    add->add_option("--kind", add_args->kind, "initial (初训, default) or review (复审)")->check(CLI::IsMember({"initial", "review"}));
    add->add_option("--employer", add_args->employer, "employer (工作单位)");
    add->add_option("--provider", add_args->provider, "training provider (培训机构)");
    add->add_option("--photo", add_args->photo, "registration photo, JPEG or PNG, at most 2 MB");
    add->callback([&ctx, add_args] { ctx.action = [&ctx, add_args] { return do_add(ctx, *add_args); }; });

    auto imp_args = std::make_shared<ImportArgs>();
    CLI::App* imp = cand->add_subcommand(
        "import", "import candidates from a CSV file (docs/candidate-csv.md): all rows or none");
    imp->add_option("FILE", imp_args->file, "CSV file saved by Excel (UTF-8 or GBK)")->required();
    imp->add_flag("--dry-run", imp_args->dry_run, "check every row, store nothing");
    imp->callback([&ctx, imp_args] { ctx.action = [&ctx, imp_args] { return do_import(ctx, *imp_args); }; });

    auto list_args = std::make_shared<ListArgs>();
    CLI::App* list = cand->add_subcommand("list", "list candidates (training staff: their own trainees)");
    list->add_option("--item", list_args->item, "only this item");
    list->add_option("--category", list_args->category, "the item's category");
    list->add_option("--provider", list_args->provider, "only this training provider");
    list->callback([&ctx, list_args] { ctx.action = [&ctx, list_args] { return do_list(ctx, *list_args); }; });

    auto photo_dir = std::make_shared<std::string>();
    CLI::App* photos = cand->add_subcommand(
        "photos", "assign registration photos from a folder by file name: DIR/<ID number>.jpg or .png (all or none)");
    photos->add_option("DIR", *photo_dir, "the folder")->required();
    photos->callback([&ctx, photo_dir] { ctx.action = [&ctx, photo_dir] { return do_photos(ctx, *photo_dir); }; });

    auto hours_id = std::make_shared<std::string>();
    auto hours = std::make_shared<double>(0);
    CLI::App* h = cand->add_subcommand("hours", "set the confirmed class hours (学时) of a trainee (training staff)");
    h->add_option("ID", *hours_id, "the trainee's ID number")->required();
    h->add_option("HOURS", *hours, "class hours, 0 to 1000")->required();
    h->callback([&ctx, hours_id, hours] { ctx.action = [&ctx, hours_id, hours] { return do_hours(ctx, *hours_id, *hours); }; });

    CLI::App* trainee = app.add_subcommand("trainee", "training-kiosk trainees (training staff): PIN, study time");
    trainee->require_subcommand(1);
    auto pin_id = std::make_shared<std::string>();
    CLI::App* pin = trainee->add_subcommand(
        "pin", "set a trainee's training-kiosk PIN; from $SAFEKIOSK_PIN or typed twice at the prompt");
    pin->add_option("ID", *pin_id, "the trainee's ID number")->required();
    pin->callback([&ctx, pin_id] { ctx.action = [&ctx, pin_id] { return do_pin(ctx, *pin_id); }; });
    auto confirm_id = std::make_shared<std::string>();
    CLI::App* confirm = trainee->add_subcommand(
        "confirm", "confirm the trainee's unconfirmed study time at the kiosks; it is added to the class hours");
    confirm->add_option("ID", *confirm_id, "the trainee's ID number")->required();
    confirm->callback([&ctx, confirm_id] { ctx.action = [&ctx, confirm_id] { return do_confirm(ctx, *confirm_id); }; });
}

} // namespace sk::admin
