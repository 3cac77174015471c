// Regression tests for what fuzzing the parsers found (tests/fuzz/, docs/fuzzing.md): a stack overflow on deeply
// nested JSON in a pack, inputs that took minutes (quadratic work) in the HTML-to-text step, GIFT escapes and CSV
// answer cells, and a wrong line number for a bad byte in a UTF-8 file with a byte-order mark.
#include "content/formats/parsed.hpp"
#include "content/formats/text.hpp"
#include "tests/content/import_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

using namespace sk;
using namespace sk::content::formats;

namespace {

const content::Catalogue& catalogue()
{
    static const content::Catalogue c = [] {
        auto db = storage::Database::open_memory();
        storage::migrate(db, {&content::schema()});
        return content::ContentStore(db).catalogue();
    }();
    return c;
}

const Target kTarget{"电工作业", "低压电工作业", ""};

// Seconds a call takes. The inputs below took a minute or more each before the fixes and take milliseconds now; the
// bound leaves room for a sanitizer build on a busy machine.
template <class F>
double seconds(F&& f)
{
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
constexpr double kLinearBound = 10.0;

std::string repeat(const std::string& s, std::size_t n)
{
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::string nested(std::size_t depth) { return repeat("[", depth) + repeat("]", depth); }

const char* kManifest = R"({"format":"safekiosk-pack","version":1,"questions":["q.jsonl"],"exhibits":["e.jsonl"]})";

} // namespace

TEST_CASE("a pack nesting lists a hundred thousand deep is refused with its file and line, without a crash")
{
    // Each of these overflowed the stack (nlohmann::json copies and prints values recursively).
    const std::string deep = nested(100000);
    {
        PackTexts pack{R"({"format":"safekiosk-pack","version":)" + deep + "}", {}};
        auto p = parse_pack_texts(pack, "/nonexistent", catalogue());
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].to_string() == "/nonexistent/pack.json: nests lists and objects more than 64 deep; a pack "
                                         "needs at most 4");
    }
    {
        PackTexts pack{R"({"format":"safekiosk-pack","version":1,"questions":[)" + deep + "]}", {}};
        auto p = parse_pack_texts(pack, "/nonexistent", catalogue());
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].message.find("more than 64 deep") != std::string::npos);
    }
    {
        const std::string ok = R"({"uid":"q1","type":"tf","category":"电工作业","item":"低压电工作业","chapter":"一","stem":"题。","answer":"A"})";
        PackTexts pack{kManifest,
                       {{"q.jsonl", ok + "\n" + R"({"uid":"q2","stem":)" + deep + "}\n"},
                        {"e.jsonl", R"({"uid":"e1","quiz":[{"options":)" + deep + "}]}\n"}}};
        auto p = parse_pack_texts(pack, "/nonexistent", catalogue());
        CHECK(p.questions.size() == 1); // the good line still counts
        REQUIRE(p.errors.size() == 2);
        CHECK(p.errors[0].to_string().rfind("/nonexistent/q.jsonl:2: nests lists and objects", 0) == 0);
        CHECK(p.errors[1].to_string().rfind("/nonexistent/e.jsonl:1: nests lists and objects", 0) == 0);
    }
    // Nesting as deep as a pack needs, and brackets inside strings, are fine.
    {
        const std::string line = R"({"uid":"q[[[[[[1","type":"single","category":"电工作业","item":"低压电工作业","chapter":"一",)"
                                 R"("stem":")" + repeat("[{", 100) + R"(","options":["a","b"],"answer":"A"})";
        PackTexts pack{R"({"format":"safekiosk-pack","version":1,"questions":["q.jsonl"]})", {{"q.jsonl", line + "\n"}}};
        auto p = parse_pack_texts(pack, "/nonexistent", catalogue());
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].field == "uid"); // read as JSON: only the uid's characters are wrong
    }
}

TEST_CASE("HTML full of unclosed '<' or of script elements is turned into text in linear time")
{
    // 400,000 "<a" with no '>' anywhere: every '<' searched to the end of the text (minutes).
    const std::string lt = repeat("<a", 400000);
    std::string text;
    CHECK(seconds([&] { text = html_to_text(lt); }) < kLinearBound);
    CHECK(text == lt);

    // An attribute value that hides the only '>' from some of the starting points.
    const std::string quoted = repeat("<a\"<b'", 100000) + ">";
    CHECK(seconds([&] { text = html_to_text(quoted); }) < kLinearBound);

    // 100,000 empty script elements: the rest of the text was copied and lower-cased for each (minutes).
    const std::string scripts = "前" + repeat("<script>x</SCRIPT>", 100000) + "后";
    CHECK(seconds([&] { text = html_to_text(scripts); }) < kLinearBound);
    CHECK(text == "前后");

    // What the tag scan does is unchanged.
    CHECK(html_to_text("x <a href=\"y> z") == "x <a href=\"y> z");
    CHECK(html_to_text("<b title='>'>粗体</b> 与 <i>斜体</i>") == "粗体 与 斜体");
    CHECK(html_to_text("a <b c='1\"> d <e>f") == "a <b c='1\"> d f");
    CHECK(html_to_text("<style>p{}</STYLE>正文<script type=\"x\">if (a<b) {}</script>完") == "正文完");
    CHECK(html_to_text("<script>never closed") == "");
}

TEST_CASE("a GIFT question with hundreds of thousands of escapes is read in linear time")
{
    // Each escape was replaced in place, moving the rest of the text every time.
    const std::string gift = "::名称::" + repeat("\\:", 800000) + " 是冒号吗？{T}\n";
    Parsed p;
    CHECK(seconds([&] { p = parse_gift_text(gift, "many.gift", catalogue(), kTarget); }) < kLinearBound);
    // Read in linear time, the stem is then refused for its length (docs/limits.md).
    REQUIRE(p.questions.empty());
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].message.find("bytes long; at most 32768 bytes are allowed (docs/limits.md)") != std::string::npos);

    const std::string equals = "题目 {" + repeat("=", 300000) + "~错}\n";
    CHECK(seconds([&] { p = parse_gift_text(equals, "eq.gift", catalogue(), kTarget); }) < kLinearBound);
    CHECK(p.questions.empty());
    CHECK_FALSE(p.errors.empty());
}

TEST_CASE("a CSV answer cell of a million separated letters is read in linear time, separators are still removed")
{
    const std::string header = "题型,题干,选项A,选项B,选项C,选项D,答案,作业类别,操作项目\r\n";
    const std::string csv = header + "单选,题目,甲,乙,丙,丁," + repeat("A ", 1000000) + ",电工作业,低压电工作业\r\n";
    Parsed p;
    CHECK(seconds([&] { p = parse_csv_questions_text(csv, "big.csv", catalogue(), kTarget); }) < kLinearBound);
    REQUIRE(p.questions.size() == 1);
    CHECK(p.questions[0].q.answer == "A");

    p = parse_csv_questions_text(header + "多选,题目,甲,乙,丙,丁,\"a，C、d；B ;\tＡ　c\",电工作业,低压电工作业\r\n", "sep.csv",
                                 catalogue(), kTarget);
    REQUIRE(p.questions.size() == 1);
    CHECK(p.questions[0].q.answer == "ABCD");
}

TEST_CASE("a bad byte in a UTF-8 file with a byte-order mark is reported at its own line and byte")
{
    // The bad byte is on row 4; the search for it stopped at the first Chinese character and named row 1.
    const std::string csv = "\xEF\xBB\xBF题型,题干,答案\r\n判断,第一题,对\r\n判断,第二题,对\r\n判断,坏\xFF字节,对\r\n";
    auto p = parse_csv_questions_text(csv, "bad.csv", catalogue(), kTarget);
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].line == 4);
    const std::size_t byte = csv.find('\xFF') + 1;
    CHECK(p.errors[0].message == "the file starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte " +
                                     std::to_string(byte) + ")");
    CHECK(valid_utf8_prefix("ab\xE4\xB8") == 2);
    CHECK(valid_utf8_prefix("中文") == 6);
}

TEST_CASE("a pack line or manifest with a number beyond a double is an error with its file and line, not a crash")
{
    // 1e400 makes nlohmann::json throw out_of_range, not parse_error: the kiosk_config fuzz target found it in the
    // kiosk configuration, and the pack reader caught only parse_error the same way.
    PackTexts lines{kManifest, {{"q.jsonl", "{\"type\":\"single\"}\n{\"difficulty\": 1e400}\n"}, {"e.jsonl", "\n"}}};
    auto p = parse_pack_texts(lines, "/nonexistent", catalogue());
    REQUIRE_FALSE(p.errors.empty());
    const auto overflow = std::find_if(p.errors.begin(), p.errors.end(), [](const auto& e) { return e.line == 2; });
    REQUIRE(overflow != p.errors.end());
    CHECK(overflow->to_string().find("number overflow") != std::string::npos);

    PackTexts manifest{R"({"format":"safekiosk-pack","version":1e400})", {}};
    auto m = parse_pack_texts(manifest, "/nonexistent", catalogue());
    REQUIRE_FALSE(m.errors.empty());
    CHECK(m.errors[0].to_string().find("number overflow") != std::string::npos);
}
