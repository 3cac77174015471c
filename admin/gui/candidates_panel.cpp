// Candidates and sessions: the candidate list, adding one (the ID number checked by the engine, problems beside the
// fields), importing the exam office's CSV on the job thread (row errors listed; a file with any error stores
// nothing), exam sessions with their registrations, and registering a candidate onto a kiosk of a session.
#include "admin/gui/app.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/file_picker.hpp"
#include "admin/gui/strings.hpp"
#include "content/calendar.hpp"
#include "exam/candidate_csv.hpp"
#include "exam/photo_folder.hpp"
#include "kiosk/ui/textures.hpp"

#include <imgui_stdlib.h>

#include <chrono>
#include <ctime>
#include <iomanip>
#include <memory>
#include <sstream>

namespace sk::admin::gui {

namespace {

std::chrono::year_month_day today()
{
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

// "YYYY-MM-DD HH:MM" in China Standard Time → ms; nullopt when it is not such a time.
std::optional<std::int64_t> parse_time(const std::string& s) { return calendar::parse_datetime(s); }

struct CsvOutcome {
    std::vector<content::formats::Problem> errors;
    std::vector<content::formats::Problem> warnings;
    int added = 0;
};

class CandidatesPanel final : public Panel {
public:
    const char* id() const override { return "candidates"; }
    const char* title_key() const override { return "nav.candidates"; }

    void refresh(App& app) override
    {
        const exam::Actor& a = *app.actor();
        auto& exam = app.services().exam;
        if (a.can(exam::Operation::ManageCandidates)) candidates_ = exam.list_candidates(a);
        if (a.can(exam::Operation::ManageSessions)) sessions_ = exam.sessions(a);
        items_.load(app.services().content.catalogue());
        if (session_ >= 0) load_session(app);
    }

    void show_example(App& app) override
    {
        if (!sessions_.empty()) {
            session_ = 0;
            load_session(app);
        }
    }

    std::string next_example(App& app) override
    {
        // The photo tab with the first candidate selected.
        if (examples_++ > 0 || candidates_.empty()) return {};
        select(app, candidates_.front());
        photo_tab_ = true;
        return "photo";
    }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float left = avail.x * 0.56f;
        ImGui::BeginChild("cand", {left, avail.y}, true);
        if (app.actor()->can(exam::Operation::ManageCandidates)) candidates(app);
        else dim_text(tr("cand.not_allowed"));
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("sess", {0, avail.y}, true);
        if (app.actor()->can(exam::Operation::ManageSessions)) sessions(app);
        else dim_text(tr("cand.not_allowed"));
        ImGui::EndChild();
    }

private:
    std::string item_name(App& app, std::int64_t id) const
    {
        const content::Item* i = app.services().content.catalogue().find(id);
        return i ? i->name : std::to_string(id);
    }

    void candidates(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(trf("cand.title", {std::to_string(candidates_.size())}).c_str());
        ImGui::SetNextItemWidth(e * 12);
        if (ImGui::InputTextWithHint("##filter", tr("cand.search"), &filter_)) app.note_text(filter_);
        const float table_h = ImGui::GetContentRegionAvail().y * 0.5f;
        if (begin_list_table("candidates", 5, {0, table_h})) {
            ImGui::TableSetupColumn(tr("cand.name"), 0, e * 4.5f);
            ImGui::TableSetupColumn(tr("cand.id_number"), 0, e * 11);
            ImGui::TableSetupColumn(tr("cand.item"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn(tr("cand.provider"), 0, e * 7);
            ImGui::TableSetupColumn(tr("cand.hours"), 0, e * 3);
            ImGui::TableHeadersRow();
            for (const auto& c : candidates_) {
                if (!filter_.empty() && c.name.find(filter_) == std::string::npos &&
                    c.id_number.find(filter_) == std::string::npos)
                    continue;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(static_cast<int>(c.id));
                if (ImGui::Selectable(c.name.c_str(), c.id == selected_, ImGuiSelectableFlags_SpanAllColumns)) select(app, c);
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.id_number.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted((item_name(app, c.item_id) + " · " +
                                        tr(c.kind == exam::ExamKind::Initial ? "bp.kind_initial" : "bp.kind_review"))
                                           .c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.provider.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(number(c.class_hours).c_str());
            }
            ImGui::EndTable();
        }
        if (ImGui::BeginTabBar("cand-tabs")) {
            if (ImGui::BeginTabItem(tr("cand.add"))) {
                add_form(app);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem(tr("cand.import"))) {
                import_form(app);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem(tr("cand.photos"), nullptr, photo_tab_ ? ImGuiTabItemFlags_SetSelected : 0)) {
                photo_form(app);
                ImGui::EndTabItem();
            }
            photo_tab_ = false;
            ImGui::EndTabBar();
        }
        if (auto picked = picker_.draw(app)) use_picked(app, picked->first, picked->second);
    }

    void select(App& app, const exam::Candidate& c)
    {
        selected_ = c.id;
        photo_file_.clear();
        photo_bytes_.clear();
        photo_problem_.clear();
        // The stored photo, shown beside the new one (read here, on a click, not every frame).
        const auto stored = app.services().exam.candidate(*app.actor(), c.id);
        stored_key_ = "candidate-photo:" + std::to_string(c.id) + "#" + std::to_string(++photo_serial_);
        has_stored_photo_ = stored && !stored->photo.empty();
        if (has_stored_photo_) app.stage_image(stored_key_, stored->photo);
    }

    const exam::Candidate* selected_candidate() const
    {
        for (const auto& c : candidates_)
            if (c.id == selected_) return &c;
        return nullptr;
    }

    void use_picked(App& app, const std::string& purpose, const std::filesystem::path& path)
    {
        if (purpose == "csv") {
            csv_path_ = path.string();
            app.note_text(csv_path_);
        } else if (purpose == "photo") {
            try {
                photo_bytes_ = exam::read_photo_file(path);
                photo_problem_ = exam::photo_problem(photo_bytes_);
                photo_file_ = path;
                new_key_ = "photo-file:" + path.string() + "#" + std::to_string(++photo_serial_);
                if (photo_problem_.empty()) app.stage_image(new_key_, photo_bytes_);
                app.note_text(path.filename().string());
            } catch (const std::exception& ex) {
                app.notify(message(ex), true);
            }
        } else if (purpose == "folder") {
            start_photo_folder(app, path);
        }
    }

    // One candidate's photo from a file: preview, then stored as `candidate add --photo` and `candidate photos` do
    // (ExamService::set_photos); a folder of <ID number>.jpg files on the job thread.
    void photo_form(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("cand.photo_one"));
        const exam::Candidate* c = selected_candidate();
        if (!c) {
            dim_text(tr("cand.photo_pick_candidate"));
        } else {
            ImGui::TextUnformatted((c->name + "  " + c->id_number).c_str());
            ImGui::SameLine();
            if (button(tr("cand.photo_choose")))
                picker_.open("photo", PickMode::File, {".jpg", ".jpeg", ".png"}, trf("cand.photo_title", {c->name}));
            const ImVec2 box{e * 6, e * 8};
            const auto frame = [&](const std::string& key, bool show, const std::string& caption) {
                ImGui::BeginGroup();
                const ImVec2 p = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddRectFilled(p, {p.x + box.x, p.y + box.y}, IM_COL32(0x0A, 0x14, 0x22, 255));
                if (show) ui::image(app.textures(), key, box);
                else ImGui::Dummy(box);
                dim_text(caption);
                ImGui::EndGroup();
            };
            frame(stored_key_, has_stored_photo_, has_stored_photo_ ? tr("cand.photo_current") : tr("cand.photo_none"));
            if (!photo_file_.empty()) {
                ImGui::SameLine(0, e);
                frame(new_key_, photo_problem_.empty(), trf("cand.photo_new", {photo_file_.filename().string()}));
                ImGui::SameLine(0, e);
                ImGui::BeginGroup();
                if (!photo_problem_.empty()) {
                    ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
                    ImGui::TextWrapped("▲ %s: %s", photo_file_.filename().string().c_str(), photo_problem_.c_str());
                    ImGui::PopStyleColor();
                }
                if (primary_button(tr("cand.photo_store"), {e * 7, 0}, photo_problem_.empty())) store_photo(app, *c);
                ImGui::EndGroup();
            }
        }
        ImGui::Separator();
        heading(tr("cand.photo_folder"));
        dim_text(tr("cand.photo_folder_hint"));
        if (button(tr("cand.photo_folder_choose"), {0, 0}, !app.jobs().running()))
            picker_.open("folder", PickMode::Folder, {}, tr("cand.photo_folder_title"));
        if (folder_) {
            if (folder_->ok())
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tone::ok), "%s",
                                   trf("cand.photo_folder_done", {std::to_string(folder_->assigned.size())}).c_str());
            for (const auto& p : folder_->errors) {
                ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
                ImGui::TextWrapped("%s", p.c_str());
                ImGui::PopStyleColor();
            }
            for (const auto& u : folder_->unknown) dim_text(trf("cand.photo_unknown", {u}));
            if (!folder_->ignored.empty()) dim_text(trf("cand.photo_ignored", {std::to_string(folder_->ignored.size())}));
        }
    }

    void store_photo(App& app, const exam::Candidate& c)
    {
        try {
            app.services().exam.set_photos(*app.actor(), {{c.id, photo_bytes_}});
            app.notify(trf("cand.photo_stored", {c.name}));
            select(app, c);
        } catch (const std::exception& ex) {
            app.notify(message(ex), true);
        }
    }

    void start_photo_folder(App& app, const std::filesystem::path& dir)
    {
        auto outcome = std::make_shared<exam::PhotoFolder>();
        const std::filesystem::path db = app.services().db_path;
        const exam::Actor actor = *app.actor();
        const std::string title = tr("cand.photo_folder_job");
        app.jobs().start(
            title,
            [db, dir, actor, outcome](const JobControl& job) {
                job.progress(0.1f, dir.filename().string());
                auto conn = open_installation(db);
                exam::ExamService exam(conn);
                exam::require(actor, exam::Operation::ManageCandidates);
                *outcome = exam::read_photo_folder(dir, exam, actor);
                if (!outcome->ok())
                    return trf("cand.photo_folder_refused", {std::to_string(outcome->errors.size())});
                if (job.stop_requested()) return std::string(); // nothing stored yet
                job.progress(0.6f, trf("cand.photo_folder_done", {std::to_string(outcome->photos.size())}));
                if (!outcome->photos.empty()) exam.set_photos(actor, outcome->photos); // one transaction
                outcome->photos.clear();
                return trf("cand.photo_folder_done", {std::to_string(outcome->assigned.size())});
            },
            [this, &app, outcome, title](const JobStatus& st) {
                folder_ = std::move(*outcome);
                app.job_ended(st, title, true, !folder_->ok());
            });
    }

    void add_form(App& app)
    {
        const float e = ImGui::GetFontSize();
        exam::Candidate c = draft_;
        if (draft_item_ >= 0) c.item_id = *items_.id_at(draft_item_);
        const bool touched = !draft_.id_number.empty() || !draft_.name.empty();
        const auto problems = touched ? exam::prepare_candidate(c, today(), app.services().content.catalogue())
                                      : std::vector<content::FieldProblem>{};
        const float col = e * 5;
        const float w = ImGui::GetContentRegionAvail().x - col;
        const auto label = [&](const char* key) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(tr(key));
            ImGui::SameLine(col);
        };
        label("cand.id_number");
        input_text(app, "##id", draft_.id_number, e * 12);
        if (touched && c.sex.size()) {
            ImGui::SameLine();
            dim_text(c.sex + " · " + c.birth_date);
        }
        field_problems(problems, "id_number");
        label("cand.name");
        input_text(app, "##name", draft_.name, e * 8);
        field_problems(problems, "name");
        label("cand.item");
        items_.draw("##item", draft_item_, tr("cand.pick_item"), w * 0.8f);
        field_problems(problems, "item_id");
        label("cand.kind");
        int kind = static_cast<int>(draft_.kind);
        ImGui::RadioButton(tr("bp.kind_initial"), &kind, 0);
        ImGui::SameLine();
        ImGui::RadioButton(tr("bp.kind_review"), &kind, 1);
        draft_.kind = static_cast<exam::ExamKind>(kind);
        label("cand.employer");
        input_text(app, "##employer", draft_.employer, w * 0.8f);
        label("cand.provider");
        input_text(app, "##provider", draft_.provider, w * 0.8f);
        if (primary_button(tr("cand.add_button"), {e * 7, 0}, touched && problems.empty() && draft_item_ >= 0)) {
            try {
                app.services().exam.add_candidate(*app.actor(), c);
                app.notify(trf("cand.added", {c.name}));
                draft_ = {};
                refresh(app);
            } catch (const std::exception& ex) {
                app.notify(message(ex), true);
            }
        }
    }

