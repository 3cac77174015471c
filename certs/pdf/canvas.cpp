#include "certs/pdf/canvas.hpp"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace sk::certs::pdf {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct ErrorState {
    HPDF_STATUS code = 0;
    HPDF_STATUS detail = 0;
};

void on_error(HPDF_STATUS code, HPDF_STATUS detail, void* user)
{
    auto* s = static_cast<ErrorState*>(user);
    if (!s->code) {
        s->code = code;
        s->detail = detail;
    }
}

struct DocDeleter {
    void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};

std::string hex4(char32_t cp)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(cp));
    return buf;
}

std::string char_name(char32_t cp)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

// libharu 2.3 writes its UTF-8 encoding CMap (an identity 'cidrange') as the font's ToUnicode map, which PDF readers
// reject ("Invalid 'begincidrange' operator in ToUnicode CMap"). The codes libharu writes for this encoding are the
// characters' UTF-16 values, so the right ToUnicode map is the identity on the characters used: written here over
// libharu's stream before the document is saved.
std::string to_unicode_cmap(const std::set<char32_t>& cps)
{
    std::string s = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    // Runs of consecutive characters (within one last-byte block) as ranges, single characters as bfchar entries;
    // at most 100 entries per section.
    std::vector<std::pair<char32_t, char32_t>> runs;
    for (char32_t cp : cps) {
        if (!runs.empty() && runs.back().second + 1 == cp && (cp & 0xFF) != 0) runs.back().second = cp;
        else runs.emplace_back(cp, cp);
    }
    std::vector<std::pair<char32_t, char32_t>> ranges, singles;
    for (const auto& r : runs) (r.first == r.second ? singles : ranges).push_back(r);
    for (std::size_t i = 0; i < singles.size(); i += 100) {
        const std::size_t n = std::min<std::size_t>(100, singles.size() - i);
        s += std::to_string(n) + " beginbfchar\n";
        for (std::size_t k = i; k < i + n; ++k) s += "<" + hex4(singles[k].first) + "> <" + hex4(singles[k].first) + ">\n";
        s += "endbfchar\n";
    }
    for (std::size_t i = 0; i < ranges.size(); i += 100) {
        const std::size_t n = std::min<std::size_t>(100, ranges.size() - i);
        s += std::to_string(n) + " beginbfrange\n";
        for (std::size_t k = i; k < i + n; ++k)
            s += "<" + hex4(ranges[k].first) + "> <" + hex4(ranges[k].second) + "> <" + hex4(ranges[k].first) + ">\n";
        s += "endbfrange\n";
    }
    s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return s;
}

constexpr const char* kOpNames[] = {"drawing text", "drawing a line", "drawing a rectangle", "drawing a circle",
                                    "drawing a polygon", "drawing a photo", "drawing a QR code", "beginning a layer",
                                    "ending a layer"};

enum class ImageKind { Jpeg, Png, Unknown };

ImageKind kind_of(const std::vector<unsigned char>& d)
{
    if (d.size() > 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return ImageKind::Jpeg;
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (d.size() > 8 && std::memcmp(d.data(), png, 8) == 0) return ImageKind::Png;
    return ImageKind::Unknown;
}

class Renderer {
public:
    Renderer(const Document& doc, const FontFace& face, Document* release = nullptr)
        : doc_(doc), face_(face), release_(release)
    {
    }

    // Builds the libharu document; with `release`, each page's operations are freed once drawn.
    void build()
    {
        collect_characters();
        pdf_.reset(HPDF_New(on_error, &error_));
        if (!pdf_) throw RenderError("libharu: cannot create a document");
        HPDF_Doc pdf = pdf_.get();
        HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
        HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "SafeKiosk");
        if (!doc_.title.empty()) HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, doc_.title.c_str());
        HPDF_UseUTFEncodings(pdf);
        if (!chars_.empty()) load_font();
        check("set-up");
        for (std::size_t i = 0; i < doc_.pages.size(); ++i) {
            draw_page(doc_.pages[i]);
            if (release_) std::vector<Op>().swap(release_->pages[i].ops);
        }
    }

    std::vector<unsigned char> bytes()
    {
        HPDF_Doc pdf = pdf_.get();
        if (HPDF_SaveToStream(pdf) != HPDF_OK) check("save");
        check("save");
        std::vector<unsigned char> out(HPDF_GetStreamSize(pdf));
        HPDF_UINT32 got = 0, size = 0;
        while (got < out.size()) {
            size = static_cast<HPDF_UINT32>(out.size() - got);
            HPDF_STATUS st = HPDF_ReadFromStream(pdf, out.data() + got, &size);
            got += size;
            if (st == HPDF_STREAM_EOF || size == 0) break;
        }
        out.resize(got);
        if (out.empty()) throw RenderError("libharu wrote an empty document");
        return out;
    }

    void save_file(const std::filesystem::path& file)
    {
        if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
        const auto tmp = file.string() + ".part";
        if (HPDF_SaveToFile(pdf_.get(), tmp.c_str()) != HPDF_OK || error_.code) {
            std::filesystem::remove(tmp);
            check(("writing " + file.string()).c_str());
            throw RenderError(file.string() + ": cannot be written");
        }
        std::filesystem::rename(tmp, file);
    }

