// Certificates: the candidates whose result allows a certificate now (issue one), a whole session issued and printed
// to one PDF on the job thread (progress, Cancel: no PDF is written), and the register with each certificate's state,
// its PDF, printing through CUPS (certs::print_pdf), reissue after loss or damage and revocation with a reason.
#include "admin/gui/app.hpp"
#include "admin/gui/fields.hpp"
#include "admin/gui/strings.hpp"
#include "certs/dates.hpp"
#include "certs/installation_key.hpp"
#include "certs/pdf/canvas.hpp"
#include "certs/printing.hpp"
#include "certs/review_notice.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

namespace sk::admin::gui {

namespace {

struct Issuable {
    exam::ResultRow row;
    std::vector<std::string> reasons; // why not now; empty: it can be issued
};

class CertificatesPanel final : public Panel {
public:
    const char* id() const override { return "certificates"; }
    const char* title_key() const override { return "nav.certificates"; }

    void refresh(App& app) override
    {
        auto& reg = app.services().certs;
        const exam::Actor& a = *app.actor();
        issuable_.clear();
        if (a.can(exam::Operation::IssueCertificates)) {
            for (auto& r : app.services().exam.results(a)) {
                if (!r.attempt.passed || !*r.attempt.passed) continue;
                if (reg.holds_valid(r.id_number, r.item_id)) continue;
                issuable_.push_back({r, reg.refusal_reasons(a, r.attempt.candidate_id, r.item_id)});
            }
        }
        certificates_ = reg.certificates(a);
        states_.clear();
        for (const auto& c : certificates_) states_.push_back(reg.state(c));
        sessions_ = app.services().exam.sessions(a);
        session_labels_.clear();
        for (const auto& s : sessions_) {
            const content::Item* i = app.services().content.catalogue().find(s.item_id);
            session_labels_.push_back(local_time(s.starts_at_ms) + "  " + (i ? i->name : "") + "  " + s.room);
        }
        if (selected_ >= static_cast<int>(certificates_.size())) selected_ = -1;
        load_due(app);
    }

    std::vector<std::string> rows() const override
    {
        std::vector<std::string> out;
        for (const auto& c : certificates_) out.push_back(c.number + " " + c.name + " " + c.item);
        for (const auto& i : issuable_) out.push_back("pending " + i.row.id_number + " " + i.row.name);
        if (due_only_)
            for (const auto& n : due_) out.push_back("due " + n.certificate.number + " " + certs::iso(n.due));
        return out;
    }

