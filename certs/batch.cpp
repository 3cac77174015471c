#include "certs/batch.hpp"

#include "content/formats/csv.hpp"
#include "content/storage/content_store.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace sk::certs {

using exam::Actor;
using exam::Operation;

std::string describe(const BatchFilter& f)
{
    std::vector<std::string> parts;
    if (!f.provider.empty()) parts.push_back("provider=" + f.provider);
    if (f.item_id) parts.push_back("item:" + std::to_string(*f.item_id));
    if (f.from || f.to) parts.push_back((f.from ? iso(*f.from) : std::string()) + ".." + (f.to ? iso(*f.to) : std::string()));
    if (!f.sessions.empty()) {
        std::string s = "sessions ";
        for (std::size_t i = 0; i < f.sessions.size(); ++i) s += (i ? "," : "") + std::to_string(f.sessions[i]);
        parts.push_back(s);
    }
    if (parts.empty()) return "all sessions";
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

std::vector<PendingPass> pending_passes(CertRegistry& registry, const Actor& actor, const BatchFilter& filter)
{
    exam::require(actor, Operation::IssueCertificates);
    if (filter.from && filter.to && *filter.to < *filter.from)
        throw CertError("考试日期范围有误：截止日期 " + iso(*filter.to) + " 早于起始日期 " + iso(*filter.from));
    auto& exam = registry.exam();
    const auto all_sessions = exam.sessions(actor);
    for (auto id : filter.sessions)
        if (std::none_of(all_sessions.begin(), all_sessions.end(), [&](const exam::Session& s) { return s.id == id; }))
            throw CertError("考试场次不存在（" + std::to_string(id) + "）");
    std::vector<exam::Session> chosen;
    for (const auto& s : all_sessions) {
        if (!filter.sessions.empty() &&
            std::find(filter.sessions.begin(), filter.sessions.end(), s.id) == filter.sessions.end())
            continue;
        if (filter.item_id && s.item_id != *filter.item_id) continue;
        const Date day = date_of_ms(s.starts_at_ms);
        if ((filter.from && day < *filter.from) || (filter.to && day > *filter.to)) continue;
        chosen.push_back(s);
    }
    std::stable_sort(chosen.begin(), chosen.end(),
                     [](const exam::Session& a, const exam::Session& b) { return a.starts_at_ms < b.starts_at_ms; });
    const auto catalogue = registry.catalogue();
    std::vector<PendingPass> out;
    std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> seen; // (candidate, item) -> index in out
    for (const auto& s : chosen) {
        const auto* item = catalogue.find(s.item_id);
        for (const auto& a : exam.attempts_of_session(actor, s.id)) {
            if (a.state != exam::AttemptState::Scored || !a.passed.value_or(false)) continue;
            auto cand = exam.candidate(actor, a.candidate_id);
            if (!cand) continue;
            if (!filter.provider.empty() && cand->provider != filter.provider) continue;
            PendingPass p;
            p.candidate_id = cand->id;
            p.name = cand->name;
            p.id_number = cand->id_number;
            p.provider = cand->provider;
            p.item_id = s.item_id;
            p.item = item ? item->name : std::to_string(s.item_id);
            p.session_id = s.id;
            p.exam_date = date_of_ms(s.starts_at_ms);
            p.ticket = a.ticket;
            p.has_photo = !cand->photo.empty();
            const auto key = std::pair{p.candidate_id, p.item_id};
            if (auto it = seen.find(key); it != seen.end()) {
                out[it->second] = std::move(p); // a later pass of the same person and item: the latest counts
                continue;
            }
            seen.emplace(key, out.size());
            out.push_back(std::move(p));
        }
    }
    for (auto& p : out) {
        p.reasons = registry.refusal_reasons(actor, p.candidate_id, p.item_id);
        if (!p.has_photo) p.reasons.push_back("没有登记照片（证书须贴照片）");
    }
    return out;
}

BatchResult issue_batch(CertRegistry& registry, const Signer& signer, const Actor& actor, const BatchFilter& filter,
                        const BatchOptions& options, const BatchProgress& progress)
{
    exam::require(actor, Operation::IssueCertificates);
    if (options.output.empty()) throw CertError("batch: no output file or folder given");
    const auto pending = pending_passes(registry, actor, filter);
    std::vector<BatchTarget> targets;
    for (const auto& p : pending) targets.push_back({p.candidate_id, p.item_id, p.session_id});
    BatchOptions opts = options;
    if (opts.title.empty()) opts.title = "Certificates: " + describe(filter);
    auto decide = [&](const BatchTarget& t, BatchEntry& e) -> std::optional<Certificate> {
        // Asked again now: another officer may have issued it, or a score changed, since the list was made.
        auto reasons = registry.refusal_reasons(actor, t.candidate_id, t.item_id);
        auto cand = registry.exam().candidate(actor, t.candidate_id);
        if (cand && cand->photo.empty()) reasons.push_back("没有登记照片（证书须贴照片）");
        if (!reasons.empty()) {
            for (const auto& r : reasons) e.skipped += (e.skipped.empty() ? "" : "；") + r;
            return std::nullopt;
        }
        auto cert = registry.issue(actor, t.candidate_id, t.item_id);
        e.issued_now = true;
        return cert;
    };
    auto result = render_batch(registry, signer, actor, targets, opts, decide, progress);
    registry.exam().record_audit(actor, "cert.batch", "batch", describe(filter) + ": " + batch_summary(result));
    return result;
}

std::string issued_csv(CertRegistry& registry, const Actor& actor, const BatchResult& result)
{
    using content::formats::csv_record;
    std::string out = "\xEF\xBB\xBF" + csv_record({"证书编号", "姓名", "身份证号", "培训机构", "作业类别", "操作项目",
                                                    "考试日期", "考试场次", "发证日期", "有效期至", "复审日期", "文件",
                                                    "备注"});
    auto& exam = registry.exam();
    for (const auto& e : result.entries) {
        if (!e.issued_now || !e.certificate_id) continue;
        const auto c = registry.certificate(*e.certificate_id);
        if (!c) continue;
        const auto cand = exam.candidate(actor, e.candidate_id);
        const auto session = exam.session(actor, e.session_id);
        out += csv_record({c->number, c->name, c->id_number, cand ? cand->provider : "", c->category, c->item,
                           session ? iso(date_of_ms(session->starts_at_ms)) : "", std::to_string(e.session_id),
                           iso(date_of_ms(c->issued_at_ms)), iso(c->valid_until),
                           c->review_due ? iso(*c->review_due) : "", e.file.string(),
                           e.failed.empty() ? "" : "未打印：" + e.failed});
    }
    return out;
}

} // namespace sk::certs
