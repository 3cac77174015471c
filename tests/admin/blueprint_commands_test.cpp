// safekiosk-admin blueprint …: list, show, check, set.
#include "tests/admin/installation.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sk;

TEST_CASE("blueprint list, show and a show --json that set reads back as a new version")
{
    test::Installation inst;
    auto list = inst.as("admin", {"--json", "blueprint", "list"});
    REQUIRE(list.code == 0);
    auto bps = nlohmann::json::parse(list.out);
    REQUIRE(bps.size() == 1);
    CHECK(bps[0]["item"] == "电工作业 / 低压电工作业");
    CHECK(bps[0]["questions"] == 8);
    CHECK(bps[0]["pool_ok"] == true);

    auto show = inst.as("admin", {"blueprint", "show", "--item", "低压电工作业"});
    CHECK(show.code == 0);
    CHECK(show.out.find("判断题 / 全部章节 / 难度1-5: 5 × 1 points") != std::string::npos);
    CHECK(show.out.find("pass mark 6, 30 minutes") != std::string::npos);

    auto json = inst.as("admin", {"--json", "blueprint", "show", std::to_string(bps[0]["id"].get<int>())});
    REQUIRE(json.code == 0);
    auto file = nlohmann::json::parse(json.out);
    CHECK(file["category"] == "电工作业");
    CHECK(file["strata"].size() == 2);
    file["duration_minutes"] = 45;
    const auto path = inst.dir / "bp.json";
    test::write_file(path, file.dump(2));
    auto set = inst.as("admin", {"blueprint", "set", path.string()});
    INFO(set.err);
    CHECK(set.code == 0);
    CHECK(set.out.find("version 2") != std::string::npos);
    auto d = inst.open();
    auto current = exam::ExamStore(d).current_blueprint(inst.item_id, exam::ExamKind::Initial);
    REQUIRE(current);
    CHECK(current->version == 2);
    CHECK(current->duration_minutes == 45);
    CHECK(current->question_count() == 8);

    // An item with none stored shows the default of the domain rules, and --default stores it.
    auto def = inst.as("admin", {"blueprint", "show", "--item", "高压电工作业", "--kind", "review"});
    CHECK(def.code == 0);
    CHECK(def.out.find("Not stored yet") != std::string::npos);
    auto stored = inst.as("admin", {"blueprint", "set", "--default", "--item", "高压电工作业", "--kind", "review"});
    CHECK(stored.code == 0);
    CHECK(stored.out.find("warning: 判断题 / 全部章节: needs 70, exam pool has 0") != std::string::npos);
}

TEST_CASE("blueprint set refuses a file with errors, naming each field, and stores nothing")
{
    test::Installation inst;
    const auto path = inst.dir / "bad.json";
    test::write_file(path, R"({"category": "电工作业", "item": "低压电工作业", "kind": "initial",
  "strata": [{"type": "single", "count": 0}, {"type": "essay", "count": 3}],
  "pass_mark": 500, "duration_minutes": 90, "colour": "red"})");
    auto r = inst.as("admin", {"blueprint", "set", path.string()});
    CHECK(r.code == 1);
    CHECK(r.err.find("bad.json: colour: unknown field") != std::string::npos);
    CHECK(r.err.find("strata[2].type: 'essay' is not tf, single or multi") != std::string::npos);
    CHECK(r.err.find("strata[1].count: must be 1 or more") != std::string::npos);
    CHECK(r.err.find("pass_mark: must be above 0 and at most the total points") != std::string::npos);
    test::write_file(path, "{\"category\": \"电工作业\",\n \"item\": }");
    auto syntax = inst.as("admin", {"blueprint", "set", path.string()});
    CHECK(syntax.code == 1);
    CHECK(syntax.err.find("JSON: ") != std::string::npos);
    CHECK(syntax.err.find("line 2") != std::string::npos);
    test::write_file(path, R"({"category": "电工作业", "item": "不存在的项目", "kind": "initial", "strata": [], "pass_mark": 1, "duration_minutes": 1})");
    auto item = inst.as("admin", {"blueprint", "set", path.string()});
    CHECK(item.code == 1);
    CHECK(item.err.find("item: '电工作业 / 不存在的项目' is not an item of the catalogue") != std::string::npos);
    auto d = inst.open();
    CHECK(exam::ExamStore(d).current_blueprint(inst.item_id, exam::ExamKind::Initial)->version == 1);
    CHECK(inst.as("admin", {"blueprint", "set", (inst.dir / "missing.json").string()}).code == 3);
}

TEST_CASE("blueprint check names each short stratum with numbers and exits 1")
{
    test::Installation inst;
    CHECK(inst.as("admin", {"blueprint", "check"}).code == 0);
    const auto path = inst.dir / "bp.json";
    test::write_file(path, R"({"category": "电工作业", "item": "低压电工作业", "kind": "initial",
  "strata": [{"type": "tf", "count": 5}, {"type": "single", "chapter": "电工基础", "count": 12},
             {"type": "multi", "count": 2}],
  "pass_mark": 10, "duration_minutes": 60})");
    REQUIRE(inst.as("admin", {"blueprint", "set", path.string()}).code == 0);
    auto r = inst.as("admin", {"blueprint", "check", "--item", "低压电工作业"});
    CHECK(r.code == 1);
    // The pool has 8 single-choice questions, 4 of them in 电工基础 (even numbers 12–18), and no multiple choice.
    CHECK(r.out.find("单选题 / 电工基础: needs 12, exam pool has 4") != std::string::npos);
    CHECK(r.out.find("多选题 / 全部章节: needs 2, exam pool has 0") != std::string::npos);
    auto json = inst.as("admin", {"--json", "blueprint", "check"});
    CHECK(json.code == 1);
    auto j = nlohmann::json::parse(json.out);
    CHECK(j[0]["shortages"].size() == 2);
    CHECK(j[0]["shortages"][0]["needed"] == 12);
    CHECK(j[0]["shortages"][0]["available"] == 4);
    // A session cannot be created on it.
    auto session = inst.as("staff", {"session", "create", "--item", "低压电工作业", "--start", test::local_in(0), "--end",
                                     test::local_in(60), "--room", "第一考场"});
    CHECK(session.code == 1);
    CHECK(session.err.find("needs 12, exam pool has 4") != std::string::npos);
}