    void import_form(App& app)
    {
        const float e = ImGui::GetFontSize();
        dim_text(tr("cand.import_hint"));
        input_text(app, "##csv", csv_path_, ImGui::GetContentRegionAvail().x - e * 12.5f);
        ImGui::SameLine();
        if (button(tr("cand.browse"), {e * 5.5f, 0})) picker_.open("csv", PickMode::File, {".csv", ".txt"}, tr("cand.pick_csv"));
        ImGui::SameLine();
        if (primary_button(tr("cand.import_button"), {e * 6, 0}, !csv_path_.empty() && !app.jobs().running())) start_import(app);
        if (outcome_) {
            if (outcome_->errors.empty())
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tone::ok), "%s",
                                   trf("cand.imported", {std::to_string(outcome_->added)}).c_str());
            for (const auto& p : outcome_->errors) {
                ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
                ImGui::TextWrapped("%s", p.to_string().c_str());
                ImGui::PopStyleColor();
            }
            for (const auto& p : outcome_->warnings) dim_text(p.to_string());
        }
    }

    void start_import(App& app)
    {
        auto outcome = std::make_shared<CsvOutcome>();
        const std::filesystem::path db = app.services().db_path;
        const std::filesystem::path file = csv_path_;
        const exam::Actor actor = *app.actor();
        const std::string title = tr("cand.import_job");
        app.jobs().start(
            title,
            [db, file, actor, outcome](const JobControl& job) {
                job.progress(0.1f, file.filename().string());
                auto conn = open_installation(db);
                content::ContentStore content(conn);
                exam::ExamService exam(conn);
                exam::require(actor, exam::Operation::ManageCandidates);
                auto read = exam::read_candidate_csv(file, content.catalogue(), exam, actor, today());
                outcome->errors = read.errors;
                outcome->warnings = read.warnings;
                if (!read.ok()) return trf("cand.import_refused", {std::to_string(read.errors.size())});
                job.progress(0.6f, trf("cand.import_rows", {std::to_string(read.candidates.size())}));
                if (job.stop_requested()) return std::string(); // nothing stored yet
                exam.add_candidates(actor, read.candidates);   // one transaction: all or none
                outcome->added = static_cast<int>(read.candidates.size());
                return trf("cand.imported", {std::to_string(outcome->added)});
            },
            [this, &app, outcome, title](const JobStatus& st) {
                outcome_ = *outcome;
                app.job_ended(st, title, true, !outcome->errors.empty());
                refresh(app);
            });
    }

    void load_session(App& app)
    {
        if (session_ < 0 || session_ >= static_cast<int>(sessions_.size())) return;
        seats_ = app.services().exam.results(*app.actor(), sessions_[static_cast<std::size_t>(session_)].id);
    }

    void sessions(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("sess.title"));
        if (begin_list_table("sessions", 3, {0, e * 9})) {
            ImGui::TableSetupColumn(tr("sess.start"), 0, e * 8.5f);
            ImGui::TableSetupColumn(tr("cand.item"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn(tr("sess.room"), 0, e * 6);
            ImGui::TableHeadersRow();
            for (int i = 0; i < static_cast<int>(sessions_.size()); ++i) {
                const auto& s = sessions_[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(i);
                if (ImGui::Selectable(local_time(s.starts_at_ms).c_str(), i == session_, ImGuiSelectableFlags_SpanAllColumns)) {
                    session_ = i;
                    load_session(app);
                }
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(item_name(app, s.item_id).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(s.room.c_str());
            }
            ImGui::EndTable();
        }
        if (session_ >= 0 && session_ < static_cast<int>(sessions_.size())) session_detail(app);
        if (ImGui::CollapsingHeader(tr("sess.new"))) new_session(app);
    }

    void session_detail(App& app)
    {
        const float e = ImGui::GetFontSize();
        const auto& s = sessions_[static_cast<std::size_t>(session_)];
        ImGui::Separator();
        std::string kiosks;
        for (const auto& k : s.kiosks) kiosks += (kiosks.empty() ? "" : " ") + k;
        ImGui::TextWrapped("%s", trf("sess.detail", {local_time(s.starts_at_ms), local_time(s.ends_at_ms).substr(11), s.room,
                                                     kiosks.empty() ? "—" : kiosks})
                                     .c_str());
        if (begin_list_table("seats", 4, {0, e * 8})) {
            ImGui::TableSetupColumn(tr("sess.ticket"), 0, e * 9);
            ImGui::TableSetupColumn(tr("cand.name"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn(tr("sess.kiosk"), 0, e * 4);
            ImGui::TableSetupColumn(tr("sess.state"), 0, e * 6);
            ImGui::TableHeadersRow();
            for (const auto& r : seats_) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.attempt.ticket.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.attempt.kiosk.c_str());
                ImGui::TableNextColumn();
                std::string state = tr(("state." + std::string(exam::to_string(r.attempt.state))).c_str());
                if (r.attempt.score) state += " " + number(*r.attempt.score);
                if (r.attempt.passed) {
                    state += std::string(" ") + tr(*r.attempt.passed ? "sess.pass" : "sess.fail");
                    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(*r.attempt.passed ? tone::ok : tone::error), "%s",
                                       state.c_str());
                } else {
                    ImGui::TextUnformatted(state.c_str());
                }
            }
            ImGui::EndTable();
        }
        // How the session stands: scored with passes and fails, and those not scored yet.
        int scored = 0, passed = 0;
        for (const auto& r : seats_)
            if (r.attempt.passed) {
                ++scored;
                if (*r.attempt.passed) ++passed;
            }
        ImGui::TextUnformatted(trf("sess.tally", {std::to_string(seats_.size()), std::to_string(scored),
                                                  std::to_string(passed), std::to_string(scored - passed),
                                                  std::to_string(static_cast<int>(seats_.size()) - scored)})
                                   .c_str());
        // Register a candidate of the session's item onto a kiosk.
        std::vector<std::string> names;
        std::vector<std::int64_t> ids;
        for (const auto& c : candidates_)
            if (c.item_id == s.item_id) {
                names.push_back(c.name + "  " + c.id_number);
                ids.push_back(c.id);
            }
        combo("##reg-cand", reg_candidate_, names, tr("sess.pick_candidate"), e * 14);
        ImGui::SameLine();
        combo("##reg-kiosk", reg_kiosk_, s.kiosks, tr("sess.any_kiosk"), e * 6);
        ImGui::SameLine();
        if (primary_button(tr("sess.register"), {0, 0}, reg_candidate_ >= 0 && reg_candidate_ < static_cast<int>(ids.size()))) {
            try {
                const std::string kiosk = reg_kiosk_ >= 0 ? s.kiosks[static_cast<std::size_t>(reg_kiosk_)] : "";
                const auto ticket = app.services().exam.register_candidate(*app.actor(), ids[static_cast<std::size_t>(reg_candidate_)],
                                                                           s.id, kiosk);
                app.notify(trf("sess.registered", {names[static_cast<std::size_t>(reg_candidate_)], ticket}));
                reg_candidate_ = -1;
                load_session(app);
            } catch (const std::exception& ex) {
                app.notify(message(ex), true);
            }
        }
    }

    void new_session(App& app)
    {
        const float e = ImGui::GetFontSize();
        items_.draw("##sess-item", new_item_, tr("cand.pick_item"), e * 16);
        ImGui::SameLine();
        ImGui::RadioButton(tr("bp.kind_initial"), &new_kind_, 0);
        ImGui::SameLine();
        ImGui::RadioButton(tr("bp.kind_review"), &new_kind_, 1);
        input_text(app, tr("sess.start"), new_start_, e * 9);
        ImGui::SetNextItemWidth(e * 5);
        ImGui::InputInt(tr("sess.minutes"), &new_minutes_, 10, 30);
        input_text(app, tr("sess.room"), new_room_, e * 9);
        input_text(app, tr("sess.kiosks"), new_kiosks_, e * 14);
        const auto start = parse_time(new_start_);
        if (!start) {
            ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
            ImGui::TextUnformatted(tr("sess.bad_time"));
            ImGui::PopStyleColor();
        }
        if (primary_button(tr("sess.create"), {e * 7, 0}, start && new_item_ >= 0 && new_minutes_ > 0)) {
            try {
                exam::Session s;
                s.starts_at_ms = *start;
                s.ends_at_ms = *start + std::int64_t(new_minutes_) * 60000;
                s.room = new_room_;
                std::istringstream in(new_kiosks_);
                for (std::string k; in >> k;) s.kiosks.push_back(k);
                app.services().exam.create_session(*app.actor(), *items_.id_at(new_item_),
                                                   static_cast<exam::ExamKind>(new_kind_), s);
                app.notify(tr("sess.created"));
                refresh(app);
            } catch (const std::exception& ex) {
                app.notify(message(ex), true);
            }
        }
    }

    std::vector<exam::Candidate> candidates_;
    std::vector<exam::Session> sessions_;
    std::vector<exam::ResultRow> seats_;
    ItemPicker items_;
    std::string filter_;
    exam::Candidate draft_;
    int draft_item_ = -1;
    std::string csv_path_;
    FilePicker picker_;
    int examples_ = 0;
    std::int64_t selected_ = 0;
    bool photo_tab_ = false, has_stored_photo_ = false;
    int photo_serial_ = 0;
    std::string stored_key_, new_key_, photo_problem_;
    std::filesystem::path photo_file_;
    std::vector<unsigned char> photo_bytes_;
    std::optional<exam::PhotoFolder> folder_;
    std::optional<CsvOutcome> outcome_;
    int session_ = -1, reg_candidate_ = -1, reg_kiosk_ = -1;
    int new_item_ = -1, new_kind_ = 0, new_minutes_ = 120;
    std::string new_start_ = local_time(exam::system_now_ms() + 24 * 3600 * 1000LL).substr(0, 11) + "09:00";
    std::string new_room_ = "第一考场", new_kiosks_ = "K01 K02 K03 K04";
};

} // namespace

std::unique_ptr<Panel> make_candidates_panel() { return std::make_unique<CandidatesPanel>(); }

} // namespace sk::admin::gui
