#include "kiosk/ui/damage.hpp"

#include <imgui_impl_sdlrenderer.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace sk::ui {

namespace {

// The clip rectangle of a command in whole pixels, as ImGui_ImplSDLRenderer_RenderDrawData (1.86) computes it;
// false when the backend skips the command.
bool pixel_clip(const ImDrawData& draw, const ImDrawCmd& cmd, int fb_w, int fb_h, SDL_Rect& out)
{
    const ImVec2 off = draw.DisplayPos;
    ImVec2 lo(cmd.ClipRect.x - off.x, cmd.ClipRect.y - off.y);
    ImVec2 hi(cmd.ClipRect.z - off.x, cmd.ClipRect.w - off.y);
    if (lo.x < 0.0f) lo.x = 0.0f;
    if (lo.y < 0.0f) lo.y = 0.0f;
    if (hi.x > fb_w) hi.x = static_cast<float>(fb_w);
    if (hi.y > fb_h) hi.y = static_cast<float>(fb_h);
    if (hi.x <= lo.x || hi.y <= lo.y) return false;
    out = {static_cast<int>(lo.x), static_cast<int>(lo.y), static_cast<int>(hi.x - lo.x), static_cast<int>(hi.y - lo.y)};
    return out.w > 0 && out.h > 0;
}

// A run of triangles drawn together: consecutive triangles that share two indices (a quad, a fan) stay in one
// run, so SDL's software path, which draws two triangles forming an axis-aligned rectangle as one rectangle,
// pairs them the same way whether or not other runs are left out.
struct Run {
    unsigned first = 0; // index of its first index within the command
    unsigned count = 0; // indices
    SDL_Rect box{};     // pixels it may touch, within the command's clip; w == 0: none
    std::uint64_t hash = 0;
    bool whole = false; // a textured rectangle: SDL samples it differently when clipped, so draw all or none
};

int shared_indices(const ImDrawIdx* a, const ImDrawIdx* b)
{
    int n = 0;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            if (a[i] == b[j]) {
                ++n;
                break;
            }
    return n;
}

// Walks the runs of one command. `f(Run&)` sees each run with its box and hash.
template <typename F>
void for_each_run(const ImDrawList& list, const ImDrawCmd& cmd, const SDL_Rect& clip, F&& f)
{
    const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
    const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
    const unsigned n = cmd.ElemCount - cmd.ElemCount % 3;
    // What a triangle is hashed by: its three vertices (position, texture coordinates, colour), its texture and
    // its clip rectangle in pixels, as bytes.
    constexpr std::size_t kVerts = 3 * sizeof(ImDrawVert);
    unsigned char key[kVerts + sizeof(ImTextureID) + 4 * sizeof(int)];
    const ImTextureID tex = cmd.GetTexID();
    const int clip_px[4] = {clip.x, clip.y, clip.w, clip.h};
    std::memcpy(key + kVerts, &tex, sizeof tex);
    std::memcpy(key + kVerts + sizeof tex, clip_px, sizeof clip_px);
    int tex_w = 0, tex_h = 0;
    if (tex) SDL_QueryTexture(static_cast<SDL_Texture*>(tex), nullptr, nullptr, &tex_w, &tex_h);
    unsigned i = 0;
    while (i < n) {
        Run run;
        run.first = i;
        float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
        std::uint64_t h = 0x5AFE;
        do {
            for (int k = 0; k < 3; ++k) {
                const ImDrawVert& v = vtx[idx[i + k]];
                std::memcpy(key + k * sizeof(ImDrawVert), &v, sizeof v);
                x0 = std::min(x0, v.pos.x);
                y0 = std::min(y0, v.pos.y);
                x1 = std::max(x1, v.pos.x);
                y1 = std::max(y1, v.pos.y);
            }
            h = XXH3_64bits_withSeed(key, sizeof key, h);
            i += 3;
        } while (i < n && shared_indices(idx + i - 3, idx + i) >= 2);
        run.count = i - run.first;
        run.hash = h;
        // One pixel of margin for the rasteriser's rounding.
        const int bx0 = std::max(clip.x, static_cast<int>(std::floor(x0)) - 1);
        const int by0 = std::max(clip.y, static_cast<int>(std::floor(y0)) - 1);
        const int bx1 = std::min(clip.x + clip.w, static_cast<int>(std::ceil(x1)) + 1);
        const int by1 = std::min(clip.y + clip.h, static_cast<int>(std::ceil(y1)) + 1);
        if (bx1 > bx0 && by1 > by0) run.box = {bx0, by0, bx1 - bx0, by1 - by0};
        if (run.count == 6 && tex_w > 0) {
            // Two triangles that SDL may draw as one textured rectangle (a glyph, a picture): unless it is ImGui's
            // white pixel stretched into a plain colour, SDL's copy picks its texels differently when clipped.
            float u0 = 1e30f, v0 = 1e30f, u1 = -1e30f, v1 = -1e30f;
            for (unsigned k = run.first; k < run.first + 6; ++k) {
                const ImVec2 uv = vtx[idx[k]].uv;
                u0 = std::min(u0, uv.x);
                v0 = std::min(v0, uv.y);
                u1 = std::max(u1, uv.x);
                v1 = std::max(v1, uv.y);
            }
            run.whole = (u1 - u0) * tex_w >= 1.01f || (v1 - v0) * tex_h >= 1.01f;
        }
        f(run);
    }
}

bool overlaps(const SDL_Rect& a, const SDL_Rect& b)
{
    return a.w > 0 && b.w > 0 && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

std::uint64_t mix(std::uint64_t tile, std::uint64_t h)
{
    tile ^= h + 0x9E3779B97F4A7C15ULL + (tile << 6) + (tile >> 2);
    return tile * 0xFF51AFD7ED558CCDULL;
}

} // namespace

const std::vector<SDL_Rect>& DamageTracker::update(const ImDrawData& draw, int width, int height, ImU32 background)
{
    rects_.clear();
    if (width <= 0 || height <= 0) return rects_;
    if (width != width_ || height != height_) {
        width_ = width;
        height_ = height;
        cols_ = (width + kTile - 1) / kTile;
        rows_ = (height + kTile - 1) / kTile;
        previous_.assign(static_cast<std::size_t>(cols_) * rows_, 0);
        full_ = true;
    }
    current_.assign(previous_.size(), XXH3_64bits(&background, sizeof background));
    for (int l = 0; l < draw.CmdListsCount; ++l) {
        const ImDrawList& list = *draw.CmdLists[l];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback) {
                full_ = true; // not drawn by triangles: nothing to compare
                continue;
            }
            SDL_Rect clip;
            if (!pixel_clip(draw, cmd, width, height, clip)) continue;
            for_each_run(list, cmd, clip, [&](const Run& run) {
                if (run.box.w == 0) return;
                const int tx0 = run.box.x / kTile, tx1 = (run.box.x + run.box.w - 1) / kTile;
                const int ty0 = run.box.y / kTile, ty1 = (run.box.y + run.box.h - 1) / kTile;
                for (int ty = ty0; ty <= ty1; ++ty)
                    for (int tx = tx0; tx <= tx1; ++tx) {
                        auto& t = current_[static_cast<std::size_t>(ty) * cols_ + tx];
                        t = mix(t, run.hash);
                    }
            });
        }
    }
    if (full_) {
        rects_.push_back({0, 0, width, height});
    } else {
        // Changed tiles, row by row as runs; a run that continues one of the row above with the same columns
        // grows that rectangle downwards.
        std::vector<std::size_t> open; // rects_ indices that end on the row above
        for (int ty = 0; ty < rows_; ++ty) {
            std::vector<std::size_t> next;
            for (int tx = 0; tx < cols_;) {
                const std::size_t at = static_cast<std::size_t>(ty) * cols_;
                if (current_[at + tx] == previous_[at + tx]) {
                    ++tx;
                    continue;
                }
                int end = tx;
                while (end < cols_ && current_[at + end] != previous_[at + end]) ++end;
                SDL_Rect r{tx * kTile, ty * kTile, std::min(end * kTile, width) - tx * kTile,
                           std::min((ty + 1) * kTile, height) - ty * kTile};
                bool grown = false;
                for (std::size_t k : open) {
                    SDL_Rect& o = rects_[k];
                    if (o.x == r.x && o.w == r.w) {
                        o.h = r.y + r.h - o.y;
                        next.push_back(k);
                        grown = true;
                        break;
                    }
                }
                if (!grown) {
                    rects_.push_back(r);
                    next.push_back(rects_.size() - 1);
                }
                tx = end;
            }
            open = std::move(next);
        }
        // Many scattered pieces cost more in passes over the draw data than they save: one bounding box.
        if (rects_.size() > 8) {
            SDL_Rect box = rects_.front();
            for (const auto& r : rects_) SDL_UnionRect(&box, &r, &box);
            rects_.assign(1, box);
        }
        // A rectangle never cuts through a textured rectangle: it grows to hold each one it touches, until no
        // rectangle cuts one (or, after a few rounds, the whole screen is drawn).
        bool grown = !rects_.empty();
        for (int round = 0; grown; ++round) {
            if (round == 4) {
                rects_.assign(1, SDL_Rect{0, 0, width, height});
                break;
            }
            grown = false;
            for (int l = 0; l < draw.CmdListsCount; ++l) {
                const ImDrawList& list = *draw.CmdLists[l];
                for (const ImDrawCmd& cmd : list.CmdBuffer) {
                    SDL_Rect clip;
                    if (cmd.UserCallback || !pixel_clip(draw, cmd, width, height, clip)) continue;
                    for_each_run(list, cmd, clip, [&](const Run& run) {
                        if (!run.whole || run.box.w == 0) return;
                        for (SDL_Rect& r : rects_) {
                            SDL_Rect both;
                            if (!SDL_IntersectRect(&r, &run.box, &both)) continue;
                            if (both.w == run.box.w && both.h == run.box.h) continue;
                            SDL_UnionRect(&r, &run.box, &r);
                            grown = true;
                        }
                    });
                }
            }
        }
    }
    full_ = false;
    previous_.swap(current_);
    return rects_;
}