TEST_CASE("blueprint check counts the exam-only questions against those drawn and warns on questions shown in training")
{
    test::Installation inst;
    // The pool is 12 true/false and 8 single choice, all in pool both.
    auto r = inst.as("admin", {"blueprint", "check"});
    CHECK(r.code == 0);
    CHECK(r.out.find("exam-only questions: 0 for 8 drawn per paper (0 papers without a repeat); also in training "
                     "(pool both): 20\n") != std::string::npos);
    CHECK(r.out.find("    判断题 / 全部章节: 5 drawn, 0 exam-only, 12 also in training\n") != std::string::npos);
    CHECK(r.out.find("warning: papers may draw 20 questions that training kiosks show with their keys (pool both)") !=
          std::string::npos);

    // Exam-only questions for two papers, and the blueprint asks for them.
    {
        auto d = inst.open();
        content::ContentStore content(d);
        storage::Transaction tx(d);
        for (int i = 0; i < 16; ++i) {
            content::Question q;
            q.uid = "sealed-" + std::to_string(i);
            q.category = "电工作业";
            q.item = "低压电工作业";
            q.chapter = "电工基础";
            q.pool = content::Pool::Exam;
            q.type = i < 10 ? content::QuestionType::TrueFalse : content::QuestionType::Single;
            q.options = i < 10 ? content::true_false_options() : std::vector<std::string>{"甲", "乙", "丙"};
            q.answer = "A";
            q.stem = "仅考试题 " + std::to_string(i);
            content.save_question(q);
        }
        tx.commit();
    }
    auto shown = nlohmann::json::parse(inst.as("admin", {"--json", "blueprint", "show", "--item", "低压电工作业"}).out);
    CHECK(shown["exam_only"] == false);
    shown["exam_only"] = true;
    const auto path = inst.dir / "bp.json";
    test::write_file(path, shown.dump(2));
    REQUIRE(inst.as("admin", {"blueprint", "set", path.string()}).code == 0);
    r = inst.as("admin", {"blueprint", "check"});
    CHECK(r.code == 0);
    CHECK(r.out.find("exam-only questions: 16 for 8 drawn per paper (2 papers without a repeat); also in training "
                     "(pool both): 20 (not drawn: exam_only)\n") != std::string::npos);
    CHECK(r.out.find("warning") == std::string::npos);
    auto j = nlohmann::json::parse(inst.as("admin", {"--json", "blueprint", "check"}).out);
    CHECK(j[0]["pool"]["exam_only_required"] == true);
    CHECK(j[0]["pool"]["drawn"] == 8);
    CHECK(j[0]["pool"]["exam_only"] == 16);
    CHECK(j[0]["pool"]["also_in_training"] == 20);
    CHECK(j[0]["pool"]["overlap_warning"] == false);
    CHECK(j[0]["pool"]["strata"][1]["exam_only"] == 6);

    // More than the exam-only questions: refused by the check and by session creation, naming item and counts.
    shown["strata"][1]["count"] = 7;
    test::write_file(path, shown.dump(2));
    REQUIRE(inst.as("admin", {"blueprint", "set", path.string()}).code == 0);
    r = inst.as("admin", {"blueprint", "check"});
    CHECK(r.code == 1);
    CHECK(r.out.find("单选题 / 全部章节: needs 7 exam-only, exam pool has 6 exam-only (and 8 also in training)") !=
          std::string::npos);
    auto session = inst.as("staff", {"session", "create", "--item", "低压电工作业", "--start", test::local_in(0), "--end",
                                     test::local_in(60), "--room", "第一考场"});
    CHECK(session.code == 1);
    CHECK(session.err.find("the exam pool of 电工作业 / 低压电工作业 cannot fill the blueprint: 单选题 / 全部章节: needs 7 "
                           "exam-only, exam pool has 6 exam-only") != std::string::npos);
}

TEST_CASE("blueprint set refuses a key given twice and points of 1e308, naming the field, and stores nothing")
{
    test::Installation inst;
    const auto path = inst.dir / "twice.json";
    const auto before = inst.as("admin", {"--json", "blueprint", "list"}).out;
    // pass_mark 80 then 1: nlohmann::json kept the last one silently.
    test::write_file(path, R"({"category": "电工作业", "item": "低压电工作业", "kind": "initial",
  "strata": [{"type": "tf", "count": 5, "points": 1}], "pass_mark": 80, "duration_minutes": 90, "pass_mark": 1})");
    auto r = inst.as("admin", {"blueprint", "set", path.string()});
    CHECK(r.code == 1);
    CHECK(r.err.find("twice.json: pass_mark: the key \"pass_mark\" appears twice") != std::string::npos);
    test::write_file(path, R"({"category": "电工作业", "item": "低压电工作业", "kind": "initial",
  "strata": [{"type": "tf", "count": 5, "points": 1e308}], "pass_mark": 3, "duration_minutes": 90})");
    r = inst.as("admin", {"blueprint", "set", path.string()});
    CHECK(r.code == 1);
    CHECK(r.err.find("strata[1].points: must be a number from 0 to 10000") != std::string::npos);
    CHECK(inst.as("admin", {"--json", "blueprint", "list"}).out == before);
}
