#include "admin/gui/page_preview.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <variant>

namespace sk::admin::gui {

namespace pdf = certs::pdf;

namespace {

ImU32 colour(const pdf::Color& c, float opacity)
{
    return ImGui::ColorConvertFloat4ToU32(
        {static_cast<float>(c.r), static_cast<float>(c.g), static_cast<float>(c.b), opacity});
}

// Rotates the vertices added since `first` about `centre` by `degrees`, counter-clockwise on the page (the screen's
// y axis points down, so the sine's sign flips).
void rotate_since(ImDrawList* dl, int first, ImVec2 centre, double degrees)
{
    const float a = static_cast<float>(degrees * M_PI / 180.0);
    const float c = std::cos(a), s = std::sin(a);
    for (int i = first; i < dl->VtxBuffer.Size; ++i) {
        ImVec2& p = dl->VtxBuffer[i].pos;
        const float x = p.x - centre.x, y = p.y - centre.y;
        p = {centre.x + x * c + y * s, centre.y - x * s + y * c};
    }
}

struct Painter {
    App& app;
    ImDrawList* dl;
    ImVec2 origin;
    float scale;
    const std::string& image_key;
    float opacity = 1;
    int image = 0;

    ImVec2 at(double x, double y) const
    {
        return {origin.x + static_cast<float>(x) * scale, origin.y + static_cast<float>(y) * scale};
    }
    float px(double points) const { return std::max(1.0f, static_cast<float>(points) * scale); }

    void operator()(const pdf::Text& t)
    {
        app.note_text(t.text);
        ImFont* font = ImGui::GetFont();
        const float size = static_cast<float>(t.size) * scale;
        const float spacing = static_cast<float>(t.spacing) * scale;
        // Width with the extra space after each character, as the PDF writer sets it.
        const char* end = t.text.c_str() + t.text.size();
        float width = 0;
        int chars = 0;
        for (const char* p = t.text.c_str(); p < end;) {
            unsigned int cp = 0;
            p += ImTextCharFromUtf8(&cp, p, end);
            width += font->GetCharAdvance(static_cast<ImWchar>(cp)) * size / font->FontSize + spacing;
            ++chars;
        }
        if (chars > 0) width -= spacing;
        const ImVec2 anchor = at(t.x, t.y);
        float x = anchor.x - (t.align == pdf::Align::Center ? width / 2 : t.align == pdf::Align::Right ? width : 0);
        const float top = anchor.y - font->Ascent * size / font->FontSize;
        const ImU32 col = colour(t.color, t.outline ? opacity * 0.35f : opacity);
        const int first = dl->VtxBuffer.Size;
        for (const char* p = t.text.c_str(); p < end;) {
            const char* start = p;
            unsigned int cp = 0;
            p += ImTextCharFromUtf8(&cp, p, end);
            dl->AddText(font, size, {x, top}, col, start, p);
            if (t.bold) dl->AddText(font, size, {x + std::max(0.5f, size * 0.03f), top}, col, start, p);
            x += font->GetCharAdvance(static_cast<ImWchar>(cp)) * size / font->FontSize + spacing;
        }
        if (t.angle != 0) rotate_since(dl, first, anchor, t.angle);
    }

    void operator()(const pdf::Line& l)
    {
        dl->AddLine(at(l.x1, l.y1), at(l.x2, l.y2), colour(l.color, opacity), px(l.width));
    }

    void operator()(const pdf::Rect& r)
    {
        const ImVec2 a = at(r.x, r.y), b = at(r.x + r.w, r.y + r.h);
        if (r.fill) dl->AddRectFilled(a, b, colour(*r.fill, opacity));
        if (r.stroke) dl->AddRect(a, b, colour(*r.stroke, opacity), 0, 0, px(r.width));
    }

