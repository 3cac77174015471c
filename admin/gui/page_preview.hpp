// A printed page drawn in the window: the operations of a certs::pdf::Page (the certificate layouts' text, lines,
// boxes, seal, photo and QR code) on ImGui's draw list, at `scale` pixels per point. The batch panel's preview of
// the certificate a person would get, drawn from the same layout code that writes the PDF.
#pragma once

#include "admin/gui/app.hpp"
#include "certs/pdf/canvas.hpp"

#include <string>

namespace sk::admin::gui {

// The page's size in pixels at `scale`.
ImVec2 page_size(const certs::pdf::Page& page, float scale);

// Draws `page` with its top-left corner at the cursor and advances the cursor past it. Text is drawn in the
// window's font (its glyphs noted with App::note_text, so they exist from the next frame); images are staged under
// `image_key` + their index and drawn through the texture cache once it has made them.
void draw_page(App& app, const certs::pdf::Page& page, float scale, const std::string& image_key);

} // namespace sk::admin::gui
