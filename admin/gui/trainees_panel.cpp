// Trainees (training staff of a provider, as `safekiosk-admin trainee …` and `candidate hours`): the provider's own
// trainees with whether a training-kiosk PIN is set and the study time still to confirm; setting a PIN (typed twice),
// confirming the study time at the kiosks (added to the class hours), and setting the confirmed class hours (学时).
// Every operation goes through exam::TrainingService / ExamService, which check ManageTrainees and that the trainee
// belongs to the user's provider; the panel shows no exam question, paper or result.
#include "admin/gui/app.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"
#include "exam/storage/training_store.hpp"
#include "exam/training.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace sk::admin::gui {

namespace {

struct TraineeRow {
    exam::Candidate candidate;
    bool has_pin = false;
    double unconfirmed = 0;
};

class TraineesPanel final : public Panel {
public:
    const char* id() const override { return "trainees"; }
    const char* title_key() const override { return "nav.trainees"; }

    void refresh(App& app) override
    {
        const exam::Actor& a = *app.actor();
        exam::require(a, exam::Operation::ManageTrainees);
        auto& db = app.services().db;
        exam::TrainingStore store(db);
        exam::TrainingService training(db);
        rows_.clear();
        for (auto& c : app.services().exam.list_candidates(a)) {
            TraineeRow r;
            r.has_pin = !store.pin(c.id).hash.empty();
            r.unconfirmed = training.unconfirmed_hours(c.id);
            r.candidate = std::move(c);
            rows_.push_back(std::move(r));
        }
        if (const TraineeRow* r = selected_row()) hours_ = r->candidate.class_hours;
    }

    void show_example(App&) override
    {
        if (!rows_.empty()) select(rows_.front());
    }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::BeginChild("tr-list", {avail.x * 0.58f, avail.y}, true);
        list(app);
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("tr-detail", {0, avail.y}, true);
        if (const TraineeRow* r = selected_row()) detail(app, *r);
        else dim_text(tr("tr.pick"));
        ImGui::EndChild();
    }

private:
    const TraineeRow* selected_row() const
    {
        for (const auto& r : rows_)
            if (r.candidate.id == selected_) return &r;
        return nullptr;
    }

    void select(const TraineeRow& r)
    {
        selected_ = r.candidate.id;
        hours_ = r.candidate.class_hours;
        pin_.clear();
        pin_again_.clear();
    }

