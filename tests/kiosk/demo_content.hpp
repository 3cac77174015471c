// A small exhibit database for the kiosk tests, built through ContentStore: three accident cases (written for
// these tests, not taken from real reports) with generated PNG pictures and quizzes.
#pragma once

#include "content/model.hpp"

#include <filesystem>
#include <vector>

namespace sk::test {

std::vector<content::Exhibit> demo_exhibits();
// Creates (or refills) the database at `path` with demo_exhibits() and their pictures.
void build_demo_database(const std::filesystem::path& path);

// A generated PNG picture (w × h) of a scene: 0 tank fire, 1 scaffold, 2 market fire, 3 warning sign.
std::vector<unsigned char> demo_picture(int scene, int w, int h);

} // namespace sk::test
