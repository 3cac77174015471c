#include "certs/quality_report_pdf.hpp"

#include "certs/pdf/canvas.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace sk::certs {

using namespace pdf;

namespace {

constexpr double kW = 595.28, kH = 841.89;
constexpr double kX0 = 50, kX1 = kW - 50;
constexpr double kTop = 72, kBottom = kH - 60;
constexpr Color kInk{0.10, 0.10, 0.13};
constexpr Color kAccent{0.07, 0.24, 0.47};
constexpr Color kBar{0.22, 0.45, 0.72};
constexpr Color kMuted{0.40, 0.42, 0.47};
constexpr Color kRule{0.75, 0.78, 0.83};
constexpr Color kShade{0.91, 0.94, 0.975};
constexpr Color kTrack{0.94, 0.94, 0.95};
constexpr Color kRed{0.80, 0.10, 0.10};
constexpr Color kRedShade{0.99, 0.92, 0.92};

std::string printf_text(const char* format, double v)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// "60.0%", or "-" when nobody sat.
std::string percent(int n, int d)
{
    auto r = exam::PassRateRow::rate(n, d);
    return r ? printf_text("%.1f%%", 100 * *r) : "-";
}
std::string fraction(int n, int d) { return "（" + std::to_string(n) + "/" + std::to_string(d) + "）"; }
std::string fixed3(const std::optional<double>& v) { return v ? printf_text("%.3f", *v) : "-"; }

std::string flag_zh(const std::string& flag)
{
    if (flag == "facility-low") return "过难（通过率低于0.2）";
    if (flag == "facility-high") return "过易（通过率高于0.95）";
    if (flag == "discrimination-low") return "区分度低于0.1";
    return flag;
}

// A text cut to `width` points with "…" at the end when it is longer.
std::string clip(const FontFace& f, const std::string& text, double size, double width)
{
    if (f.width(text, size) <= width) return text;
    std::string out;
    for (const auto& ch : characters(text)) {
        if (f.width(out + ch + "…", size) > width) break;
        out += ch == "\n" ? " " : ch;
    }
    return out + "…";
}

// Pages with a running head and a y cursor; a block that does not fit on the page starts the next one.
class Writer {
public:
    Writer(const FontFace& f, std::string head) : f_(f), head_(std::move(head)) { new_page(); }

    const FontFace& font() const { return f_; }
    Page& page() { return doc_.pages.back(); }
    double y = kTop;

    void new_page()
    {
        Page p;
        p.width = kW;
        p.height = kH;
        p.add(Text{kX0, 40, 8.5, head_, Align::Left, kMuted});
        p.add(Line{kX0, 46, kX1, 46, 0.5, kRule});
        doc_.pages.push_back(std::move(p));
        y = kTop;
    }
    // Makes room for `height` points below the cursor.
    void need(double height)
    {
        if (y + height > kBottom) new_page();
    }
    void heading(const std::string& text, double space_after)
    {
        need(30 + space_after);
        y += 18;
        page().add(Text{kX0, y, 13, text, Align::Left, kAccent, true});
        y += 8;
        page().add(Line{kX0, y, kX1, y, 0.8, kAccent});
        y += 6;
    }
    void note(const std::string& text, double size = 9)
    {
        need(size + 6);
        y += size + 4;
        page().add(Text{kX0, y, size, clip(f_, text, size, kX1 - kX0), Align::Left, kMuted});
    }

