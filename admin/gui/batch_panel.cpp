// Batch certificates across sessions (certificate officers; `safekiosk-admin cert batch` in the window): filters by
// training provider, item, exam days and session; the passes they choose with why each person cannot be issued now
// (certs::pending_passes, which reads only: the dry run); the output chosen with the file picker (a folder, then the
// file name), one PDF or a file each, the Excel list beside it; a printer chosen from CUPS's list (certs::printers);
// then, after a confirmation naming how many certificates will be issued, certs::issue_batch on the job thread with
// progress and Cancel. One bad record is reported and skipped, never stops the rest. Beside it, a preview of the
// page(s) the person selected in the list (else the first who can be issued) would get: CertRegistry::draft (nothing
// issued) laid out by the same code that writes the PDF, drawn in the window.
#include "admin/gui/batch_panel.hpp"

#include "admin/gui/fields.hpp"
#include "admin/gui/file_picker.hpp"
#include "admin/gui/page_preview.hpp"
#include "admin/gui/strings.hpp"
#include "certs/dates.hpp"
#include "certs/installation_key.hpp"
#include "certs/layouts.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <utility>

namespace sk::admin::gui {

namespace {

class BatchPanel final : public BatchPanelActions {
public:
    const char* id() const override { return "batch"; }
    const char* title_key() const override { return "nav.batch"; }

    void refresh(App& app) override
    {
        auto& s = app.services();
        items_.load(s.content.catalogue());
        providers_ = s.exam.providers(*app.actor());
        sessions_ = s.exam.sessions(*app.actor());
        std::sort(sessions_.begin(), sessions_.end(),
                  [](const exam::Session& a, const exam::Session& b) { return a.starts_at_ms > b.starts_at_ms; });
        session_labels_.clear();
        for (const auto& x : sessions_) {
            const content::Item* i = s.content.catalogue().find(x.item_id);
            session_labels_.push_back(local_time(x.starts_at_ms) + "  " + (i ? i->name : "") + "  " + x.room);
        }
        if (!printers_loaded_) load_printers();
        if (output_dir_.empty()) output_dir_ = s.db_path.parent_path().string();
        if (file_name_.empty()) file_name_ = "证书-" + local_date(exam::system_now_ms()) + ".pdf";
        reload(app);
    }

    std::vector<std::string> rows() const override
    {
        std::vector<std::string> out;
        for (const auto& p : pending_) {
            std::string why;
            for (const auto& r : p.reasons) why += (why.empty() ? "" : "；") + r;
            out.push_back(p.id_number + " " + p.name + " " + (p.issuable() ? "issuable" : "blocked " + why));
        }
        return out;
    }

    void show_example(App&) override { example_ = 0; }

    std::string next_example(App&) override
    {
        if (issuable_count() == 0) return {};
        if (example_ == 0) {
            ++example_;
            confirming_ = true; // the confirmation, before anything is issued
            return "confirm";
        }
        if (example_ == 1) {
            ++example_;
            confirming_ = false;
            open_large_ = true; // the certificate preview, enlarged
            return "preview";
        }
        return {};
    }

    void set_filter(App& app, const certs::BatchFilter& filter) override
    {
        filter_ = filter;
        provider_ = -1;
        for (std::size_t i = 0; i < providers_.size(); ++i)
            if (providers_[i] == filter.provider) provider_ = static_cast<int>(i);
        session_ = -1;
        if (filter.sessions.size() == 1)
            for (std::size_t i = 0; i < sessions_.size(); ++i)
                if (sessions_[i].id == filter.sessions.front()) session_ = static_cast<int>(i);
        from_ = filter.from ? certs::iso(*filter.from) : "";
        to_ = filter.to ? certs::iso(*filter.to) : "";
        reload(app);
    }

    const std::vector<certs::PendingPass>& pending() const override { return pending_; }

    void set_output(const std::filesystem::path& pdf) override
    {
        output_dir_ = pdf.parent_path().string();
        file_name_ = pdf.filename().string();
    }

    bool choose_printer(const std::string& name) override
    {
        if (name.empty()) {
            printer_ = -1;
            return true;
        }
        for (std::size_t i = 0; i < printers_.size(); ++i)
            if (printers_[i].name == name) {
                printer_ = static_cast<int>(i);
                return true;
            }
        return false;
    }

