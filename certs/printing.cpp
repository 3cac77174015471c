#include "certs/printing.hpp"

#include "certs/demo_photo.hpp"
#include "certs/verify_url.hpp"
#include "content/storage/content_store.hpp"
#include "exam/idnumber.hpp"

#include <cups/cups.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace sk::certs {

using exam::Actor;
using exam::Operation;

namespace {

std::string hhmm_cst(std::int64_t ms)
{
    const std::int64_t minutes = ((ms / 60000 + 8 * 60) % (24 * 60) + 24 * 60) % (24 * 60);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
    return buf;
}

std::pair<std::string, std::string> item_names(CertRegistry& registry, std::int64_t item_id)
{
    const auto cat = registry.catalogue();
    const auto* item = cat.find(item_id);
    if (!item) return {"", ""};
    return {item->category, item->name};
}

std::string file_name(const Certificate& c) { return c.number + "-" + std::to_string(c.item_id) + ".pdf"; }

} // namespace

std::vector<unsigned char> certificate_pdf(CertRegistry& registry, const Signer& signer, const Actor& actor,
                                           std::int64_t certificate_id, Layout layout, std::optional<int> version)
{
    exam::require(actor, Operation::IssueCertificates);
    auto current = registry.certificate(certificate_id);
    if (!current) throw CertError("证书不存在（编号 " + std::to_string(certificate_id) + "）");
    // A card of a revoked or suspended certificate would verify as valid wherever no one asks the registry.
    if (current->admin_state == AdminState::Revoked)
        throw CertError("证书 " + current->number + " 已于" + (current->state_date ? iso(*current->state_date) : "") +
                        "吊销（" + current->state_reason + "），不能打印");
    if (current->admin_state == AdminState::Suspended)
        throw CertError("证书 " + current->number + " 暂扣中（" + current->state_reason + "），发还前不能打印");
    Certificate c = *current;
    CertMarks marks;
    marks.key_id = signer.public_key().key_id();
    if (version && *version != current->version) {
        auto v = registry.version(actor, certificate_id, *version);
        if (!v) throw CertError("证书 " + current->number + " 没有第" + std::to_string(*version) + "版");
        if (v->revoked_on)
            throw CertError("证书 " + current->number + " 第" + std::to_string(*version) + "版已随证书于" +
                            iso(*v->revoked_on) + "吊销（" + v->revoked_reason + "），不能打印");
        c = v->record;
        marks.note = "补打存档 · 第" + std::to_string(*version) + "版（已作废）";
    }
    pdf::Document doc;
    doc.title = "Certificate " + c.number;
    add_certificate(doc, c, registry.qr_text(c, signer), layout, marks);
    auto bytes = pdf::render(doc);
    registry.exam().record_audit(actor, "cert.print", "certificate:" + std::to_string(certificate_id),
                                 c.number + " v" + std::to_string(c.version) + " " + std::string(to_string(layout)));
    return bytes;
}

