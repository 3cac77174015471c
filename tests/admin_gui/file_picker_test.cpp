// The file picker's browser without a window: folders first, only the wanted kinds, hidden files left out, moving
// the selection and opening folders as the keys do, typed paths, and folder mode.
#include "admin/gui/file_picker.hpp"
#include "admin/gui/strings.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace sk;
using admin::gui::FileBrowser;
using admin::gui::PickMode;

namespace {
std::vector<std::string> names(const FileBrowser& b)
{
    std::vector<std::string> v;
    for (const auto& e : b.entries()) v.push_back(e.name);
    return v;
}
} // namespace

TEST_CASE("the file picker lists folders then files of the wanted kinds and opens folders with the keys")
{
    admin::gui::set_language(admin::gui::Language::English);
    test::TempDir dir;
    std::filesystem::create_directories(dir / "照片");
    std::filesystem::create_directories(dir / "archive");
    std::filesystem::create_directories(dir / ".cache");
    test::write_file(dir / "b.PNG", "x");
    test::write_file(dir / "a.jpg", "xy");
    test::write_file(dir / "list.csv", "z");
    test::write_file(dir / ".hidden.png", "z");
    test::write_file(dir / "照片" / "11010519491231002X.jpg", "photo");

    FileBrowser b(PickMode::File, {".png", ".jpg", ".JPEG"});
    REQUIRE(b.go(dir.path()));
    CHECK(names(b) == std::vector<std::string>{"archive", "照片", "a.jpg", "b.PNG"});
    CHECK(b.entries()[2].size == 2);
    CHECK(b.selected() == 0);
    CHECK_FALSE(b.choice()); // a folder is selected: nothing to choose yet

    b.move_selection(3); // ↓ ↓ ↓
    CHECK(b.selected() == 3);
    b.move_selection(5); // stays on the last
    CHECK(b.selected() == 3);
    REQUIRE(b.choice());
    CHECK(*b.choice() == dir.path() / "b.PNG");
    const auto chosen = b.activate(); // Enter on a file chooses it
    REQUIRE(chosen);
    CHECK(*chosen == dir.path() / "b.PNG");

    b.select(1);
    CHECK_FALSE(b.activate()); // Enter on a folder opens it
    CHECK(b.dir() == dir.path() / "照片");
    CHECK(names(b) == std::vector<std::string>{"11010519491231002X.jpg"});
    REQUIRE(b.up()); // Backspace: the parent, with the folder we came from selected
    CHECK(b.dir() == dir.path());
    CHECK(b.selected() == 1);

    // Typed paths: a folder opens, a file of the right kind is the choice, others say why.
    CHECK_FALSE(b.enter("archive"));
    CHECK(b.dir() == dir.path() / "archive");
    CHECK(b.entries().empty());
    const auto typed = b.enter((dir / "a.jpg").string());
    REQUIRE(typed);
    CHECK(*typed == dir.path() / "a.jpg");
    CHECK_FALSE(b.enter((dir / "list.csv").string()));
    CHECK(b.error().find("list.csv") != std::string::npos);
    CHECK_FALSE(b.enter((dir / "missing").string()));
    CHECK(b.error().find("missing") != std::string::npos);
    CHECK_FALSE(b.go(dir / "a.jpg")); // not a folder: the listing stays
    CHECK(b.dir() == dir.path() / "archive");

    // Folder mode: folders only; the choice is the selected folder, else the one shown.
    FileBrowser folders(PickMode::Folder, {});
    REQUIRE(folders.go(dir.path()));
    CHECK(names(folders) == std::vector<std::string>{"archive", "照片"});
    folders.select(1);
    CHECK(*folders.choice() == dir.path() / "照片");
    folders.activate();
    CHECK(folders.entries().empty());
    CHECK(*folders.choice() == dir.path() / "照片");
    admin::gui::set_language(admin::gui::Language::Chinese);
}