    void list(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(trf("tr.title", {std::to_string(rows_.size())}).c_str());
        ImGui::SetNextItemWidth(e * 12);
        if (ImGui::InputTextWithHint("##filter", tr("tr.search"), &filter_)) app.note_text(filter_);
        if (!begin_list_table("trainees", 6, {0, ImGui::GetContentRegionAvail().y})) return;
        ImGui::TableSetupColumn(tr("cand.name"), 0, e * 4.5f);
        ImGui::TableSetupColumn(tr("cand.id_number"), 0, e * 10.5f);
        ImGui::TableSetupColumn(tr("cand.item"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("cand.hours"), 0, e * 3);
        ImGui::TableSetupColumn(tr("tr.unconfirmed"), 0, e * 5);
        ImGui::TableSetupColumn(tr("tr.pin"), 0, e * 5);
        ImGui::TableHeadersRow();
        for (const auto& r : rows_) {
            const auto& c = r.candidate;
            if (!filter_.empty() && c.name.find(filter_) == std::string::npos && c.id_number.find(filter_) == std::string::npos)
                continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(c.id));
            if (ImGui::Selectable(c.name.c_str(), c.id == selected_, ImGuiSelectableFlags_SpanAllColumns)) select(r);
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.id_number.c_str());
            ImGui::TableNextColumn();
            const content::Item* item = app.services().content.catalogue().find(c.item_id);
            ImGui::TextUnformatted(item ? item->name.c_str() : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(number(c.class_hours).c_str());
            ImGui::TableNextColumn();
            if (r.unconfirmed > 0) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tone::warn), "%s", number(r.unconfirmed, 2).c_str());
            else dim_text("—");
            ImGui::TableNextColumn();
            pill(tr(r.has_pin ? "tr.pin_set" : "tr.pin_none"), r.has_pin ? tone::ok : tone::dim);
        }
        ImGui::EndTable();
    }

    void detail(App& app, const TraineeRow& r)
    {
        const float e = ImGui::GetFontSize();
        const auto& c = r.candidate;
        const content::Item* item = app.services().content.catalogue().find(c.item_id);
        heading(c.name.c_str());
        dim_text(c.id_number + "  " + (item ? item->category + " / " + item->name : ""));
        ImGui::PushTextWrapPos(0);
        dim_text(c.provider);
        ImGui::PopTextWrapPos();
        ImGui::Spacing();

        heading(tr("tr.set_pin"));
        ImGui::SetNextItemWidth(e * 10);
        ImGui::InputTextWithHint("##pin", tr("tr.new_pin"), &pin_, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal);
        ImGui::SetNextItemWidth(e * 10);
        ImGui::InputTextWithHint("##pin2", tr("tr.again"), &pin_again_,
                                 ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal);
        const bool digits = pin_.size() >= 6 && pin_.size() <= 12 &&
                            std::all_of(pin_.begin(), pin_.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        const bool same = pin_ == pin_again_;
        if (!pin_.empty() && !digits) problem(tr("tr.pin_digits"));
        else if (!pin_again_.empty() && !same) problem(tr("tr.pin_differ"));
        if (primary_button(tr("tr.pin_button"), {e * 7, 0}, digits && same)) {
            run(app, [&] {
                exam::TrainingService(app.services().db).set_pin(*app.actor(), c.id, pin_);
                return trf("tr.pin_done", {c.name});
            });
        }
        ImGui::Spacing();
        ImGui::Separator();

        heading(tr("tr.study"));
        if (r.unconfirmed > 0) ImGui::TextUnformatted(trf("tr.study_pending", {number(r.unconfirmed, 2)}).c_str());
        else dim_text(tr("tr.study_none"));
        if (primary_button(tr("tr.confirm_button"), {0, 0}, r.unconfirmed > 0)) {
            run(app, [&] {
                const double added = exam::TrainingService(app.services().db).confirm_study(*app.actor(), c.id);
                const auto now = app.services().exam.candidate(*app.actor(), c.id);
                return trf("tr.confirmed", {c.name, number(added, 2), number(now ? now->class_hours : 0)});
            });
        }
        ImGui::Spacing();
        ImGui::Separator();

        heading(tr("tr.hours"));
        ImGui::SetNextItemWidth(e * 7);
        ImGui::InputDouble("##hours", &hours_, 1, 8, "%.1f");
        const bool hours_ok = hours_ >= 0 && hours_ <= 1000;
        if (!hours_ok) problem(tr("tr.hours_range"));
        ImGui::SameLine();
        if (button(tr("tr.hours_button"), {0, 0}, hours_ok && hours_ != c.class_hours)) {
            run(app, [&] {
                app.services().exam.set_class_hours(*app.actor(), c.id, hours_);
                return trf("tr.hours_done", {c.name, number(hours_)});
            });
        }
    }

    static void problem(const char* text)
    {
        ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
        ImGui::TextWrapped("▲ %s", text);
        ImGui::PopStyleColor();
    }

    // Runs one operation of the library: its message in the status bar, the list read again.
    template <class F>
    void run(App& app, F&& op)
    {
        try {
            app.notify(op());
            pin_.clear();
            pin_again_.clear();
            refresh(app);
        } catch (const std::exception& ex) {
            app.notify(message(ex), true);
        }
    }

    std::vector<TraineeRow> rows_;
    std::int64_t selected_ = 0;
    std::string filter_, pin_, pin_again_;
    double hours_ = 0;
};

} // namespace

std::unique_ptr<Panel> make_trainees_panel() { return std::make_unique<TraineesPanel>(); }

} // namespace sk::admin::gui