    void operator()(const pdf::Circle& c)
    {
        const ImVec2 centre = at(c.cx, c.cy);
        const float radius = static_cast<float>(c.r) * scale;
        if (c.fill) dl->AddCircleFilled(centre, radius, colour(*c.fill, opacity), 48);
        if (c.stroke) dl->AddCircle(centre, radius, colour(*c.stroke, opacity), 48, px(c.width));
    }

    void operator()(const pdf::Polygon& p)
    {
        if (p.points.size() < 3) return;
        std::vector<ImVec2> points;
        ImVec2 centre{0, 0};
        for (const auto& [x, y] : p.points) {
            points.push_back(at(x, y));
            centre.x += points.back().x / static_cast<float>(p.points.size());
            centre.y += points.back().y / static_cast<float>(p.points.size());
        }
        if (p.fill) {
            // A fan from the centre: right for the convex shapes and the seal's star (each point sees the centre),
            // where ImGui's convex fill would cover the star's notches.
            const ImU32 col = colour(*p.fill, opacity);
            for (std::size_t i = 0; i < points.size(); ++i)
                dl->AddTriangleFilled(centre, points[i], points[(i + 1) % points.size()], col);
        }
        if (p.stroke)
            dl->AddPolyline(points.data(), static_cast<int>(points.size()), colour(*p.stroke, opacity),
                            ImDrawFlags_Closed, px(p.width));
    }

    void operator()(const pdf::Image& im)
    {
        if (!im.data) return;
        const std::string key = image_key + std::to_string(image++);
        app.stage_image(key, *im.data);
        const ImVec2 a = at(im.x, im.y), b = at(im.x + im.w, im.y + im.h);
        const int w = std::max(1, static_cast<int>(b.x - a.x)), h = std::max(1, static_cast<int>(b.y - a.y));
        if (const ui::Texture* t = app.textures().fitted(key, w, h, ui::Fit::Cover)) {
            // Cover: the texture fills the box, cropped to it and centred, as the PDF draws it.
            const float tw = static_cast<float>(t->width), th = static_cast<float>(t->height);
            const float u = std::max(0.0f, (tw - static_cast<float>(w)) / 2 / tw);
            const float v = std::max(0.0f, (th - static_cast<float>(h)) / 2 / th);
            dl->AddImage(t->id(), a, b, {u, v}, {1 - u, 1 - v});
        } else {
            dl->AddRectFilled(a, b, IM_COL32(0xE8, 0xE8, 0xE8, 0xFF));
        }
    }

    void operator()(const pdf::Modules& m)
    {
        if (m.size <= 0) return;
        const double side = m.side / m.size;
        const ImU32 dark = colour(pdf::kBlack, opacity);
        dl->AddRectFilled(at(m.x, m.y), at(m.x + m.side, m.y + m.side), colour(pdf::kWhite, opacity));
        for (int row = 0; row < m.size; ++row)
            for (int col = 0; col < m.size; ++col)
                if (m.dark[static_cast<std::size_t>(row * m.size + col)])
                    dl->AddRectFilled(at(m.x + col * side, m.y + row * side),
                                      at(m.x + (col + 1) * side, m.y + (row + 1) * side), dark);
    }

    void operator()(const pdf::BeginLayer& l) { opacity = static_cast<float>(l.opacity); }
    void operator()(const pdf::EndLayer&) { opacity = 1; }
};

} // namespace

ImVec2 page_size(const pdf::Page& page, float scale)
{
    return {static_cast<float>(page.width) * scale, static_cast<float>(page.height) * scale};
}

void draw_page(App& app, const pdf::Page& page, float scale, const std::string& image_key)
{
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = page_size(page, scale);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, {origin.x + size.x, origin.y + size.y}, IM_COL32_WHITE);
    dl->PushClipRect(origin, {origin.x + size.x, origin.y + size.y}, true);
    Painter painter{app, dl, origin, scale, image_key};
    for (const auto& op : page.ops) std::visit(painter, op);
    dl->PopClipRect();
    ImGui::Dummy(size);
}

} // namespace sk::admin::gui
