#include "admin/commands/content_commands.hpp"

#include "content/formats/export.hpp"
#include "content/formats/import.hpp"
#include "exam/content_audit.hpp"
#include "exam/question_bank.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"
#include "content/zh_hk/texts.hpp"
#include "exam/roles.hpp"
#include "exam/users.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>

namespace sk::admin {

namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

namespace {

struct ItemFilter {
    std::string category;
    std::vector<std::string> items;
};

void add_item_filter(CLI::App* cmd, ItemFilter& f)
{
    cmd->add_option("--category", f.category, "only this catalogue category (作业类别 or industry)");
    cmd->add_option("--item", f.items, "only this item (操作项目 or role); may be repeated");
}

// Catalogue item ids named by --category/--item; empty when neither is given. Throws std::invalid_argument.
std::vector<std::int64_t> resolve_items(const content::Catalogue& cat, const ItemFilter& f)
{
    std::vector<std::int64_t> ids;
    if (f.category.empty() && f.items.empty()) return ids;
    if (!f.category.empty() &&
        std::none_of(cat.categories.begin(), cat.categories.end(), [&](const auto& c) { return c.name == f.category; }))
        throw std::invalid_argument("'" + f.category + "' is not a category of the catalogue");
    if (f.items.empty()) {
        for (const auto& i : cat.items)
            if (i.category == f.category) ids.push_back(i.id);
        return ids;
    }
    for (const auto& name : f.items) {
        std::vector<const content::Item*> found;
        for (const auto& i : cat.items)
            if (i.name == name && (f.category.empty() || i.category == f.category)) found.push_back(&i);
        if (found.empty())
            throw std::invalid_argument("'" + name + "' is not an item of the catalogue" +
                                        (f.category.empty() ? "" : " in '" + f.category + "'"));
        if (found.size() > 1) {
            std::string where;
            for (const auto* i : found) where += (where.empty() ? "" : ", ") + i->category;
            throw std::invalid_argument("'" + name + "' is an item of several categories (" + where +
                                        "); add --category");
        }
        ids.push_back(found.front()->id);
    }
    return ids;
}

// Who runs a content command (docs/safekiosk-admin.md, "Content and roles"). The question bank is the exam
// centre's: import, publish and retire need manage-content, export needs read-exam-questions (administrators).
// list and stats need read-practice-questions at least; whoever may not read the exam pool (a training provider's
// staff, 考培分离) sees only practice-pool questions, never one of pool exam or both.
// The one exception is the first run: while the installation has no user at all (scripts/quickstart and
// `demo setup` import the demo pack before the users are made), content commands run without signing in.
exam::Actor content_actor(const Context& ctx, storage::Database& db, bool fresh_in_memory = false)
{
    if (fresh_in_memory || !exam::UserService(db).has_users())
        return exam::Actor{"(first run: no user yet)", {exam::Role::Administrator}};
    return sign_in(ctx, db);
}

std::string shorten(const std::string& text, std::size_t max_chars)
{
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (chars == max_chars) return out + "…";
        std::string ch = text.substr(i, len);
        out += ch == "\n" ? " " : ch;
        ++chars;
        i += len;
    }
    return out;
}

// --- import ---------------------------------------------------------------------------------------------------

struct ImportArgs {
    std::string path;
    std::string format;
    std::string category, item, chapter;
    bool skip_invalid = false;
    bool dry_run = false;
};

int do_import(const Context& ctx, const ImportArgs& a)
{
    content::formats::ImportOptions o;
    if (!a.format.empty()) o.format = content::formats::parse_format(a.format);
    o.category = a.category;
    o.item = a.item;
    o.chapter = a.chapter;
    o.skip_invalid = a.skip_invalid;
    o.dry_run = a.dry_run;
    if (!fs::exists(a.path)) throw std::invalid_argument("'" + a.path + "' does not exist");

    // A dry run against a database that does not exist yet works on an empty one in memory: nothing is created.
    std::error_code ec;
    const std::string locator = database_path(ctx);
    const bool in_memory = a.dry_run && !storage::is_server_locator(locator) && !fs::exists(locator, ec);
    storage::Database db = in_memory ? storage::Database::open_memory() : open_database(ctx, true);
    if (in_memory) storage::migrate(db, {&content::schema()});
    const auto actor = content_actor(ctx, db, in_memory);
    exam::require(actor, exam::Operation::ManageContent);
    content::ContentStore store(db);
    // The import and its audit entry (the file's digest and the counts) commit together.
    exam::ExamService audit(db);
    // The digest is taken once the import has read the file (so a FIFO or a device is refused by the import itself).
    o.before_commit = [&](const content::formats::ImportReport& r) {
        exam::audit_content_import(audit, actor, r, exam::content_file_digest(a.path));
    };
    const auto report = content::formats::import_path(store, a.path, o);
    std::cout << (ctx.json ? report.to_json() + "\n" : report.to_text());
    return report.ok() ? kOk : kBadInput;
}

// --- export ---------------------------------------------------------------------------------------------------

struct ExportArgs {
    std::string format;
    std::string out;
    ItemFilter filter;
    bool force = false;
};

int do_export(const Context& ctx, const ExportArgs& a)
{
    auto db = open_database(ctx, false);
    exam::require(content_actor(ctx, db), exam::Operation::ReadExamQuestions);
    content::ContentStore store(db);
    content::formats::ExportOptions o;
    o.item_ids = resolve_items(store.catalogue(), a.filter);
    o.overwrite = a.force;
    const auto r = a.format == "pack" ? content::formats::export_pack(store, a.out, o)
                                      : content::formats::export_csv(store, a.out, o);
    if (ctx.json) {
        ordered_json j{{"format", a.format}, {"out", a.out}, {"questions", r.questions}, {"exhibits", r.exhibits},
                       {"media", r.media}};
        j["files"] = ordered_json::array();
        for (const auto& f : r.files) j["files"].push_back(f.string());
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "Exported " << r.questions << " questions";
        if (a.format == "pack") std::cout << ", " << r.exhibits << " exhibits and " << r.media << " images";
        std::cout << " to " << a.out << "\n";
    }
    return kOk;
}

// --- list -----------------------------------------------------------------------------------------------------

struct ListArgs {
    ItemFilter filter;
    std::string type, status, chapter;
};

int do_list(const Context& ctx, const ListArgs& a)
{
    auto db = open_database(ctx, false);
    const auto actor = content_actor(ctx, db);
    exam::QuestionBank bank(db); // what the actor may read: training staff the practice pool only
    content::ContentStore store(db);
    content::QuestionFilter f;
    if (!a.type.empty()) f.type = content::parse_question_type(a.type);
    if (!a.status.empty()) f.status = content::parse_status(a.status);
    if (!a.chapter.empty()) f.chapter = a.chapter;
    std::vector<content::Question> questions;
    auto ids = resolve_items(store.catalogue(), a.filter);
    if (ids.empty() && a.filter.category.empty() && a.filter.items.empty()) {
        questions = bank.questions(actor, f);
    } else {
        for (auto id : ids) {
            f.item_id = id;
            auto part = bank.questions(actor, f);
            questions.insert(questions.end(), part.begin(), part.end());
        }
        std::sort(questions.begin(), questions.end(), [](const auto& x, const auto& y) { return x.uid < y.uid; });
    }
    if (ctx.json) {
        std::cout << "[";
        for (std::size_t i = 0; i < questions.size(); ++i)
            std::cout << (i ? ",\n " : "\n ") << content::formats::question_json_line(questions[i]);
        std::cout << (questions.empty() ? "]\n" : "\n]\n");
        return kOk;
    }
    for (const auto& q : questions)
        std::cout << q.uid << "\tv" << q.version << "\t" << content::type_label_zh(q.type) << "\t"
                  << content::to_string(q.status) << "\t" << content::to_string(q.pool) << "\t" << q.category << " / "
                  << q.item << "\t" << q.chapter << "\t" << shorten(q.stem, 40) << "\n";
    std::cout << questions.size() << " questions\n";
    return kOk;
}

// --- publish / retire -----------------------------------------------------------------------------------------

int do_set_status(const Context& ctx, const std::string& uid, content::Status status)
{
    auto db = open_database(ctx, false);
    const auto actor = content_actor(ctx, db);
    if (!exam::QuestionBank(db).set_status(actor, uid, status)) { // with its audit entry
        std::cerr << "error: no question has the uid '" << uid << "'\n";
        return kBadInput;
    }
    content::ContentStore store(db);
    auto q = store.question_by_uid(uid);
    if (ctx.json)
        std::cout << ordered_json{{"uid", uid}, {"version", q ? q->version : 0}, {"status", content::to_string(status)}}
                         .dump()
                  << "\n";
    else
        std::cout << uid << " v" << (q ? q->version : 0) << " is now " << content::to_string(status) << "\n";
    return kOk;
}

// --- stats ----------------------------------------------------------------------------------------------------

std::int64_t sum(const std::map<std::string, std::int64_t>& m)
{
    std::int64_t n = 0;
    for (const auto& [k, v] : m) n += v;
    return n;
}

int do_stats(const Context& ctx)
{
    auto db = open_database(ctx, false);
    const auto actor = content_actor(ctx, db);
    auto counts = exam::QuestionBank(db).counts(actor); // training staff: the practice pool only
    const bool practice = !exam::QuestionBank::reads_exam_pool(actor);
    content::ContentStore store(db);
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> by_type, by_pool, by_status;
    struct ItemRow {
        std::string category, item;
        std::int64_t total = 0;
        std::map<std::string, std::int64_t> types;
        std::vector<std::pair<std::string, std::int64_t>> chapters; // first-seen order
        // Published questions a paper may draw, per type: exam-only (pool exam) and also in training (pool both).
        std::map<std::string, std::int64_t> exam_only, shared;
    };
    std::int64_t exam_only_total = 0, shared_total = 0;
    std::vector<ItemRow> items;
    for (const auto& c : counts) {
        total += c.count;
        by_type[std::string(content::to_string(c.type))] += c.count;
        by_pool[std::string(content::to_string(c.pool))] += c.count;
        by_status[std::string(content::to_string(c.status))] += c.count;
        if (items.empty() || items.back().category != c.category || items.back().item != c.item)
            items.push_back({c.category, c.item, 0, {}, {}, {}, {}});
        auto& row = items.back();
        if (c.status == content::Status::Published && c.pool == content::Pool::Exam) {
            row.exam_only[std::string(content::to_string(c.type))] += c.count;
            exam_only_total += c.count;
        } else if (c.status == content::Status::Published && c.pool == content::Pool::Both) {
            row.shared[std::string(content::to_string(c.type))] += c.count;
            shared_total += c.count;
        }
        row.total += c.count;
        row.types[std::string(content::to_string(c.type))] += c.count;
        auto it = std::find_if(row.chapters.begin(), row.chapters.end(), [&](const auto& p) { return p.first == c.chapter; });
        if (it == row.chapters.end()) row.chapters.emplace_back(c.chapter, c.count);
        else it->second += c.count;
    }
    const auto exhibits = store.count_exhibits();
    const auto media = store.media_paths().size();
    if (ctx.json) {
        ordered_json j{{"questions", total}, {"practice_pool_only", practice}, {"by_type", by_type}, {"by_pool", by_pool}, {"by_status", by_status}};
        if (!practice) j["sealed_pool"] = {{"exam_only", exam_only_total}, {"also_in_training", shared_total}};
        j["by_item"] = ordered_json::array();
        for (const auto& r : items) {
            ordered_json chapters = ordered_json::array();
            for (const auto& [name, n] : r.chapters) chapters.push_back({{"chapter", name}, {"questions", n}});
            ordered_json row{{"category", r.category}, {"item", r.item}, {"questions", r.total}, {"by_type", r.types}};
            if (!practice)
                row["sealed_pool"] = {{"exam_only", sum(r.exam_only)}, {"also_in_training", sum(r.shared)},
                                      {"exam_only_by_type", r.exam_only}, {"also_in_training_by_type", r.shared}};
            row["by_chapter"] = chapters;
            j["by_item"].push_back(row);
        }
        j["exhibits"] = exhibits;
        j["media"] = media;
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    auto line = [](const std::map<std::string, std::int64_t>& m) {
        std::string s;
        for (const auto& [k, v] : m) s += (s.empty() ? "" : ", ") + k + " " + std::to_string(v);
        return s;
    };
    std::cout << (practice ? "Practice-pool questions (all you may see; current versions, exhibit quizzes not counted): "
                           : "Questions (current versions, exhibit quizzes not counted): ")
              << total << "\n";
    std::cout << "  by type:   " << line(by_type) << "\n";
    std::cout << "  by pool:   " << line(by_pool) << "\n";
    std::cout << "  by status: " << line(by_status) << "\n";
    if (!practice)
        std::cout << "  sealed exam pool (published): " << exam_only_total << " exam-only, " << shared_total
                  << " also in training (pool both)\n";
    for (const auto& r : items) {
        std::cout << r.category << " / " << r.item << ": " << r.total << " (" << line(r.types) << ")\n";
        if (!practice && (!r.exam_only.empty() || !r.shared.empty())) {
            std::cout << "  sealed exam pool: " << sum(r.exam_only) << " exam-only (" << (r.exam_only.empty() ? "none" : line(r.exam_only)) << "), "
                      << sum(r.shared) << " also in training (" << (r.shared.empty() ? "none" : line(r.shared)) << ")\n";
            if (!r.shared.empty())
                std::cout << "  warning: " << sum(r.shared)
                          << " questions of the sealed pool are in pool both: training kiosks show them with their keys\n";
        }
        for (const auto& [name, n] : r.chapters) std::cout << "    " << name << ": " << n << "\n";
    }
    std::cout << "Exhibits: " << exhibits << "\nMedia files: " << media << "\n";
    return kOk;
}

// --- zh-hk ----------------------------------------------------------------------------------------------------

struct ZhHkArgs {
    bool corrected_only = false;
    std::string find;
    std::string out;
    bool force = false;
    std::int64_t id = 0;
    std::string text;
};

// A text in one TSV field: backslash, TAB, CR and LF written as \\, \t, \r, \n.
std::string tsv_field(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (c == '\\') out += "\\\\";
        else if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else out += c;
    }
    return out;
}

int do_zh_hk_list(const Context& ctx, const ZhHkArgs& a)
{
    auto db = open_database(ctx, false);
    exam::require(content_actor(ctx, db), exam::Operation::ManageContent);
    std::vector<content::zh_hk::StoredText> rows;
    for (auto& t : content::zh_hk::TextStore(db).all(a.corrected_only))
        if (a.find.empty() || t.source.find(a.find) != std::string::npos ||
            t.shown().find(a.find) != std::string::npos)
            rows.push_back(std::move(t));
    if (ctx.json) {
        ordered_json j = ordered_json::array();
        for (const auto& t : rows) {
            ordered_json row{{"id", t.id}, {"source", t.source}, {"converted", t.converted}};
            row["corrected"] = t.corrected ? ordered_json(*t.corrected) : ordered_json(nullptr);
            j.push_back(row);
        }
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    for (const auto& t : rows)
        std::cout << t.id << (t.corrected ? " (corrected)" : "") << "\n  简: " << t.source << "\n  繁: " << t.shown()
                  << "\n";
    std::cout << rows.size() << " text" << (rows.size() == 1 ? "" : "s") << "\n";
    return kOk;
}

int do_zh_hk_export(const Context& ctx, const ZhHkArgs& a)
{
    auto db = open_database(ctx, false);
    exam::require(content_actor(ctx, db), exam::Operation::ManageContent);
    std::string tsv = "id\tsource\tconverted\tcorrected\n";
    const auto rows = content::zh_hk::TextStore(db).all(a.corrected_only);
    for (const auto& t : rows)
        tsv += std::to_string(t.id) + "\t" + tsv_field(t.source) + "\t" + tsv_field(t.converted) + "\t" +
               (t.corrected ? tsv_field(*t.corrected) : "") + "\n";
    write_output(a.out, tsv, a.force);
    if (ctx.json) std::cout << ordered_json{{"file", a.out}, {"texts", rows.size()}}.dump() << "\n";
    else std::cout << "wrote " << rows.size() << " zh-HK texts to " << a.out << "\n";
    return kOk;
}

int do_zh_hk_set(const Context& ctx, const ZhHkArgs& a, bool clear)
{
    auto db = open_database(ctx, false);
    const auto actor = content_actor(ctx, db);
    exam::require(actor, exam::Operation::ManageContent);
    content::zh_hk::TextStore texts(db);
    storage::Transaction tx(db);
    const auto before = texts.by_id(a.id);
    if (!before) {
        std::cerr << "error: no zh-HK text has the id " << a.id << " (content zh-hk list shows them)\n";
        return kBadInput;
    }
    texts.set_corrected(a.id, clear ? std::nullopt : std::optional<std::string>(a.text));
    exam::ExamService(db).record_audit(actor, clear ? "zh_hk.uncorrect" : "zh_hk.correct",
                                       "zh_hk_text:" + std::to_string(a.id), clear ? before->converted : a.text);
    tx.commit();
    const auto after = texts.by_id(a.id);
    if (ctx.json)
        std::cout << ordered_json{{"id", a.id}, {"source", after->source}, {"shown", after->shown()},
                                  {"corrected", after->corrected.has_value()}}
                         .dump()
                  << "\n";
    else
        std::cout << a.id << ": " << after->source << " -> " << after->shown()
                  << (clear ? " (OpenCC's text again)" : " (corrected)") << "\n";
    return kOk;
}

int do_zh_hk_update(const Context& ctx)
{
    auto db = open_database(ctx, false);
    exam::require(content_actor(ctx, db), exam::Operation::ManageContent);
    storage::Transaction tx(db);
    const std::size_t added = content::zh_hk::store_all_content_texts(db);
    const std::size_t changed = content::zh_hk::TextStore(db).reconvert();
    tx.commit();
    if (ctx.json) std::cout << ordered_json{{"added", added}, {"reconverted", changed}}.dump() << "\n";
    else
        std::cout << "zh-HK texts: " << added << " added, " << changed
                  << " converted again with the current correction list (editors' corrections kept)\n";
    return kOk;
}

} // namespace

void register_content_commands(CLI::App& app, Context& ctx)
{
    CLI::App* content = app.add_subcommand("content", "questions, exhibits and media: import, export, inspect");
    content->require_subcommand(1);

    auto imp = std::make_shared<ImportArgs>();
    CLI::App* import = content->add_subcommand(
        "import", "import a content pack folder, a CSV file, or Moodle GIFT / Aiken / XML questions");
    import->add_option("PATH", imp->path, "pack folder, .csv, .gift, .aiken(.txt) or .xml file")->required();
    import->add_option("--format", imp->format, "pack, csv, gift, aiken or xml (default: from the name)")
        ->check(CLI::IsMember({"pack", "csv", "gift", "aiken", "xml"}));
    import->add_option("--category", imp->category, "catalogue category for Moodle questions (作业类别 / industry)");
    import->add_option("--item", imp->item, "catalogue item for Moodle questions (操作项目 / role)");
    import->add_option("--chapter", imp->chapter, "chapter (default: the Moodle category, or 未分类)");
    import->add_flag("--skip-invalid", imp->skip_invalid, "import the valid questions and report the others");
    import->add_flag("--dry-run", imp->dry_run, "report what would be imported, write nothing");
    import->callback([&ctx, imp] { ctx.action = [&ctx, imp] { return do_import(ctx, *imp); }; });

    auto exp = std::make_shared<ExportArgs>();
    CLI::App* export_cmd = content->add_subcommand("export", "export questions (and exhibits) as a pack or a CSV file");
    export_cmd->add_option("--format", exp->format, "pack or csv")->required()->check(CLI::IsMember({"pack", "csv"}));
    export_cmd->add_option("--out", exp->out, "folder (pack) or file (csv) to write")->required();
    add_item_filter(export_cmd, exp->filter);
    export_cmd->add_flag("--force", exp->force, "write into a non-empty folder / over an existing file");
    export_cmd->callback([&ctx, exp] { ctx.action = [&ctx, exp] { return do_export(ctx, *exp); }; });

    auto lst = std::make_shared<ListArgs>();
    CLI::App* list = content->add_subcommand("list", "list the current version of each question");
    add_item_filter(list, lst->filter);
    list->add_option("--type", lst->type, "tf, single or multi")->check(CLI::IsMember({"tf", "single", "multi"}));
    list->add_option("--status", lst->status, "draft, published or retired")
        ->check(CLI::IsMember({"draft", "published", "retired"}));
    list->add_option("--chapter", lst->chapter, "only this chapter");
    list->callback([&ctx, lst] { ctx.action = [&ctx, lst] { return do_list(ctx, *lst); }; });

    auto publish_uid = std::make_shared<std::string>();
    CLI::App* publish = content->add_subcommand("publish", "publish the current version of a question");
    publish->add_option("UID", *publish_uid, "the question's uid")->required();
    publish->callback([&ctx, publish_uid] {
        ctx.action = [&ctx, publish_uid] { return do_set_status(ctx, *publish_uid, content::Status::Published); };
    });

    auto retire_uid = std::make_shared<std::string>();
    CLI::App* retire = content->add_subcommand("retire", "retire a question: no new paper or practice shows it");
    retire->add_option("UID", *retire_uid, "the question's uid")->required();
    retire->callback([&ctx, retire_uid] {
        ctx.action = [&ctx, retire_uid] { return do_set_status(ctx, *retire_uid, content::Status::Retired); };
    });

    CLI::App* stats = content->add_subcommand("stats", "count questions per item, type, pool and chapter; the sealed exam pool's exam-only and shared (both) questions");
    stats->callback([&ctx] { ctx.action = [&ctx] { return do_stats(ctx); }; });

    CLI::App* zh = content->add_subcommand(
        "zh-hk", "the Traditional Chinese (zh-HK) texts made from the content: list, export, correct (docs/storage.md)");
    zh->require_subcommand(1);
    auto zl = std::make_shared<ZhHkArgs>();
    CLI::App* zh_list = zh->add_subcommand("list", "list the stored texts: id, Simplified and the zh-HK text shown");
    zh_list->add_flag("--corrected", zl->corrected_only, "only texts an editor corrected");
    zh_list->add_option("--find", zl->find, "only texts containing this (Simplified or Traditional)");
    zh_list->callback([&ctx, zl] { ctx.action = [&ctx, zl] { return do_zh_hk_list(ctx, *zl); }; });
    auto ze = std::make_shared<ZhHkArgs>();
    CLI::App* zh_export = zh->add_subcommand("export", "write the texts to a TSV file: id, source, converted, corrected");
    zh_export->add_option("--out", ze->out, "the TSV file to write")->required();
    zh_export->add_flag("--corrected", ze->corrected_only, "only texts an editor corrected");
    zh_export->add_flag("--force", ze->force, "write over an existing file");
    zh_export->callback([&ctx, ze] { ctx.action = [&ctx, ze] { return do_zh_hk_export(ctx, *ze); }; });
    auto zs = std::make_shared<ZhHkArgs>();
    CLI::App* zh_set = zh->add_subcommand("set", "correct one text: the kiosk shows TEXT instead of OpenCC's");
    zh_set->add_option("ID", zs->id, "the text's id (zh-hk list)")->required();
    zh_set->add_option("TEXT", zs->text, "the Traditional Chinese text to show")->required();
    zh_set->callback([&ctx, zs] { ctx.action = [&ctx, zs] { return do_zh_hk_set(ctx, *zs, false); }; });
    auto zu = std::make_shared<ZhHkArgs>();
    CLI::App* zh_unset = zh->add_subcommand("unset", "drop an editor's correction: OpenCC's text is shown again");
    zh_unset->add_option("ID", zu->id, "the text's id (zh-hk list)")->required();
    zh_unset->callback([&ctx, zu] { ctx.action = [&ctx, zu] { return do_zh_hk_set(ctx, *zu, true); }; });
    CLI::App* zh_update = zh->add_subcommand(
        "update", "convert texts that have none yet and convert all again with the current correction list");
    zh_update->callback([&ctx] { ctx.action = [&ctx] { return do_zh_hk_update(ctx); }; });
}

} // namespace sk::admin
