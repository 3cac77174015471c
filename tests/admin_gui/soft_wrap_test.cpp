// The multi-line fields' soft wrap (admin/gui/soft_wrap.hpp): long text shown on lines the field's width, breaks
// never stored, and editing through the wrapped display as if it were the text.
#include "admin/gui/fields.hpp"
#include "admin/gui/soft_wrap.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <doctest/doctest.h>

using sk::admin::gui::SoftWrap;

namespace {

// One unit per ASCII character, two per other character (a Chinese character is about twice as wide).
float measure(std::string_view s)
{
    float w = 0;
    for (unsigned char c : s)
        if (c < 0x80) w += 1;
        else if ((c & 0xC0) != 0x80) w += 2;
    return w;
}

SoftWrap laid_out(std::string_view text, float width)
{
    SoftWrap w;
    w.layout(text, width, measure);
    return w;
}

} // namespace

TEST_CASE("soft wrap: Chinese breaks anywhere, Latin words stay whole, hard breaks stay, nothing is added to the text")
{
    CHECK(laid_out("安全生产警示教育", 8).display() == "安全生产\n警示教育");
    CHECK(laid_out("安全生产警示教育", 9).display() == "安全生产\n警示教育");
    CHECK(laid_out("abc def ghi", 7).display() == "abc def \nghi");
    CHECK(laid_out("GB 50194-2014 第3.5条", 10).display() == "GB \n50194-2014 \n第3.5条");
    CHECK(laid_out("第一行\n第二行很长很长", 8).display() == "第一行\n第二行很\n长很长");
    CHECK(laid_out("short", 80).display() == "short");
    // A comma never starts a line: the character before it goes along.
    CHECK(laid_out("高处坠落，当场死亡", 8).display() == "高处坠\n落，当场\n死亡");
    // A blank （ ） in a stem is not split at its space.
    CHECK(laid_out("基准面（ ）及以上", 9).display() == "基准面\n（ ）及以\n上");
    CHECK(laid_out("", 5).display().empty());
    // A character wider than the line gets a line of its own rather than a loop.
    CHECK(laid_out("安全", 1).display() == "安\n全");
    for (std::string_view t : {"安全生产警示教育", "abc def ghi", "第一行\n第二行很长很长", "GB 50194-2014 第3.5条"})
        CHECK(laid_out(t, 7).text() == t);
}

TEST_CASE("soft wrap: typing, Backspace and Delete through the display edit the text and keep the cursor in place")
{
    SoftWrap w = laid_out("安全生产警示", 8); // 安全生产 / 警示
    REQUIRE(w.display() == "安全生产\n警示");
    // Typing 教育 at the end: the text grows, the cursor stays after what was typed.
    std::string shown = w.display() + "教育";
    int cursor = w.edited(shown, static_cast<int>(shown.size()), false, 8, measure);
    CHECK(w.text() == "安全生产警示教育");
    CHECK(w.display() == "安全生产\n警示教育");
    CHECK(cursor == static_cast<int>(w.display().size()));
    // Typing 在 in the middle of the first line pushes a character onto the next line.
    shown = w.display();
    shown.insert(3, "在"); // after 安
    cursor = w.edited(shown, 6, false, 8, measure);
    CHECK(w.text() == "安在全生产警示教育");
    CHECK(w.display() == "安在全生\n产警示教\n育");
    CHECK(w.text_position(cursor) == 6); // still right after 在
    // Backspace at the start of the second line removes only the soft break from the buffer: the character
    // before it (生) goes instead, and the break comes back where the text needs it.
    shown = w.display();
    const auto brk = shown.find('\n');
    shown.erase(brk, 1);
    cursor = w.edited(shown, static_cast<int>(brk), false, 8, measure);
    CHECK(w.text() == "安在全产警示教育");
    CHECK(w.text_position(cursor) == 9); // after 全
    // Delete at the end of the first line removes the next character.
    shown = w.display();
    const auto end_first = shown.find('\n');
    shown.erase(end_first, 1);
    w.edited(shown, static_cast<int>(end_first), true, 8, measure);
    CHECK(w.text().find("警") == std::string::npos);
    // A pasted hard line break stays one.
    shown = w.display();
    shown.insert(0, "注意\n");
    w.edited(shown, 7, false, 8, measure);
    CHECK(w.text().rfind("注意\n安在", 0) == 0);
    // Selecting across a soft break and typing over it replaces only the text selected.
    SoftWrap s = laid_out("abc def ghi", 7); // "abc def \nghi"
    shown = s.display();
    shown.replace(6, 4, "X"); // "f \ng" → "X"
    s.edited(shown, 7, false, 7, measure);
    CHECK(s.text() == "abc deXhi");
}

namespace {

// A bare ImGui context (the built-in font) to type into a field as a user would, without a window.
struct Ui {
    Ui()
    {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = {800, 600};
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.KeyMap[ImGuiKey_Backspace] = 1;
    }
    ~Ui() { ImGui::DestroyContext(); }
    int lines = 0;
    // One frame with the field; `focus` puts the keyboard in it first.
    bool frame(std::string& value, bool focus = false)
    {
        ImGui::GetIO().DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize({800, 600});
        ImGui::Begin("form");
        if (focus) ImGui::SetKeyboardFocusHere();
        const bool changed = sk::admin::gui::wrapped_multiline("##stem", value, {200, 120});
        // The lines the field shows while it is being edited: its own buffer's line breaks.
        lines = 0;
        if (const ImGuiInputTextState* st = ImGui::GetInputTextState(ImGui::GetID("##stem"))) {
            lines = 1;
            for (int i = 0; i < st->CurLenW; ++i) lines += st->TextW[i] == '\n';
        }
        ImGui::End();
        ImGui::Render();
        return changed;
    }
};

} // namespace

TEST_CASE("a multi-line field wraps long text as it is typed and never stores the soft breaks")
{
    Ui ui;
    std::string value;
    ui.frame(value, true);
    ui.frame(value);
    // Typed: words that pass the field's 200 px go to new lines on screen only.
    ImGui::GetIO().AddInputCharactersUTF8("Lockout tagout: isolate every energy source before you start work on the machine");
    CHECK(ui.frame(value));
    ui.frame(value);
    CHECK(value == "Lockout tagout: isolate every energy source before you start work on the machine");
    CHECK(ui.lines >= 3); // ~520 px of text in a 200 px field
    // Backspace at the end removes the last character typed, not a break.
    ImGui::GetIO().KeysDown[1] = true;
    ui.frame(value);
    ImGui::GetIO().KeysDown[1] = false;
    ui.frame(value);
    CHECK(value == "Lockout tagout: isolate every energy source before you start work on the machin");
    CHECK(value.find('\n') == std::string::npos);
}
