// Page layouts of printed documents, as pdf::Page operations:
//   certificate, A4 landscape (one page) and card 86 × 54 mm (front and back pages), with photo, QR code, review
//   records, issuing authority and its seal; the examinee's score report (成绩单, A4 portrait) with the breakdown by
//   chapter and the practical subjects; the admission ticket (准考证, A5 landscape).
// The seal is drawn, not an image: a red ring, the authority's name along the top and a five-pointed star (and, on
// the score report, a line of text beneath the star). It is drawn beneath the text it overlaps, so the text stays
// readable as through stamped ink, and without transparency (which CUPS's filters would turn into an image).
#pragma once

#include "certs/certificate.hpp"
#include "certs/pdf/canvas.hpp"
#include "exam/scoring.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sk::certs {

enum class Layout { A4Landscape, Card };
std::string_view to_string(Layout l);

struct CertMarks {
    bool specimen = false; // 样本: a large watermark and a corner note
    std::string note;      // printed in red in a corner, e.g. "补打存档 · 第1版（已作废）"
    std::string key_id;    // signing key id printed beside the QR code
};

// Appends the certificate's page(s) to `doc`.
void add_certificate(pdf::Document& doc, const Certificate& c, const std::string& qr_payload, Layout layout,
                     const CertMarks& marks = {}, const pdf::FontFace& font = pdf::FontFace::standard());

// The seal of an authority, centred at (cx, cy) with radius r.
void add_seal(pdf::Page& page, double cx, double cy, double r, const std::string& authority, const std::string& inner,
              const pdf::FontFace& font = pdf::FontFace::standard());

struct ScoreReport {
    std::string name, sex, id_number, ticket;
    std::string category, item;
    std::string kind;    // 初训考试 / 复审考试
    int attempt_no = 1;  // 2: 补考
    Date exam_date{};
    std::string time;    // "09:10–11:10"
    std::string room, kiosk;
    double points = 0, max_points = 0, pass_mark = 0;
    bool passed = false;
    int questions = 0, answered = 0, correct = 0;
    std::vector<exam::ChapterScore> chapters;
    struct Subject {
        std::string code, name;
        std::optional<double> score;
        double max_points = 0;
    };
    std::vector<Subject> practical; // empty: the item has no practical exam
    double practical_pass_mark = 0;
    std::string authority;
    Date printed_on{};
};

void add_score_report(pdf::Document& doc, const ScoreReport& r, const pdf::FontFace& font = pdf::FontFace::standard());

struct AdmissionTicket {
    std::string name, sex, id_number, ticket;
    std::string category, item, kind;
    std::vector<unsigned char> photo;
    Date date{};
    std::string start_time, end_time; // "09:10"
    int duration_minutes = 0;
    std::string room, kiosk;
    std::string authority;
};

void add_admission_ticket(pdf::Document& doc, const AdmissionTicket& t,
                          const pdf::FontFace& font = pdf::FontFace::standard());

} // namespace sk::certs
