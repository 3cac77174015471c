// The exam centre's seats (考点机位), for the proctor and exam staff on an exam centre's PostgreSQL: every kiosk with
// what the centre has received from it (events, attempts, the newest event's upload lag, when it was last heard
// from, its clock against the centre's) and the events kept apart (conflicts), read with exam::centre::kiosk_uploads
// and conflicts — the data of `safekiosk-admin centre seats` and `centre conflicts`. Events reach the centre without an audit entry, so the panel
// reads again every two seconds while it is shown, besides the window's live refresh. Read only: a move (移机) or
// the results are made with the commands (docs/exam-centre.md).
#include "admin/gui/app.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"
#include "exam/centre/centre.hpp"
#include "exam/centre/seat.hpp"
#include "exam/exam_service.hpp"

#include <string>
#include <vector>

namespace sk::admin::gui {

namespace {

// "12 秒前", "3 分钟前", "2 小时前" from a span in milliseconds.
std::string ago(std::int64_t ms)
{
    const std::int64_t s = ms < 0 ? 0 : ms / 1000;
    if (s < 120) return trf("centre.seconds_ago", {std::to_string(s)});
    if (s < 7200) return trf("centre.minutes_ago", {std::to_string(s / 60)});
    return trf("centre.hours_ago", {std::to_string(s / 3600)});
}

class CentrePanel final : public Panel {
public:
    const char* id() const override { return "centre"; }
    const char* title_key() const override { return "nav.centre"; }
    int live_interval_ms() const override { return 2000; }

    void refresh(App& app) override
    {
        auto& db = app.services().db;
        uploads_.clear();
        conflicts_.clear();
        problem_.clear();
        read_at_ms_ = exam::system_now_ms();
        if (db.engine() != storage::Engine::PostgreSQL) {
            problem_ = tr("centre.not_a_centre");
            return;
        }
        try {
            uploads_ = exam::centre::kiosk_uploads(db);
            conflicts_ = exam::centre::conflicts(db, std::nullopt);
        } catch (const exam::centre::CentreError&) {
            problem_ = tr("centre.not_a_centre");
        }
        // Room names and kiosk ids are the centre's own text: characters the fonts lack are added before drawing.
        for (const auto& u : uploads_) app.note_text(u.kiosk.room + u.kiosk.kiosk_id);
        for (const auto& c : conflicts_) app.note_text(c.seat + c.kiosk + c.ticket);
    }

