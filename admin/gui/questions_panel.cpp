// Questions: filter by item, type, pool and status; the list; the editor (stem, options and key, explanation,
// chapter, difficulty, pool, status) with the library's validation beside each field; the kiosk preview.
// Saving goes through ContentStore: an edit of a published question becomes a new version.
// Training staff see the practice-only questions, read-only; the sealed exam pool never reaches them.
#include "admin/gui/app.hpp"
#include "admin/gui/content_import.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/file_picker.hpp"
#include "admin/gui/question_form.hpp"
#include "admin/gui/question_preview.hpp"
#include "admin/gui/strings.hpp"
#include "exam/question_bank.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <memory>

namespace sk::admin::gui {

namespace {

using content::Pool;
using content::QuestionType;
using content::Status;

const char* type_key(QuestionType t)
{
    return t == QuestionType::TrueFalse ? "q.type_tf" : t == QuestionType::Single ? "q.type_single" : "q.type_multi";
}
const char* pool_key(Pool p) { return p == Pool::Practice ? "q.pool_practice" : p == Pool::Exam ? "q.pool_exam" : "q.pool_both"; }
const char* status_key(Status s)
{
    return s == Status::Draft ? "q.status_draft" : s == Status::Published ? "q.status_published" : "q.status_retired";
}
ImU32 status_tone(Status s) { return s == Status::Published ? tone::ok : s == Status::Draft ? tone::warn : tone::dim; }

std::vector<std::string> labels(std::initializer_list<const char*> keys)
{
    std::vector<std::string> v;
    for (const char* k : keys) v.emplace_back(tr(k));
    return v;
}

class QuestionsPanel final : public Panel {
public:
    const char* id() const override { return "questions"; }
    const char* title_key() const override { return "nav.questions"; }

    void refresh(App& app) override
    {
        const auto& cat = app.services().content.catalogue();
        items_.clear();
        item_labels_.clear();
        for (const auto& i : cat.items) {
            items_.push_back(i);
            item_labels_.push_back(i.category + " / " + i.name);
        }
        read_only_ = !app.actor()->can(exam::Operation::ManageContent);
        if (item_ < 0 && !items_.empty()) {
            // The first item that has questions.
            for (std::size_t i = 0; i < items_.size(); ++i) {
                content::QuestionFilter f;
                f.item_id = items_[i].id;
                if (exam::QuestionBank(app.services().db).count(*app.actor(), f) > 0) {
                    item_ = static_cast<int>(i);
                    break;
                }
            }
        }
        reload(app);
        // The question being edited as stored now: followed when nothing is typed, else the edit is kept and the
        // editor says a newer version was saved elsewhere.
        if (form_)
            for (const auto& q : all_)
                if (q.uid == form_->question.uid) form_->follow(q);
    }