BatchResult render_batch(CertRegistry& registry, const Signer& signer, const Actor& actor,
                         const std::vector<BatchTarget>& targets, const BatchOptions& options,
                         const BatchDecision& decide, const BatchProgress& progress)
{
    exam::require(actor, Operation::IssueCertificates);
    if (options.output.empty()) throw CertError("batch: no output file or folder given");
    auto& exam = registry.exam();
    BatchResult result;
    pdf::Document all;
    all.title = options.title.empty() ? std::string("Certificates") : options.title;
    std::vector<std::pair<std::size_t, std::vector<unsigned char>>> single; // entry index, rendered PDF
    struct Pages {
        std::size_t entry, first, end; // the entry's pages in `all`: [first, end)
    };
    std::vector<Pages> pages_of;
    CertMarks marks;
    marks.key_id = signer.public_key().key_id();
    // Certificates issued here are committed in groups, not one transaction each: a commit waits for the disk (the
    // database's fsync, then the audit head's), which was most of a 500-certificate batch's time. A group ends after
    // kGroupTime (so a kiosk writing to the same SQLite file waits at most about that long) or kGroupSize
    // certificates, and at the end, on Cancel or on an error. Each certificate is issued under a savepoint
    // (CertRegistry::issue), so one that fails undoes itself only. A failure that ends the group's transaction
    // itself (SQLite rolls back on a full disk or an I/O error) stops the batch: what earlier groups issued stays
    // issued and audited, nothing of the failed group is.
    constexpr auto kGroupTime = std::chrono::milliseconds(100);
    constexpr int kGroupSize = 200;
    auto& db = registry.database();
    std::optional<storage::Transaction> group;
    auto group_started = std::chrono::steady_clock::now();
    int in_group = 0;
    auto end_group = [&] {
        if (group) group->commit();
        group.reset();
        in_group = 0;
    };
    int done = 0;
    for (const auto& t : targets) {
        if (options.stop && options.stop()) {
            result.cancelled = true;
            break;
        }
        if (!group && !db.in_transaction()) {
            group.emplace(db);
            group_started = std::chrono::steady_clock::now();
        }
        BatchEntry e;
        e.candidate_id = t.candidate_id;
        e.item_id = t.item_id;
        e.session_id = t.session_id;
        auto cand = exam.candidate(actor, t.candidate_id);
        e.name = cand ? cand->name : "";
        e.id_number = cand ? cand->id_number : "";
        std::optional<Certificate> cert;
        // One record that cannot be issued (refused, or an error while issuing) is reported and the rest go on.
        try {
            cert = decide(t, e);
        } catch (const std::exception& ex) {
            e.failed = ex.what();
            if (group && !db.in_transaction()) {
                group.reset(); // SQLite rolled it back: nothing of this group was issued
                throw storage::StorageError(std::string("证书批量签发中断：") + ex.what() + "（本组签发已撤销；此前已签发 " +
                                            std::to_string(result.issued - in_group) + " 张）");
            }
        }
        if (e.issued_now) ++in_group;
        if (e.issued_now) ++result.issued;
        if (cert) {
            e.certificate_id = cert->id;
            // A file each: rendered here, so one record that cannot be printed is reported and the rest printed.
            // One file: laid out here and rendered together at the end (see below).
            try {
                const auto payload = registry.qr_text(*cert, signer);
                if (options.one_file) {
                    const std::size_t first = all.pages.size();
                    add_certificate(all, *cert, payload, options.layout, marks);
                    pages_of.push_back({result.entries.size(), first, all.pages.size()});
                    e.file = options.output;
                } else {
                    pdf::Document one;
                    one.title = "Certificate " + cert->number;
                    add_certificate(one, *cert, payload, options.layout, marks);
                    e.file = options.output / file_name(*cert);
                    single.emplace_back(result.entries.size(), pdf::render(one));
                }
                ++result.printed;
            } catch (const std::exception& ex) {
                e.failed = ex.what();
                e.file.clear();
                ++result.failed;
            }
        } else if (!e.failed.empty()) {
            ++result.failed;
        } else {
            ++result.skipped;
        }
        result.entries.push_back(e);
        if (group && (in_group >= kGroupSize || std::chrono::steady_clock::now() - group_started >= kGroupTime))
            end_group();
        if (progress) progress(++done, static_cast<int>(targets.size()), result.entries.back());
    }
    end_group();
    if (result.cancelled) {
        // nothing written
    } else if (options.one_file) {
        if (!all.pages.empty()) {
            // Rendered once for the whole batch. Only when that fails (a record the renderer refuses: a character
            // the font lacks, a broken photo) is each certificate rendered alone, to report the ones that cannot be
            // printed and print the rest.
            try {
                pdf::Document attempt = all;
                pdf::render_to_file(std::move(attempt), options.output);
            } catch (const pdf::RenderError&) {
                pdf::Document printable;
                printable.title = all.title;
                for (const auto& p : pages_of) {
                    pdf::Document one;
                    one.title = all.title;
                    one.pages.assign(all.pages.begin() + static_cast<std::ptrdiff_t>(p.first),
                                     all.pages.begin() + static_cast<std::ptrdiff_t>(p.end));
                    try {
                        (void)pdf::render(one);
                        for (auto& page : one.pages) printable.pages.push_back(std::move(page));
                    } catch (const std::exception& ex) {
                        BatchEntry& e = result.entries[p.entry];
                        e.failed = ex.what();
                        e.file.clear();
                        --result.printed;
                        ++result.failed;
                    }
                }
                if (!printable.pages.empty()) pdf::render_to_file(std::move(printable), options.output);
            }
            if (result.printed > 0) result.files.push_back(options.output);
        }
    } else {
        std::filesystem::create_directories(options.output);
        for (auto& [index, bytes] : single) {
            pdf::write_file(result.entries[index].file, bytes);
            result.files.push_back(result.entries[index].file);
        }
    }
    return result;
}

