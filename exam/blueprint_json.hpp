// Blueprints as JSON files (docs/blueprint-format.md): what `safekiosk-admin blueprint show --json` prints and
// `blueprint set FILE` reads. The item is named by its catalogue category and item; fields left out keep the
// defaults of default_blueprint() for that item and kind.
#pragma once

#include "content/model.hpp"
#include "exam/blueprint.hpp"

#include <string>
#include <vector>

namespace sk::exam {

// The blueprint as a JSON document (2-space indentation, fields in the documented order).
std::string blueprint_to_json(const Blueprint& bp, const content::Catalogue& catalogue);

struct BlueprintFile {
    Blueprint blueprint;
    // Every problem found, each naming its field ("strata[2].count", "pass_mark", …); field "JSON" for a syntax
    // error, whose message gives the line and column.
    std::vector<content::FieldProblem> problems;
    bool ok() const { return problems.empty(); }
};

BlueprintFile blueprint_from_json(const std::string& text, const content::Catalogue& catalogue);

} // namespace sk::exam