    Document finish(const std::string& title)
    {
        const int n = static_cast<int>(doc_.pages.size());
        for (int i = 0; i < n; ++i)
            doc_.pages[static_cast<std::size_t>(i)].add(
                Text{kW / 2, kH - 30, 8.5, "第 " + std::to_string(i + 1) + " 页，共 " + std::to_string(n) + " 页",
                     Align::Center, kMuted});
        doc_.title = title;
        return std::move(doc_);
    }

private:
    const FontFace& f_;
    std::string head_;
    Document doc_;
};

struct Bar {
    std::string label;
    double value = 0;      // 0 … 1
    std::string shown;     // printed after the bar
    bool warn = false;     // drawn red
};

// Horizontal bars from 0 to 100 %, labels on the left, values on the right, grid lines every 20 %.
void bar_chart(Writer& w, const std::vector<Bar>& bars, const std::string& empty_note)
{
    const FontFace& f = w.font();
    if (bars.empty()) {
        w.note(empty_note, 10);
        w.y += 6;
        return;
    }
    const double label_w = 150, value_w = 112;
    const double bx0 = kX0 + label_w + 8, bx1 = kX1 - value_w;
    const double row = 20;
    auto axis = [&](double y_top) {
        for (int i = 0; i <= 5; ++i) {
            const double x = bx0 + (bx1 - bx0) * i / 5.0;
            w.page().add(Text{x, y_top - 3, 7.5, std::to_string(i * 20) + "%", Align::Center, kMuted});
        }
    };
    std::size_t i = 0;
    while (i < bars.size()) {
        w.need(row * 2 + 14);
        const double top = w.y + 14;
        axis(top);
        double y = top;
        const double grid_top = top;
        while (i < bars.size() && y + row <= kBottom) {
            const Bar& b = bars[i];
            const double v = std::clamp(b.value, 0.0, 1.0);
            w.page().add(Text{kX0 + label_w, y + 13.5, 9.5, clip(f, b.label, 9.5, label_w), Align::Right, kInk});
            w.page().add(Rect{bx0, y + 4, bx1 - bx0, row - 8, kTrack, std::nullopt, 0});
            if (v > 0) w.page().add(Rect{bx0, y + 4, (bx1 - bx0) * v, row - 8, b.warn ? kRed : kBar, std::nullopt, 0});
            w.page().add(Text{bx1 + 6, y + 13.5, 9, b.shown, Align::Left, b.warn ? kRed : kInk});
            y += row;
            ++i;
        }
        for (int g = 0; g <= 5; ++g) {
            const double x = bx0 + (bx1 - bx0) * g / 5.0;
            w.page().add(Line{x, grid_top, x, y, g == 0 ? 0.8 : 0.3, g == 0 ? kMuted : kRule});
        }
        w.y = y + 6;
    }
}

// A table: column edges, a header row, then rows of cells (each clipped to its column).
struct Column {
    std::string head;
    double width;
    Align align = Align::Left;
};

void table(Writer& w, const std::vector<Column>& cols, const std::vector<std::vector<std::string>>& rows,
           const std::vector<bool>& warn = {}, const std::vector<std::string>& second_lines = {})
{
    const FontFace& f = w.font();
    const double row = second_lines.empty() ? 19 : 31;
    auto header = [&] {
        w.page().add(Rect{kX0, w.y, kX1 - kX0, 19, kShade, std::nullopt, 0});
        double x = kX0;
        for (const auto& c : cols) {
            const double tx = c.align == Align::Left ? x + 4 : c.align == Align::Right ? x + c.width - 4 : x + c.width / 2;
            w.page().add(Text{tx, w.y + 13, 9, c.head, c.align, kAccent, true});
            x += c.width;
        }
        w.y += 19;
    };
    w.need(19 + row);
    header();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (w.y + row > kBottom) {
            w.new_page();
            header();
        }
        const bool red = r < warn.size() && warn[r];
        double x = kX0;
        for (std::size_t c = 0; c < cols.size() && c < rows[r].size(); ++c) {
            const Column& col = cols[c];
            const double tx = col.align == Align::Left ? x + 4 : col.align == Align::Right ? x + col.width - 4
                                                                                        : x + col.width / 2;
            w.page().add(Text{tx, w.y + 13, 9, clip(f, rows[r][c], 9, col.width - 8), col.align,
                              red && c + 1 == cols.size() ? kRed : kInk});
            x += col.width;
        }
        if (r < second_lines.size() && !second_lines[r].empty())
            w.page().add(Text{kX0 + 4, w.y + 26, 8, clip(f, second_lines[r], 8, kX1 - kX0 - 8), Align::Left, kMuted});
        w.y += row;
        w.page().add(Line{kX0, w.y, kX1, w.y, 0.3, kRule});
    }
    w.y += 4;
}