    void draw(App&) override
    {
        const float e = ImGui::GetFontSize();
        if (!problem_.empty()) {
            heading(tr("nav.centre"));
            ImGui::PushTextWrapPos(0);
            dim_text(problem_);
            ImGui::PopTextWrapPos();
            return;
        }
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float seats_h = conflicts_.empty() ? avail.y : avail.y * 0.55f;
        ImGui::BeginChild("centre-seats", {0, seats_h}, true);
        heading(trf("centre.title", {std::to_string(uploads_.size())}).c_str());
        dim_text(trf("centre.read_at", {local_time(read_at_ms_).substr(11)}));
        if (begin_list_table("seats", 10, {0, ImGui::GetContentRegionAvail().y})) {
            ImGui::TableSetupColumn(tr("centre.kiosk"), 0, e * 3.5f);
            ImGui::TableSetupColumn(tr("centre.room"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn(tr("centre.role"), 0, e * 3);
            ImGui::TableSetupColumn(tr("centre.events"), 0, e * 4);
            ImGui::TableSetupColumn(tr("centre.attempts"), 0, e * 3);
            ImGui::TableSetupColumn(tr("centre.last_event"), 0, e * 8);
            ImGui::TableSetupColumn(tr("centre.lag"), 0, e * 4.5f);
            ImGui::TableSetupColumn(tr("centre.heard"), 0, e * 5.5f);
            ImGui::TableSetupColumn(tr("centre.clock"), 0, e * 6);
            ImGui::TableSetupColumn(tr("centre.conflicts"), 0, e * 5);
            ImGui::TableHeadersRow();
            for (const auto& u : uploads_) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(u.kiosk.kiosk_id.c_str());
                ImGui::TableNextColumn();
                ellipsis_text(u.kiosk.room);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(tr(u.kiosk.role == exam::centre::KioskRole::Exam ? "centre.exam" : "centre.training"));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(std::to_string(u.events).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(std::to_string(u.attempts).c_str());
                ImGui::TableNextColumn();
                // The kiosk stamped it on its own clock: moved onto the centre's when its offset is known.
                if (u.last_at_ms)
                    ImGui::TextUnformatted(local_time(*u.last_at_ms + (u.clock ? u.clock->offset_ms : 0)).c_str());
                else dim_text("—");
                ImGui::TableNextColumn();
                if (const auto lag = u.lag_ms()) {
                    const std::string text = trf("centre.lag_s", {number(static_cast<double>(*lag) / 1000.0)});
                    if (*lag > 10000) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tone::warn), "%s", text.c_str());
                    else ImGui::TextUnformatted(text.c_str());
                } else {
                    dim_text("—");
                }
                ImGui::TableNextColumn();
                if (u.last_received_ms) ImGui::TextUnformatted(ago(read_at_ms_ - *u.last_received_ms).c_str());
                else dim_text(tr("centre.never"));
                ImGui::TableNextColumn();
                // The kiosk's clock against the centre's: a minute or more off is a kiosk to set right.
                if (!u.clock) {
                    dim_text("—");
                } else if (u.clock->offset_ms > -1000 && u.clock->offset_ms < 1000) {
                    ImGui::TextUnformatted(tr("centre.clock_ok"));
                } else {
                    const std::string secs = std::to_string(std::llabs(u.clock->offset_ms) / 1000);
                    const std::string text = trf(u.clock->offset_ms > 0 ? "centre.clock_slow" : "centre.clock_fast", {secs});
                    if (u.clock_wrong()) pill(text, tone::error);
                    else ImGui::TextUnformatted(text.c_str());
                }
                ImGui::TableNextColumn();
                if (u.conflicts > 0) pill(trf("centre.conflict_count", {std::to_string(u.conflicts)}), tone::error);
                else dim_text("0");
            }
            ImGui::EndTable();
        }
        ImGui::EndChild();
        if (conflicts_.empty()) return;

        ImGui::BeginChild("centre-conflicts", {0, 0}, true);
        heading(trf("centre.conflicts_title", {std::to_string(conflicts_.size())}).c_str());
        ImGui::PushTextWrapPos(0);
        dim_text(tr("centre.conflicts_note"));
        ImGui::PopTextWrapPos();
        if (begin_list_table("conflicts", 7, {0, ImGui::GetContentRegionAvail().y})) {
            ImGui::TableSetupColumn(tr("centre.ticket"), 0, e * 8);
            ImGui::TableSetupColumn(tr("centre.seat_now"), 0, e * 4);
            ImGui::TableSetupColumn(tr("centre.from"), 0, e * 4);
            ImGui::TableSetupColumn(tr("centre.seq"), 0, e * 2.5f);
            ImGui::TableSetupColumn(tr("centre.kind"), 0, e * 3);
            ImGui::TableSetupColumn(tr("centre.at"), 0, e * 8);
            ImGui::TableSetupColumn(tr("centre.reason"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            for (const auto& c : conflicts_) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.ticket.empty() ? "—" : c.ticket.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.seat.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.kiosk.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(std::to_string(c.seq).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.kind == "answer" ? tr("centre.kind_answer")
                                       : c.kind == "clock" ? tr("centre.kind_clock")
                                       : c.kind == "cancel" ? tr("centre.kind_cancel")
                                                            : c.kind.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(local_time(c.at_ms).c_str());
                ImGui::TableNextColumn();
                ellipsis_text(tr(c.reason == "seat" ? "centre.reason_seat" : "centre.reason_content"));
            }
            ImGui::EndTable();
        }
        ImGui::EndChild();
    }

    std::vector<std::string> rows() const override
    {
        std::vector<std::string> out;
        if (!problem_.empty()) out.push_back(problem_);
        for (const auto& u : uploads_)
            out.push_back(u.kiosk.kiosk_id + " " + u.kiosk.room + " events " + std::to_string(u.events) + " attempts " +
                          std::to_string(u.attempts) + " conflicts " + std::to_string(u.conflicts) +
                          (u.last_received_ms ? " heard" : " never"));
        for (const auto& c : conflicts_)
            out.push_back("conflict " + c.ticket + " seat " + c.seat + " from " + c.kiosk + " seq " +
                          std::to_string(c.seq) + " " + c.reason);
        return out;
    }

private:
    std::vector<exam::centre::KioskUpload> uploads_;
    std::vector<exam::centre::ConflictEvent> conflicts_;
    std::string problem_;
    std::int64_t read_at_ms_ = 0;
};

} // namespace

std::unique_ptr<Panel> make_centre_panel() { return std::make_unique<CentrePanel>(); }

} // namespace sk::admin::gui
