// Blueprints: the current blueprint of each item and kind; the editor of its strata (type, chapter, difficulty
// band, count, points) and marking rules, with a live check against the sealed exam pool per stratum
// (exam::check_blueprint) and its overlap with training (exam-only against pool `both` questions, exam::pool_supply),
// saved through ExamService (a new version, audited).
#include "admin/gui/app.hpp"
#include "admin/gui/blueprint_check.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace sk::admin::gui {

namespace {

using content::QuestionType;

class BlueprintsPanel final : public Panel {
public:
    const char* id() const override { return "blueprints"; }
    const char* title_key() const override { return "nav.blueprints"; }

    void refresh(App& app) override
    {
        list_ = app.services().exam.blueprints(*app.actor());
        items_.load(app.services().content.catalogue());
        if (!edit_ || !saved_) return;
        // The stored current version of the blueprint being edited (another workstation may have saved a newer one).
        const exam::Blueprint* current = nullptr;
        for (const auto& b : list_)
            if (b.item_id == saved_->item_id && b.kind == saved_->kind) current = &b;
        if (!blueprint_differs(*edit_, *saved_)) {
            open(app, current ? current->id : saved_->id); // nothing typed: follow what is stored
            changed_elsewhere_ = false;
        } else if (current && current->id != saved_->id) {
            changed_elsewhere_ = true; // never drop the edit: say so, and let the user revert or save over it
        }
    }

    // The first blueprint with one stratum asking for more than the pool has: the live check's shortfall (not saved).
    void show_example(App& app) override
    {
        if (list_.empty()) return;
        open(app, list_.front().id);
        auto& s = edit_->strata.back();
        s.count = check_against(pool_, *edit_).matching.back() + 7;
    }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float list_w = avail.x * 0.27f;
        ImGui::BeginChild("bp-list", {list_w, avail.y}, true);
        list(app);
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("bp-edit", {0, avail.y}, true);
        if (edit_) editor(app);
        else dim_text(tr("bp.pick"));
        ImGui::EndChild();
    }

private:
    std::string label(const content::Catalogue& cat, const exam::Blueprint& b) const
    {
        const content::Item* i = cat.find(b.item_id);
        return (i ? i->name : std::to_string(b.item_id)) + " · " +
               tr(b.kind == exam::ExamKind::Initial ? "bp.kind_initial" : "bp.kind_review");
    }

    void list(App& app)
    {
        const float e = ImGui::GetFontSize();
        const auto& cat = app.services().content.catalogue();
        heading(tr("nav.blueprints"));
        for (const auto& b : list_) {
            ImGui::PushID(static_cast<int>(b.id));
            if (ImGui::Selectable(label(cat, b).c_str(), edit_ && edit_->id == b.id)) open(app, b.id);
            ImGui::SameLine(ImGui::GetContentRegionMax().x - e * 3);
            dim_text(trf("bp.version_short", {std::to_string(b.version)}));
            ImGui::PopID();
        }
        ImGui::Separator();
        dim_text(tr("bp.create_hint"));
        items_.draw("##new-item", new_item_, tr("cand.pick_item"), -1);
        ImGui::RadioButton(tr("bp.kind_initial"), &new_kind_, 0);
        ImGui::SameLine();
        ImGui::RadioButton(tr("bp.kind_review"), &new_kind_, 1);
        if (button(tr("bp.create"), {-1, 0}, new_item_ >= 0)) {
            const auto bp = app.services().exam.ensure_blueprint(*app.actor(), *items_.id_at(new_item_),
                                                                 static_cast<exam::ExamKind>(new_kind_));
            list_ = app.services().exam.blueprints(*app.actor());
            open(app, bp.id);
        }
    }

    void open(App& app, std::int64_t id)
    {
        changed_elsewhere_ = false;
        edit_ = app.services().exam.blueprint(*app.actor(), id);
        saved_ = edit_;
        pool_ = app.services().exam.exam_pool(*app.actor(), edit_->item_id);
        chapters_ = app.services().content.chapters(edit_->item_id);
        chapters_.insert(chapters_.begin(), tr("bp.any_chapter"));
    }

