// Reports: pass rates per item and period drawn as bars (first attempts and retakes), the chapter breakdown, and
// the item analysis (facility, discrimination, flags) with a histogram of facility. Computed by exam::Reports on the
// job thread with its own connection (a big installation takes a while); Cancel drops the result.
#include "admin/gui/app.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <memory>

namespace sk::admin::gui {

namespace {

struct ReportData {
    std::vector<exam::PassRateRow> pass_rates;
    std::vector<exam::ChapterRow> chapters;
    std::optional<exam::ItemAnalysis> items; // only for users who may read the exam pool
};

class ReportsPanel final : public Panel {
public:
    const char* id() const override { return "reports"; }
    const char* title_key() const override { return "nav.reports"; }

    void refresh(App& app) override
    {
        items_.load(app.services().content.catalogue());
        if (!app.jobs().running()) run(app);
    }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        static const std::vector<std::string> periods{tr("rep.month"), tr("rep.quarter"), tr("rep.year"), tr("rep.all")};
        bool changed = combo("##period", period_, periods, nullptr, e * 6);
        ImGui::SameLine();
        changed |= items_.draw("##item", item_, tr("rep.all_items"), e * 16);
        ImGui::SameLine();
        if (button(tr("rep.run"), {0, 0}, !app.jobs().running()) || (changed && !app.jobs().running())) run(app);
        if (!data_) {
            dim_text(tr("rep.computing"));
            return;
        }
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::BeginChild("rep-left", {avail.x * 0.5f, avail.y}, true);
        pass_rates();
        ImGui::Spacing();
        chapters();
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("rep-right", {0, avail.y}, true);
        items();
        ImGui::EndChild();
    }

private:
    void run(App& app)
    {
        const auto db = app.services().db_path;
        const exam::Actor actor = *app.actor();
        exam::ReportFilter f;
        if (item_ >= 0) f.item_id = *items_.id_at(item_);
        if (!actor.provider.empty()) f.provider = actor.provider;
        const auto period = static_cast<exam::Period>(period_);
        auto out = std::make_shared<ReportData>();
        const std::string title = tr("rep.job");
        app.jobs().start(
            title,
            [db, actor, f, period, out](const JobControl& job) {
                auto conn = open_installation(db);
                exam::Reports reports(conn);
                job.progress(0.1f, tr("rep.pass_rates"));
                out->pass_rates = reports.pass_rates(actor, f, period);
                if (job.stop_requested()) return std::string();
                job.progress(0.4f, tr("rep.chapters"));
                out->chapters = reports.chapters(actor, f);
                if (job.stop_requested()) return std::string();
                if (actor.can(exam::Operation::ReadExamQuestions) || actor.can(exam::Operation::ReadExamAnswers)) {
                    job.progress(0.6f, tr("rep.items"));
                    out->items = reports.item_analysis(actor, f);
                }
                return std::string(tr("rep.done"));
            },
            [this, &app, out, title](const JobStatus& st) {
                if (app.job_ended(st, title, false)) data_ = std::move(*out);
            });
    }