    bool confirm_and_issue(App& app) override
    {
        confirming_ = false;
        if (issuable_count() == 0 || app.jobs().running() || !filter_error_.empty()) return false;
        start(app);
        return true;
    }

    const std::optional<certs::BatchResult>& result() const override { return result_; }

    void select(std::size_t index) override
    {
        selected_ = index < pending_.size() ? static_cast<int>(index) : -1;
        preview_stale_ = true;
    }

    const std::optional<certs::Certificate>& preview() const override { return preview_cert_; }

    void draw(App& app) override
    {
        const float e = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::BeginChild("batch-list", {avail.x * 0.62f, avail.y}, true);
        filters(app);
        list();
        ImGui::EndChild();
        ImGui::SameLine(0, e * 0.5f);
        ImGui::BeginChild("batch-out", {0, avail.y}, true);
        output(app);
        ImGui::EndChild();
        if (auto chosen = picker_.draw(app)) output_dir_ = chosen->second.string();
    }

private:
    int issuable_count() const
    {
        return static_cast<int>(std::count_if(pending_.begin(), pending_.end(), [](const auto& p) { return p.issuable(); }));
    }

    void load_printers()
    {
        printers_ = certs::printers();
        printers_loaded_ = true;
        printer_labels_.clear();
        for (const auto& p : printers_)
            printer_labels_.push_back(p.name + (p.description.empty() || p.description == p.name ? "" : "  " + p.description) +
                                      (p.is_default ? "  " + std::string(tr("batch.default_printer")) : ""));
        if (printer_ >= static_cast<int>(printers_.size())) printer_ = -1;
    }

    // The dry run: pending_passes reads and writes nothing.
    void reload(App& app)
    {
        filter_error_.clear();
        pending_.clear();
        try {
            pending_ = certs::pending_passes(app.services().certs, *app.actor(), filter_);
        } catch (const std::exception& ex) {
            filter_error_ = ex.what();
            app.note_text(filter_error_);
        }
        // The library's reasons are drawn as written: their characters join the font.
        for (const auto& p : pending_)
            for (const auto& r : p.reasons) app.note_text(r);
        if (selected_ >= static_cast<int>(pending_.size())) selected_ = -1;
        preview_stale_ = true;
    }

    // The person the preview shows: the row selected when it can be issued, else the first who can.
    const certs::PendingPass* preview_person() const
    {
        if (selected_ >= 0 && pending_[static_cast<std::size_t>(selected_)].issuable())
            return &pending_[static_cast<std::size_t>(selected_)];
        for (const auto& p : pending_)
            if (p.issuable()) return &p;
        return nullptr;
    }

    // Lays out the draft certificate (nothing issued, a QR code that says so) when the person or layout changed.
    void build_preview(App& app)
    {
        if (!preview_stale_ && preview_layout_ == layout_) return;
        preview_stale_ = false;
        preview_layout_ = layout_;
        preview_cert_.reset();
        preview_doc_.pages.clear();
        preview_error_.clear();
        ++preview_generation_;
        const certs::PendingPass* p = preview_person();
        if (!p) return;
        try {
            preview_cert_ = app.services().certs.draft(*app.actor(), p->candidate_id, p->item_id);
            certs::CertMarks marks;
            marks.note = tr("batch.preview_mark");
            certs::add_certificate(preview_doc_, *preview_cert_, "SafeKiosk 预览，未签发",
                                   layout_ == 0 ? certs::Layout::A4Landscape : certs::Layout::Card, marks);
        } catch (const std::exception& ex) {
            preview_cert_.reset();
            preview_error_ = ex.what();
            app.note_text(preview_error_);
        }
    }