std::string batch_summary(const BatchResult& result)
{
    return std::to_string(result.issued) + " issued, " + std::to_string(result.printed) + " printed, " +
           std::to_string(result.skipped) + " skipped" +
           (result.failed ? ", " + std::to_string(result.failed) + " failed" : "") +
           (result.cancelled ? ", cancelled" : "");
}

BatchResult issue_session(CertRegistry& registry, const Signer& signer, const Actor& actor, std::int64_t session_id,
                          const BatchOptions& options, const BatchProgress& progress)
{
    exam::require(actor, Operation::IssueCertificates);
    auto& exam = registry.exam();
    auto session = exam.session(actor, session_id);
    if (!session) throw CertError("考试场次不存在（" + std::to_string(session_id) + "）");
    if (options.output.empty()) throw CertError("batch: no output file or folder given");
    std::vector<BatchTarget> targets;
    for (const auto& a : exam.attempts_of_session(actor, session_id))
        targets.push_back({a.candidate_id, session->item_id, session_id});
    BatchOptions opts = options;
    if (opts.title.empty()) opts.title = "Certificates of session " + std::to_string(session_id);
    // A certificate the candidate already holds is printed again; otherwise issued when they passed.
    auto decide = [&](const BatchTarget& t, BatchEntry& e) -> std::optional<Certificate> {
        auto cand = exam.candidate(actor, t.candidate_id);
        std::optional<Certificate> cert;
        if (cand && registry.holds_valid(cand->id_number, t.item_id)) {
            for (auto& c : registry.certificates_of_holder(actor, cand->id_number))
                if (c.item_id == t.item_id) cert = std::move(c);
            return cert;
        }
        const auto reasons = registry.refusal_reasons(actor, t.candidate_id, t.item_id);
        if (!reasons.empty()) {
            for (const auto& r : reasons) e.skipped += (e.skipped.empty() ? "" : "；") + r;
            return cert;
        }
        cert = registry.issue(actor, t.candidate_id, t.item_id);
        e.issued_now = true;
        return cert;
    };
    auto result = render_batch(registry, signer, actor, targets, opts, decide, progress);
    registry.exam().record_audit(actor, "cert.batch", "session:" + std::to_string(session_id),
                                 std::to_string(result.issued) + " issued, " + std::to_string(result.printed) +
                                     " printed, " + std::to_string(result.skipped) + " skipped" +
                                     (result.failed ? ", " + std::to_string(result.failed) + " not printable" : "") +
                                     (result.cancelled ? ", cancelled" : ""));
    return result;
}

Certificate specimen_certificate(Date today, CertTrack track)
{
    const std::string first17 = "11010519900307123";
    Certificate c;
    c.track = track;
    c.id_number = first17 + exam::id_check_character(first17);
    c.name = "王小明";
    c.sex = "男";
    c.photo = demo_photo_jpeg(0);
    CertPolicy policy;
    c.authority = policy.authority;
    const Date issued = add_years(today, -3);
    c.first_issued = issued;
    c.valid_from = issued;
    c.review_base = issued;
    if (track == CertTrack::Special) {
        c.number = special_number(c.id_number);
        c.category = "电工作业";
        c.item = "低压电工作业";
        c.valid_until = add_years(issued, policy.special_valid_years);
        c.review_interval_years = policy.special_review_years;
        const Date first_due = add_years(issued, policy.special_review_years);
        Review r;
        r.date = add_days(first_due, -21);
        r.due = first_due;
        r.class_hours = 8;
        r.passed = true;
        c.reviews.push_back(r);
        c.review_base = first_due;
        c.review_due = std::min(add_years(first_due, c.review_interval_years), c.valid_until);
    } else {
        c.number = manager_number(static_cast<int>(issued.year()), 1);
        c.category = "一般行业";
        c.item = "安全生产管理人员";
        c.valid_until = add_years(issued, policy.manager_valid_years);
        c.review_interval_years = policy.manager_valid_years;
    }
    c.theory_score = 92;
    return c;
}

