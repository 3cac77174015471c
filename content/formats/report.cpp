#include "content/formats/report.hpp"

#include <nlohmann/json.hpp>

namespace sk::content::formats {

using ordered_json = nlohmann::ordered_json;

std::string to_string(Format f)
{
    switch (f) {
    case Format::Pack: return "pack";
    case Format::Csv: return "csv";
    case Format::Gift: return "gift";
    case Format::Aiken: return "aiken";
    case Format::MoodleXml: return "xml";
    }
    return "";
}

namespace {
std::string where(const std::string& file, int line)
{
    return line > 0 ? file + ":" + std::to_string(line) : file;
}
} // namespace

std::string Problem::to_string() const
{
    std::string s = where(file, line) + ": ";
    if (!field.empty()) s += field + ": ";
    return s + message;
}

std::string Skipped::to_string() const { return where(file, line) + ": " + type + ": " + reason; }

std::string Duplicate::to_string() const
{
    if (existing.empty() || existing == uid) return where(file, line) + ": " + uid + " is already stored unchanged";
    return where(file, line) + ": " + uid + " has the same content as " + existing;
}

std::string ImportReport::to_text() const
{
    std::string s;
    s += (dry_run ? "Dry run of " : "Import of ") + source + " (" + formats::to_string(format);
    if (!encoding.empty()) s += ", " + encoding;
    s += ")\n";
    s += "  inserted " + std::to_string(inserted) + ", new versions " + std::to_string(new_versions) + ", updated " +
         std::to_string(updated) + ", duplicates " + std::to_string(duplicates.size()) + ", skipped " +
         std::to_string(skipped.size()) + ", errors " + std::to_string(errors.size()) + "\n";
    if (exhibits_inserted + exhibits_updated + exhibits_unchanged > 0)
        s += "  exhibits: inserted " + std::to_string(exhibits_inserted) + ", updated " +
             std::to_string(exhibits_updated) + ", unchanged " + std::to_string(exhibits_unchanged) + "\n";
    if (media_stored > 0) s += "  media files stored: " + std::to_string(media_stored) + "\n";
    if (!categories.empty()) {
        s += "  Moodle categories:";
        for (const auto& c : categories) s += " " + c + ";";
        s.pop_back();
        s += "\n";
    }
    if (!errors.empty()) {
        s += "Errors";
        if (!skip_invalid) s += " (nothing was imported; --skip-invalid imports the valid questions)";
        else s += " (these were not imported)";
        s += ":\n";
        for (const auto& e : errors) s += "  " + e.to_string() + "\n";
    }
    if (!skipped.empty()) {
        s += "Skipped (no matching SafeKiosk question type):\n";
        for (const auto& k : skipped) s += "  " + k.to_string() + "\n";
    }
    if (!duplicates.empty()) {
        s += "Duplicates (not stored again):\n";
        for (const auto& d : duplicates) s += "  " + d.to_string() + "\n";
    }
    if (!warnings.empty()) {
        s += "Warnings:\n";
        for (const auto& w : warnings) s += "  " + w.to_string() + "\n";
    }
    if (dry_run) s += "Dry run: nothing was written.\n";
    else if (!committed) s += "Nothing was written.\n";
    return s;
}

namespace {
ordered_json problem_json(const Problem& p)
{
    return ordered_json{{"file", p.file}, {"line", p.line}, {"field", p.field}, {"message", p.message},
                        {"text", p.to_string()}};
}
} // namespace

std::string ImportReport::to_json() const
{
    ordered_json j;
    j["source"] = source;
    j["format"] = formats::to_string(format);
    j["encoding"] = encoding;
    j["dry_run"] = dry_run;
    j["skip_invalid"] = skip_invalid;
    j["committed"] = committed;
    j["read"] = read;
    j["inserted"] = inserted;
    j["new_versions"] = new_versions;
    j["updated"] = updated;
    j["duplicates"] = ordered_json::array();
    for (const auto& d : duplicates)
        j["duplicates"].push_back({{"file", d.file}, {"line", d.line}, {"uid", d.uid}, {"existing", d.existing}});
    j["skipped"] = ordered_json::array();
    for (const auto& k : skipped)
        j["skipped"].push_back({{"file", k.file}, {"line", k.line}, {"type", k.type}, {"reason", k.reason}});
    j["errors"] = ordered_json::array();
    for (const auto& e : errors) j["errors"].push_back(problem_json(e));
    j["warnings"] = ordered_json::array();
    for (const auto& w : warnings) j["warnings"].push_back(problem_json(w));
    j["exhibits"] = {{"inserted", exhibits_inserted}, {"updated", exhibits_updated}, {"unchanged", exhibits_unchanged}};
    j["media_stored"] = media_stored;
    j["categories"] = categories;
    j["uids"] = uids;
    return j.dump(2);
}

} // namespace sk::content::formats
