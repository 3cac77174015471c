// Marking a paper: per question right or wrong (multiple choice all-or-nothing unless partial credit is on),
// the total, pass or fail, and a breakdown by chapter.
#pragma once

#include "exam/paper.hpp"

#include <map>
#include <string>
#include <vector>

namespace sk::exam {

struct ChapterScore {
    std::string chapter;
    int questions = 0;
    int correct = 0;
    double points = 0;
    double max_points = 0;
};

struct Score {
    double points = 0;
    double max_points = 0;
    bool passed = false;
    int answered = 0;
    int correct = 0;
    std::vector<ChapterScore> chapters; // in order of first appearance on the paper
};

// Points for one answer (letters in the shown order; empty = unanswered).
double mark(const PaperQuestion& q, const std::string& response, bool partial_credit);

// `responses` maps position → shown letters.
Score score_paper(const Paper& paper, const std::map<int, std::string>& responses, double pass_mark, bool partial_credit);

} // namespace sk::exam