namespace {
std::string specimen_payload(const Certificate& c, const Signer& signer)
{
    QrFields f;
    f.key_id = signer.public_key().key_id();
    f.number = c.number;
    f.item_id = 0;
    f.first_issued = c.first_issued;
    f.valid_until = c.valid_until;
    f.review_due = c.review_due;
    f.specimen = true;
    f.name = c.name;
    f.item = c.item;
    return make_payload(f, signer);
}
} // namespace

std::vector<unsigned char> specimen_pdf(const Signer& signer, Date today, Layout layout, CertTrack track)
{
    const auto c = specimen_certificate(today, track);
    pdf::Document doc;
    doc.title = "Specimen certificate";
    CertMarks marks;
    marks.specimen = true;
    marks.key_id = signer.public_key().key_id();
    add_certificate(doc, c, specimen_payload(c, signer), layout, marks);
    return pdf::render(doc);
}

void write_specimen(const std::filesystem::path& out, const Signer& signer, Date today, std::string_view base_url)
{
    const auto c = specimen_certificate(today, CertTrack::Special);
    const auto payload = qr_text(specimen_payload(c, signer), base_url);
    pdf::Document doc;
    doc.title = "Specimen certificate";
    CertMarks marks;
    marks.specimen = true;
    marks.key_id = signer.public_key().key_id();
    add_certificate(doc, c, payload, Layout::A4Landscape, marks);
    add_certificate(doc, c, payload, Layout::Card, marks);
    pdf::write_file(out, pdf::render(doc));
}

ScoreReport score_report(CertRegistry& registry, const Actor& actor, std::int64_t attempt_id)
{
    exam::require(actor, Operation::ReadResults);
    auto& exam = registry.exam();
    const auto view = exam.view(attempt_id);
    const auto score = exam.result(attempt_id); // refuses an attempt without a result
    ScoreReport r;
    r.name = view.candidate.name;
    r.sex = view.candidate.sex;
    r.id_number = view.candidate.id_number;
    r.ticket = view.attempt.ticket;
    std::tie(r.category, r.item) = item_names(registry, view.session.item_id);
    r.kind = view.blueprint.kind == exam::ExamKind::Initial ? "初训考试" : "复审考试";
    r.attempt_no = view.attempt.attempt_no;
    r.exam_date = date_of_ms(view.session.starts_at_ms);
    r.time = hhmm_cst(view.session.starts_at_ms) + "–" + hhmm_cst(view.session.ends_at_ms);
    r.room = view.session.room;
    r.kiosk = view.attempt.kiosk;
    r.points = score.points;
    r.max_points = score.max_points;
    r.pass_mark = view.blueprint.pass_mark;
    r.passed = score.passed;
    r.questions = view.blueprint.question_count();
    r.answered = score.answered;
    r.correct = score.correct;
    r.chapters = score.chapters;
    const auto scores =
        exam.practical_scores(actor, view.candidate.id, view.session.item_id, view.attempt.training_cycle);
    for (const auto& s : view.blueprint.practical) {
        ScoreReport::Subject sub{s.code, s.name, std::nullopt, s.max_points};
        for (const auto& p : scores)
            if (p.subject == s.code) sub.score = p.score; // the latest entry counts
        r.practical.push_back(sub);
    }
    r.practical_pass_mark = view.blueprint.practical_pass_mark;
    r.authority = registry.policy().authority;
    r.printed_on = registry.today();
    return r;
}

std::vector<unsigned char> score_report_pdf(CertRegistry& registry, const Actor& actor, std::int64_t attempt_id)
{
    const auto r = score_report(registry, actor, attempt_id);
    pdf::Document doc;
    doc.title = "Score report " + r.ticket;
    add_score_report(doc, r);
    return pdf::render(doc);
}