// Facility (x, 0 … 1) against discrimination (y, −1 … 1); the flag regions shaded, flagged questions red and named,
// questions too few examinees had (not judged) as hollow grey rings.
void scatter(Writer& w, const exam::ItemAnalysis& a)
{
    const double height = 250;
    w.need(height + 40);
    Page& p = w.page();
    const double left = kX0 + 46, right = kX1 - 20, top = w.y + 12, bottom = top + height;
    auto px = [&](double facility) { return left + (right - left) * std::clamp(facility, 0.0, 1.0); };
    auto py = [&](double d) { return bottom - (bottom - top) * (std::clamp(d, -1.0, 1.0) + 1) / 2; };
    // Flag regions: facility < 0.2, facility > 0.95, discrimination < 0.1.
    p.add(Rect{left, py(exam::kDiscriminationLow), right - left, bottom - py(exam::kDiscriminationLow), kRedShade,
               std::nullopt, 0});
    p.add(Rect{left, top, px(exam::kFacilityLow) - left, bottom - top, kRedShade, std::nullopt, 0});
    p.add(Rect{px(exam::kFacilityHigh), top, right - px(exam::kFacilityHigh), bottom - top, kRedShade, std::nullopt, 0});
    for (int i = 0; i <= 10; ++i) {
        const double x = px(i / 10.0);
        p.add(Line{x, top, x, bottom, 0.3, kRule});
        if (i % 2 == 0) p.add(Text{x, bottom + 12, 8, printf_text("%.1f", i / 10.0), Align::Center, kMuted});
    }
    for (int i = -4; i <= 4; ++i) {
        const double y = py(i / 4.0);
        p.add(Line{left, y, right, y, i == 0 ? 0.8 : 0.3, i == 0 ? kMuted : kRule});
        if (i % 2 == 0) p.add(Text{left - 5, y + 3, 8, printf_text("%.1f", i / 4.0), Align::Right, kMuted});
    }
    p.add(Rect{left, top, right - left, bottom - top, std::nullopt, kMuted, 0.6});
    p.add(Text{(left + right) / 2, bottom + 26, 9, "难度系数（通过率）", Align::Center, kInk});
    p.add(Text{kX0 + 8, (top + bottom) / 2, 9, "区分度", Align::Center, kInk, false, 0, 90});
    int drawn = 0;
    for (const auto& q : a.questions) {
        if (!q.facility || !q.discrimination) continue;
        const bool flagged = !q.flags.empty();
        const double x = px(*q.facility), y = py(*q.discrimination);
        if (!q.judged) p.add(Circle{x, y, 2.8, kWhite, kMuted, 0.8});
        else p.add(Circle{x, y, 3.2, flagged ? kRed : kBar, kWhite, 0.6});
        if (flagged) {
            // Labels go inwards so they never leave the plot.
            const bool to_left = x > (left + right) / 2;
            p.add(Text{to_left ? x - 5 : x + 5, y - 4, 7, q.uid, to_left ? Align::Right : Align::Left, kRed});
        }
        ++drawn;
    }
    w.y = bottom + 34;
    if (drawn == 0) w.note("没有可计算区分度的试题（考生少于2人）。");
}

} // namespace

