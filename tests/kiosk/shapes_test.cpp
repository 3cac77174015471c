// Filled shapes (kiosk/ui/shapes.hpp) through the software renderer the kiosk draws with: a rounded rectangle
// placed at a fraction of a pixel is filled without gaps.
#include "kiosk/ui/shapes.hpp"

#include <SDL.h>
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

using namespace sk;

TEST_CASE("a rounded button at a fraction of a pixel is filled without an unpainted column or row")
{
    const int w = 240, h = 120;
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    REQUIRE(renderer);
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGui::GetIO().DisplaySize = {float(w), float(h)};
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplSDLRenderer_Init(renderer);
    const ImU32 fill = IM_COL32(255, 196, 42, 255);
    for (const float fx : {0.0f, 0.25f, 0.4f, 0.5f, 0.6f, 0.75f}) {
        for (const float fy : {0.0f, 0.3f, 0.7f}) {
            const ImVec2 a{20 + fx, 15 + fy}, b{203.6f + fx, 97.2f + fy};
            const float r = 12.6f;
            SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
            SDL_RenderClear(renderer);
            ImGui_ImplSDLRenderer_NewFrame();
            ImGui::NewFrame();
            ui::fill_rounded(ImGui::GetBackgroundDrawList(), a, b, fill, r);
            ImGui::Render();
            ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
            SDL_RenderFlush(renderer);
            // Every whole pixel inside the shape and away from its rounded corners must carry the fill colour.
            std::string gaps;
            const auto* px = static_cast<const std::uint8_t*>(surface->pixels);
            auto inside = [&](int x, int y) {
                const bool band_x = x >= std::ceil(a.x + r) + 1 && x + 1 <= std::floor(b.x - r) - 1;
                const bool band_y = y >= std::ceil(a.y + r) + 1 && y + 1 <= std::floor(b.y - r) - 1;
                const bool in_x = x >= std::ceil(a.x) + 1 && x + 1 <= std::floor(b.x) - 1;
                const bool in_y = y >= std::ceil(a.y) + 1 && y + 1 <= std::floor(b.y) - 1;
                return (band_x && in_y) || (band_y && in_x);
            };
            for (int y = 0; y < h && gaps.size() < 200; ++y)
                for (int x = 0; x < w; ++x) {
                    if (!inside(x, y)) continue;
                    const std::uint8_t* p = px + y * surface->pitch + x * 4;
                    if (p[0] != 255 || p[1] != 196 || p[2] != 42)
                        gaps += "(" + std::to_string(x) + "," + std::to_string(y) + ") ";
                }
            INFO("offset " << fx << ", " << fy << ": pixels not filled: " << gaps);
            CHECK(gaps.empty());
        }
    }
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(ctx);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
}
