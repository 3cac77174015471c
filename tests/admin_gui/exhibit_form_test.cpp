// The exhibit editor's form model over a real database: a new case with an image file brought in and its quiz,
// saved with the image in one transaction; problems named per field (images, quiz, uid) and a refused save that
// stores nothing; replacing and removing images; a quiz uid that belongs to another case.
#include "admin/gui/exhibit_form.hpp"
#include "tests/support/images.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using admin::gui::ExhibitForm;

namespace {
const std::string& kPng = test::kTinyPng;
const std::string& kJpeg = test::kTinyJpeg;

bool has_field(const std::vector<content::FieldProblem>& p, const std::string& field)
{
    for (const auto& x : p)
        if (x.field == field) return true;
    return false;
}

// A case with every required field filled in, its quiz question answered.
void fill(ExhibitForm& f)
{
    f.exhibit.title = "某仓库叉车倒车撞人";
    f.exhibit.place = "某物流园";
    f.exhibit.summary = "叉车倒车时没有观察后方，撞倒一名理货员。";
    f.lessons = "倒车先看后方\n设置人车分流";
    REQUIRE(f.quiz.size() == 1);
    f.quiz[0].question.stem = "叉车倒车前应当观察后方。";
    f.quiz[0].correct = {true, false};
}
} // namespace

TEST_CASE("a new case with an image file and a quiz question is stored together, the image in the media table")
{
    test::ExamFixture fx;
    content::ContentStore store(fx.db);
    const exam::Actor admin{"admin", {exam::Role::Administrator}};
    test::write_file(fx.dir / "叉车 scene.PNG", kPng);
    test::write_file(fx.dir / "notes.png", "not an image at all");

    ExhibitForm f = ExhibitForm::create(store, "工贸", "2026-06-01");
    CHECK(f.is_new());
    CHECK(f.exhibit.uid == "case-trade-01");
    CHECK(f.quiz.front().question.uid == "case-trade-01-q1");
    CHECK(f.quiz.front().question.type == content::QuestionType::TrueFalse);
    // Empty: each problem by its field, and nothing saved.
    auto p = f.problems(store);
    CHECK(has_field(p, "title"));
    CHECK(has_field(p, "summary"));
    CHECK(has_field(p, "images"));
    CHECK(has_field(p, "quiz[1].stem"));
    CHECK(has_field(p, "quiz[1].answer"));
    CHECK_FALSE(f.save(store, admin).empty());
    CHECK(store.count_exhibits() == 0);

    // A file that is no image is refused by name; a PNG gets a media path from its ASCII name.
    CHECK_THROWS_WITH_AS(f.add_image(store, fx.dir / "notes.png"), doctest::Contains("notes.png"), std::invalid_argument);
    CHECK(f.exhibit.images.empty());
    const std::string path = f.add_image(store, fx.dir / "叉车 scene.PNG");
    CHECK(path == "images/scene.png");
    REQUIRE(f.new_image(path));
    fill(f);
    CHECK(f.problems(store).empty());
    CHECK(store.media_paths().empty()); // brought in, not stored yet

    // Training staff may not save content.
    const exam::Actor trainer{"t", {exam::Role::TrainingStaff}, "示范安全培训中心"};
    CHECK_THROWS_AS(f.save(store, trainer), exam::PermissionDenied);
    CHECK(store.count_exhibits() == 0);

    REQUIRE(f.save(store, admin).empty());
    CHECK_FALSE(f.is_new());
    CHECK_FALSE(f.changed());
    const auto stored = store.exhibit("case-trade-01");
    REQUIRE(stored);
    CHECK(stored->title == "某仓库叉车倒车撞人");
    CHECK(stored->lessons == std::vector<std::string>{"倒车先看后方", "设置人车分流"});
    REQUIRE(stored->images.size() == 1);
    CHECK(stored->images[0].file == "images/scene.png");
    const auto bytes = store.media("images/scene.png");
    REQUIRE(bytes);
    CHECK(std::string(bytes->begin(), bytes->end()) == kPng);
    REQUIRE(stored->quiz.size() == 1);
    CHECK(stored->quiz[0].answer == "A");

    // A second case offered under the same uid is refused by field.
    ExhibitForm again = ExhibitForm::create(store, "工贸", "2026-06-02");
    CHECK(again.exhibit.uid == "case-trade-02");
    again.exhibit.uid = "case-trade-01";
    CHECK(has_field(again.problems(store), "uid"));
}

