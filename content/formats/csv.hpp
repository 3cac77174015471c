// RFC 4180 comma-separated values as Excel reads and writes them: quoted cells may hold commas, doubled quotes and
// line breaks; records end with CRLF or LF. Row numbers are the spreadsheet's: the first record is row 1 and a
// record whose quoted cell spans several lines is still one row.
#pragma once

#include "content/formats/text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sk::content::formats {

struct CsvRecord {
    int row = 0;
    std::vector<std::string> cells;
    bool blank() const; // every cell empty or white space (Excel writes such rows after the data)
};

// Throws TextError naming the row for a quoted cell that is never closed or text right after a closing quote.
std::vector<CsvRecord> parse_csv(std::string_view text);

// One cell, quoted when it holds a comma, quote, line break or leading/trailing space. Line breaks inside a cell
// are written as LF (what Excel writes for Alt+Enter).
std::string csv_cell(std::string_view value);
// One record with CRLF at the end.
std::string csv_record(const std::vector<std::string>& cells);

} // namespace sk::content::formats
