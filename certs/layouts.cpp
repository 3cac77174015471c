#include "certs/layouts.hpp"

#include "certs/qr.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace sk::certs {

using namespace pdf;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr Color kInk{0.10, 0.10, 0.13};
constexpr Color kAccent{0.07, 0.24, 0.47};
constexpr Color kMuted{0.40, 0.42, 0.47};
constexpr Color kRule{0.55, 0.60, 0.68};
constexpr Color kShade{0.91, 0.94, 0.975};
constexpr Color kPaper{1.0, 0.988, 0.962};
constexpr Color kRed{0.80, 0.10, 0.10};

std::string fmt(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// The largest size up to `size` at which the text fits in `width` (never below 55 % of `size`).
double fit(const FontFace& f, const std::string& text, double width, double size, double spacing = 0)
{
    const double w = f.width(text, size, spacing);
    if (w <= width || w <= 0) return size;
    return std::max(size * 0.55, size * width / w);
}

// Text fitted into a box (left-aligned at x, or centred on x when `centre`).
void put(Page& p, const FontFace& f, double x, double y, double width, double size, const std::string& text,
         Color color = kInk, Align align = Align::Left, bool bold = false)
{
    p.add(Text{x, y, fit(f, text, width, size), text, align, color, bold});
}

std::shared_ptr<const std::vector<unsigned char>> shared(const std::vector<unsigned char>& v)
{
    return std::make_shared<const std::vector<unsigned char>>(v);
}

void photo_box(Page& p, const FontFace& f, const std::vector<unsigned char>& photo, double x, double y, double w, double h)
{
    (void)f;
    if (photo.empty()) {
        p.add(Rect{x, y, w, h, Color{0.95, 0.95, 0.95}, std::nullopt, 0}); // no photo: an empty frame to paste one in
    } else {
        p.add(Image{shared(photo), x, y, w, h});
    }
    p.add(Rect{x, y, w, h, std::nullopt, kRule, 0.6});
}

// A QR code in the square box at (x, y), centred, with the standard quiet zone of 4 modules. Each module is a whole
// number of 300 dpi printer dots (and so of 600 dpi dots), the most that fit the box: a module of 3.3 dots, as the
// card had, is printed 3 and 4 dots wide by turns, and some codes did not survive that (zbar could not read them at
// 300 dpi, though it read them at 250 and 400). The code is placed on the 300 dpi grid of the page, counted from its
// lower left corner as in the PDF. Returns the code's side.
double qr_box(Page& p, const std::string& payload, double x, double y, double side)
{
    const auto m = encode_qr(payload, 4);
    constexpr double dot = 72.0 / 300.0;
    const double dots = std::floor(side / (m.size * dot));
    const double module = dots >= 2 ? dots * dot : side / m.size; // too many modules for whole dots: fill the box
    const double s = module * m.size;
    const auto on_grid = [&](double v) { return std::round(v / dot) * dot; };
    const double qx = on_grid(x + (side - s) / 2);
    const double qy = p.height - s - on_grid(p.height - (y + (side - s) / 2) - s);
    p.add(Rect{qx, qy, s, s, kWhite, std::nullopt, 0});
    p.add(Modules{m.size, m.dark, qx, qy, s});
    return s;
}

std::string track_title(CertTrack t) { return t == CertTrack::Special ? "特种作业操作证" : "安全生产知识和管理能力考核合格证"; }

// Review records, newest last, at most `n` of them.
std::vector<Review> last_reviews(const Certificate& c, std::size_t n)
{
    std::vector<Review> r = c.reviews;
    if (r.size() > n) r.erase(r.begin(), r.end() - static_cast<std::ptrdiff_t>(n));
    return r;
}

// Outlined letters over the content: readable through, and no transparency.
void specimen_watermark(Page& p, double size)
{
    Text t{p.width / 2, p.height / 2 + size * 0.35, size, "样本", Align::Center, Color{0.86, 0.25, 0.25}, false, size * 0.2, 22};
    t.outline = true;
    p.add(t);
}

void corner_note(Page& p, const std::string& note, double x, double y, double size)
{
    if (!note.empty()) p.add(Text{x, y, size, note, Align::Right, kRed, true});
}

// ---------------------------------------------------------------------------------------------- A4 landscape

void certificate_a4(Document& doc, const FontFace& f, const Certificate& c, const std::string& payload,
                    const CertMarks& marks)
{
    Page p;
    p.width = 841.89;
    p.height = 595.28;
    const double W = p.width, H = p.height;
    const bool special = c.track == CertTrack::Special;

    p.add(Rect{0, 0, W, H, kPaper, std::nullopt, 0});
    p.add(Rect{18, 18, W - 36, H - 36, std::nullopt, kAccent, 2.4});
    p.add(Rect{25, 25, W - 50, H - 50, std::nullopt, kAccent, 0.6});
    for (double cx : {25.0, W - 25}) // corner ornaments
        for (double cy : {25.0, H - 25}) p.add(Rect{cx - 4, cy - 4, 8, 8, kAccent, std::nullopt, 0});

    p.add(Text{W / 2, 74, 15, "中华人民共和国", Align::Center, kAccent, false, 4});
    const std::string title = track_title(c.track);
    const double title_size = special ? 34 : 27;
    p.add(Text{W / 2, 118, title_size, title, Align::Center, kAccent, true, special ? 10.0 : 3.0});
    p.add(Text{W / 2, 148, 13, "证号：" + c.number + (c.version > 1 ? "（第" + std::to_string(c.version) + "版）" : ""),
               Align::Center, kInk});
    p.add(Line{60, 164, W - 60, 164, 0.8, kAccent});

    // Photo and QR code
    const double left = 66, col_w = 100;
    photo_box(p, f, c.photo, left, 182, col_w, 133);
    qr_box(p, payload, left, 328, col_w);
    p.add(Text{left + col_w / 2, 442, 9, "扫码核验", Align::Center, kMuted, false, 1});
    if (!marks.key_id.empty()) p.add(Text{left + col_w / 2, 454, 7, marks.key_id, Align::Center, kMuted});

    // Particulars
    const double x0 = 190, x1 = W - 62, label_w = 96, row_h = 28;
    double y = 182;
    auto row = [&](const std::string& label, const std::string& value, const std::string& label2 = "",
                   const std::string& value2 = "") {
        p.add(Rect{x0, y, label_w, row_h, kShade, std::nullopt, 0});
        p.add(Text{x0 + label_w / 2, y + 19, 12, label, Align::Center, kAccent, false, 2});
        if (label2.empty()) {
            put(p, f, x0 + label_w + 12, y + 19.5, x1 - x0 - label_w - 20, 14, value);
        } else {
            const double split = x0 + 330, label2_w = 80;
            put(p, f, x0 + label_w + 12, y + 19.5, split - x0 - label_w - 20, 14, value);
            p.add(Rect{split, y, label2_w, row_h, kShade, std::nullopt, 0});
            p.add(Line{split, y, split, y + row_h, 0.5, kRule});
            p.add(Line{split + label2_w, y, split + label2_w, y + row_h, 0.5, kRule});
            p.add(Text{split + label2_w / 2, y + 19, 12, label2, Align::Center, kAccent, false, 2});
            put(p, f, split + label2_w + 12, y + 19.5, x1 - split - label2_w - 20, 14, value2);
        }
        p.add(Line{x0, y + row_h, x1, y + row_h, 0.5, kRule});
        y += row_h;
    };
    const double table_top = y;
    p.add(Line{x0, y, x1, y, 0.5, kRule});
    row("姓名", c.name, "性别", c.sex);
    row("身份证号", c.id_number);
    row(special ? "作业类别" : "行业类别", c.category);
    row(special ? "准操项目" : "人员类别", c.item);
    row("初领日期", zh(c.first_issued));
    row("有效期至", zh(c.valid_until));
    if (special) row("复审日期", c.review_due ? zh(*c.review_due) : std::string("—"));
    p.add(Line{x0, table_top, x0, y, 0.5, kRule});
    p.add(Line{x0 + label_w, table_top, x0 + label_w, y, 0.5, kRule});
    p.add(Line{x1, table_top, x1, y, 0.5, kRule});

    // Review records
    y += 14;
    const double rev_top = y, rev_h = 22;
    const std::vector<std::string> heads = special ? std::vector<std::string>{"复审日期", "应复审日期", "学时", "结论"}
                                                   : std::vector<std::string>{"换证日期", "原有效期至", "学时", "结论"};
    const double col = (x1 - x0 - label_w) / 4;
    p.add(Rect{x0, y, label_w, rev_h * 3, kShade, std::nullopt, 0});
    p.add(Text{x0 + label_w / 2, y + rev_h * 1.5 + 4, 12, special ? "复审" : "换证", Align::Center, kAccent, false, 12});
    p.add(Rect{x0 + label_w, y, x1 - x0 - label_w, rev_h, kShade, std::nullopt, 0});
    for (int i = 0; i < 4; ++i)
        p.add(Text{x0 + label_w + col * (i + 0.5), y + 15, 10.5, heads[static_cast<std::size_t>(i)], Align::Center, kAccent});
    auto records = last_reviews(c, 2);
    for (std::size_t r = 0; r < records.size(); ++r) {
        const double ry = y + rev_h * static_cast<double>(r + 1);
        const auto& rv = records[r];
        const std::string cells[4] = {iso(rv.date), iso(rv.due), fmt(rv.class_hours), rv.passed ? "合格" : "不合格"};
        for (int i = 0; i < 4; ++i)
            p.add(Text{x0 + label_w + col * (i + 0.5), ry + 15.5, 11.5, cells[i], Align::Center,
                       i == 3 && !rv.passed ? kRed : kInk});
    }
    for (int r = 0; r <= 3; ++r) p.add(Line{x0 + (r == 0 || r == 3 ? 0 : label_w), y + rev_h * r, x1, y + rev_h * r, 0.5, kRule});
    for (int i = 0; i <= 4; ++i) p.add(Line{x0 + label_w + col * i, rev_top, x0 + label_w + col * i, rev_top + rev_h * 3, 0.5, kRule});
    p.add(Line{x0, rev_top, x0, rev_top + rev_h * 3, 0.5, kRule});

    // Authority, date and seal
    const double base = rev_top + rev_h * 3;
    add_seal(p, W - 150, base + 42, 50, c.authority, "", f); // under the text, as stamped ink shows it through
    p.add(Text{W - 70, base + 40, 13, "发证机关：" + c.authority, Align::Right, kInk});
    p.add(Text{W - 70, base + 62, 13, "发证日期：" + zh(c.valid_from), Align::Right, kInk});

    if (marks.specimen) {
        specimen_watermark(p, 190);
        corner_note(p, "样本 · 仅供演示，不作为证书使用", W - 34, 44, 10);
    }
    corner_note(p, marks.note, W - 34, marks.specimen ? 58 : 44, 10);
    doc.pages.push_back(std::move(p));
}

// ----------------------------------------------------------------------------------------- card 86 × 54 mm

void card_frame(Page& p)
{
    p.width = mm(86);
    p.height = mm(54);
    p.add(Rect{0, 0, p.width, p.height, kPaper, std::nullopt, 0});
    p.add(Rect{2.5, 2.5, p.width - 5, p.height - 5, std::nullopt, kAccent, 0.6});
}

void certificate_card(Document& doc, const FontFace& f, const Certificate& c, const std::string& payload,
                      const CertMarks& marks)
{
    const bool special = c.track == CertTrack::Special;
    Page front;
    card_frame(front);
    const double W = front.width, H = front.height;
    front.add(Rect{2.5, 2.5, W - 5, 29, kAccent, std::nullopt, 0});
    front.add(Text{W / 2, 13, 6.2, "中华人民共和国", Align::Center, kWhite, false, 1.6});
    if (special)
        front.add(Text{W / 2, 26.5, 11.5, track_title(c.track), Align::Center, kWhite, true, 2.2});
    else
        front.add(Text{W / 2, 26, fit(f, track_title(c.track), W - 16, 9.5, 0.4), track_title(c.track), Align::Center, kWhite, true, 0.4});

    photo_box(front, f, c.photo, 8, 38, 50, 66);
    // 66.24 pt: a version 11 code (the longest the payload makes with a base URL up to about 30 characters) with
    // its quiet zone at 4 dots of 300 dpi per module, 0.34 mm, which phones read at arm's length.
    const double qr_side = 69 * 4 * 72.0 / 300.0;
    qr_box(front, payload, W - 8 - qr_side, 34, qr_side);
    front.add(Text{W - 8 - qr_side / 2, 34 + qr_side + 6, 5, "扫码核验", Align::Center, kMuted});

    const double lx = 64, vx = 91, vw = W - 8 - qr_side - 4 - vx;
    double y = 44.5;
    auto line = [&](const std::string& label, const std::string& value, double width) {
        front.add(Text{lx, y, 5.6, label, Align::Left, kAccent});
        put(front, f, vx, y, width, 6.6, value);
        y += 9.6;
    };
    line("姓　　名", c.name + "　" + c.sex, vw);
    line("身份证号", c.id_number, vw);
    line("证　　号", c.number, vw);
    line(special ? "作业类别" : "行业类别", c.category, vw);
    line(special ? "操作项目" : "人员类型", c.item, W - 10 - vx);
    line("初领日期", iso(c.first_issued), vw);
    line("有效期至", iso(c.valid_until), vw);
    front.add(Line{8, 121, W - 8, 121, 0.4, kRule});
    add_seal(front, W - 44, 129, 17, c.authority, "", f);
    front.add(Text{8, 132, 5.6, "发证机关：" + c.authority, Align::Left, kInk});
    front.add(Text{8, 142, 5.6, special && c.review_due ? "复审日期：" + iso(*c.review_due) : "发证日期：" + iso(c.valid_from),
                   Align::Left, kInk});
    if (marks.specimen) specimen_watermark(front, 56);
    corner_note(front, marks.note, W - 6, 148, 5);

    Page back;
    card_frame(back);
    back.add(Text{W / 2, 17, 8.5, special ? "复审记录" : "换证记录", Align::Center, kAccent, true, 2});
    const double tx0 = 8, tx1 = W - 8, th = 11.5;
    const std::vector<std::string> heads = special ? std::vector<std::string>{"复审日期", "应复审日期", "学时", "结论"}
                                                   : std::vector<std::string>{"换证日期", "原有效期至", "学时", "结论"};
    const double widths[4] = {0.31, 0.31, 0.17, 0.21};
    double ty = 23;
    back.add(Rect{tx0, ty, tx1 - tx0, th, kShade, std::nullopt, 0});
    auto records = last_reviews(c, 4);
    for (int r = 0; r <= 5; ++r) back.add(Line{tx0, ty + th * r, tx1, ty + th * r, 0.4, kRule});
    double cx = tx0;
    for (int i = 0; i < 4; ++i) {
        const double cw = (tx1 - tx0) * widths[i];
        back.add(Line{cx, ty, cx, ty + th * 5, 0.4, kRule});
        back.add(Text{cx + cw / 2, ty + 8, 5.6, heads[static_cast<std::size_t>(i)], Align::Center, kAccent});
        for (std::size_t r = 0; r < records.size(); ++r) {
            const auto& rv = records[r];
            const std::string cell = i == 0 ? iso(rv.date) : i == 1 ? iso(rv.due) : i == 2 ? fmt(rv.class_hours)
                                                                                         : (rv.passed ? "合格" : "不合格");
            back.add(Text{cx + cw / 2, ty + th * static_cast<double>(r + 1) + 8, 6, cell, Align::Center,
                          i == 3 && !rv.passed ? kRed : kInk});
        }
        cx += cw;
    }
    back.add(Line{tx1, ty, tx1, ty + th * 5, 0.4, kRule});
    double ny = ty + th * 5 + 11;
    const std::vector<std::string> notes = {
        "注意事项",
        "1. 本证全国通用，应妥善保管，不得涂改、转让、冒用。",
        special ? "2. 每" + std::to_string(c.review_interval_years) + "年复审一次，逾期未复审的证书失效。"
                : "2. 有效期届满前应申请换证，逾期证书失效。",
        "3. 扫描正面二维码可离线核验真伪，状态以登记信息为准。",
    };
    for (std::size_t i = 0; i < notes.size(); ++i) {
        back.add(Text{tx0, ny, i == 0 ? 5.8 : 5.2, notes[i], Align::Left, i == 0 ? kAccent : kMuted, i == 0});
        ny += 8.2;
    }
    back.add(Text{W - 8, H - 10, 5, "第" + std::to_string(c.version) + "版" +
                                      (marks.key_id.empty() ? std::string() : " · 密钥 " + marks.key_id),
                  Align::Right, kMuted});
    if (marks.specimen) specimen_watermark(back, 56);
    doc.pages.push_back(std::move(front));
    doc.pages.push_back(std::move(back));
}

// A boxed table of label/value pairs in two columns; a label starting with '*' takes a full row.
void info_grid(Page& p, const FontFace& f, double x0, double x1, double& y,
               const std::vector<std::pair<std::string, std::string>>& cells, double row_h, double label_w, double size)
{
    const double half = (x1 - x0) / 2;
    const double top = y;
    int col = 0; // 0: left half or full row next, 1: right half next
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const bool full = cells[i].first.front() == '*';
        if (full && col == 1) { // close a row with an empty right half
            y += row_h;
            p.add(Line{x0, y, x1, y, 0.5, kRule});
            col = 0;
        }
        const std::string label = full ? cells[i].first.substr(1) : cells[i].first;
        const double cx = col == 1 ? x0 + half : x0;
        const double cw = full ? x1 - x0 : half;
        p.add(Rect{cx, y, label_w, row_h, kShade, std::nullopt, 0});
        p.add(Line{cx, y, cx, y + row_h, 0.5, kRule});
        p.add(Line{cx + label_w, y, cx + label_w, y + row_h, 0.5, kRule});
        p.add(Text{cx + label_w / 2, y + row_h * 0.68, size * 0.92, label, Align::Center, kAccent});
        put(p, f, cx + label_w + 8, y + row_h * 0.68, cw - label_w - 14, size, cells[i].second);
        if (full || col == 1 || i + 1 == cells.size()) {
            y += row_h;
            p.add(Line{x0, y, x1, y, 0.5, kRule});
            col = 0;
        } else {
            col = 1;
        }
    }
    p.add(Line{x0, top, x1, top, 0.5, kRule});
    p.add(Line{x1, top, x1, y, 0.5, kRule});
}

} // namespace

