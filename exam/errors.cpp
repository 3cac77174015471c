#include "exam/errors.hpp"

namespace sk::exam {

const std::vector<ExamErrorInfo>& exam_errors()
{
    static const std::vector<ExamErrorInfo> all = {
#define SK_EXAM_ERROR_INFO(code, key, text) {ExamErrc::code, key, text},
        SK_EXAM_ERRORS(SK_EXAM_ERROR_INFO)
#undef SK_EXAM_ERROR_INFO
    };
    return all;
}

const ExamErrorInfo& error_info(ExamErrc code)
{
    return exam_errors()[static_cast<std::size_t>(code)];
}

std::string fill_placeholders(std::string_view text, const std::vector<std::string>& args)
{
    std::string out;
    out.reserve(text.size() + 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            const auto close = text.find('}', i);
            if (close != std::string_view::npos && close > i + 1 && close - i <= 3) {
                std::size_t n = 0;
                bool digits = true;
                for (std::size_t k = i + 1; k < close; ++k) {
                    if (text[k] < '0' || text[k] > '9') digits = false;
                    else n = n * 10 + static_cast<std::size_t>(text[k] - '0');
                }
                if (digits && n < args.size()) {
                    out += args[n];
                    i = close;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

ExamError::ExamError(ExamErrc code, std::vector<std::string> args)
    : std::runtime_error(fill_placeholders(error_info(code).english, args)), code_(code), args_(std::move(args))
{
}

} // namespace sk::exam