TEST_CASE("replacing, removing images and editing the quiz of a stored case, and a refused save that changes nothing")
{
    test::ExamFixture fx;
    content::ContentStore store(fx.db);
    const exam::Actor admin{"admin", {exam::Role::Administrator}};
    test::write_file(fx.dir / "a.png", kPng);
    test::write_file(fx.dir / "b.jpeg", kJpeg);
    ExhibitForm f = ExhibitForm::create(store, "火灾", "2026-06-01");
    fill(f);
    f.add_image(store, fx.dir / "a.png");
    REQUIRE(f.save(store, admin).empty());
    const std::string uid = f.exhibit.uid;

    // Replace the image (the caption stays), add a second and a single-choice question.
    f.exhibit.images[0].caption = "现场";
    CHECK(f.replace_image(store, 0, fx.dir / "b.jpeg") == "images/b.jpg");
    CHECK(f.exhibit.images[0].caption == "现场");
    CHECK(f.add_image(store, fx.dir / "a.png") == "images/a-2.png"); // images/a.png is stored already
    REQUIRE(f.add_quiz(store));
    CHECK(f.quiz[1].question.uid == uid + "-q2");
    f.quiz[1].set_type(content::QuestionType::Single);
    f.quiz[1].question.stem = "发现火情首先应当（ ）。";
    f.quiz[1].question.options = {"报警并疏散", "先收拾财物", "继续作业"};
    f.quiz[1].correct = {true, false, false};
    f.move_image(1, -1);
    CHECK(f.exhibit.images[0].file == "images/a-2.png");
    CHECK(f.changed());

    // A quiz uid of another stored case: refused by field, and nothing of this edit is stored (not the images).
    ExhibitForm other = ExhibitForm::create(store, "电力", "2026-06-03");
    fill(other);
    other.add_image(store, fx.dir / "b.jpeg"); // images/b.jpg as well, not stored yet
    REQUIRE(other.save(store, admin).empty());
    const std::string taken = other.quiz[0].question.uid;
    const std::string mine = f.quiz[0].question.uid;
    f.quiz[0].question.uid = taken;
    const auto refused = f.save(store, admin);
    CHECK(has_field(refused, "quiz[1].uid"));
    CHECK_FALSE(store.media("images/a-2.png"));
    CHECK(store.exhibit(uid)->quiz.size() == 1);

    // The other case stored images/b.jpg meanwhile with the same bytes: shared. With other bytes: refused by field.
    f.quiz[0].question.uid = mine;
    f.media["images/b.jpg"] = std::vector<unsigned char>(kPng.begin(), kPng.end());
    CHECK(has_field(f.problems(store), "images[2].file"));
    f.media["images/b.jpg"] = std::vector<unsigned char>(kJpeg.begin(), kJpeg.end());
    REQUIRE(f.save(store, admin).empty());
    auto stored = store.exhibit(uid);
    REQUIRE(stored);
    REQUIRE(stored->images.size() == 2);
    CHECK(stored->images[0].file == "images/a-2.png");
    CHECK(stored->images[1].file == "images/b.jpg");
    CHECK(stored->images[1].caption == "现场");
    REQUIRE(stored->quiz.size() == 2);
    CHECK(stored->quiz[1].options.size() == 3);

    // Removing an image and a question; at most 5 questions.
    f.remove_image(0);
    f.remove_quiz(1);
    for (int i = 0; i < 4; ++i) CHECK(f.add_quiz(store));
    CHECK_FALSE(f.add_quiz(store));
    CHECK(f.quiz.size() == 5);
    while (f.quiz.size() > 1) f.remove_quiz(f.quiz.size() - 1);
    REQUIRE(f.save(store, admin).empty());
    stored = store.exhibit(uid);
    REQUIRE(stored->images.size() == 1);
    CHECK(stored->images[0].file == "images/b.jpg");
    CHECK(stored->quiz.size() == 1);
    // Removing the last image is refused by field.
    f.remove_image(0);
    CHECK(has_field(f.problems(store), "images"));
}

TEST_CASE("a case saved elsewhere: an untouched form follows it, an edited one keeps the edit, 放弃修改 loads the other")
{
    test::ExamFixture fx;
    content::ContentStore store(fx.db);
    const exam::Actor admin{"admin", {exam::Role::Administrator}};
    test::write_file(fx.dir / "a.png", kPng);
    ExhibitForm first = ExhibitForm::create(store, "火灾", "2026-06-01");
    fill(first);
    first.add_image(store, fx.dir / "a.png");
    REQUIRE(first.save(store, admin).empty());
    const std::string uid = first.exhibit.uid;
    const auto stored = store.exhibit(uid);
    REQUIRE(stored);

    ExhibitForm untouched = ExhibitForm::edit(*stored);
    ExhibitForm edited = ExhibitForm::edit(*stored);
    edited.lessons = "动火作业必须办理动火证\n现场配备灭火器";
    ExhibitForm elsewhere = ExhibitForm::edit(*stored);
    elsewhere.exhibit.title = "某仓库叉车倒车撞人（修订）";
    REQUIRE(elsewhere.save(store, admin).empty());
    const auto now = store.exhibit(uid);
    REQUIRE(now);

    CHECK(untouched.follow(*now) == admin::gui::Follow::Followed);
    CHECK(untouched.exhibit.title == "某仓库叉车倒车撞人（修订）");
    CHECK_FALSE(untouched.changed());
    CHECK(edited.follow(*now) == admin::gui::Follow::Kept);
    CHECK(edited.lessons == "动火作业必须办理动火证\n现场配备灭火器");
    REQUIRE(edited.newer);
    CHECK(edited.newer->title == "某仓库叉车倒车撞人（修订）");

    ExhibitForm reverted = edited;
    reverted.revert();
    CHECK(reverted.exhibit.title == "某仓库叉车倒车撞人（修订）");
    CHECK_FALSE(reverted.changed());

    // Saving the kept edit writes it over the other: the lessons typed here, the title as this form had it.
    REQUIRE(edited.save(store, admin).empty());
    CHECK(store.exhibit(uid)->lessons == std::vector<std::string>{"动火作业必须办理动火证", "现场配备灭火器"});
    CHECK_FALSE(edited.newer);
}