double DamageTracker::damaged_fraction() const
{
    if (width_ <= 0 || height_ <= 0) return 0;
    double px = 0;
    for (const auto& r : rects_) px += double(r.w) * r.h;
    return px / (double(width_) * height_);
}

void render_damaged(SDL_Renderer* renderer, ImDrawData* draw, const std::vector<SDL_Rect>& rects, ImU32 background)
{
    if (rects.empty() || !draw) return;
    const int fb_w = static_cast<int>(draw->DisplaySize.x * draw->FramebufferScale.x);
    const int fb_h = static_cast<int>(draw->DisplaySize.y * draw->FramebufferScale.y);
    const ImVec2 off = draw->DisplayPos;
    for (const SDL_Rect& rect : rects) {
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(renderer, background & 0xFF, (background >> 8) & 0xFF, (background >> 16) & 0xFF, 255);
        SDL_RenderFillRect(renderer, &rect);
        const bool whole = rect.x == 0 && rect.y == 0 && rect.w >= fb_w && rect.h >= fb_h;
        if (whole) {
            ImGui_ImplSDLRenderer_RenderDrawData(draw);
            continue;
        }
        // Each list's commands with their clip narrowed to `rect` and only the runs that reach it; the lists'
        // own buffers are swapped back afterwards.
        struct Saved {
            ImDrawList* list;
            ImVector<ImDrawCmd> cmds;
            ImVector<ImDrawIdx> idx;
        };
        std::vector<Saved> saved;
        saved.reserve(static_cast<std::size_t>(draw->CmdListsCount));
        for (int l = 0; l < draw->CmdListsCount; ++l) {
            ImDrawList& list = *draw->CmdLists[l];
            // Built in place: ImVector has no move, and copying an empty one hands memcpy a null pointer (UB).
            saved.emplace_back();
            saved.back().list = &list;
            ImVector<ImDrawCmd>& cmds = saved.back().cmds;
            ImVector<ImDrawIdx>& idx = saved.back().idx;
            for (const ImDrawCmd& cmd : list.CmdBuffer) {
                ImDrawCmd c = cmd;
                c.IdxOffset = static_cast<unsigned>(idx.Size);
                c.ElemCount = 0;
                SDL_Rect clip, narrowed;
                if (cmd.UserCallback || !pixel_clip(*draw, cmd, fb_w, fb_h, clip) ||
                    !SDL_IntersectRect(&clip, &rect, &narrowed))
                    continue;
                c.ClipRect = ImVec4(narrowed.x + off.x, narrowed.y + off.y, narrowed.x + narrowed.w + off.x,
                                    narrowed.y + narrowed.h + off.y);
                const ImDrawIdx* src = list.IdxBuffer.Data + cmd.IdxOffset;
                for_each_run(list, cmd, clip, [&](const Run& run) {
                    if (!overlaps(run.box, narrowed)) return;
                    for (unsigned k = 0; k < run.count; ++k) idx.push_back(src[run.first + k]);
                });
                c.ElemCount = static_cast<unsigned>(idx.Size) - c.IdxOffset;
                if (c.ElemCount > 0) cmds.push_back(c);
            }
            list.CmdBuffer.swap(cmds);
            list.IdxBuffer.swap(idx);
        }
        ImGui_ImplSDLRenderer_RenderDrawData(draw);
        for (auto& s : saved) {
            s.list->CmdBuffer.swap(s.cmds);
            s.list->IdxBuffer.swap(s.idx);
        }
    }
}

} // namespace sk::ui
