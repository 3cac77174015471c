// The catalogue of special operations (作业类别 → 操作项目) and managers' industries (行业 → 岗位) from
// ../shared/domain.md, seeded into a new database. Afterwards it is data an administrator may extend.
#pragma once

#include "content/model.hpp"

#include <string>
#include <vector>

namespace sk::content {

struct CatalogueSeed {
    Track track;
    std::string category;
    std::vector<std::string> items;
};

const std::vector<CatalogueSeed>& catalogue_seed();

} // namespace sk::content
