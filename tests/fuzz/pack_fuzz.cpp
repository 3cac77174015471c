// Fuzz target: the content pack (docs/content-pack.md) from bytes in memory. The input is up to three parts
// separated by form feeds (\f, never raw inside JSON): pack.json, questions.jsonl, exhibits.jsonl. With fewer parts
// the input is the questions file and then the exhibits file of a fixed manifest. Media paths are looked up (read
// only) in media/demo-pack/. Corpus: tests/fuzz/corpus/pack/.
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sk;
    const std::string input = fuzz::bytes_of(data, size);
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t ff = input.find('\f', start);
        if (ff == std::string::npos || parts.size() == 2) {
            parts.push_back(input.substr(start));
            break;
        }
        parts.push_back(input.substr(start, ff - start));
        start = ff + 1;
    }
    content::formats::PackTexts pack;
    if (parts.size() == 3) {
        pack.manifest = parts[0];
        parts.erase(parts.begin());
    } else {
        pack.manifest = R"({"format":"safekiosk-pack","version":1,"questions":["questions.jsonl"],)"
                        R"("exhibits":["exhibits.jsonl"]})";
    }
    pack.files["questions.jsonl"] = parts[0];
    if (parts.size() > 1) pack.files["exhibits.jsonl"] = parts[1];
    const auto parsed = content::formats::parse_pack_texts(pack, fuzz::media_dir(), fuzz::catalogue());
    fuzz::check_all(parsed);
    // An accepted exhibit written as its pack line and read back is the same exhibit.
    for (const auto& se : parsed.exhibits) {
        const std::string line = content::formats::exhibit_json_line(se.e);
        content::formats::PackTexts again{R"({"format":"safekiosk-pack","version":1,"exhibits":["e.jsonl"]})",
                                          {{"e.jsonl", line + "\n"}}};
        const auto back = content::formats::parse_pack_texts(again, fuzz::media_dir(), fuzz::catalogue());
        if (back.exhibits.size() != 1 || content::formats::exhibit_json_line(back.exhibits.front().e) != line)
            fuzz::broken("an exhibit changed through its pack line: " + line);
    }
    return 0;
}