    void editor(App& app)
    {
        const float e = ImGui::GetFontSize();
        exam::Blueprint& bp = *edit_;
        const auto& cat = app.services().content.catalogue();
        const BlueprintCheck check = check_against(pool_, bp);
        heading(label(cat, bp).c_str());
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        dim_text(trf("bp.version", {std::to_string(saved_->version)}));
        // The live verdict.
        pill(check.summary(bp), check.ok() ? tone::ok : tone::error);
        ImGui::PushStyleColor(ImGuiCol_Text, check.overlap_warning() ? tone::warn : tone::dim);
        ImGui::TextWrapped("%s", check.overlap().c_str());
        ImGui::PopStyleColor();
        ImGui::Spacing();

        const float col = e * 7.5f;
        const auto number_field = [&](const char* key, auto* value, const char* field) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(tr(key));
            ImGui::SameLine(col);
            ImGui::SetNextItemWidth(e * 7);
            if constexpr (std::is_same_v<std::remove_pointer_t<decltype(value)>, int>)
                ImGui::InputInt((std::string("##") + key).c_str(), value, 1, 10);
            else
                ImGui::InputDouble((std::string("##") + key).c_str(), value, 1, 10, "%.1f");
            field_problems(check.problems, field);
        };
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("bp.name"));
        ImGui::SameLine(col);
        input_text(app, "##name", bp.name, e * 22);
        field_problems(check.problems, "name");
        if (ImGui::BeginTable("bp-rules", 2, ImGuiTableFlags_SizingStretchSame)) {
            ImGui::TableNextColumn();
            number_field("bp.pass_mark", &bp.pass_mark, "pass_mark");
            number_field("bp.duration", &bp.duration_minutes, "duration_minutes");
            number_field("bp.grace", &bp.grace_seconds, "grace_seconds");
            number_field("bp.retakes", &bp.retakes, "retakes");
            ImGui::TableNextColumn();
            number_field("bp.valid_months", &bp.valid_months, "valid_months");
            number_field("bp.class_hours", &bp.required_class_hours, "required_class_hours");
            ImGui::Checkbox(tr("bp.shuffle"), &bp.shuffle_options);
            ImGui::Checkbox(tr("bp.partial"), &bp.partial_credit);
            ImGui::EndTable();
        }
        ImGui::Checkbox(tr("bp.exam_only"), &bp.exam_only);
        ImGui::Spacing();
        heading(tr("bp.strata"));
        strata(app, bp, check);
        field_problems(check.problems, "strata");
        ImGui::Spacing();
        dim_text(trf("bp.totals", {std::to_string(bp.question_count()), number(bp.total_points())}));
        const bool dirty = saved_ && blueprint_differs(bp, *saved_);
        if (primary_button(tr("bp.save"), {e * 7, 0}, dirty && check.problems.empty())) {
            try {
                const auto id = app.services().exam.save_blueprint(*app.actor(), bp);
                list_ = app.services().exam.blueprints(*app.actor());
                open(app, id);
                app.notify(trf("bp.saved", {label(cat, *edit_), std::to_string(edit_->version)}));
            } catch (const std::exception& ex) {
                app.notify(message(ex), true);
            }
        }
        ImGui::SameLine();
        if (button(tr("bp.revert"), {e * 6, 0}, dirty)) {
            if (changed_elsewhere_) {
                // Revert to what is stored now, the newer version.
                for (const auto& b : list_)
                    if (b.item_id == saved_->item_id && b.kind == saved_->kind) {
                        open(app, b.id);
                        break;
                    }
                changed_elsewhere_ = false;
            } else {
                edit_ = saved_;
            }
        }
        if (changed_elsewhere_ && dirty) warning_text(tr("bp.changed_elsewhere"));
        if (dirty && !check.shortages.empty()) {
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            dim_text(tr("bp.save_short_hint"));
        }
    }

    static bool blueprint_differs(const exam::Blueprint& a, const exam::Blueprint& b)
    {
        if (a.name != b.name || a.pass_mark != b.pass_mark || a.duration_minutes != b.duration_minutes ||
            a.grace_seconds != b.grace_seconds || a.shuffle_options != b.shuffle_options ||
            a.partial_credit != b.partial_credit || a.retakes != b.retakes || a.valid_months != b.valid_months ||
            a.required_class_hours != b.required_class_hours || a.exam_only != b.exam_only ||
            a.strata.size() != b.strata.size())
            return true;
        for (std::size_t i = 0; i < a.strata.size(); ++i) {
            const auto& x = a.strata[i];
            const auto& y = b.strata[i];
            if (x.type != y.type || x.chapter != y.chapter || x.difficulty_min != y.difficulty_min ||
                x.difficulty_max != y.difficulty_max || x.count != y.count || x.points != y.points)
                return true;
        }
        return false;
    }

    void strata(App&, exam::Blueprint& bp, const BlueprintCheck& check)
    {
        const float e = ImGui::GetFontSize();
        static const std::vector<std::string> types{tr("q.type_tf"), tr("q.type_single"), tr("q.type_multi")};
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
        std::optional<std::size_t> remove;
        if (ImGui::BeginTable("strata", 9, flags)) {
            ImGui::TableSetupColumn(tr("bp.col_type"), 0, e * 6);
            ImGui::TableSetupColumn(tr("bp.col_chapter"), 0, e * 10);
            ImGui::TableSetupColumn(tr("bp.col_difficulty"), 0, e * 6.5f);
            ImGui::TableSetupColumn(tr("bp.col_count"), 0, e * 5.5f);
            ImGui::TableSetupColumn(tr("bp.col_points"), 0, e * 5);
            ImGui::TableSetupColumn(tr("bp.col_pool"), 0, e * 4.5f);
            ImGui::TableSetupColumn(tr("bp.col_shared"), 0, e * 4.5f);
            ImGui::TableSetupColumn(tr("bp.col_check"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn("", 0, e * 1.8f);
            ImGui::TableHeadersRow();
            for (std::size_t i = 0; i < bp.strata.size(); ++i) {
                auto& s = bp.strata[i];
                ImGui::PushID(static_cast<int>(i));
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                int type = static_cast<int>(s.type);
                if (combo("##type", type, types, nullptr, -1)) s.type = static_cast<QuestionType>(type);
                ImGui::TableNextColumn();
                int chapter = 0;
                for (std::size_t c = 1; c < chapters_.size(); ++c)
                    if (chapters_[c] == s.chapter) chapter = static_cast<int>(c);
                if (combo("##chapter", chapter, chapters_, nullptr, -1)) s.chapter = chapter == 0 ? "" : chapters_[static_cast<std::size_t>(chapter)];
                ImGui::TableNextColumn();
                int band[2] = {s.difficulty_min, s.difficulty_max};
                ImGui::SetNextItemWidth(-1);
                if (ImGui::SliderInt2("##difficulty", band, 1, 5)) {
                    s.difficulty_min = band[0];
                    s.difficulty_max = band[1];
                }
                ImGui::TableNextColumn();
                ImGui::SetNextItemWidth(-1);
                ImGui::InputInt("##count", &s.count);
                ImGui::TableNextColumn();
                ImGui::SetNextItemWidth(-1);
                ImGui::InputDouble("##points", &s.points, 0, 0, "%.1f");
                ImGui::TableNextColumn();
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(std::to_string(i < check.matching.size() ? check.matching[i] : 0).c_str());
                ImGui::TableNextColumn();
                ImGui::AlignTextToFramePadding();
                const int shared = i < check.supply.strata.size() ? check.supply.strata[i].shared : 0;
                ImGui::PushStyleColor(ImGuiCol_Text, shared > 0 && !bp.exam_only ? tone::warn : tone::dim);
                ImGui::TextUnformatted(std::to_string(shared).c_str());
                ImGui::PopStyleColor();
                ImGui::TableNextColumn();
                ImGui::AlignTextToFramePadding();
                const std::string shortfall = check.shortfall(i);
                const std::string field = "strata[" + std::to_string(i + 1) + "]";
                bool bad = false;
                for (const auto& p : check.problems)
                    if (p.field.rfind(field, 0) == 0) {
                        ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
                        ImGui::TextWrapped("%s %s", p.field.substr(field.size() + 1).c_str(), problem_text(p.message).c_str());
                        ImGui::PopStyleColor();
                        bad = true;
                    }
                if (!bad) {
                    ImGui::PushStyleColor(ImGuiCol_Text, shortfall.empty() ? tone::ok : tone::error);
                    ImGui::TextWrapped("%s", shortfall.empty() ? tr("bp.stratum_ok") : shortfall.c_str());
                    ImGui::PopStyleColor();
                }
                ImGui::TableNextColumn();
                if (button("×", {-1, 0}, bp.strata.size() > 1)) remove = i;
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        if (remove) bp.strata.erase(bp.strata.begin() + static_cast<std::ptrdiff_t>(*remove));
        if (button(tr("bp.add_stratum"))) {
            exam::Stratum s;
            s.type = QuestionType::Single;
            s.count = 10;
            bp.strata.push_back(s);
        }
    }

    std::vector<exam::Blueprint> list_;
    ItemPicker items_;
    int new_item_ = -1, new_kind_ = 0;
    std::optional<exam::Blueprint> edit_, saved_;
    bool changed_elsewhere_ = false; // a newer version was saved elsewhere while this edit was unsaved
    std::vector<exam::PoolQuestion> pool_;
    std::vector<std::string> chapters_;
};

} // namespace

std::unique_ptr<Panel> make_blueprints_panel() { return std::make_unique<BlueprintsPanel>(); }

} // namespace sk::admin::gui