std::string_view to_string(Layout l) { return l == Layout::A4Landscape ? "a4" : "card"; }

void add_seal(Page& p, double cx, double cy, double r, const std::string& authority, const std::string& inner,
              const FontFace& f)
{
    p.add(Circle{cx, cy, r * 0.96, std::nullopt, kSealRed, r * 0.05});
    // Star
    Polygon star;
    const double outer = r * 0.27, inner_r = outer * 0.382;
    for (int k = 0; k < 10; ++k) {
        const double a = (90.0 + k * 36.0) * kPi / 180.0;
        const double rad = k % 2 == 0 ? outer : inner_r;
        star.points.emplace_back(cx + rad * std::cos(a), cy - rad * std::sin(a));
    }
    star.fill = kSealRed;
    p.add(std::move(star));
    // The authority's name along the top, each character upright towards the rim.
    const auto chars = codepoints(authority);
    const std::size_t n = chars.size();
    if (n > 0) {
        double size = r * 0.27;
        double radius = r * 0.96 - r * 0.05 - size * 0.98;
        double step = size * 1.12 / radius * 180.0 / kPi; // degrees per character
        const double max_span = 250.0;
        if (step * static_cast<double>(n - 1) > max_span) {
            step = max_span / static_cast<double>(n - 1);
            size = step * kPi / 180.0 * radius / 1.12;
            radius = r * 0.96 - r * 0.05 - size * 0.98;
        }
        const double span = step * static_cast<double>(n - 1);
        const auto glyphs = characters(authority);
        for (std::size_t i = 0; i < n; ++i) {
            const double deg = 90.0 + span / 2 - step * static_cast<double>(i);
            const double a = deg * kPi / 180.0;
            p.add(Text{cx + radius * std::cos(a), cy - radius * std::sin(a), size, glyphs[i], Align::Center, kSealRed,
                       false, 0, deg - 90.0});
        }
    }
    if (!inner.empty()) {
        const double size = fit(f, inner, r * 1.25, r * 0.15);
        p.add(Text{cx, cy + r * 0.56, size, inner, Align::Center, kSealRed});
    }
}