AdmissionTicket admission_ticket(CertRegistry& registry, const Actor& actor, std::int64_t attempt_id)
{
    exam::require(actor, Operation::ManageSessions);
    const auto view = registry.exam().view(attempt_id);
    AdmissionTicket t;
    t.name = view.candidate.name;
    t.sex = view.candidate.sex;
    t.id_number = view.candidate.id_number;
    t.ticket = view.attempt.ticket;
    std::tie(t.category, t.item) = item_names(registry, view.session.item_id);
    t.kind = view.blueprint.kind == exam::ExamKind::Initial ? "初训" : "复审";
    t.photo = view.candidate.photo;
    t.date = date_of_ms(view.session.starts_at_ms);
    t.start_time = hhmm_cst(view.session.starts_at_ms);
    t.end_time = hhmm_cst(view.session.ends_at_ms);
    t.duration_minutes = view.blueprint.duration_minutes;
    t.room = view.session.room;
    t.kiosk = view.attempt.kiosk;
    t.authority = registry.policy().authority;
    return t;
}

std::vector<unsigned char> admission_ticket_pdf(CertRegistry& registry, const Actor& actor, std::int64_t attempt_id)
{
    const auto t = admission_ticket(registry, actor, attempt_id);
    pdf::Document doc;
    doc.title = "Admission ticket " + t.ticket;
    add_admission_ticket(doc, t);
    return pdf::render(doc);
}

std::vector<PrinterInfo> printers()
{
    cups_dest_t* dests = nullptr;
    const int n = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
    std::vector<PrinterInfo> out;
    for (int i = 0; i < n; ++i) {
        if (dests[i].instance) continue; // lpoptions instances print on the same queue
        const char* info = cupsGetOption("printer-info", dests[i].num_options, dests[i].options);
        out.push_back({dests[i].name, info ? info : "", dests[i].is_default != 0});
    }
    cupsFreeDests(n, dests);
    std::sort(out.begin(), out.end(), [](const PrinterInfo& a, const PrinterInfo& b) {
        return a.is_default != b.is_default ? a.is_default : a.name < b.name;
    });
    return out;
}

int print_pdf(const std::string& printer, const std::filesystem::path& pdf, const std::string& title,
              const PrintOptions& options)
{
    if (!std::filesystem::is_regular_file(pdf)) throw PrintError(pdf.string() + ": no such file to print");
    if (options.copies < 1 || options.copies > 99) throw PrintError("copies must be 1 to 99");
    std::ifstream in(pdf, std::ios::binary);
    std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.size() < 5 || std::string(data.data(), 5) != "%PDF-") throw PrintError(pdf.string() + ": not a PDF file");
    // A printer name CUPS does not know (or no CUPS at all) is said plainly, not as a refused job.
    if (cups_dest_t* dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, printer.c_str(), nullptr)) cupsFreeDests(1, dest);
    else throw PrintError("打印机 " + printer + " 不存在（unknown printer; `lpstat -p` lists the printers）");
    cups_option_t* opts = nullptr;
    int n = cupsAddOption("copies", std::to_string(options.copies).c_str(), 0, &opts);
    const char* format = options.actual_size ? "application/vnd.cups-pdf" : CUPS_FORMAT_PDF;
    const int job = cupsCreateJob(CUPS_HTTP_DEFAULT, printer.c_str(), title.c_str(), n, opts);
    cupsFreeOptions(n, opts);
    if (job == 0) throw PrintError("打印机 " + printer + " 拒绝了打印任务：" + cupsLastErrorString());
    bool ok = cupsStartDocument(CUPS_HTTP_DEFAULT, printer.c_str(), job, pdf.filename().c_str(), format, 1) ==
              HTTP_STATUS_CONTINUE;
    ok = ok && cupsWriteRequestData(CUPS_HTTP_DEFAULT, data.data(), data.size()) == HTTP_STATUS_CONTINUE;
    const ipp_status_t finished = cupsFinishDocument(CUPS_HTTP_DEFAULT, printer.c_str());
    if (!ok || finished > IPP_STATUS_OK_CONFLICTING) {
        const std::string why = cupsLastErrorString();
        cupsCancelJob2(CUPS_HTTP_DEFAULT, printer.c_str(), job, 0);
        throw PrintError("打印机 " + printer + " 未能接收打印任务：" + why);
    }
    return job;
}

} // namespace sk::certs
