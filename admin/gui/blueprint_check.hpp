// The blueprint editor's live check, without any UI: the library's validation of the edited blueprint and its
// check against the sealed exam pool of the item (exam::check_blueprint), with the shortfall of each stratum as a
// line an administrator reads ("单选题 / 电工基础 / 难度1-5：需要 12 题，考试题库只有 9 题"), and the pool's overlap
// with training (exam::pool_supply): exam-only questions against those a training kiosk also shows with their keys.
#pragma once

#include "content/model.hpp"
#include "exam/blueprint.hpp"
#include "exam/roles.hpp"
#include "exam/exam_service.hpp"

#include <string>
#include <vector>

namespace sk::admin::gui {

struct BlueprintCheck {
    std::vector<content::FieldProblem> problems; // exam::validate
    std::vector<exam::Shortage> shortages;       // exam::check_blueprint against the exam pool
    std::vector<int> matching;                   // per stratum: exam-pool questions a paper of it may draw
    int pool_size = 0;
    bool exam_only = false;                      // the blueprint's: shortfalls count exam-only questions
    exam::PoolSupply supply;                     // exam-only and shared (pool both) questions per stratum
    bool ok() const { return problems.empty() && shortages.empty(); }
    // Whether stratum `i` is short, and the line saying by how much (empty when it is not).
    std::string shortfall(std::size_t stratum) const;
    // One line: "考试题库满足本方案：100 题，100 分" or "考试题库不足：2 个分层共缺 12 题".
    std::string summary(const exam::Blueprint& bp) const;
    // Whether papers may draw questions trainees have seen (not exam_only, and pool `both` questions match).
    bool overlap_warning() const { return !exam_only && supply.shared > 0; }
    // One line on the overlap: the exam-only questions, the papers they give, and the shared ones.
    std::string overlap() const;
};

// The shortage as Chinese text: the library's stratum description and the two numbers (of exam-only questions
// when `exam_only`).
std::string shortage_text(const exam::Shortage& s, bool exam_only = false);

// Needs ManageBlueprints (PermissionDenied otherwise): the pool is the sealed exam pool.
BlueprintCheck check_live(exam::ExamService& exam, const exam::Actor& actor, const exam::Blueprint& bp);
// The same against a pool read before (the editor reads it once per item and checks every frame).
BlueprintCheck check_against(const std::vector<exam::PoolQuestion>& exam_pool, const exam::Blueprint& bp);

} // namespace sk::admin::gui
