#include "exam/scoring.hpp"

#include <algorithm>

namespace sk::exam {

double mark(const PaperQuestion& q, const std::string& response, bool partial_credit)
{
    if (response.empty()) return 0;
    if (response == q.key) return q.points;
    if (q.type != content::QuestionType::Multiple || !partial_credit) return 0;
    // Partial credit: every chosen option must be correct (少选得分，错选不得分).
    for (char c : response)
        if (q.key.find(c) == std::string::npos) return 0;
    return q.points * static_cast<double>(response.size()) / static_cast<double>(q.key.size());
}

Score score_paper(const Paper& paper, const std::map<int, std::string>& responses, double pass_mark, bool partial_credit)
{
    Score s;
    for (const auto& q : paper.questions) {
        auto it = responses.find(q.position);
        const std::string response = it == responses.end() ? std::string() : it->second;
        const double got = mark(q, response, partial_credit);
        s.points += got;
        s.max_points += q.points;
        if (!response.empty()) ++s.answered;
        const bool right = got >= q.points;
        if (right) ++s.correct;
        auto ch = std::find_if(s.chapters.begin(), s.chapters.end(), [&](const ChapterScore& c) { return c.chapter == q.chapter; });
        if (ch == s.chapters.end()) {
            s.chapters.push_back({q.chapter, 0, 0, 0, 0});
            ch = s.chapters.end() - 1;
        }
        ch->questions += 1;
        ch->correct += right ? 1 : 0;
        ch->points += got;
        ch->max_points += q.points;
    }
    // Round away floating error before comparing with the pass mark (e.g. 0.1 × 800).
    s.points = static_cast<double>(static_cast<long long>(s.points * 1000 + 0.5)) / 1000;
    s.passed = s.points + 1e-9 >= pass_mark;
    return s;
}

} // namespace sk::exam
