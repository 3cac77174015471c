#include "content/formats/csv.hpp"

namespace sk::content::formats {

namespace {

bool all_digits(std::string_view v)
{
    return !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos;
}

// A plain decimal number ("-0.12", "+3", "42"): a spreadsheet reads it as a number, never as a formula.
bool plain_number(std::string_view v)
{
    if (!v.empty() && (v.front() == '+' || v.front() == '-')) v.remove_prefix(1);
    const auto dot = v.find('.');
    if (dot == std::string_view::npos) return all_digits(v);
    return all_digits(v.substr(0, dot)) && all_digits(v.substr(dot + 1));
}

// A number Excel would mangle: 12 or more digits (shown as 1.10105E+17, digits after the 15th lost), or a leading
// zero (dropped).
bool long_number(std::string_view v) { return all_digits(v) && (v.size() >= 12 || (v.size() >= 2 && v.front() == '0')); }

// Whether a spreadsheet could take the cell for a formula (OWASP: = + - @ TAB CR at the start), or the cell would
// look like one that csv_cell neutralised (a ' before such a cell), so that parse_csv gives back what was written.
// (A cell written with a leading TAB by csv_cell is a long number: it holds no other TAB to be confused with.)
bool needs_guard(std::string_view v)
{
    const auto start = v.find_first_not_of('\'');
    if (start == std::string_view::npos) return false;
    v.remove_prefix(start);
    switch (v.front()) {
    case '=':
    case '@':
    case '\r':
    case '\t':
        return true;
    case '+':
    case '-':
        return !plain_number(v);
    default:
        return false;
    }
}

} // namespace

bool CsvRecord::blank() const
{
    for (const auto& c : cells)
        if (!trim(c).empty()) return false;
    return true;
}

std::vector<CsvRecord> parse_csv(std::string_view text)
{
    std::vector<CsvRecord> records;
    CsvRecord current;
    current.row = 1;
    std::string cell;
    std::size_t i = 0;
    const std::size_t n = text.size();
    bool record_open = false; // something was read for the current record
    auto end_cell = [&] {
        // Undo csv_cell's spreadsheet protection.
        if (cell.size() > 1 && cell.front() == '\t' && long_number(std::string_view(cell).substr(1))) cell.erase(0, 1);
        else if (cell.size() > 1 && cell.front() == '\'' && needs_guard(std::string_view(cell).substr(1))) cell.erase(0, 1);
        current.cells.push_back(std::move(cell));
        cell.clear();
    };
    auto end_record = [&] {
        end_cell();
        records.push_back(std::move(current));
        current = CsvRecord{};
        current.row = static_cast<int>(records.size()) + 1;
        record_open = false;
    };
    while (i < n) {
        char c = text[i];
        if (c == '"' && cell.empty()) {
            // A quoted cell: runs to the next quote that is not doubled.
            record_open = true;
            ++i;
            for (;;) {
                // The text up to the next quote or carriage return is taken as it is.
                std::size_t special = i;
                while (special < n && text[special] != '"' && text[special] != '\r') ++special;
                cell.append(text.substr(i, special - i));
                i = special;
                if (i >= n)
                    throw TextError(current.row, "row " + std::to_string(current.row) +
                                                     ": a quoted cell is never closed (a '\"' is missing)");
                char q = text[i];
                if (q == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        cell.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (q == '\r') { // CRLF or CR inside a cell becomes LF
                    cell.push_back('\n');
                    i += (i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
                    continue;
                }
            }
            // After the closing quote: white space, then a separator or the end of the record.
            while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
            if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                throw TextError(current.row, "row " + std::to_string(current.row) +
                                                 ": text follows the closing quote of a cell (a '\"' inside a quoted "
                                                 "cell must be doubled)");
            if (i < n && text[i] == ',') {
                end_cell();
                ++i;
                if (i >= n) end_record();
            }
            continue;
        }
        if (c == ',') {
            record_open = true;
            end_cell();
            ++i;
            if (i >= n) end_record();
            continue;
        }
        if (c == '\n' || c == '\r') {
            end_record();
            i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        // Unquoted text runs to the next separator or line break (a quote inside it is text).
        record_open = true;
        std::size_t special = i;
        while (special < n && text[special] != ',' && text[special] != '\r' && text[special] != '\n') ++special;
        cell.append(text.substr(i, special - i));
        i = special;
    }
    if (record_open || !cell.empty()) end_record();
    return records;
}

std::string csv_cell(std::string_view value)
{
    const char* prefix = long_number(value) ? "\t" : needs_guard(value) ? "'" : "";
    bool quote = *prefix || value.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!value.empty() && (value.front() == ' ' || value.back() == ' ' || value.front() == '\t'));
    if (!quote) return std::string(value);
    std::string out = "\"";
    out += prefix;
    for (char c : value) {
        if (c == '"') out.push_back('"');
        if (c == '\r') continue;
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string csv_record(const std::vector<std::string>& cells)
{
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out.push_back(',');
        out.append(csv_cell(cells[i]));
    }
    out.append("\r\n");
    return out;
}

} // namespace sk::content::formats
