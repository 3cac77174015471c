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
// Undoes csv_cell's spreadsheet protection: the leading ' of a neutralised formula and the leading TAB of a long
// number are dropped.
std::vector<CsvRecord> parse_csv(std::string_view text);

// One cell, quoted when it holds a comma, quote, line break or leading/trailing space. Line breaks inside a cell
// are written as LF (what Excel writes for Alt+Enter). Every CSV this program writes goes through here, so that
// it is safe to open in a spreadsheet (docs/csv-template.md, "Opening exports in Excel"):
// - formula injection (OWASP "CSV Injection"): a cell beginning with '=', '+', '-', '@', TAB or CR is written with
//   a leading single quote (') and quoted, so that Excel and LibreOffice show it as text and never run it; plain
//   decimal numbers ("-0.12", "+3") stay numbers;
// - long numbers: a cell of 12 or more digits (an 18-digit ID number, a ticket) or of several digits beginning
//   with 0 is written with a leading TAB and quoted, so that it stays text with every digit instead of becoming
//   1.10105E+17 (Excel keeps 15 significant digits and shows 11 in General format).
// parse_csv undoes both, so an export reads back as it was written.
std::string csv_cell(std::string_view value);
// One record with CRLF at the end.
std::string csv_record(const std::vector<std::string>& cells);

} // namespace sk::content::formats