void add_certificate(Document& doc, const Certificate& c, const std::string& qr_payload, Layout layout,
                     const CertMarks& marks, const FontFace& font)
{
    if (layout == Layout::A4Landscape) certificate_a4(doc, font, c, qr_payload, marks);
    else certificate_card(doc, font, c, qr_payload, marks);
}

void add_score_report(Document& doc, const ScoreReport& r, const FontFace& f)
{
    Page p;
    p.width = 595.28;
    p.height = 841.89;
    const double W = p.width, x0 = 56, x1 = W - 56;
    p.add(Text{W / 2, 70, 13, r.authority, Align::Center, kAccent, false, 3});
    p.add(Text{W / 2, 102, 22, "考试成绩单", Align::Center, kAccent, true, 8});
    p.add(Line{x0, 118, x1, 118, 1.2, kAccent});

    double y = 136;
    info_grid(p, f, x0, x1, y,
              {{"姓　名", r.name}, {"性　别", r.sex}, {"身份证号", r.id_number}, {"准考证号", r.ticket},
               {"*类别 / 项目", r.category + " / " + r.item},
               {"考试类型", r.kind + (r.attempt_no > 1 ? "（补考）" : "")}, {"考试日期", zh(r.exam_date)},
               {"考试时间", r.time}, {"考场 / 机位", r.room + " / " + r.kiosk}},
              24, 70, 11);

    // Total
    y += 26;
    p.add(Text{x0, y, 13, "安全技术理论考试", Align::Left, kAccent, true});
    y += 36;
    p.add(Text{x0, y, 30, fmt(r.points), Align::Left, r.passed ? kInk : kRed, true});
    const double num_w = f.width(fmt(r.points), 30);
    p.add(Text{x0 + num_w + 6, y, 14, "分", Align::Left, kInk});
    p.add(Text{x0 + num_w + 30, y, 11, "满分" + fmt(r.max_points) + "分，合格线" + fmt(r.pass_mark) + "分", Align::Left, kMuted});
    p.add(Rect{x1 - 80, y - 26, 80, 34, std::nullopt, r.passed ? kAccent : kRed, 1.6});
    p.add(Text{x1 - 40, y - 2, 18, r.passed ? "合格" : "不合格", Align::Center, r.passed ? kAccent : kRed, true, 2});
    y += 18;
    p.add(Text{x0, y, 10, "共" + std::to_string(r.questions) + "题，作答" + std::to_string(r.answered) + "题，答对" +
                              std::to_string(r.correct) + "题",
               Align::Left, kMuted});

    // Chapters
    y += 22;
    const double cols[] = {x0, x0 + 170, x0 + 220, x0 + 270, x0 + 330, x1};
    const char* heads[] = {"章节", "题数", "答对", "得分", "得分率"};
    p.add(Rect{x0, y, x1 - x0, 22, kShade, std::nullopt, 0});
    for (int i = 0; i < 5; ++i)
        p.add(Text{i == 0 ? cols[0] + 8 : (cols[i] + cols[i + 1]) / 2, y + 15, 10.5, heads[i],
                   i == 0 ? Align::Left : Align::Center, kAccent});
    const double top = y;
    y += 22;
    for (const auto& ch : r.chapters) {
        const double rate = ch.max_points > 0 ? ch.points / ch.max_points : 0;
        put(p, f, cols[0] + 8, y + 15, cols[1] - cols[0] - 14, 10.5, ch.chapter);
        p.add(Text{(cols[1] + cols[2]) / 2, y + 15, 10.5, std::to_string(ch.questions), Align::Center});
        p.add(Text{(cols[2] + cols[3]) / 2, y + 15, 10.5, std::to_string(ch.correct), Align::Center});
        p.add(Text{(cols[3] + cols[4]) / 2, y + 15, 10.5, fmt(ch.points) + " / " + fmt(ch.max_points), Align::Center});
        const double bar_x = cols[4] + 10, bar_w = cols[5] - cols[4] - 56;
        p.add(Rect{bar_x, y + 7, bar_w, 9, Color{0.93, 0.93, 0.93}, std::nullopt, 0});
        p.add(Rect{bar_x, y + 7, bar_w * rate, 9, rate >= 0.8 ? kAccent : kRed, std::nullopt, 0});
        p.add(Text{cols[5] - 6, y + 15, 10, fmt(std::round(rate * 100)) + "%", Align::Right});
        y += 22;
        p.add(Line{x0, y, x1, y, 0.4, kRule});
    }
    for (double cx : cols) p.add(Line{cx, top, cx, y, 0.4, kRule});
    p.add(Line{x0, top, x1, top, 0.4, kRule});

    // Practical exam
    if (!r.practical.empty()) {
        y += 30;
        p.add(Text{x0, y, 13, "实际操作考试", Align::Left, kAccent, true});
        y += 12;
        const double pc[] = {x0, x0 + 60, x0 + 300, x0 + 390, x1};
        const char* ph[] = {"科目", "内容", "得分", "满分"};
        p.add(Rect{x0, y, x1 - x0, 22, kShade, std::nullopt, 0});
        for (int i = 0; i < 4; ++i) p.add(Text{(pc[i] + pc[i + 1]) / 2, y + 15, 10.5, ph[i], Align::Center, kAccent});
        const double ptop = y;
        y += 22;
        double total = 0;
        bool complete = true;
        for (const auto& s : r.practical) {
            p.add(Text{(pc[0] + pc[1]) / 2, y + 15, 10.5, s.code, Align::Center});
            put(p, f, pc[1] + 8, y + 15, pc[2] - pc[1] - 14, 10.5, s.name);
            p.add(Text{(pc[2] + pc[3]) / 2, y + 15, 10.5, s.score ? fmt(*s.score) : "未考", Align::Center,
                       s.score ? kInk : kMuted});
            p.add(Text{(pc[3] + pc[4]) / 2, y + 15, 10.5, fmt(s.max_points), Align::Center});
            if (s.score) total += *s.score;
            else complete = false;
            y += 22;
            p.add(Line{x0, y, x1, y, 0.4, kRule});
        }
        const bool pass = complete && total + 1e-9 >= r.practical_pass_mark;
        p.add(Text{(pc[0] + pc[2]) / 2, y + 15, 10.5, "合计（合格线" + fmt(r.practical_pass_mark) + "分）", Align::Center, kAccent});
        p.add(Text{(pc[2] + pc[3]) / 2, y + 15, 11, complete ? fmt(total) : "—", Align::Center, kInk, true});
        p.add(Text{(pc[3] + pc[4]) / 2, y + 15, 11, complete ? (pass ? "合格" : "不合格") : "未完成", Align::Center,
                   pass ? kAccent : kRed, true});
        y += 22;
        p.add(Line{x0, y, x1, y, 0.4, kRule});
        for (double cx : pc) p.add(Line{cx, ptop, cx, y, 0.4, kRule});
        p.add(Line{x0, ptop, x1, ptop, 0.4, kRule});
    }

    const double foot = std::max(y + 60, 720.0);
    add_seal(p, x1 - 60, foot - 4, 44, r.authority, "考试成绩专用章", f);
    p.add(Text{x1, foot, 12, r.authority, Align::Right});
    p.add(Text{x1, foot + 20, 12, "打印日期：" + zh(r.printed_on), Align::Right});
    p.add(Text{x0, 800, 8.5, "本成绩单由考试系统根据考试记录生成；对成绩有异议的，可在成绩公布后按规定申请复核。",
               Align::Left, kMuted});
    doc.pages.push_back(std::move(p));
}

