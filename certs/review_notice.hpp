// Review notices (复审通知): the usable certificates whose review (special operators) or end of validity falls within
// N days, and a printable letter to each holder, one A4 page each, laid out with libharu like the other PDFs here.
// The desktop window's certificates panel filters by it and prints the letters; `cert due --days N` lists the same.
#pragma once

#include "certs/registry.hpp"

#include <string>
#include <vector>

namespace sk::certs {

struct ReviewNotice {
    Certificate certificate;
    Date due{};           // the review date, or (without one) the last valid day
    bool renewal = false; // true: the certificate ends (换证); false: a review (复审)
    int days_left = 0;    // from today; negative when overdue but still usable
    std::string employer; // the holder's employer as registered, for the address line
};

// Usable certificates due within `days` days from the registry's today, soonest first. Needs ReadResults.
// Throws CertError for a negative number of days.
std::vector<ReviewNotice> review_due(CertRegistry& registry, const exam::Actor& actor, int days);

// One letter per notice: the holder, the certificate (number, item, dates), what to bring and by when, the issuing
// authority and today's date. Throws CertError when `notices` is empty, pdf::RenderError for a character the font
// lacks.
std::vector<unsigned char> review_notices_pdf(const std::vector<ReviewNotice>& notices, const std::string& authority,
                                              Date today);

} // namespace sk::certs
