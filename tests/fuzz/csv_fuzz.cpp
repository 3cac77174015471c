// Fuzz target: CSV questions as a Chinese office saves them from Excel (docs/csv-template.md), from bytes in memory (content/formats/parsed.hpp). Corpus: tests/fuzz/corpus/csv/.
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sk;
    const auto parsed =
        content::formats::parse_csv_questions_text(fuzz::bytes_of(data, size), "fuzz.csv", fuzz::catalogue(), fuzz::target());
    fuzz::check_all(parsed);
    return 0;
}
