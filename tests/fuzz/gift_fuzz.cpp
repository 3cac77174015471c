// Fuzz target: Moodle GIFT, from bytes in memory (content/formats/parsed.hpp). Corpus: tests/fuzz/corpus/gift/.
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sk;
    const auto parsed =
        content::formats::parse_gift_text(fuzz::bytes_of(data, size), "fuzz.gift", fuzz::catalogue(), fuzz::target());
    fuzz::check_all(parsed);
    return 0;
}