    void preview(App& app)
    {
        build_preview(app);
        const float e = ImGui::GetFontSize();
        ImGui::Spacing();
        heading(tr("batch.preview"));
        if (!preview_error_.empty()) {
            problem(preview_error_);
            return;
        }
        if (!preview_cert_) {
            dim_text(tr("batch.preview_none"));
            return;
        }
        ImGui::PushTextWrapPos(0);
        dim_text(trf("batch.preview_of", {preview_cert_->name, preview_cert_->number}));
        ImGui::PopTextWrapPos();
        pages(app, ImGui::GetContentRegionAvail().x);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("batch.preview_enlarge"));
        // A click on the page opens it as large as the window allows, to read every line.
        if (ImGui::IsItemClicked() || std::exchange(open_large_, false)) ImGui::OpenPopup("##preview-large");
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
        ImGui::SetNextWindowSize({vp->Size.x * 0.9f, vp->Size.y * 0.9f});
        if (ImGui::BeginPopupModal("##preview-large", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize)) {
            dim_text(trf("batch.preview_of", {preview_cert_->name, preview_cert_->number}));
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - e * 5);
            if (primary_button(tr("batch.preview_close"), {e * 5, 0})) ImGui::CloseCurrentPopup();
            ImGui::BeginChild("##pages");
            const auto& first = preview_doc_.pages.front();
            const ImVec2 room = ImGui::GetContentRegionAvail();
            // The whole first page in view: as wide as the window, or as tall, whichever is less.
            pages(app, std::min(room.x - e, room.y * static_cast<float>(first.width / first.height)));
            ImGui::EndChild();
            ImGui::EndPopup();
        }
    }

    // The preview's page(s), each `width` pixels wide, one under the other, as one item (for hover and click).
    void pages(App& app, float width)
    {
        const float e = ImGui::GetFontSize();
        ImGui::BeginGroup();
        for (std::size_t i = 0; i < preview_doc_.pages.size(); ++i) {
            const auto& page = preview_doc_.pages[i];
            draw_page(app, page, width / static_cast<float>(page.width),
                      "batch-preview/" + std::to_string(preview_generation_) + "/" + std::to_string(i) + "/");
            ImGui::Dummy({0, e * 0.3f});
        }
        ImGui::EndGroup();
    }