    // A horizontal bar: `fraction` of the width filled, the label inside.
    static void bar(float fraction, ImU32 colour, const std::string& text, float width, float height)
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, {p.x + width, p.y + height}, ui::colour::rgb(0x0A, 0x14, 0x22), height * 0.2f);
        dl->AddRectFilled(p, {p.x + width * std::clamp(fraction, 0.0f, 1.0f), p.y + height}, colour, height * 0.2f);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        dl->AddText({p.x + height * 0.3f, p.y + (height - ts.y) / 2}, ui::colour::text, text.c_str());
        ImGui::Dummy({width, height});
    }

    void pass_rates()
    {
        const float e = ImGui::GetFontSize();
        heading(tr("rep.pass_rates"));
        if (data_->pass_rates.empty()) dim_text(tr("rep.no_results"));
        const float label_w = e * 12;
        const float bar_w = ImGui::GetContentRegionAvail().x - label_w - e * 0.5f;
        for (const auto& r : data_->pass_rates) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted((r.item + " " + r.period).c_str());
            ImGui::SameLine(label_w);
            const auto rate = exam::PassRateRow::rate(r.passed, r.sat);
            ImGui::BeginGroup();
            bar(rate.value_or(0), rate && *rate >= 0.8 ? ui::colour::ok : ui::colour::accent,
                trf("rep.rate", {rate ? percent(*rate) : "—", std::to_string(r.passed), std::to_string(r.sat)}), bar_w,
                e * 1.4f);
            const auto first = exam::PassRateRow::rate(r.first_passed, r.first_sat);
            const auto retake = exam::PassRateRow::rate(r.retake_passed, r.retake_sat);
            dim_text(trf("rep.first_retake", {first ? percent(*first) : "—", std::to_string(r.first_sat),
                                             retake ? percent(*retake) : "—", std::to_string(r.retake_sat),
                                             std::to_string(r.cancelled)}));
            if (!r.provider.empty()) dim_text(r.provider);
            ImGui::EndGroup();
        }
    }

    void chapters()
    {
        const float e = ImGui::GetFontSize();
        heading(tr("rep.chapters"));
        if (data_->chapters.empty()) dim_text(tr("rep.no_results"));
        const float label_w = e * 12;
        const float bar_w = ImGui::GetContentRegionAvail().x - label_w - e * 0.5f;
        for (const auto& c : data_->chapters) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(c.chapter.c_str());
            ImGui::SameLine(label_w);
            const float pct = static_cast<float>(c.percent());
            bar(pct / 100, pct >= 80 ? ui::colour::ok : pct >= 60 ? ui::colour::accent : ui::colour::danger,
                number(pct) + "%  (" + std::to_string(c.correct) + "/" + std::to_string(c.questions) + ")", bar_w, e * 1.2f);
        }
    }

    void items()
    {
        const float e = ImGui::GetFontSize();
        heading(tr("rep.items"));
        if (!data_->items) {
            dim_text(tr("rep.items_not_allowed"));
            return;
        }
        const auto& a = *data_->items;
        int flagged = 0;
        std::vector<float> histogram(10, 0);
        for (const auto& q : a.questions) {
            flagged += !q.flags.empty();
            if (q.facility) histogram[std::min<std::size_t>(9, static_cast<std::size_t>(*q.facility * 10))] += 1;
        }
        dim_text(trf("rep.items_summary", {std::to_string(a.examinees), std::to_string(a.questions.size()),
                                          std::to_string(flagged), std::to_string(a.group_size)}));
        if (a.not_judged > 0)
            dim_text(trf("rep.items_not_judged", {std::to_string(a.not_judged), std::to_string(a.min_examinees)}));
        ImGui::PlotHistogram("##facility", histogram.data(), static_cast<int>(histogram.size()), 0, tr("rep.facility_hist"),
                             0, *std::max_element(histogram.begin(), histogram.end()) * 1.15f + 1,
                             {ImGui::GetContentRegionAvail().x, e * 5});
        ImGui::Checkbox(tr("rep.only_flagged"), &only_flagged_);
        if (begin_list_table("items", 5, {0, ImGui::GetContentRegionAvail().y})) {
            // Fixed columns as wide as their headers (and numbers); the question takes the rest, cut with "…".
            const auto fixed = [&](const char* key, float min_em) {
                const float w = std::max(e * min_em, ImGui::CalcTextSize(tr(key)).x + e * 0.6f);
                ImGui::TableSetupColumn(tr(key), ImGuiTableColumnFlags_WidthFixed, w);
            };
            ImGui::TableSetupColumn(tr("rep.col_question"), ImGuiTableColumnFlags_WidthStretch);
            fixed("rep.col_n", 2.8f);
            fixed("rep.col_facility", 3.2f);
            fixed("rep.col_discrimination", 3.2f);
            fixed("rep.col_flags", 6.5f);
            ImGui::TableHeadersRow();
            for (const auto& q : a.questions) {
                if (only_flagged_ && q.flags.empty()) continue;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                // Leave a gap before the next column; the whole stem on hover.
                ellipsis_text(q.uid + "  " + q.stem, ImGui::GetContentRegionAvail().x - e * 0.6f);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(std::to_string(q.examinees).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(q.facility ? number(*q.facility, 2).c_str() : "—");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(q.discrimination ? number(*q.discrimination, 2).c_str() : "—");
                ImGui::TableNextColumn();
                if (!q.judged) {
                    dim_text(tr("flag.not_judged"));
                    continue;
                }
                std::string f;
                for (const auto& x : q.flags) {
                    const std::string key = "flag." + x;
                    f += (f.empty() ? "" : "；") + std::string(tr(key));
                }
                ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
                ImGui::TextUnformatted(f.c_str());
                ImGui::PopStyleColor();
            }
            ImGui::EndTable();
        }
    }

    ItemPicker items_;
    int period_ = 3, item_ = -1;
    bool only_flagged_ = false;
    std::optional<ReportData> data_;
};

} // namespace

std::unique_ptr<Panel> make_reports_panel() { return std::make_unique<ReportsPanel>(); }

} // namespace sk::admin::gui
