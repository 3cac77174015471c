#include "kiosk/ui/atlas_cache.hpp"

#include <xxhash.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace sk::ui {

namespace {
constexpr char kMagic[8] = {'S', 'K', 'A', 'T', 'L', 'A', 'S', '1'};
constexpr int kLines = IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1;
constexpr std::uint32_t kMaxSide = 16384;

template <typename T>
void put(std::vector<unsigned char>& out, const T& v)
{
    const auto* p = reinterpret_cast<const unsigned char*>(&v);
    out.insert(out.end(), p, p + sizeof v);
}

// Reads values from the file's bytes; any read past the end marks it short.
struct Reader {
    const unsigned char* p;
    const unsigned char* end;
    bool short_ = false;
    template <typename T>
    T get()
    {
        T v{};
        if (static_cast<std::size_t>(end - p) < sizeof v) {
            short_ = true;
            p = end;
            return v;
        }
        std::memcpy(&v, p, sizeof v);
        p += sizeof v;
        return v;
    }
};

bool uv_ok(float v) { return std::isfinite(v) && v >= 0.0f && v <= 1.0f; }

// The cache file mapped read-only (no copy: the checksum and the tables are read in place, the pixels copied once).
struct Mapped {
    const unsigned char* data = nullptr;
    std::size_t size = 0;
    Mapped() = default;
    Mapped(const Mapped&) = delete;
    Mapped& operator=(const Mapped&) = delete;
    ~Mapped()
    {
        if (data) ::munmap(const_cast<unsigned char*>(data), size);
    }
};

std::string map_file(const std::filesystem::path& file, Mapped& out)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "missing";
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return "not an atlas cache file (not a regular file)";
    }
    if (st.st_size == 0) {
        ::close(fd);
        return "not an atlas cache file (empty)";
    }
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) return std::string("cannot be read: ") + std::strerror(errno);
    out.data = static_cast<const unsigned char*>(p);
    out.size = static_cast<std::size_t>(st.st_size);
    return {};
}
} // namespace

std::string save_atlas(const std::filesystem::path& file, const AtlasKey& key, const ImFontAtlas& atlas)
{
    if (!atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0) return "the atlas has no texture";
    std::vector<unsigned char> out;
    const std::size_t pixels = static_cast<std::size_t>(atlas.TexWidth) * atlas.TexHeight;
    out.reserve(pixels + 64 * 1024);
    out.insert(out.end(), kMagic, kMagic + sizeof kMagic);
    out.insert(out.end(), key.begin(), key.end());
    put(out, static_cast<std::uint32_t>(atlas.TexWidth));
    put(out, static_cast<std::uint32_t>(atlas.TexHeight));
    put(out, atlas.TexUvWhitePixel.x);
    put(out, atlas.TexUvWhitePixel.y);
    for (int i = 0; i < kLines; ++i) {
        put(out, atlas.TexUvLines[i].x);
        put(out, atlas.TexUvLines[i].y);
        put(out, atlas.TexUvLines[i].z);
        put(out, atlas.TexUvLines[i].w);
    }
    put(out, static_cast<std::uint32_t>(atlas.Fonts.Size));
    for (const ImFont* f : atlas.Fonts) {
        put(out, f->FontSize);
        put(out, f->Ascent);
        put(out, f->Descent);
        put(out, f->Scale);
        put(out, static_cast<std::int32_t>(f->MetricsTotalSurface));
        put(out, static_cast<std::uint32_t>(f->FallbackChar));
        put(out, static_cast<std::uint32_t>(f->EllipsisChar));
        put(out, static_cast<std::uint32_t>(f->DotChar));
        put(out, static_cast<std::uint32_t>(f->Glyphs.Size));
        for (const ImFontGlyph& g : f->Glyphs) {
            put(out, static_cast<std::uint32_t>(g.Codepoint));
            put(out, static_cast<std::uint8_t>(g.Colored));
            put(out, static_cast<std::uint8_t>(g.Visible));
            for (float v : {g.AdvanceX, g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1}) put(out, v);
        }
    }
    out.insert(out.end(), atlas.TexPixelsAlpha8, atlas.TexPixelsAlpha8 + pixels);
    put(out, static_cast<std::uint64_t>(XXH3_64bits(out.data(), out.size())));

    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) return "cannot create " + file.parent_path().string() + ": " + ec.message();
    const std::filesystem::path tmp = file.string() + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return "cannot write " + tmp.string() + ": " + std::strerror(errno);
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::write(fd, out.data() + done, out.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    const int err = done == out.size() ? 0 : errno;
    if (::close(fd) != 0 || err != 0) {
        std::filesystem::remove(tmp, ec);
        return "cannot write " + tmp.string() + ": " + std::strerror(err ? err : errno);
    }
    std::filesystem::rename(tmp, file, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        return "cannot rename " + tmp.string() + " to " + file.string() + ": " + ec.message();
    }
    return {};
}