    void show_example(App& app) override
    {
        if (!list_.empty()) open(app, list_[std::min<std::size_t>(list_.size() - 1, 3)]);
    }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        filters(app);
        ImGui::Spacing();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float list_w = avail.x * 0.30f;
        const float preview_w = std::min(avail.x * 0.34f, app.fonts().preview.body_px * 33.8f + e * 0.2f);
        const float form_w = avail.x - list_w - preview_w - e * 1.0f;
        ImGui::BeginChild("q-list", {list_w, avail.y}, true);
        list(app);
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("q-form", {form_w, avail.y}, true);
        if (form_) editor(app);
        else dim_text(tr("q.pick"));
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginGroup();
        ImGui::TextUnformatted(tr("q.preview"));
        ImGui::SameLine();
        ImGui::RadioButton(tr("q.preview_exam"), &preview_mode_, 0);
        ImGui::SameLine();
        ImGui::RadioButton(tr("q.preview_training"), &preview_mode_, 1);
        const float ph = avail.y - ImGui::GetFrameHeightWithSpacing() - ImGui::GetTextLineHeightWithSpacing();
        if (form_) {
            PreviewOptions po;
            po.feedback = preview_mode_ == 1;
            po.number = 1 + static_cast<int>(selected_index());
            po.total = std::max<int>(static_cast<int>(list_.size()), po.number);
            question_preview(form_->value(), app.fonts().preview, app.textures(), {preview_w, ph}, po);
        } else {
            ImGui::Dummy({preview_w, ph});
        }
        dim_text(tr("q.preview_note"));
        ImGui::EndGroup();
    }

private:
    void filters(App& app)
    {
        const float e = ImGui::GetFontSize();
        bool changed = combo("##item", item_, item_labels_, nullptr, e * 17);
        ImGui::SameLine();
        static const auto types = labels({"q.type_tf", "q.type_single", "q.type_multi"});
        changed |= combo("##type", type_, types, tr("q.all_types"), e * 6);
        ImGui::SameLine();
        if (!read_only_) {
            static const auto pools = labels({"q.pool_practice", "q.pool_exam", "q.pool_both"});
            changed |= combo("##pool", pool_, pools, tr("q.all_pools"), e * 7);
            ImGui::SameLine();
        }
        static const auto statuses = labels({"q.status_draft", "q.status_published", "q.status_retired"});
        changed |= combo("##status", status_, statuses, tr("q.all_statuses"), e * 6);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(e * 10);
        if (ImGui::InputTextWithHint("##search", tr("q.search"), &search_)) {
            app.note_text(search_);
            apply_search(); // in memory: a keystroke reads nothing from the database
        }
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        dim_text(trf("q.count", {std::to_string(list_.size())}));
        if (!read_only_) {
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - e * 12.5f);
            if (button(tr("q.import"), {e * 6, 0}, !app.jobs().running()))
                picker_.open("import", PickMode::File, {".json", ".csv", ".xml", ".gift", ".aiken", ".txt"},
                             tr("q.import_pick"));
            ImGui::SameLine();
            if (primary_button(tr("q.new"), {e * 6, 0}, item_ >= 0)) {
                form_ = QuestionForm::create(app.services().content, items_[static_cast<std::size_t>(item_)],
                                             QuestionType::Single);
                selected_.clear();
            }
        }
        if (changed) reload(app);
        if (auto picked = picker_.draw(app)) start_import(app, picked->second);
        import_result();
    }

    // A content pack (its pack.json), a CSV file or a Moodle file (GIFT, Aiken, XML: into the item chosen above) on
    // the job thread: one transaction, Cancel between the steps rolls it back; the report as the CLI prints it.
    void start_import(App& app, const std::filesystem::path& file)
    {
        ContentImportRequest request{app.services().db_path, file, "", "", *app.actor()};
        if (item_ >= 0) {
            request.category = items_[static_cast<std::size_t>(item_)].category;
            request.item = items_[static_cast<std::size_t>(item_)].name;
        }
        auto report = std::make_shared<std::string>();
        const std::string title = tr("q.import_job");
        app.jobs().start(
            title,
            [request, report](const JobControl& job) {
                const auto r = import_content(request, job);
                *report = r.to_text();
                if (r.cancelled) return std::string();
                return trf(r.committed ? "q.import_done" : "q.import_refused",
                           {std::to_string(r.inserted + r.new_versions + r.updated), std::to_string(r.errors.size())});
            },
            [this, &app, report, title](const JobStatus& st) {
                if (!app.job_ended(st, title)) return;
                import_report_ = *report;
                app.note_text(import_report_);
                app.reload_glyphs();
                refresh(app);
            });
    }

