// One well-formed single-choice question of 低压电工作业, for the content storage tests.
#pragma once

#include "content/model.hpp"

#include <string>

namespace sk::test {

inline content::Question sample_question(const std::string& uid = "elv-1")
{
    content::Question q;
    q.uid = uid;
    q.type = content::QuestionType::Single;
    q.category = "电工作业";
    q.item = "低压电工作业";
    q.chapter = "触电急救";
    q.stem = "发现有人触电，首先应当（ ）。";
    q.options = {"切断电源", "用手去拉", "等待救护车"};
    q.answer = "A";
    return q;
}

} // namespace sk::test