std::vector<unsigned char> quality_report_pdf(const QualityReport& r)
{
    const FontFace& f = FontFace::standard();
    Writer w(f, r.title + "　" + r.scope);

    // Title and summary.
    Page& first = w.page();
    first.add(Text{kW / 2, 98, 20, r.title, Align::Center, kAccent, true, 2});
    first.add(Text{kW / 2, 122, 10, "统计范围：" + r.scope, Align::Center, kMuted});
    first.add(Text{kW / 2, 138, 10, "打印日期：" + r.printed_on, Align::Center, kMuted});
    w.y = 150;

    int sat = 0, passed = 0, first_sat = 0, first_passed = 0, retake_sat = 0, retake_passed = 0, cancelled = 0;
    std::map<std::string, exam::PassRateRow> by_provider, by_item;
    for (const auto& row : r.pass_rates) {
        sat += row.sat;
        passed += row.passed;
        first_sat += row.first_sat;
        first_passed += row.first_passed;
        retake_sat += row.retake_sat;
        retake_passed += row.retake_passed;
        cancelled += row.cancelled;
        for (auto* m : {&by_provider, &by_item}) {
            auto& agg = (*m)[m == &by_provider ? (row.provider.empty() ? "（无培训机构）" : row.provider)
                                               : row.category + " / " + row.item];
            agg.sat += row.sat;
            agg.passed += row.passed;
            agg.first_sat += row.first_sat;
            agg.first_passed += row.first_passed;
            agg.retake_sat += row.retake_sat;
            agg.retake_passed += row.retake_passed;
        }
    }
    {
        // Four boxes: sat, pass rate, first attempts, retakes.
        const double box_w = (kX1 - kX0 - 3 * 10) / 4, top = w.y + 6;
        const std::pair<std::string, std::string> boxes[] = {
            {"参考人次", std::to_string(sat) + (cancelled ? "（另取消" + std::to_string(cancelled) + "）" : "")},
            {"合格率", percent(passed, sat) + fraction(passed, sat)},
            {"初考合格率", percent(first_passed, first_sat) + fraction(first_passed, first_sat)},
            {"补考合格率", percent(retake_passed, retake_sat) + fraction(retake_passed, retake_sat)}};
        for (int i = 0; i < 4; ++i) {
            const double x = kX0 + i * (box_w + 10);
            w.page().add(Rect{x, top, box_w, 50, kShade, std::nullopt, 0});
            w.page().add(Text{x + box_w / 2, top + 17, 9, boxes[i].first, Align::Center, kMuted});
            const double size = std::min(13.0, 13.0 * (box_w - 10) / std::max(1.0, f.width(boxes[i].second, 13)));
            w.page().add(Text{x + box_w / 2, top + 38, size, boxes[i].second, Align::Center, kAccent, true});
        }
        w.y = top + 56;
    }

    auto rate_bars = [](const std::map<std::string, exam::PassRateRow>& m) {
        std::vector<Bar> bars;
        for (const auto& [label, row] : m) {
            if (row.sat == 0) continue;
            bars.push_back({label, static_cast<double>(row.passed) / row.sat, percent(row.passed, row.sat) +
                                                                                   fraction(row.passed, row.sat),
                            false});
        }
        return bars;
    };
    w.heading("一、各培训机构合格率", 60);
    bar_chart(w, rate_bars(by_provider), "统计范围内没有已评分的考试。");
    w.heading("二、各操作项目合格率", 60);
    bar_chart(w, rate_bars(by_item), "统计范围内没有已评分的考试。");

    w.heading("三、合格率明细（初考与补考分列）", 60);
    {
        std::vector<std::vector<std::string>> rows;
        for (const auto& row : r.pass_rates)
            rows.push_back({row.provider.empty() ? "（无）" : row.provider, row.category + " / " + row.item,
                            std::to_string(row.sat), std::to_string(row.passed), percent(row.passed, row.sat),
                            percent(row.first_passed, row.first_sat) + fraction(row.first_passed, row.first_sat),
                            percent(row.retake_passed, row.retake_sat) + fraction(row.retake_passed, row.retake_sat),
                            std::to_string(row.cancelled)});
        if (rows.empty()) w.note("统计范围内没有已评分的考试。", 10);
        else
            table(w,
                  {{"培训机构", 80}, {"作业类别 / 操作项目", 108}, {"参考", 30, Align::Right}, {"合格", 30, Align::Right},
                   {"合格率", 46, Align::Right}, {"初考合格率", 88, Align::Right}, {"补考合格率", 88, Align::Right},
                   {"取消", 25, Align::Right}},
                  rows);
    }

    w.heading("四、各章节平均得分率", 60);
    {
        std::vector<Bar> bars;
        std::set<std::int64_t> items;
        for (const auto& c : r.chapters) items.insert(c.item_id);
        for (const auto& c : r.chapters) {
            char shown[96];
            std::snprintf(shown, sizeof shown, "%.1f%%（%.1f/%.1f分）", c.percent(), c.average_points(),
                          c.average_max_points());
            bars.push_back({items.size() > 1 ? c.item + " · " + c.chapter : c.chapter, c.percent() / 100, shown,
                            c.percent() < 60});
        }
        bar_chart(w, bars, "统计范围内没有已评分的试卷。");
        if (!bars.empty()) w.note("得分率 = 该章节得分 ÷ 该章节满分；括号内为每份试卷的平均得分与满分。低于60%的章节以红色标出。");
    }

    w.heading("五、试题质量分析", r.items ? 290 : 20);
    if (!r.items) {
        w.note(r.items_note, 10);
    } else {
        const auto& a = *r.items;
        w.note(std::to_string(a.examinees) + " 份已评分试卷，" + std::to_string(a.questions.size()) +
                   " 道试题；高分组与低分组各 " + std::to_string(a.group_size) + " 人（27%）。",
               10);
        const std::string too_few = "作答人数少于 " + std::to_string(a.min_examinees) + " 人的试题";
        if (a.not_judged > 0)
            w.note(too_few + "有 " + std::to_string(a.not_judged) + " 道：样本太少，只列数据，不判定是否需复核。", 10);
        scatter(w, a);
        w.note("浅红色区域为需复核范围：难度系数低于0.2或高于0.95，区分度低于0.1。红点为需复核的试题。");
        if (a.not_judged > 0) w.note("灰色空心圆为" + too_few + "（未判定）。");
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> stems;
        std::vector<bool> warn;
        for (const auto& q : a.questions) {
            if (q.flags.empty()) continue;
            std::string flags;
            for (const auto& fl : q.flags) flags += (flags.empty() ? "" : "；") + flag_zh(fl);
            rows.push_back({q.uid + " v" + std::to_string(q.version), std::string(content::type_label_zh(q.type)),
                            q.chapter, std::to_string(q.examinees), fixed3(q.facility), fixed3(q.discrimination), flags});
            stems.push_back("题干：" + q.stem + "　答案：" + q.key);
            warn.push_back(true);
        }
        w.heading("六、需复核的试题（" + std::to_string(rows.size()) + "道）", 60);
        if (rows.empty())
            w.note(a.not_judged == static_cast<int>(a.questions.size()) && a.not_judged > 0
                       ? "没有可判定的试题：每道试题的作答人数都少于 " + std::to_string(a.min_examinees) + " 人。"
                       : "没有需复核的试题。",
                   10);
        else
            table(w,
                  {{"试题", 78}, {"题型", 44}, {"章节", 70}, {"人数", 34, Align::Right}, {"通过率", 46, Align::Right},
                   {"区分度", 46, Align::Right}, {"需复核原因", 177}},
                  rows, warn, stems);
    }
    return render(w.finish("SafeKiosk training-quality report"), f);
}

} // namespace sk::certs
