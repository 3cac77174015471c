#include "certs/review_notice.hpp"

#include "certs/dates.hpp"
#include "certs/pdf/canvas.hpp"
#include "certs/verify_page.hpp"

#include <algorithm>

namespace sk::certs {

using namespace pdf;

std::vector<ReviewNotice> review_due(CertRegistry& registry, const exam::Actor& actor, int days)
{
    exam::require(actor, exam::Operation::ReadResults);
    if (days < 0) throw CertError("复审提醒天数不能为负数（" + std::to_string(days) + "）");
    const Date today = registry.today();
    std::vector<ReviewNotice> out;
    for (auto& c : registry.certificates(actor)) {
        if (!is_usable(registry.state(c))) continue;
        ReviewNotice n;
        n.renewal = !c.review_due;
        n.due = c.review_due ? *c.review_due : c.valid_until;
        n.days_left = days_between(today, n.due);
        if (n.days_left > days) continue;
        if (auto cand = registry.exam().candidate(actor, c.candidate_id)) n.employer = cand->employer;
        n.certificate = std::move(c);
        out.push_back(std::move(n));
    }
    std::stable_sort(out.begin(), out.end(), [](const ReviewNotice& a, const ReviewNotice& b) { return a.due < b.due; });
    return out;
}

namespace {

constexpr double kW = 595.28, kH = 841.89, kX0 = 72, kX1 = kW - 72;
constexpr Color kMuted{0.35, 0.35, 0.38};

// Width of a line in ems: CJK and full-width characters one em, ASCII half.
double ems(std::string_view s)
{
    double w = 0;
    for (unsigned char c : s) {
        if (c < 0x80) w += 0.5;
        else if ((c & 0xC0) != 0x80) w += 1.0;
    }
    return w;
}

// Breaks `text` into lines of at most `max_ems` (whole UTF-8 characters; CJK breaks anywhere).
std::vector<std::string> wrap(const std::string& text, double max_ems)
{
    std::vector<std::string> lines(1);
    double w = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = 1;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0xF0) n = 4;
        else if (c >= 0xE0) n = 3;
        else if (c >= 0xC0) n = 2;
        const std::string ch = text.substr(i, n);
        const double cw = ems(ch);
        if (w + cw > max_ems && !lines.back().empty()) {
            lines.emplace_back();
            w = 0;
        }
        lines.back() += ch;
        w += cw;
        i += n;
    }
    return lines;
}

void letter(Document& doc, const ReviewNotice& n, const std::string& authority, Date today)
{
    const Certificate& c = n.certificate;
    Page p;
    p.width = kW;
    p.height = kH;
    const std::string what = n.renewal ? "换证" : "复审";
    p.add(Text{kW / 2, 110, 20, "证书" + what + "通知", Align::Center, kBlack, true, 4});
    double y = 165;
    const double size = 12, lead = 22;
    const auto para = [&](const std::string& text, double indent_ems) {
        const double max = (kX1 - kX0) / size - indent_ems;
        bool first = true;
        for (const auto& line : wrap(text, max)) {
            p.add(Text{kX0 + (first ? indent_ems * size : 0), y, size, line});
            y += lead;
            first = false;
        }
        y += lead * 0.4;
    };
    para((n.employer.empty() ? "" : n.employer + " ") + c.name + "：", 0);
    para("您持有的" + c.category + "（" + c.item + "）证书，编号 " + masked_number(c.number) + "，" +
             (n.renewal ? "有效期至 " + zh(n.due) + "。请在有效期届满前申请换证"
                        : "应于 " + zh(n.due) + " 前进行复审。请在该日期前完成复审培训并申请复审") +
             "，逾期未办理的证书将失效，须重新参加考试。",
         2);
    para("办理时请携带：本人身份证件、原证书，以及" + std::string(n.renewal ? "换证" : "复审") +
             "培训学时证明；如有违章记录或事故，请如实说明。",
         2);
    // The certificate as registered.
    y += 6;
    p.add(Rect{kX0, y, kX1 - kX0, 5 * 20 + 12, std::nullopt, Color{0.6, 0.6, 0.62}, 0.6});
    y += 22;
    const auto row = [&](const std::string& k, const std::string& v) {
        p.add(Text{kX0 + 14, y, 11, k, Align::Left, kMuted});
        p.add(Text{kX0 + 110, y, 11, v});
        y += 20;
    };
    row("证书编号", masked_number(c.number));
    row("持证人", c.name + "（" + mask_id_number(c.id_number) + "）");
    row("作业类别 / 项目", c.category + " / " + c.item);
    row("初领日期", zh(c.first_issued));
    row(n.renewal ? "有效期至" : "复审日期", zh(n.due) + (n.days_left < 0 ? "（已逾期 " + std::to_string(-n.days_left) + " 天）"
                                                              : "（还有 " + std::to_string(n.days_left) + " 天）"));
    y += 50;
    p.add(Text{kX1, y, 12, authority, Align::Right});
    y += lead;
    p.add(Text{kX1, y, 12, zh(today), Align::Right});
    p.add(Text{kW / 2, kH - 50, 8.5, "本通知由 SafeKiosk 根据证书登记簿生成，证书状态以发证机关登记为准。", Align::Center, kMuted});
    doc.pages.push_back(std::move(p));
}

} // namespace

std::vector<unsigned char> review_notices_pdf(const std::vector<ReviewNotice>& notices, const std::string& authority,
                                              Date today)
{
    if (notices.empty()) throw CertError("没有需要发送复审通知的证书");
    Document doc;
    doc.title = "Review notices " + iso(today);
    for (const auto& n : notices) letter(doc, n, authority, today);
    return render(doc);
}

} // namespace sk::certs
