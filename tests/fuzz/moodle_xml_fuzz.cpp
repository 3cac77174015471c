// Fuzz target: Moodle XML, from bytes in memory (content/formats/parsed.hpp). Corpus: tests/fuzz/corpus/moodle_xml/.
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sk;
    const auto parsed =
        content::formats::parse_moodle_xml_text(fuzz::bytes_of(data, size), "fuzz.xml", fuzz::catalogue(), fuzz::target());
    fuzz::check_all(parsed);
    return 0;
}
