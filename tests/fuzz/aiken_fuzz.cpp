// Fuzz target: Moodle Aiken, from bytes in memory (content/formats/parsed.hpp). Corpus: tests/fuzz/corpus/aiken/.
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sk;
    const auto parsed =
        content::formats::parse_aiken_text(fuzz::bytes_of(data, size), "fuzz.aiken.txt", fuzz::catalogue(), fuzz::target());
    fuzz::check_all(parsed);
    return 0;
}
