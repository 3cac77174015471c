// The question as the kiosk shows it, drawn with the kiosk's own widgets (kiosk/ui) and strings (kiosk/i18n) at
// the kiosk's proportions, scaled to a column of the editor: the exam paper's question column (number, type badge,
// stem in the heading font, option buttons, previous/mark/next) or, with `feedback`, the training kiosk's answer
// feedback (the key in green and the explanation).
//
// The proportions: on a 1920×1080 kiosk the body font is 36 px and the question column about 33 em wide, so a
// preview `w` pixels wide uses body fonts of w / 33 px (App::preview_body_px), built into the same atlas.
#pragma once

#include "content/model.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/textures.hpp"

#include <imgui.h>

namespace sk::admin::gui {

struct PreviewOptions {
    bool feedback = false; // training kiosk: after the answer, with the key and the explanation
    int number = 1;        // "第 1 题 / 共 100 题"
    int total = 100;
};

// Draws into a child region of `size` at the cursor, with `fonts` (the preview fonts) as the kiosk's fonts.
void question_preview(const content::Question& q, const ui::FontSet& fonts, ui::TextureCache& textures, ImVec2 size,
                      const PreviewOptions& options);

} // namespace sk::admin::gui