    void import_result()
    {
        if (import_report_.empty()) return;
        const float e = ImGui::GetFontSize();
        if (!ImGui::IsPopupOpen("##import-result")) ImGui::OpenPopup("##import-result");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowSize({std::min(e * 44, vp->Size.x * 0.9f), std::min(e * 26, vp->Size.y * 0.9f)});
        ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
        if (!ImGui::BeginPopupModal("##import-result", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize)) return;
        heading(tr("q.import_job"));
        ImGui::BeginChild("##report", {0, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() - e * 0.3f}, true);
        ImGui::TextUnformatted(import_report_.c_str());
        ImGui::EndChild();
        ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - e * 6);
        if (primary_button(tr("q.import_close"), {e * 6, 0})) {
            import_report_.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    // Reads the filtered questions through the question bank, which keeps the sealed exam pool from training staff.
    void reload(App& app)
    {
        content::QuestionFilter f;
        if (item_ >= 0) f.item_id = items_[static_cast<std::size_t>(item_)].id;
        if (type_ >= 0) f.type = static_cast<QuestionType>(type_);
        if (status_ >= 0) f.status = static_cast<Status>(status_);
        if (!read_only_ && pool_ >= 0) f.usable_in = static_cast<Pool>(pool_);
        exam::QuestionBank bank(app.services().db);
        chapters_ = item_ >= 0 ? bank.chapters(*app.actor(), items_[static_cast<std::size_t>(item_)].id)
                               : std::vector<std::string>{};
        all_ = bank.questions(*app.actor(), f);
        if (!read_only_ && pool_ >= 0)
            std::erase_if(all_, [&](const content::Question& q) { return q.pool != static_cast<Pool>(pool_); });
        apply_search();
    }

    // The search box narrows what reload() read.
    void apply_search()
    {
        list_.clear();
        for (const auto& q : all_)
            if (search_.empty() || q.stem.find(search_) != std::string::npos || q.uid.find(search_) != std::string::npos)
                list_.push_back(q);
    }

    std::size_t selected_index() const
    {
        for (std::size_t i = 0; i < list_.size(); ++i)
            if (list_[i].uid == selected_) return i;
        return 0;
    }

    void open(App&, const content::Question& q)
    {
        form_ = QuestionForm::edit(q);
        selected_ = q.uid;
        message_.clear();
    }

    void list(App& app)
    {
        const float e = ImGui::GetFontSize();
        if (!begin_list_table("questions", 3)) return;
        ImGui::TableSetupColumn(tr("q.col_type"), 0, e * 3.2f);
        ImGui::TableSetupColumn(tr("q.col_stem"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("q.col_status"), 0, e * 2.6f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(list_.size()));
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const auto& q = list_[static_cast<std::size_t>(row)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(row);
                if (ImGui::Selectable(tr(type_key(q.type)), q.uid == selected_,
                                      ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                    open(app, q);
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(q.stem.c_str());
                ImGui::TableNextColumn();
                ImGui::PushStyleColor(ImGuiCol_Text, status_tone(q.status));
                ImGui::TextUnformatted(tr(status_key(q.status)));
                ImGui::PopStyleColor();
            }
        }
        ImGui::EndTable();
    }

    void editor(App& app)
    {
        const float e = ImGui::GetFontSize();
        QuestionForm& f = *form_;
        content::Question& q = f.question;
        const auto problems = f.problems(app.services().content);
        // Header: uid, version, status.
        heading(q.uid.c_str());
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        dim_text(f.original ? trf("q.version", {std::to_string(f.original->version)}) : std::string(tr("q.unsaved")));
        if (f.original) {
            ImGui::SameLine();
            pill(tr(status_key(f.original->status)), status_tone(f.original->status));
            ImGui::SameLine();
            pill(tr(pool_key(f.original->pool)), f.original->pool == Pool::Practice ? tone::info : tone::warn);
        }
        dim_text(q.category + " / " + q.item);
        field_problems(problems, "item");
        ImGui::Separator();
        if (read_only_) ImGui::BeginDisabled();
        const float label_w = e * 4.5f;
        const float w = ImGui::GetContentRegionAvail().x - label_w;
        const auto label = [&](const char* key) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(tr(key));
            ImGui::SameLine(label_w);
        };
        label("q.type");
        int type = static_cast<int>(q.type);
        static const auto types = labels({"q.type_tf", "q.type_single", "q.type_multi"});
        if (combo("##type", type, types, nullptr, w * 0.45f)) f.set_type(static_cast<QuestionType>(type));
        label("q.chapter");
        input_text(app, "##chapter", q.chapter, w - e * 2.2f);
        ImGui::SameLine(0, e * 0.2f);
        if (ImGui::BeginCombo("##chapters", "", ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft)) {
            for (const auto& c : chapters_)
                if (ImGui::Selectable(c.c_str(), c == q.chapter)) q.chapter = c;
            ImGui::EndCombo();
        }
        field_problems(problems, "chapter");
        label("q.difficulty");
        ImGui::SetNextItemWidth(w * 0.45f);
        ImGui::SliderInt("##difficulty", &q.difficulty, 1, 5);
        field_problems(problems, "difficulty");
        label("q.pool");
        int pool = static_cast<int>(q.pool);
        static const auto pools = labels({"q.pool_practice", "q.pool_exam", "q.pool_both"});
        if (combo("##pool", pool, pools, nullptr, w * 0.45f)) q.pool = static_cast<Pool>(pool);
        label("q.status");
        int status = static_cast<int>(q.status);
        static const auto statuses = labels({"q.status_draft", "q.status_published", "q.status_retired"});
        if (combo("##status", status, statuses, nullptr, w * 0.45f)) q.status = static_cast<Status>(status);
        label("q.stem");
        input_multiline(app, "##stem", q.stem, {w, e * 4.2f});
        field_problems(problems, "stem");
        label("q.options");
        ImGui::BeginGroup();
        options_editor(app, f, w);
        dim_text(tr("q.key_hint"));
        field_problems(problems, "options");
        field_problems(problems, "answer");
        ImGui::EndGroup();
        label("q.explanation");
        input_multiline(app, "##explanation", q.explanation, {w, e * 3.4f});
        if (read_only_) ImGui::EndDisabled();
        ImGui::Spacing();
        if (!read_only_) {
            const bool can_save = problems.empty() && f.changed();
            if (primary_button(tr("q.save"), {e * 7, 0}, can_save)) save(app);
            ImGui::SameLine();
            if (button(tr("q.revert"), {e * 6, 0}, f.original.has_value() && (f.changed() || f.newer))) f.revert();
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            if (!problems.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
                ImGui::TextUnformatted(trf("q.problems", {std::to_string(problems.size())}).c_str());
                ImGui::PopStyleColor();
            } else if (f.original && f.original->status != Status::Draft && f.changed()) {
                dim_text(tr("q.new_version_hint"));
            }
            if (f.newer && f.changed())
                warning_text(trf("q.changed_elsewhere", {std::to_string(f.newer->version)}));
        } else {
            dim_text(tr("q.read_only"));
        }
        if (!message_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, tone::ok);
            ImGui::TextWrapped("%s", message_.c_str());
            ImGui::PopStyleColor();
        }
    }

    void save(App& app)
    {
        try {
            const auto r = form_->save(app.services().content, *app.actor());
            const char* key = r.outcome == content::SaveOutcome::NewVersion ? "q.saved_new_version"
                              : r.outcome == content::SaveOutcome::Inserted ? "q.saved_new"
                              : r.outcome == content::SaveOutcome::Duplicate ? "q.saved_duplicate"
                                                                             : "q.saved";
            message_ = trf(key, {form_->question.uid, std::to_string(r.version)});
            app.notify(message_);
            const std::string uid = form_->question.uid;
            reload(app);
            selected_ = uid;
        } catch (const std::exception& ex) {
            app.notify(message(ex), true);
        }
    }

    std::vector<content::Item> items_;
    std::vector<std::string> item_labels_;
    int item_ = -1, type_ = -1, pool_ = -1, status_ = -1;
    std::string search_;
    bool read_only_ = true;
    std::vector<content::Question> all_;  // the filters' questions
    std::vector<content::Question> list_; // those the search box matches
    std::vector<std::string> chapters_;
    std::string selected_;
    std::optional<QuestionForm> form_;
    std::string message_;
    FilePicker picker_;
    std::string import_report_;
    int preview_mode_ = 0;
};

} // namespace

std::unique_ptr<Panel> make_questions_panel() { return std::make_unique<QuestionsPanel>(); }

} // namespace sk::admin::gui