std::string load_atlas(const std::filesystem::path& file, const AtlasKey& key, int fonts, ImFontAtlas& atlas)
{
    atlas.Clear();
    Mapped bytes;
    if (auto why = map_file(file, bytes); !why.empty()) return why;
    if (bytes.size < sizeof kMagic + key.size() + sizeof(std::uint64_t) ||
        std::memcmp(bytes.data, kMagic, sizeof kMagic) != 0)
        return "not an atlas cache file";
    if (std::memcmp(bytes.data + sizeof kMagic, key.data(), key.size()) != 0) return "built for other input";
    std::uint64_t sum = 0;
    std::memcpy(&sum, bytes.data + bytes.size - sizeof sum, sizeof sum);
    if (XXH3_64bits(bytes.data, bytes.size - sizeof sum) != sum) return "damaged (checksum mismatch)";

    Reader r{bytes.data + sizeof kMagic + key.size(), bytes.data + bytes.size - sizeof sum};
    const auto w = r.get<std::uint32_t>();
    const auto h = r.get<std::uint32_t>();
    if (w == 0 || h == 0 || w > kMaxSide || h > kMaxSide) return "damaged (texture size)";
    ImVec2 white;
    white.x = r.get<float>();
    white.y = r.get<float>();
    ImVec4 lines[kLines];
    for (auto& l : lines) {
        l.x = r.get<float>();
        l.y = r.get<float>();
        l.z = r.get<float>();
        l.w = r.get<float>();
    }
    if (!uv_ok(white.x) || !uv_ok(white.y)) return "damaged (white pixel)";
    for (const auto& l : lines)
        if (!uv_ok(l.x) || !uv_ok(l.y) || !uv_ok(l.z) || !uv_ok(l.w)) return "damaged (line UVs)";
    if (r.get<std::uint32_t>() != static_cast<std::uint32_t>(fonts)) return "damaged (font count)";

    struct Font {
        float size, ascent, descent, scale;
        std::int32_t surface;
        std::uint32_t fallback, ellipsis, dot;
        std::vector<ImFontGlyph> glyphs;
    };
    std::vector<Font> read(static_cast<std::size_t>(fonts));
    for (auto& f : read) {
        f.size = r.get<float>();
        f.ascent = r.get<float>();
        f.descent = r.get<float>();
        f.scale = r.get<float>();
        f.surface = r.get<std::int32_t>();
        f.fallback = r.get<std::uint32_t>();
        f.ellipsis = r.get<std::uint32_t>();
        f.dot = r.get<std::uint32_t>();
        const auto n = r.get<std::uint32_t>();
        if (r.short_) return "damaged (truncated)";
        if (!(f.size > 0 && f.size < 4096) || !std::isfinite(f.ascent) || !std::isfinite(f.descent) ||
            !(f.scale > 0 && f.scale < 100))
            return "damaged (font metrics)";
        const auto special_ok = [](std::uint32_t c) { return c <= IM_UNICODE_CODEPOINT_MAX || c == ImWchar(-1); };
        if (!special_ok(f.fallback) || !special_ok(f.ellipsis) || !special_ok(f.dot)) return "damaged (font metrics)";
        // A glyph record is 4 + 2 + 9 × 4 bytes; more glyphs than the rest of the file holds is damage.
        if (n == 0 || n >= 0xFFFF || n > static_cast<std::size_t>(r.end - r.p) / 42) return "damaged (glyph count)";
        f.glyphs.resize(n);
        for (auto& g : f.glyphs) {
            const auto cp = r.get<std::uint32_t>();
            const auto coloured = r.get<std::uint8_t>();
            const auto visible = r.get<std::uint8_t>();
            float v[9];
            for (float& x : v) x = r.get<float>();
            if (cp > IM_UNICODE_CODEPOINT_MAX || coloured > 1 || visible > 1) return "damaged (glyph)";
            for (int i = 0; i < 5; ++i)
                if (!std::isfinite(v[i])) return "damaged (glyph)";
            for (int i = 5; i < 9; ++i)
                if (!uv_ok(v[i])) return "damaged (glyph)";
            g.Codepoint = cp;
            g.Colored = coloured;
            g.Visible = visible;
            g.AdvanceX = v[0];
            g.X0 = v[1];
            g.Y0 = v[2];
            g.X1 = v[3];
            g.Y1 = v[4];
            g.U0 = v[5];
            g.V0 = v[6];
            g.U1 = v[7];
            g.V1 = v[8];
        }
    }
    const std::size_t pixels = static_cast<std::size_t>(w) * h;
    if (r.short_ || static_cast<std::size_t>(r.end - r.p) != pixels) return "damaged (texture size)";

    // Intact: the fonts as ImFontAtlas::Build leaves them (the lookup tables built from the glyphs).
    atlas.TexWidth = static_cast<int>(w);
    atlas.TexHeight = static_cast<int>(h);
    atlas.TexUvScale = ImVec2(1.0f / atlas.TexWidth, 1.0f / atlas.TexHeight);
    atlas.TexUvWhitePixel = white;
    for (int i = 0; i < kLines; ++i) atlas.TexUvLines[i] = lines[i];
    atlas.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(pixels));
    std::memcpy(atlas.TexPixelsAlpha8, r.p, pixels);
    for (auto& f : read) {
        ImFont* font = IM_NEW(ImFont);
        font->ContainerAtlas = &atlas;
        font->FontSize = f.size;
        font->Ascent = f.ascent;
        font->Descent = f.descent;
        font->Scale = f.scale;
        font->MetricsTotalSurface = f.surface;
        font->FallbackChar = static_cast<ImWchar>(f.fallback);
        font->EllipsisChar = static_cast<ImWchar>(f.ellipsis);
        font->DotChar = static_cast<ImWchar>(f.dot);
        font->Glyphs.resize(static_cast<int>(f.glyphs.size()));
        std::memcpy(font->Glyphs.Data, f.glyphs.data(), f.glyphs.size() * sizeof(ImFontGlyph));
        font->BuildLookupTable();
        atlas.Fonts.push_back(font);
    }
    atlas.TexReady = true;
    return {};
}

} // namespace sk::ui