void add_admission_ticket(Document& doc, const AdmissionTicket& t, const FontFace& f)
{
    Page p;
    p.width = 595.28; // A5 landscape
    p.height = 419.53;
    const double W = p.width, H = p.height;
    p.add(Rect{14, 14, W - 28, H - 28, std::nullopt, kAccent, 1.6});
    p.add(Text{W / 2, 50, 11, t.authority, Align::Center, kAccent, false, 2});
    p.add(Text{W / 2, 80, 22, "准　考　证", Align::Center, kAccent, true, 6});
    p.add(Line{36, 94, W - 36, 94, 0.8, kAccent});

    photo_box(p, f, t.photo, 40, 108, 90, 120);
    qr_box(p, t.ticket, 40 + 15, 238, 60);
    p.add(Text{40 + 45, 310, 7.5, "检录扫码", Align::Center, kMuted});

    double y = 108;
    info_grid(p, f, 146, W - 36, y,
              {{"*准考证号", t.ticket}, {"姓　名", t.name}, {"性　别", t.sex}, {"*身份证号", t.id_number},
               {"*考试项目", t.category + " / " + t.item + "（" + t.kind + "）"},
               {"*考试时间", zh(t.date) + " " + t.start_time + "–" + t.end_time + "（" + std::to_string(t.duration_minutes) + "分钟）"},
               {"考　场", t.room}, {"机　位", t.kiosk.empty() ? std::string("检录时分配") : t.kiosk}},
              25, 70, 11.5);

    const std::vector<std::string> notes = {
        "考生须知",
        "1. 凭本证和本人居民身份证参加考试，人证合一方可入场，不得替考。",
        "2. 开考前30分钟开始检录，请按考场和机位就座，听从监考员安排。",
        "3. 考试中不得携带手机等电子设备和资料，违者按作弊处理，取消本场成绩。",
    };
    double ny = std::max(y + 24, 338.0);
    for (std::size_t i = 0; i < notes.size(); ++i) {
        p.add(Text{40, ny, i == 0 ? 10.5 : 9, notes[i], Align::Left, i == 0 ? kAccent : kMuted, i == 0});
        ny += 14;
    }
    (void)H;
    doc.pages.push_back(std::move(p));
}

} // namespace sk::certs
