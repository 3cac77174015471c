// The question editor's form model over a real database: validation named by field (as shown beside the fields),
// and saving through ContentStore, where an edit of a published question becomes a new version.
#include "admin/gui/question_form.hpp"
#include "admin/gui/fields.hpp"
#include "tests/certs/exam_fixture.hpp"

#include <doctest/doctest.h>

using namespace sk;
using admin::gui::QuestionForm;

namespace {
bool has_field(const std::vector<content::FieldProblem>& p, const std::string& field)
{
    for (const auto& x : p)
        if (x.field == field) return true;
    return false;
}
} // namespace

TEST_CASE("editing a published question in the form saves a new version and keeps the old one")
{
    test::ExamFixture f;
    content::ContentStore store(f.db);
    content::Question stored;
    stored.uid = "elv-5";
    stored.type = content::QuestionType::Single;
    stored.category = "电工作业";
    stored.item = "低压电工作业";
    stored.chapter = "安全基础知识";
    stored.stem = "作业前应当检查哪一项？";
    stored.options = {"检查工具", "直接作业", "无需检查", "请同事代劳"};
    stored.answer = "A";
    store.save_question(stored);
    const auto q = store.question_by_uid("elv-5"); // a single choice, published
    REQUIRE(q);
    REQUIRE(q->status == content::Status::Published);

    QuestionForm form = QuestionForm::edit(*q);
    CHECK(form.correct == std::vector<bool>{true, false, false, false});
    CHECK_FALSE(form.changed());
    CHECK(form.problems(store).empty());

    // Problems appear by field as the administrator types.
    form.question.stem = "   ";
    form.correct = {true, true, false, false}; // two keys on a single choice
    auto problems = form.problems(store);
    CHECK(has_field(problems, "stem"));
    CHECK(has_field(problems, "answer"));
    CHECK_THROWS_AS(form.save(store, f.admin), std::invalid_argument);
    CHECK(admin::gui::problem_text("is empty") == "不能为空");

    form.question.stem = "登高作业前，首先应当检查什么？";
    form.correct = {false, true, false, false};
    CHECK(form.problems(store).empty());
    CHECK(form.changed());

    // Training staff may not edit content.
    CHECK_THROWS_AS(form.save(store, f.trainer), exam::PermissionDenied);

    const auto r = form.save(store, f.admin);
    CHECK(r.outcome == content::SaveOutcome::NewVersion);
    CHECK(r.version == 2);
    const auto v1 = store.question_by_uid(q->uid, 1);
    const auto v2 = store.question_by_uid(q->uid);
    REQUIRE(v1);
    REQUIRE(v2);
    CHECK(v1->stem == q->stem);
    CHECK(v1->answer == "A");
    CHECK(v2->stem == "登高作业前，首先应当检查什么？");
    CHECK(v2->answer == "B");
    CHECK(form.original->version == 2); // the form now edits the stored version
    CHECK_FALSE(form.changed());
    // The edit is audited: who, which question, the version stored.
    const auto last = f.exam_store.audit_entries().back();
    CHECK(last.action == "question.edit");
    CHECK(last.actor == f.admin.login);
    CHECK(last.entity == "question:" + q->uid);
    CHECK(last.detail == "v2 new version");
}

TEST_CASE("a new question from the form is a draft with the item's chapter and switching type fixes the options")
{
    test::ExamFixture f;
    f.add_pool("电工作业", "低压电工作业", 2, 2, 0);
    content::ContentStore store(f.db);
    const content::Item* item = store.catalogue().find("电工作业", "低压电工作业");
    REQUIRE(item);
    QuestionForm form = QuestionForm::create(store, *item, content::QuestionType::Single);
    CHECK(form.question.status == content::Status::Draft);
    CHECK_FALSE(form.question.chapter.empty());
    CHECK(form.question.options.size() == 4);
    CHECK(has_field(form.problems(store), "stem"));
    CHECK(has_field(form.problems(store), "options"));

    form.set_type(content::QuestionType::TrueFalse);
    CHECK(form.question.options == content::true_false_options());
    form.question.stem = "使用手持电动工具前应检查绝缘。";
    form.correct = {true, false};
    CHECK(form.problems(store).empty());
    const auto r = form.save(store, f.admin);
    CHECK(r.outcome == content::SaveOutcome::Inserted);
    const auto stored = store.question_by_uid(form.question.uid);
    REQUIRE(stored);
    CHECK(stored->answer == "A");
    CHECK(stored->status == content::Status::Draft);
}

TEST_CASE("a question saved elsewhere: an untouched form follows it, an edited one keeps the edit and can save over it")
{
    test::ExamFixture f;
    content::ContentStore store(f.db);
    content::Question q;
    q.uid = "elv-9";
    q.category = "电工作业";
    q.item = "低压电工作业";
    q.chapter = "安全基础知识";
    q.stem = "停电检修时应当先做什么？";
    q.options = {"验电", "直接作业"};
    q.answer = "A";
    store.save_question(q);
    const auto v1 = store.question_by_uid("elv-9");
    REQUIRE(v1);

    // Another workstation saves version 2 while this form, untouched, shows version 1: it follows.
    QuestionForm untouched = QuestionForm::edit(*v1);
    QuestionForm edited = QuestionForm::edit(*v1);
    edited.question.explanation = "先验电，确认无电后再挂接地线。";
    QuestionForm elsewhere = QuestionForm::edit(*v1);
    elsewhere.question.stem = "停电检修时，挂接地线前应当先做什么？";
    REQUIRE(elsewhere.save(store, f.admin).version == 2);
    const auto v2 = store.question_by_uid("elv-9");
    REQUIRE(v2);
    CHECK(untouched.follow(*v2) == admin::gui::Follow::Followed);
    CHECK(untouched.question.stem == "停电检修时，挂接地线前应当先做什么？");
    CHECK(untouched.original->version == 2);
    CHECK_FALSE(untouched.newer);
    CHECK(untouched.follow(*v2) == admin::gui::Follow::Same);

    // The edited form keeps what was typed (over version 1's stem) and knows version 2 is stored.
    CHECK(edited.follow(*v2) == admin::gui::Follow::Kept);
    CHECK(edited.question.explanation == "先验电，确认无电后再挂接地线。");
    CHECK(edited.question.stem == "停电检修时应当先做什么？");
    REQUIRE(edited.newer);
    CHECK(edited.newer->version == 2);
    CHECK(edited.changed());

    // 放弃修改 loads version 2, not the version the form was opened on.
    QuestionForm reverted = edited;
    reverted.revert();
    CHECK(reverted.question.stem == "停电检修时，挂接地线前应当先做什么？");
    CHECK(reverted.question.explanation.empty());
    CHECK_FALSE(reverted.newer);
    CHECK_FALSE(reverted.changed());

    // Saving the kept edit makes it version 3, over version 2; version 2 stays in the history.
    CHECK(edited.save(store, f.admin).version == 3);
    CHECK(store.question_by_uid("elv-9")->explanation == "先验电，确认无电后再挂接地线。");
    CHECK(store.question_by_uid("elv-9", 2)->stem == "停电检修时，挂接地线前应当先做什么？");
    CHECK_FALSE(edited.newer);
    CHECK_FALSE(edited.changed());
    // Another question's record is not this form's business.
    auto other = *v2;
    other.uid = "elv-10";
    CHECK(edited.follow(other) == admin::gui::Follow::Same);
}
