#include "certs/pdf/font.hpp"

#include <hb-subset.h>
#include <hb.h>

#include <array>

namespace sk::certs::pdf {

std::vector<char32_t> codepoints(std::string_view utf8)
{
    hb_buffer_t* buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, utf8.data(), static_cast<int>(utf8.size()), 0, static_cast<int>(utf8.size()));
    unsigned n = 0;
    hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
    std::vector<char32_t> out;
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) out.push_back(static_cast<char32_t>(info[i].codepoint));
    hb_buffer_destroy(buf);
    return out;
}

std::vector<std::string> characters(std::string_view utf8)
{
    hb_buffer_t* buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, utf8.data(), static_cast<int>(utf8.size()), 0, static_cast<int>(utf8.size()));
    unsigned n = 0;
    hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
    std::vector<std::string> out;
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) { // a cluster is the byte offset of the character
        const std::size_t from = info[i].cluster, to = i + 1 < n ? info[i + 1].cluster : utf8.size();
        out.emplace_back(utf8.substr(from, to - from));
    }
    hb_buffer_destroy(buf);
    return out;
}

FontFace::FontFace(const std::filesystem::path& file, unsigned index) : file_(file)
{
    blob_ = hb_blob_create_from_file_or_fail(file.c_str());
    if (!blob_) throw RenderError(file.string() + ": the font file cannot be read (Debian package fonts-wqy-microhei)");
    if (index >= hb_face_count(blob_)) {
        hb_blob_destroy(blob_);
        throw RenderError(file.string() + ": has no font face " + std::to_string(index));
    }
    face_ = hb_face_create(blob_, index);
    font_ = hb_font_create(face_);
    upem_ = hb_face_get_upem(face_);
    hb_font_set_scale(font_, static_cast<int>(upem_), static_cast<int>(upem_));
    hb_font_extents_t ext{};
    if (hb_font_get_h_extents(font_, &ext)) {
        ascender_ = ext.ascender / upem_;
        descender_ = ext.descender / upem_;
    }
}

FontFace::~FontFace()
{
    hb_font_destroy(font_);
    hb_face_destroy(face_);
    hb_blob_destroy(blob_);
}

const FontFace& FontFace::standard()
{
    static const FontFace face(kDefaultFontFile, 0);
    return face;
}

bool FontFace::has(char32_t cp) const
{
    hb_codepoint_t glyph = 0;
    return hb_font_get_nominal_glyph(font_, cp, &glyph) && glyph != 0;
}

double FontFace::advance(char32_t cp) const
{
    hb_codepoint_t glyph = 0;
    if (!hb_font_get_nominal_glyph(font_, cp, &glyph)) return 0;
    return hb_font_get_glyph_h_advance(font_, glyph) / upem_;
}

double FontFace::width(std::string_view utf8, double size, double spacing) const
{
    double w = 0;
    std::size_t n = 0;
    for (char32_t cp : codepoints(utf8)) {
        w += advance(cp) * size;
        ++n;
    }
    return n ? w + spacing * static_cast<double>(n - 1) : 0;
}

namespace {

// libharu 2.3 copies the TrueType tables it needs into the PDF in a fixed order that ends with 'prep', writing an
// empty table for one the font lacks. When that empty last table starts exactly at the end of libharu's 4096-byte
// buffer, the checksum pass seeks past its last buffer and the save fails ("libharu error 0x1033 (detail 0) while
// save", HPDF_MemStream_SeekFunc): a subset without hints has no 'prep', and about one character set in a few hundred
// ends there (a certificate card, whose characters include its signing key's id, one key in 150). So a subset
// without a 'prep' gets one that does nothing: SVTCA[1], setting the vectors to the x-axis they start on.
hb_face_t* with_prep(hb_face_t* sub)
{
    hb_blob_t* prep = hb_face_reference_table(sub, HB_TAG('p', 'r', 'e', 'p'));
    const bool has = hb_blob_get_length(prep) > 0;
    hb_blob_destroy(prep);
    if (has) return sub;
    // The subset is a face builder, which does not list its tables: read them from its serialised form.
    hb_blob_t* bytes = hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    sub = hb_face_create(bytes, 0);
    hb_blob_destroy(bytes);
    hb_face_t* built = hb_face_builder_create();
    std::array<hb_tag_t, 32> tags{};
    for (unsigned start = 0;;) {
        unsigned count = tags.size();
        hb_face_get_table_tags(sub, start, &count, tags.data());
        for (unsigned i = 0; i < count; ++i) {
            hb_blob_t* table = hb_face_reference_table(sub, tags[i]);
            hb_face_builder_add_table(built, tags[i], table);
            hb_blob_destroy(table);
        }
        if (count < tags.size()) break;
        start += count;
    }
    static const char noop[] = {'\x01'};
    hb_blob_t* table = hb_blob_create(noop, sizeof noop, HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    hb_face_builder_add_table(built, HB_TAG('p', 'r', 'e', 'p'), table);
    hb_blob_destroy(table);
    hb_face_destroy(sub);
    return built;
}

} // namespace

std::vector<unsigned char> FontFace::subset(const std::set<char32_t>& cps) const
{
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    if (!input) throw RenderError("font subset: out of memory");
    hb_set_t* unicodes = hb_subset_input_unicode_set(input);
    for (char32_t cp : cps) hb_set_add(unicodes, cp);
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t* names = hb_subset_input_set(input, HB_SUBSET_SETS_NAME_ID); // family, style, full and PostScript name
    hb_set_clear(names);
    for (unsigned id : {1u, 2u, 4u, 6u}) hb_set_add(names, id);
    hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (auto tag : {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
                     HB_TAG('k', 'e', 'r', 'n'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('D', 'S', 'I', 'G')})
        hb_set_add(drop, tag);
    hb_face_t* sub = hb_subset_or_fail(face_, input);
    hb_subset_input_destroy(input);
    if (!sub) throw RenderError(file_.string() + ": HarfBuzz could not subset the font");
    sub = with_prep(sub);
    hb_blob_t* blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char* data = hb_blob_get_data(blob, &len);
    std::vector<unsigned char> out(reinterpret_cast<const unsigned char*>(data),
                                   reinterpret_cast<const unsigned char*>(data) + len);
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    if (out.empty()) throw RenderError(file_.string() + ": the font subset is empty");
    return out;
}

} // namespace sk::certs::pdf