private:
    void check(const char* where)
    {
        if (!error_.code) return;
        char buf[96];
        std::snprintf(buf, sizeof buf, "libharu error 0x%04X (detail %u) while %s", static_cast<unsigned>(error_.code),
                      static_cast<unsigned>(error_.detail), where);
        throw RenderError(buf);
    }

    void collect_characters()
    {
        for (const auto& p : doc_.pages)
            for (const auto& op : p.ops)
                if (const auto* t = std::get_if<Text>(&op))
                    for (char32_t cp : codepoints(t->text)) {
                        if (cp == 0xFFFD || cp < 0x20) throw RenderError("文本不是有效的UTF-8：" + t->text);
                        if (cp > 0xFFFF)
                            throw RenderError("字符 " + char_name(cp) + " 超出基本多文种平面，无法打印：" + t->text);
                        if (!face_.has(cp) && cp != ' ')
                            throw RenderError("字体缺少字符 " + char_name(cp) + "（" + face_.file().filename().string() +
                                              "），出现在：" + t->text);
                        chars_.insert(cp);
                    }
    }

    void load_font()
    {
        const auto bytes = face_.subset(chars_);
        std::string path = (std::filesystem::temp_directory_path() / "safekiosk-font-XXXXXX").string();
        int fd = ::mkstemp(path.data());
        if (fd < 0) throw RenderError("cannot create a temporary font file in " + std::filesystem::temp_directory_path().string());
        const bool written = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
        ::close(fd);
        const char* name = written ? HPDF_LoadTTFontFromFile(pdf_.get(), path.c_str(), HPDF_TRUE) : nullptr;
        ::unlink(path.c_str()); // libharu keeps the file open and reads the glyphs from it when saving
        if (!written) throw RenderError("cannot write the temporary font file " + path);
        check("loading the font subset");
        font_ = HPDF_GetFont(pdf_.get(), name, "UTF-8");
        check("creating the font");
        auto* tu = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(font_, "ToUnicode", HPDF_OCLASS_DICT));
        if (tu && tu->stream) {
            HPDF_MemStream_FreeData(tu->stream);
            HPDF_Stream_WriteStr(tu->stream, to_unicode_cmap(chars_).c_str());
            for (const char* key : {"CIDSystemInfo", "CMapName", "Type", "WMode"}) HPDF_Dict_RemoveElement(tu, key);
        }
        check("writing the ToUnicode map");
    }

    HPDF_Image image(const std::shared_ptr<const std::vector<unsigned char>>& data)
    {
        auto it = images_.find(data.get());
        if (it != images_.end()) return it->second;
        HPDF_Image img = nullptr;
        switch (kind_of(*data)) {
        case ImageKind::Jpeg:
            img = HPDF_LoadJpegImageFromMem(pdf_.get(), data->data(), static_cast<HPDF_UINT>(data->size()));
            break;
        case ImageKind::Png:
            img = HPDF_LoadPngImageFromMem(pdf_.get(), data->data(), static_cast<HPDF_UINT>(data->size()));
            break;
        case ImageKind::Unknown: throw RenderError("照片既不是JPEG也不是PNG，无法打印");
        }
        check("loading a photo");
        images_[data.get()] = img;
        keep_.push_back(data);
        return img;
    }

    HPDF_ExtGState layer_state(const BeginLayer& l)
    {
        const auto key = std::make_pair(l.multiply, static_cast<int>(std::lround(l.opacity * 1000)));
        auto it = states_.find(key);
        if (it != states_.end()) return it->second;
        HPDF_ExtGState gs = HPDF_CreateExtGState(pdf_.get());
        if (l.opacity < 1.0) {
            HPDF_ExtGState_SetAlphaFill(gs, static_cast<HPDF_REAL>(l.opacity));
            HPDF_ExtGState_SetAlphaStroke(gs, static_cast<HPDF_REAL>(l.opacity));
        }
        if (l.multiply) HPDF_ExtGState_SetBlendMode(gs, HPDF_BM_MULTIPLY);
        check("creating a graphics state");
        states_[key] = gs;
        return gs;
    }

    // The graphics state the content stream is in, so that unchanged colours, widths and sizes are not written again.
    struct State {
        std::optional<Color> fill, stroke;
        std::optional<double> width, font_size;
    };

    static bool same(const std::optional<Color>& a, const Color& b)
    {
        return a && a->r == b.r && a->g == b.g && a->b == b.b;
    }

    void fill_colour(HPDF_Page page, const Color& c)
    {
        if (same(state_.fill, c)) return;
        HPDF_Page_SetRGBFill(page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g), static_cast<HPDF_REAL>(c.b));
        state_.fill = c;
    }

    void stroke_colour(HPDF_Page page, const Color& c, double width)
    {
        if (!same(state_.stroke, c)) {
            HPDF_Page_SetRGBStroke(page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g), static_cast<HPDF_REAL>(c.b));
            state_.stroke = c;
        }
        if (state_.width != width) {
            HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(width));
            state_.width = width;
        }
    }

    void save(HPDF_Page page)
    {
        HPDF_Page_GSave(page);
        saved_.push_back(state_);
    }

    void restore(HPDF_Page page)
    {
        HPDF_Page_GRestore(page);
        state_ = saved_.back();
        saved_.pop_back();
    }

    // Colours and line width are set before a path is begun (PDF allows no state change inside a path).
    void style(HPDF_Page page, const std::optional<Color>& fill, const std::optional<Color>& stroke, double width)
    {
        if (fill) fill_colour(page, *fill);
        if (stroke) stroke_colour(page, *stroke, width);
    }

    void paint(HPDF_Page page, const std::optional<Color>& fill, const std::optional<Color>& stroke)
    {
        if (fill && stroke) HPDF_Page_FillStroke(page);
        else if (fill) HPDF_Page_Fill(page);
        else if (stroke) HPDF_Page_Stroke(page);
        else HPDF_Page_EndPath(page);
    }

    void draw_page(const Page& p)
    {
        HPDF_Page page = HPDF_AddPage(pdf_.get());
        state_ = State{};
        saved_.clear();
        HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(p.width));
        HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(p.height));
        const double H = p.height;
        auto R = [](double v) { return static_cast<HPDF_REAL>(v); };
        for (const auto& op : p.ops) {
            if (const auto* t = std::get_if<Text>(&op)) {
                if (t->text.empty()) continue;
                const double w = face_.width(t->text, t->size, t->spacing);
                const double dx = t->align == Align::Center ? -w / 2 : t->align == Align::Right ? -w : 0;
                HPDF_Page_BeginText(page);
                if (state_.font_size != t->size) {
                    HPDF_Page_SetFontAndSize(page, font_, R(t->size));
                    state_.font_size = t->size;
                }
                fill_colour(page, t->color);
                if (t->outline) {
                    HPDF_Page_SetTextRenderingMode(page, HPDF_STROKE);
                    stroke_colour(page, t->color, std::max(0.3, t->size * 0.012));
                } else if (t->bold) {
                    HPDF_Page_SetTextRenderingMode(page, HPDF_FILL_THEN_STROKE);
                    stroke_colour(page, t->color, t->size * 0.035);
                }
                if (t->spacing != 0) HPDF_Page_SetCharSpace(page, R(t->spacing));
                const double a = t->angle * kPi / 180.0, c = std::cos(a), s = std::sin(a);
                HPDF_Page_SetTextMatrix(page, R(c), R(s), R(-s), R(c), R(t->x + dx * c), R(H - t->y + dx * s));
                HPDF_Page_ShowText(page, t->text.c_str());
                if (t->spacing != 0) HPDF_Page_SetCharSpace(page, 0);
                if (t->bold || t->outline) HPDF_Page_SetTextRenderingMode(page, HPDF_FILL);
                HPDF_Page_EndText(page);
            } else if (const auto* l = std::get_if<Line>(&op)) {
                style(page, std::nullopt, l->color, l->width);
                HPDF_Page_MoveTo(page, R(l->x1), R(H - l->y1));
                HPDF_Page_LineTo(page, R(l->x2), R(H - l->y2));
                paint(page, std::nullopt, l->color);
            } else if (const auto* r = std::get_if<Rect>(&op)) {
                style(page, r->fill, r->stroke, r->width);
                HPDF_Page_Rectangle(page, R(r->x), R(H - r->y - r->h), R(r->w), R(r->h));
                paint(page, r->fill, r->stroke);
            } else if (const auto* c = std::get_if<Circle>(&op)) {
                style(page, c->fill, c->stroke, c->width);
                HPDF_Page_Circle(page, R(c->cx), R(H - c->cy), R(c->r));
                paint(page, c->fill, c->stroke);
            } else if (const auto* g = std::get_if<Polygon>(&op)) {
                if (g->points.size() < 3) continue;
                style(page, g->fill, g->stroke, g->width);
                HPDF_Page_MoveTo(page, R(g->points[0].first), R(H - g->points[0].second));
                for (std::size_t i = 1; i < g->points.size(); ++i)
                    HPDF_Page_LineTo(page, R(g->points[i].first), R(H - g->points[i].second));
                HPDF_Page_ClosePath(page);
                paint(page, g->fill, g->stroke);
            } else if (const auto* im = std::get_if<Image>(&op)) {
                if (!im->data || im->data->empty()) continue;
                HPDF_Image img = image(im->data);
                const double iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
                const double scale = std::max(im->w / iw, im->h / ih);
                const double dw = iw * scale, dh = ih * scale;
                save(page);
                HPDF_Page_Rectangle(page, R(im->x), R(H - im->y - im->h), R(im->w), R(im->h));
                HPDF_Page_Clip(page);
                HPDF_Page_EndPath(page);
                HPDF_Page_DrawImage(page, img, R(im->x + (im->w - dw) / 2), R(H - im->y - im->h + (im->h - dh) / 2), R(dw), R(dh));
                restore(page);
            } else if (const auto* m = std::get_if<Modules>(&op)) {
                // One grey byte per module, Flate-compressed: smaller than libharu's CCITT coding of 1-bit data.
                const auto n = static_cast<std::size_t>(m->size);
                std::vector<HPDF_BYTE> grey(n * n);
                for (std::size_t i = 0; i < n * n; ++i) grey[i] = m->dark[i] ? 0 : 255;
                HPDF_Image img = HPDF_LoadRawImageFromMem(pdf_.get(), grey.data(), static_cast<HPDF_UINT>(n),
                                                          static_cast<HPDF_UINT>(n), HPDF_CS_DEVICE_GRAY, 8);
                check("making the QR code image");
                HPDF_Page_DrawImage(page, img, R(m->x), R(H - m->y - m->side), R(m->side), R(m->side));
            } else if (const auto* b = std::get_if<BeginLayer>(&op)) {
                save(page);
                HPDF_Page_SetExtGState(page, layer_state(*b));
            } else if (std::holds_alternative<EndLayer>(op)) {
                restore(page);
            }
            if (error_.code) check(kOpNames[op.index()]);
        }
        check("drawing a page");
    }

    const Document& doc_;
    const FontFace& face_;
    Document* release_ = nullptr;
    ErrorState error_;
    std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter> pdf_;
    HPDF_Font font_ = nullptr;
    std::set<char32_t> chars_;
    std::map<const void*, HPDF_Image> images_;
    std::vector<std::shared_ptr<const std::vector<unsigned char>>> keep_;
    std::map<std::pair<bool, int>, HPDF_ExtGState> states_;
    State state_;
    std::vector<State> saved_;
};

} // namespace

std::vector<unsigned char> render(const Document& doc, const FontFace& font)
{
    Renderer r(doc, font);
    r.build();
    return r.bytes();
}

void render_to_file(Document&& doc, const std::filesystem::path& file, const FontFace& font)
{
    Renderer r(doc, font, &doc);
    r.build();
    r.save_file(file);
    doc.pages.clear();
}

void write_file(const std::filesystem::path& file, const std::vector<unsigned char>& bytes)
{
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    const auto tmp = file.string() + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) throw RenderError(file.string() + ": cannot be written");
    }
    std::filesystem::rename(tmp, file);
}

} // namespace sk::certs::pdf
