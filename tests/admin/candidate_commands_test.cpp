// safekiosk-admin candidate … and trainee …: the real program, its exit codes and the database after.
#include "exam/training.hpp"
#include "tests/support/images.hpp"
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>
#include <iconv.h>
#include <nlohmann/json.hpp>

using namespace sk;

namespace {

// What a Chinese Excel writes for plain "CSV": GB18030 (GBK) bytes.
std::string to_gb18030(const std::string& utf8)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* o = out.data();
    std::size_t out_left = out.size();
    REQUIRE(iconv(cd, &in, &in_left, &o, &out_left) != static_cast<std::size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

std::int64_t candidate_count(test::Installation& inst)
{
    auto d = inst.open();
    return static_cast<std::int64_t>(exam::ExamStore(d).candidates().size());
}

const std::string kHeader = "身份证号,姓名,作业类别,操作项目,考试类型,工作单位,培训机构,照片\r\n";

// A real PNG: one of the bundled demo registration photos.
const std::string kPng = test::read_file(test::source_path("media/demo-people/person-1.png"));

} // namespace

TEST_CASE("candidate add checks the ID number, the stored candidate has sex and birth date from it")
{
    test::Installation inst;
    test::write_file(inst.dir / "me.png", kPng);
    auto ok = inst.as("staff", {"candidate", "add", "--id", "11010519491231002x", "--name", "王芳", "--item", "低压电工作业",
                                "--employer", "某某电力公司", "--provider", "甲培训中心", "--photo", (inst.dir / "me.png").string()});
    INFO(ok.err);
    CHECK(ok.code == 0);
    CHECK(ok.out.find("11010519491231002X 王芳 (女, born 1949-12-31)") != std::string::npos);
    auto wrong = inst.as("staff", {"candidate", "add", "--id", "110105194912310021", "--name", "李四", "--item", "低压电工作业"});
    CHECK(wrong.code == 1);
    CHECK(wrong.err.find("校验码不符：应为X，实际为1") != std::string::npos);
    auto twice = inst.as("staff", {"candidate", "add", "--id", "11010519491231002X", "--name", "王芳", "--item", "低压电工作业"});
    CHECK(twice.code == 1);
    CHECK(twice.err.find("is already registered") != std::string::npos);
    auto ambiguous = inst.as("staff", {"candidate", "add", "--id", test::id_number("11010519800101001"), "--name", "赵六",
                                       "--item", "安全生产管理人员"});
    CHECK(ambiguous.code == 2);
    CHECK(ambiguous.err.find("add --category") != std::string::npos);
    CHECK(candidate_count(inst) == 1);
    auto d = inst.open();
    auto c = exam::ExamStore(d).candidate_by_id_number("11010519491231002X");
    REQUIRE(c);
    CHECK(c->sex == "女");
    CHECK(c->provider == "甲培训中心");
    CHECK(c->photo.size() == kPng.size());

    auto list = inst.as("staff", {"--json", "candidate", "list"});
    REQUIRE(list.code == 0);
    auto j = nlohmann::json::parse(list.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["photo"] == true);
    CHECK(j[0]["item"] == "电工作业 / 低压电工作业");
}

TEST_CASE("candidate import reads UTF-8 with BOM and GBK files, a bad row names file, row and column, all or nothing")
{
    test::Installation inst;
    const std::string rows = test::id_number("11010519800101001") + ",张三,电工作业,低压电工作业,初训,某厂,甲培训中心,\r\n" +
                             test::id_number("11010519800101002") + ",李四,,低压电工作业,复审,,,\r\n" +
                             test::id_number("11010519800101003") + ",王五,一般行业,安全生产管理人员,,,乙培训中心,\r\n";
    const auto csv = inst.dir / "candidates.csv";
    test::write_file(csv, "\xEF\xBB\xBF" + kHeader + rows);
    auto dry = inst.as("staff", {"candidate", "import", csv.string(), "--dry-run"});
    CHECK(dry.code == 0);
    CHECK(dry.out.find("3 candidates are correct (UTF-8 with BOM)") != std::string::npos);
    CHECK(candidate_count(inst) == 0);
    auto imported = inst.as("staff", {"candidate", "import", csv.string()});
    INFO(imported.out, imported.err);
    CHECK(imported.code == 0);
    CHECK(candidate_count(inst) == 3);
    {
        auto d = inst.open();
        auto c = exam::ExamStore(d).candidate_by_id_number(test::id_number("11010519800101002"));
        REQUIRE(c);
        CHECK(c->kind == exam::ExamKind::Review);
    }

    // GBK (GB18030) as a Chinese Excel saves plain "CSV".
    const auto gbk = inst.dir / "gbk.csv";
    test::write_file(gbk, to_gb18030(kHeader + test::id_number("11010519800101004") + ",赵六,电工作业,低压电工作业,初训,,,\r\n"));
    auto from_gbk = inst.as("staff", {"--json", "candidate", "import", gbk.string()});
    REQUIRE(from_gbk.code == 0);
    CHECK(nlohmann::json::parse(from_gbk.out)["encoding"] == "GB18030");
    {
        auto d = inst.open();
        CHECK(exam::ExamStore(d).candidate_by_id_number(test::id_number("11010519800101004"))->name == "赵六");
    }

    // Row 3 has a wrong check character, row 4 an unknown item, row 5 repeats row 2, row 6 is already registered:
    // nothing of the file is stored.
    const auto bad = inst.dir / "bad.csv";
    test::write_file(bad, kHeader + test::id_number("11010519900101005") + ",甲,电工作业,低压电工作业,,,,\r\n" +
                              "110105199001010062,乙,电工作业,低压电工作业,,,,\r\n" +
                              test::id_number("11010519900101007") + ",丙,电工作业,焊工,,,,\r\n" +
                              test::id_number("11010519900101005") + ",丁,电工作业,低压电工作业,,,,\r\n" +
                              test::id_number("11010519800101001") + ",张三,电工作业,低压电工作业,,,,\r\n" +
                              test::id_number("11010519900101008") + ",戊,电工作业,低压电工作业,初训,,,nophoto.jpg\r\n");
    auto r = inst.as("staff", {"candidate", "import", bad.string()});
    CHECK(r.code == 1);
    const std::string expected_check = std::string("bad.csv:3: 身份证号: 身份证号校验码不符：应为") +
                                       exam::id_check_character("11010519900101006") + "，实际为2";
    CHECK(r.out.find(expected_check) != std::string::npos);
    CHECK(r.out.find("bad.csv:4: 操作项目: '电工作业 / 焊工' is not an item of the catalogue") != std::string::npos);
    CHECK(r.out.find("bad.csv:5: 身份证号: " + test::id_number("11010519900101005") + " is already in row 2") != std::string::npos);
    CHECK(r.out.find("bad.csv:6: 身份证号: " + test::id_number("11010519800101001") + " 已登记") != std::string::npos);
    CHECK(r.out.find("bad.csv:7: 照片: no file") != std::string::npos);
    CHECK(r.out.find("nothing was imported") != std::string::npos);
    CHECK(candidate_count(inst) == 4);

    const auto no_header = inst.dir / "nohead.csv";
    test::write_file(no_header, "姓名,电话\r\n张三,123\r\n");
    auto nh = inst.as("staff", {"candidate", "import", no_header.string()});
    CHECK(nh.code == 1);
    CHECK(nh.out.find("nohead.csv:1: 身份证号: the header has no such column") != std::string::npos);
    CHECK(inst.as("trainer", {"candidate", "import", csv.string()}).code == 4);
    // The documented template imports as it is.
    auto tmpl = inst.as("staff", {"candidate", "import", test::source_path("docs/templates/candidates-template.csv").string(),
                                  "--dry-run"});
    INFO(tmpl.out);
    CHECK(tmpl.code == 0);
}

TEST_CASE("candidate photos assigns DIR/<ID number>.png|jpg, a broken image assigns none")
{
    test::Installation inst;
    const auto a = inst.add_candidate("11010519800101001");
    const auto b = inst.add_candidate("11010519800101002");
    const auto dir = inst.dir / "photos";
    std::filesystem::create_directories(dir);
    test::write_file(dir / (a + ".png"), kPng);
    test::write_file(dir / (test::id_number("11010519800101009") + ".png"), kPng); // nobody
    test::write_file(dir / "readme.txt", "photos of the 2026 class");
    test::write_file(dir / (b + ".jpg"), "not really a JPEG");
    auto r = inst.as("staff", {"candidate", "photos", dir.string()});
    CHECK(r.code == 1);
    CHECK(r.out.find(b + ".jpg: is neither a PNG nor a JPEG image") != std::string::npos);
    CHECK(r.out.find("no photo was assigned") != std::string::npos);
    auto with_photo = [&] {
        auto d = inst.open();
        return exam::ExamStore(d).candidates_with_photo().size();
    };
    CHECK(with_photo() == 0);
    test::write_file(dir / (b + ".jpg"), test::kTinyJpeg);
    auto ok = inst.as("staff", {"candidate", "photos", dir.string()});
    CHECK(ok.code == 0);
    CHECK(ok.out.find("Assigned 2 photos") != std::string::npos);
    CHECK(ok.out.find("no candidate has this ID number") != std::string::npos);
    CHECK(ok.out.find("ignored: readme.txt") != std::string::npos);
    CHECK(with_photo() == 2);
    CHECK(inst.as("proctor", {"candidate", "photos", dir.string()}).code == 4);
}

TEST_CASE("training staff set class hours, PINs and confirm study time of their own provider's trainees only")
{
    test::Installation inst;
    const auto id = inst.add_candidate("11010519800101001", "张三", 0);
    auto hours = inst.as("trainer", {"candidate", "hours", id, "32"});
    CHECK(hours.code == 0);
    CHECK(hours.out.find("32 学时") != std::string::npos);
    CHECK(inst.as("staff", {"candidate", "hours", id, "99"}).code == 4); // exam staff do no training
    CHECK(inst.as("trainer", {"candidate", "hours", id, "-3"}).code == 1);
    CHECK(inst.as("trainer", {"candidate", "hours", test::id_number("11010519800101009"), "3"}).code == 1);
    // A candidate of another provider.
    {
        auto d = inst.open();
        exam::ExamService svc(d);
        exam::Candidate c;
        c.id_number = test::id_number("11010519800101002");
        c.name = "李四";
        c.item_id = inst.item_id;
        c.provider = "乙培训中心";
        svc.add_candidate(exam::Actor{"setup", {exam::Role::ExamStaff}}, c);
    }
    auto other = inst.as("trainer", {"candidate", "hours", test::id_number("11010519800101002"), "8"});
    CHECK(other.code == 4);
    CHECK(other.err.find("乙培训中心") != std::string::npos);
    auto list = inst.as("trainer", {"--json", "candidate", "list"});
    REQUIRE(list.code == 0);
    CHECK(nlohmann::json::parse(list.out).size() == 1); // their own trainee only

    auto pin = inst.as("trainer", {"trainee", "pin", id}, {{"SAFEKIOSK_PIN", "246810"}});
    CHECK(pin.code == 0);
    CHECK(inst.as("trainer", {"trainee", "pin", id}, {{"SAFEKIOSK_PIN", "12ab"}}).code == 1);
    CHECK(inst.as("trainer", {"trainee", "pin", test::id_number("11010519800101002")}, {{"SAFEKIOSK_PIN", "135790"}}).code == 4);
    CHECK(inst.as("admin", {"trainee", "pin", id}, {{"SAFEKIOSK_PIN", "135790"}}).code == 4);
    std::int64_t cid = 0;
    {
        auto d = inst.open();
        exam::TrainingService training(d);
        cid = training.sign_in(id, "246810");
        CHECK(cid > 0);
        // 90 minutes at a training kiosk, one interaction a minute.
        std::int64_t t = exam::system_now_ms() - 2 * 3600000;
        exam::TrainingService at_kiosk(d, [&t] { return t; });
        auto period = at_kiosk.start_study(cid);
        for (int m = 0; m < 90; ++m) {
            t += 60000;
            period = at_kiosk.keep_studying(cid, period);
        }
    }
    auto confirm = inst.as("trainer", {"--json", "trainee", "confirm", id});
    REQUIRE(confirm.code == 0);
    auto j = nlohmann::json::parse(confirm.out);
    CHECK(j["confirmed_hours"].get<double>() == doctest::Approx(1.5));
    CHECK(j["class_hours"].get<double>() == doctest::Approx(33.5));
    auto again = inst.as("trainer", {"--json", "trainee", "confirm", id});
    CHECK(nlohmann::json::parse(again.out)["confirmed_hours"] == 0);
    CHECK(inst.as("staff", {"trainee", "confirm", id}).code == 4);
}

TEST_CASE("a truncated PNG is refused as a registration photo, in candidate add and candidate photos")
{
    test::Installation inst;
    const auto a = inst.add_candidate("11010519800101001");
    const auto dir = inst.dir / "photos";
    std::filesystem::create_directories(dir);
    // 300 bytes of a real photo: the magic number is right, the image is cut off.
    test::write_file(dir / (a + ".png"), kPng.substr(0, 300));
    auto r = inst.as("staff", {"candidate", "photos", dir.string()});
    CHECK(r.code == 1);
    CHECK(r.out.find(a + ".png: is a damaged or truncated PNG image") != std::string::npos);
    auto d = inst.open();
    CHECK(exam::ExamStore(d).candidates_with_photo().empty());
    r = inst.as("staff", {"candidate", "add", "--id", test::id_number("11010519800101003"), "--name", "李四", "--item",
                          "低压电工作业", "--photo", (dir / (a + ".png")).string()});
    CHECK(r.code == 1);
    CHECK(r.err.find("damaged or truncated PNG image") != std::string::npos);
}

TEST_CASE("candidate import refuses a control character (Alt+Enter line break, ESC, TAB) in a name, employer or provider, naming row and column")
{
    test::Installation inst;
    const auto csv = inst.dir / "controls.csv";
    // Row 2: Excel's Alt+Enter inside the name (a quoted cell with a line break); row 3: ESC in the employer; row 4:
    // a C1 control (U+0085) in the provider; row 5 is fine. Nothing of the file is stored.
    test::write_file(csv, kHeader + test::id_number("11010519900101005") + ",\"李\n娜\",电工作业,低压电工作业,,,,\r\n" +
                              test::id_number("11010519900101013") + ",王强,电工作业,低压电工作业,,某\x1b[31m厂,,\r\n" +
                              test::id_number("11010519900101021") + ",赵敏,电工作业,低压电工作业,,,甲\xC2\x85培训,\r\n" +
                              test::id_number("11010519900101030") + ",张伟,电工作业,低压电工作业,,,,\r\n");
    auto r = inst.as("staff", {"candidate", "import", csv.string()});
    INFO(r.out, r.err);
    CHECK(r.code == 1);
    CHECK(r.out.find("controls.csv:2: 姓名: 含控制字符 U+000A（换行 line break）at character 2") != std::string::npos);
    CHECK(r.out.find("controls.csv:3: 工作单位: 含控制字符 U+001B（ESC）at character 2") != std::string::npos);
    CHECK(r.out.find("controls.csv:4: 培训机构: 含控制字符 U+0085") != std::string::npos);
    CHECK(r.out.find("controls.csv:5:") == std::string::npos);
    CHECK(candidate_count(inst) == 0);

    // candidate add refuses it too.
    auto added = inst.as("staff", {"candidate", "add", "--id", test::id_number("11010519900101005"), "--name", "李\t娜",
                                   "--item", "低压电工作业"});
    CHECK(added.code == 1);
    CHECK(added.err.find("U+0009") != std::string::npos);
    CHECK(candidate_count(inst) == 0);
}