    void filters(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("batch.title"));
        bool changed = false;
        if (combo("##provider", provider_, providers_, tr("batch.any_provider"), e * 14)) {
            filter_.provider = provider_ >= 0 ? providers_[static_cast<std::size_t>(provider_)] : "";
            changed = true;
        }
        ImGui::SameLine();
        if (items_.draw("##item", item_, tr("batch.any_item"), e * 14)) {
            filter_.item_id = items_.id_at(item_);
            changed = true;
        }
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("batch.exam_days"));
        ImGui::SameLine();
        changed |= day_field(app, "##from", from_, filter_.from);
        ImGui::SameLine();
        ImGui::TextUnformatted("—");
        ImGui::SameLine();
        changed |= day_field(app, "##to", to_, filter_.to);
        ImGui::SameLine();
        if (combo("##session", session_, session_labels_, tr("batch.any_session"), -1)) {
            filter_.sessions.clear();
            if (session_ >= 0) filter_.sessions.push_back(sessions_[static_cast<std::size_t>(session_)].id);
            changed = true;
        }
        if (changed) reload(app);
        if (!day_error_.empty()) problem(day_error_);
        if (!filter_error_.empty()) problem(filter_error_);
    }

    bool day_field(App& app, const char* id, std::string& text, std::optional<certs::Date>& day)
    {
        const float e = ImGui::GetFontSize();
        ImGui::SetNextItemWidth(e * 6.5f);
        if (!ImGui::InputTextWithHint(id, "YYYY-MM-DD", &text)) return false;
        app.note_text(text);
        day_error_.clear();
        if (text.empty()) {
            const bool had = day.has_value();
            day.reset();
            return had;
        }
        auto d = certs::parse_date(text);
        if (!d) {
            if (text.size() >= 10) day_error_ = trf("batch.bad_day", {text});
            return false;
        }
        day = d;
        return true;
    }

    void list()
    {
        const float e = ImGui::GetFontSize();
        const int ok = issuable_count();
        ImGui::TextUnformatted(trf("batch.summary", {std::to_string(pending_.size()), std::to_string(ok),
                                                     std::to_string(pending_.size() - static_cast<std::size_t>(ok))})
                                   .c_str());
        if (pending_.empty()) {
            dim_text(tr("batch.none"));
            return;
        }
        if (!begin_list_table("pending", 6, {0, ImGui::GetContentRegionAvail().y})) return;
        ImGui::TableSetupColumn(tr("cand.name"), 0, e * 4.5f);
        ImGui::TableSetupColumn(tr("cand.id_number"), 0, e * 10.5f);
        ImGui::TableSetupColumn(tr("cand.item"), 0, e * 8);
        ImGui::TableSetupColumn(tr("batch.exam_day"), 0, e * 5.5f);
        ImGui::TableSetupColumn(tr("batch.provider"), 0, e * 7);
        ImGui::TableSetupColumn(tr("batch.state"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < pending_.size(); ++i) {
            const auto& p = pending_[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i));
            // A click on the row shows that person's certificate in the preview.
            if (ImGui::Selectable(p.name.c_str(), selected_ == static_cast<int>(i), ImGuiSelectableFlags_SpanAllColumns))
                select(i);
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.id_number.c_str());
            ImGui::TableNextColumn();
            ellipsis_text(p.item);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(certs::iso(p.exam_date).c_str());
            ImGui::TableNextColumn();
            ellipsis_text(p.provider.empty() ? "—" : p.provider);
            ImGui::TableNextColumn();
            if (p.issuable()) {
                pill(tr("batch.issuable"), tone::ok);
            } else {
                std::string why;
                for (const auto& r : p.reasons) why += (why.empty() ? "" : "；") + r;
                ImGui::PushStyleColor(ImGuiCol_Text, tone::warn);
                ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(why.c_str());
                ImGui::PopTextWrapPos();
                ImGui::PopStyleColor();
            }
        }
        ImGui::EndTable();
    }

    std::filesystem::path output_path() const
    {
        return one_file_ ? std::filesystem::path(output_dir_) / file_name_ : std::filesystem::path(output_dir_);
    }

    void output(App& app)
    {
        const float e = ImGui::GetFontSize();
        heading(tr("batch.output"));
        ImGui::RadioButton(tr("cert.layout_a4"), &layout_, 0);
        ImGui::SameLine();
        ImGui::RadioButton(tr("cert.layout_card"), &layout_, 1);
        ImGui::Checkbox(tr("batch.one_file"), &one_file_);
        ImGui::TextUnformatted(tr("batch.folder"));
        ImGui::PushTextWrapPos(0);
        dim_text(output_dir_);
        ImGui::PopTextWrapPos();
        if (button(tr("batch.choose_folder")))
            picker_.open("out", PickMode::Folder, {}, tr("batch.choose_folder"), output_dir_);
        if (one_file_) input_text(app, tr("batch.file_name"), file_name_, e * 12);
        ImGui::Checkbox(tr("batch.write_list"), &write_list_);

        ImGui::Spacing();
        heading(tr("batch.print"));
        combo("##printer", printer_, printer_labels_, tr("batch.no_print"), ImGui::GetContentRegionAvail().x - e * 5);
        ImGui::SameLine();
        if (button(tr("batch.reload_printers"), {e * 4.5f, 0})) load_printers();
        if (printers_.empty()) dim_text(tr("batch.no_printers"));
        if (printer_ >= 0 && !one_file_) problem(tr("batch.print_one_file"));

        ImGui::Spacing();
        ImGui::Separator();
        const int n = issuable_count();
        const bool file_ok = !output_dir_.empty() && (!one_file_ || file_name_.size() > 4);
        const bool ready = n > 0 && file_ok && filter_error_.empty() && !app.jobs().running() &&
                           (printer_ < 0 || one_file_);
        if (!confirming_) {
            if (primary_button(trf("batch.issue", {std::to_string(n)}).c_str(), {-1, e * 2}, ready)) confirming_ = true;
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, tone::warn);
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(trf("batch.confirm", {std::to_string(n), output_path().string()}).c_str());
            if (one_file_ && std::filesystem::exists(output_path()))
                ImGui::TextUnformatted(trf("batch.overwrite", {file_name_}).c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            if (primary_button(tr("batch.confirm_button"), {e * 7, 0}, ready)) confirm_and_issue(app);
            ImGui::SameLine();
            if (button(tr("pick.cancel"))) confirming_ = false;
        }
        if (!summary_.empty()) {
            ImGui::Spacing();
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(summary_.c_str());
            ImGui::PopTextWrapPos();
        }
        preview(app);
        if (result_) {
            for (const auto& x : result_->entries) {
                if (x.failed.empty() && x.skipped.empty()) continue;
                ImGui::PushTextWrapPos(0);
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(x.failed.empty() ? tone::warn : tone::error), "%s",
                                   (x.name + " " + x.id_number + "：" + (x.failed.empty() ? x.skipped : x.failed)).c_str());
                ImGui::PopTextWrapPos();
            }
        }
    }

    void start(App& app)
    {
        const auto db = app.services().db_path;
        const exam::Actor actor = *app.actor();
        const certs::BatchFilter filter = filter_;
        certs::BatchOptions opts;
        opts.layout = layout_ == 0 ? certs::Layout::A4Landscape : certs::Layout::Card;
        opts.one_file = one_file_;
        opts.output = output_path();
        const std::string printer = printer_ >= 0 ? printers_[static_cast<std::size_t>(printer_)].name : "";
        const std::filesystem::path list =
            write_list_ ? (one_file_ ? std::filesystem::path(opts.output).replace_extension(".csv")
                                     : opts.output / "已发证名单.csv")
                        : std::filesystem::path();
        const std::string title = tr("batch.title");
        auto out = std::make_shared<certs::BatchResult>();
        app.jobs().start(
            title,
            [db, actor, filter, opts, printer, list, out](const JobControl& job) mutable {
                auto conn = open_installation(db);
                exam::ExamService exam(conn);
                certs::CertRegistry reg(conn, exam);
                exam.set_certificate_lookup(reg.certificate_lookup());
                auto signer = certs::open_signer(conn, db);
                opts.stop = [&job] { return job.stop_requested(); };
                *out = certs::issue_batch(reg, signer, actor, filter, opts,
                                          [&job](int done, int total, const certs::BatchEntry& e) {
                                              job.progress(float(done) / float(std::max(total, 1)),
                                                           trf("cert.batch_progress",
                                                               {std::to_string(done), std::to_string(total), e.name}));
                                          });
                std::string summary = trf("batch.done", {std::to_string(out->issued), std::to_string(out->printed),
                                                         std::to_string(out->skipped), std::to_string(out->failed),
                                                         out->files.empty() ? "—" : opts.output.string()});
                if (!list.empty() && out->issued > 0) {
                    std::ofstream csv(list, std::ios::binary | std::ios::trunc);
                    csv << certs::issued_csv(reg, actor, *out);
                    csv.close();
                    if (!csv) throw std::runtime_error("cannot write " + list.string());
                    summary += "\n" + trf("batch.list_written", {list.string()});
                }
                if (!printer.empty() && !out->files.empty() && !out->cancelled) {
                    job.progress(1.0f, printer);
                    const int id = certs::print_pdf(printer, out->files.front(), "Certificates " + certs::describe(filter));
                    summary += "\n" + trf("cert.printed", {printer, std::to_string(id)});
                }
                return summary;
            },
            [this, &app, title, out](const JobStatus& st) {
                if (st.cancelled) summary_ = trf("batch.cancelled", {std::to_string(out->issued)});
                else if (st.failed) summary_ = trf("job.failed", {title, st.message});
                else summary_ = st.message;
                result_ = *out;
                app.notify(summary_, st.failed || out->failed > 0);
                app.refresh_panels();
            });
    }

    static void problem(const std::string& text)
    {
        ImGui::PushStyleColor(ImGuiCol_Text, tone::error);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(("▲ " + text).c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }

    certs::BatchFilter filter_;
    std::vector<certs::PendingPass> pending_;
    std::string filter_error_, day_error_, from_, to_;
    ItemPicker items_;
    int item_ = -1, provider_ = -1, session_ = -1, layout_ = 0, printer_ = -1, example_ = 0, selected_ = -1;
    // The preview: the draft certificate and its page(s), laid out again when the person or the layout changes.
    std::optional<certs::Certificate> preview_cert_;
    certs::pdf::Document preview_doc_;
    std::string preview_error_;
    bool preview_stale_ = true, open_large_ = false;
    int preview_layout_ = -1, preview_generation_ = 0;
    std::vector<std::string> providers_, session_labels_, printer_labels_;
    std::vector<exam::Session> sessions_;
    std::vector<certs::PrinterInfo> printers_;
    bool printers_loaded_ = false, one_file_ = true, write_list_ = true, confirming_ = false;
    std::string output_dir_, file_name_, summary_;
    FilePicker picker_;
    std::optional<certs::BatchResult> result_;
};

} // namespace

std::unique_ptr<Panel> make_batch_panel() { return std::make_unique<BatchPanel>(); }

} // namespace sk::admin::gui