    void show_example(App&) override
    {
        if (!certificates_.empty()) selected_ = 0;
        if (!sessions_.empty()) session_ = 0;
    }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::BeginChild("cert-left", {avail.x * 0.42f, avail.y}, true);
        if (app.actor()->can(exam::Operation::IssueCertificates)) {
            issue_list(app);
            ImGui::Spacing();
            batch(app);
        } else {
            dim_text(tr("cert.issue_not_allowed"));
        }
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("cert-right", {0, avail.y}, true);
        registry(app);
        ImGui::EndChild();
    }

private:
    void issue_list(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("cert.issuable"));
        if (issuable_.empty()) dim_text(tr("cert.none_issuable"));
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH |
                                      ImGuiTableFlags_SizingFixedFit;
        if (!issuable_.empty() && ImGui::BeginTable("issuable", 3, flags, {0, e * 10})) {
            ImGui::TableSetupColumn(tr("cand.name"), 0, e * 4.5f);
            ImGui::TableSetupColumn(tr("cert.result"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn("", 0, e * 4);
            for (std::size_t i = 0; i < issuable_.size(); ++i) {
                const auto& x = issuable_[i];
                ImGui::PushID(static_cast<int>(i));
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(x.row.name.c_str());
                ImGui::TableNextColumn();
                if (x.reasons.empty()) {
                    ImGui::TextUnformatted(trf("cert.passed", {number(x.row.attempt.score.value_or(0))}).c_str());
                } else {
                    ImGui::PushStyleColor(ImGuiCol_Text, tone::warn);
                    std::string why;
                    for (const auto& r : x.reasons) why += (why.empty() ? "" : "；") + r;
                    ImGui::TextWrapped("%s", why.c_str());
                    ImGui::PopStyleColor();
                }
                ImGui::TableNextColumn();
                if (primary_button(tr("cert.issue"), {-1, 0}, x.reasons.empty())) {
                    try {
                        const auto c = app.services().certs.issue(*app.actor(), x.row.attempt.candidate_id, x.row.item_id);
                        app.notify(trf("cert.issued", {c.number, c.name}));
                        ImGui::PopID();
                        ImGui::EndTable();
                        refresh(app);
                        return;
                    } catch (const std::exception& ex) {
                        app.notify(message(ex), true);
                    }
                }
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
    }

    void batch(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("cert.batch"));
        combo("##session", session_, session_labels_, tr("cert.pick_session"), -1);
        ImGui::RadioButton(tr("cert.layout_a4"), &layout_, 0);
        ImGui::SameLine();
        ImGui::RadioButton(tr("cert.layout_card"), &layout_, 1);
        if (batch_out_.empty()) batch_out_ = (app.services().db_path.parent_path() / "certificates.pdf").string();
        input_text(app, "##out", batch_out_, -1);
        if (primary_button(tr("cert.batch_button"), {e * 9, 0}, session_ >= 0 && !app.jobs().running())) start_batch(app);
        if (!batch_summary_.empty()) ImGui::TextWrapped("%s", batch_summary_.c_str());
        if (!batch_file_.empty()) {
            input_text(app, tr("cert.printer"), printer_, e * 10);
            ImGui::SameLine();
            if (button(tr("cert.print"), {0, 0}, !printer_.empty() && !app.jobs().running()))
                start_print(app, batch_file_, tr("cert.batch"));
        }
    }

    void start_batch(App& app)
    {
        const auto db = app.services().db_path;
        const exam::Actor actor = *app.actor();
        const std::int64_t session = sessions_[static_cast<std::size_t>(session_)].id;
        certs::BatchOptions opts;
        opts.layout = layout_ == 0 ? certs::Layout::A4Landscape : certs::Layout::Card;
        opts.output = batch_out_;
        const std::string title = tr("cert.batch");
        auto file = std::make_shared<std::string>();
        app.jobs().start(
            title,
            [db, actor, session, opts, file](const JobControl& job) mutable {
                auto conn = open_installation(db);
                exam::ExamService exam(conn);
                certs::CertRegistry reg(conn, exam);
                exam.set_certificate_lookup(reg.certificate_lookup());
                auto signer = certs::open_signer(conn, db);
                opts.stop = [&job] { return job.stop_requested(); };
                const auto r = certs::issue_session(reg, signer, actor, session, opts,
                                                    [&job](int done, int total, const certs::BatchEntry& e) {
                                                        job.progress(float(done) / float(std::max(total, 1)),
                                                                     trf("cert.batch_progress", {std::to_string(done),
                                                                                                 std::to_string(total), e.name}));
                                                    });
                if (!r.files.empty()) *file = r.files.front().string();
                std::string summary = trf("cert.batch_done", {std::to_string(r.issued), std::to_string(r.printed),
                                                              std::to_string(r.skipped),
                                                              r.files.empty() ? "—" : r.files.front().string()});
                if (r.failed > 0) {
                    std::string who;
                    for (const auto& e : r.entries)
                        if (!e.failed.empty()) who += (who.empty() ? "" : "；") + e.id_number + " " + e.failed;
                    summary += "\n" + trf("cert.batch_failed", {std::to_string(r.failed), who});
                }
                return summary;
            },
            [this, &app, title, file](const JobStatus& st) {
                if (st.cancelled) batch_summary_ = trf("cert.batch_cancelled", {});
                else if (st.failed) batch_summary_ = trf("job.failed", {title, st.message});
                else batch_summary_ = st.message;
                batch_file_ = *file;
                app.notify(batch_summary_, st.failed);
                refresh(app);
            });
    }

    void start_print(App& app, const std::string& file, const std::string& what)
    {
        const std::string printer = printer_;
        const std::string title = tr("cert.print");
        app.jobs().start(
            title,
            [file, printer, what](const JobControl& job) {
                job.progress(0.5f, printer);
                const int id = certs::print_pdf(printer, file, what);
                return trf("cert.printed", {printer, std::to_string(id)});
            },
            [&app, title](const JobStatus& st) {
                if (st.failed) app.notify(trf("job.failed", {title, st.message}), true);
                else if (!st.cancelled) app.notify(st.message);
            });
    }

    void registry(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(trf("cert.register", {std::to_string(certificates_.size())}).c_str());
        due_filter(app);
        if (begin_list_table("certs", 5, {0, ImGui::GetContentRegionAvail().y * 0.5f})) {
            ImGui::TableSetupColumn(tr("cert.number"), 0, e * 11);
            ImGui::TableSetupColumn(tr("cand.name"), 0, e * 4.5f);
            ImGui::TableSetupColumn(tr("cand.item"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn(tr("cert.valid_until"), 0, e * 6);
            ImGui::TableSetupColumn(tr("cert.state"), 0, e * 5);
            ImGui::TableHeadersRow();
            for (int i = 0; i < static_cast<int>(certificates_.size()); ++i) {
                const auto& c = certificates_[static_cast<std::size_t>(i)];
                if (due_only_ && !due_ids_.count(c.id)) continue;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(i);
                if (ImGui::Selectable(c.number.c_str(), i == selected_, ImGuiSelectableFlags_SpanAllColumns)) selected_ = i;
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.item.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(certs::iso(c.valid_until).c_str());
                ImGui::TableNextColumn();
                const auto st = states_[static_cast<std::size_t>(i)];
                ImGui::PushStyleColor(ImGuiCol_Text, certs::is_usable(st) ? tone::ok : tone::error);
                ImGui::TextUnformatted(std::string(certs::label_zh(st, c.track)).c_str());
                ImGui::PopStyleColor();
            }
            ImGui::EndTable();
        }
        if (selected_ >= 0) detail(app);
    }

    // Review due within N days (复审 / 换证): the register narrowed to them, and a letter to each as one PDF.
    void load_due(App& app)
    {
        due_.clear();
        due_ids_.clear();
        if (!due_only_ || !app.actor()->can(exam::Operation::ReadResults)) return;
        try {
            due_ = certs::review_due(app.services().certs, *app.actor(), due_days_);
        } catch (const std::exception& ex) {
            app.notify(message(ex), true);
        }
        for (const auto& n : due_) due_ids_.insert(n.certificate.id);
    }

    void due_filter(App& app)
    {
        if (!app.actor()->can(exam::Operation::ReadResults)) return;
        const float e = ImGui::GetFontSize();
        bool changed = ImGui::Checkbox(tr("cert.due_only"), &due_only_);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(e * 5);
        if (ImGui::InputInt("##due-days", &due_days_, 30, 90)) {
            due_days_ = std::clamp(due_days_, 0, 3650);
            changed = true;
        }
        ImGui::SameLine();
        ImGui::TextUnformatted(tr("cert.due_days"));
        if (changed) load_due(app);
        if (!due_only_) return;
        ImGui::SameLine();
        if (button(trf("cert.notices", {std::to_string(due_.size())}).c_str(), {0, 0}, !due_.empty() && !app.jobs().running()))
            start_notices(app);
    }

    void start_notices(App& app)
    {
        const auto out = app.services().db_path.parent_path() /
                         ("复审通知-" + local_date(exam::system_now_ms()) + ".pdf");
        auto notices = due_;
        const std::string authority = app.services().certs.policy().authority;
        const certs::Date today = app.services().certs.today();
        const std::string title = tr("cert.notices_title");
        app.jobs().start(
            title,
            [notices, authority, today, out](const JobControl& job) {
                job.progress(0.5f, out.string());
                const auto bytes = certs::review_notices_pdf(notices, authority, today);
                if (job.stop_requested()) return std::string();
                certs::pdf::write_file(out, bytes);
                return trf("cert.notices_written", {std::to_string(notices.size()), out.string()});
            },
            [&app, title](const JobStatus& st) { app.job_ended(st, title); });
    }

    void detail(App& app)
    {
        const float e = ImGui::GetFontSize();
        const auto& c = certificates_[static_cast<std::size_t>(selected_)];
        ImGui::Separator();
        heading((c.number + "  " + c.name).c_str());
        ImGui::TextWrapped("%s", trf("cert.detail", {c.category + " / " + c.item, certs::iso(c.first_issued),
                                                     certs::iso(c.valid_from), certs::iso(c.valid_until),
                                                     c.review_due ? certs::iso(*c.review_due) : "—",
                                                     std::to_string(c.version)})
                                     .c_str());
        if (!c.state_reason.empty()) dim_text(trf("cert.reason_was", {c.state_reason}));
        if (pdf_out_.empty() || pdf_for_ != c.id) {
            pdf_out_ = (app.services().db_path.parent_path() / (c.number + ".pdf")).string();
            pdf_for_ = c.id;
        }
        input_text(app, "##pdf", pdf_out_, ImGui::GetContentRegionAvail().x - e * 7.5f);
        ImGui::SameLine();
        if (button(tr("cert.pdf"), {e * 7, 0}, !app.jobs().running())) start_pdf(app, c.id, c.number + " " + c.name, false);
        input_text(app, tr("cert.printer"), printer_, e * 10);
        ImGui::SameLine();
        if (button(tr("cert.print_one"), {0, 0}, !printer_.empty() && !app.jobs().running()))
            start_pdf(app, c.id, c.number + " " + c.name, true);
        if (!app.actor()->can(exam::Operation::RevokeCertificates)) return;
        ImGui::Spacing();
        heading(tr("cert.change"));
        input_text(app, tr("cert.reason"), reason_, ImGui::GetContentRegionAvail().x - e * 5);
        const bool has_reason = reason_.find_first_not_of(' ') != std::string::npos;
        if (button(tr("cert.replace_loss"), {0, 0}, has_reason)) change(app, [&] {
                return app.services().certs.replace(*app.actor(), c.id, certs::ReplaceReason::Loss, reason_);
            });
        ImGui::SameLine();
        if (button(tr("cert.replace_damage"), {0, 0}, has_reason)) change(app, [&] {
                return app.services().certs.replace(*app.actor(), c.id, certs::ReplaceReason::Damage, reason_);
            });
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0x8A, 0x2A, 0x30, 255));
        if (button(tr("cert.revoke"), {0, 0}, has_reason)) change(app, [&] {
                return app.services().certs.revoke(*app.actor(), c.id, reason_);
            });
        ImGui::PopStyleColor();
        if (!has_reason) dim_text(tr("cert.reason_needed"));
    }

    template <class F>
    void change(App& app, F&& f)
    {
        try {
            const certs::Certificate c = f();
            app.notify(trf("cert.changed", {c.number, std::to_string(c.version)}));
            reason_.clear();
            refresh(app);
        } catch (const std::exception& ex) {
            app.notify(message(ex), true);
        }
    }

    void start_pdf(App& app, std::int64_t id, const std::string& what, bool print)
    {
        const auto db = app.services().db_path;
        const exam::Actor actor = *app.actor();
        const std::string out = pdf_out_, printer = print ? printer_ : std::string();
        const std::string title = tr(print ? "cert.print" : "cert.pdf");
        app.jobs().start(
            title,
            [db, actor, id, out, printer, what](const JobControl& job) {
                auto conn = open_installation(db);
                exam::ExamService exam(conn);
                certs::CertRegistry reg(conn, exam);
                auto signer = certs::open_signer(conn, db);
                job.progress(0.3f, what);
                const auto bytes = certs::certificate_pdf(reg, signer, actor, id, certs::Layout::A4Landscape);
                if (job.stop_requested()) return std::string();
                {
                    std::ofstream f(out, std::ios::binary | std::ios::trunc);
                    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
                    if (!f) throw std::runtime_error("cannot write " + out);
                }
                if (printer.empty()) return trf("cert.pdf_written", {out, std::to_string(bytes.size() / 1024)});
                job.progress(0.7f, printer);
                const int job_id = certs::print_pdf(printer, out, what);
                return trf("cert.printed", {printer, std::to_string(job_id)});
            },
            [&app, title](const JobStatus& st) { app.job_ended(st, title); });
    }

    std::vector<Issuable> issuable_;
    std::vector<certs::Certificate> certificates_;
    std::vector<certs::CertState> states_;
    std::vector<exam::Session> sessions_;
    std::vector<std::string> session_labels_;
    std::vector<certs::ReviewNotice> due_;
    std::set<std::int64_t> due_ids_;
    bool due_only_ = false;
    int due_days_ = 90;
    int selected_ = -1, session_ = -1, layout_ = 0;
    std::string batch_out_, batch_summary_, batch_file_, printer_, reason_, pdf_out_;
    std::int64_t pdf_for_ = 0;
};

} // namespace

std::unique_ptr<Panel> make_certificates_panel() { return std::make_unique<CertificatesPanel>(); }

} // namespace sk::admin::gui
