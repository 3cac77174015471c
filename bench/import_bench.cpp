// Content import benchmark: 100,000 generated questions imported from CSV and from a content pack into fresh
// databases, and the time to open a database that holds them and load the catalogue. Prints each figure beside its
// target (and as FIGURE lines, bench/report.hpp). Run: build/bench/import_bench [count] (default 100000).
#include "bench/report.hpp"
#include "content/formats/csv.hpp"
#include "content/formats/csv_questions.hpp"
#include "content/formats/export.hpp"
#include "content/formats/import.hpp"
#include "content/storage/content_store.hpp"
#include "content/storage/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace sk;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Processor time of this process: the machine is shared, so wall time alone can mislead.
double cpu_seconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Questions spread over every catalogue item: 70 % 判断, 25 % 单选, 5 % 多选, as on a typical theory paper.
std::vector<content::Question> generate(int count, const content::Catalogue& cat)
{
    std::vector<content::Question> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int n = 0; n < count; ++n) {
        const auto& item = cat.items[static_cast<std::size_t>(n) % cat.items.size()];
        content::Question q;
        char uid[32];
        std::snprintf(uid, sizeof uid, "bench-%06d", n);
        q.uid = uid;
        q.category = item.category;
        q.item = item.name;
        q.chapter = "第" + std::to_string(n % 12 + 1) + "章 安全技术";
        q.difficulty = n % 5 + 1;
        const int kind = n % 20;
        const std::string no = std::to_string(n);
        if (kind < 14) {
            q.type = content::QuestionType::TrueFalse;
            q.stem = "第" + no + "题：作业人员在进行高处作业时，必须正确佩戴安全带，并将其挂在牢固可靠的构件上。";
            q.options = content::true_false_options();
            q.answer = n % 2 ? "A" : "B";
        } else if (kind < 19) {
            q.type = content::QuestionType::Single;
            q.stem = "第" + no + "题：发现有人触电时，首先应当采取的措施是（ ）。";
            q.options = {"立即切断电源或用绝缘物使其脱离电源", "直接用手拉开触电者", "先打电话再等待", "给触电者喝水"};
            q.answer = "A";
        } else {
            q.type = content::QuestionType::Multiple;
            q.stem = "第" + no + "题：下列属于防止直接接触触电的技术措施的有（ ）。";
            q.options = {"绝缘", "屏护", "保持安全距离", "赤脚操作"};
            q.answer = "ABC";
        }
        q.explanation = "依据相关安全技术规程，作业前应进行风险辨识并落实防护措施。";
        out.push_back(std::move(q));
    }
    return out;
}

void write(const fs::path& p, const std::string& s)
{
    std::ofstream out(p, std::ios::binary);
    out << s;
}

std::string csv_of(const std::vector<content::Question>& qs)
{
    std::string out = "\xEF\xBB\xBF" + content::formats::csv_record(content::formats::csv_columns::header());
    for (const auto& q : qs) {
        const bool tf = q.type == content::QuestionType::TrueFalse;
        std::vector<std::string> cells{tf ? "判断" : q.type == content::QuestionType::Single ? "单选" : "多选", q.stem};
        for (std::size_t i = 0; i < 6; ++i) cells.push_back(!tf && i < q.options.size() ? q.options[i] : "");
        cells.push_back(tf ? (q.answer == "A" ? "对" : "错") : q.answer);
        for (const auto& c : {q.explanation, q.category, q.item, q.chapter, std::to_string(q.difficulty)}) cells.push_back(c);
        out += content::formats::csv_record(cells);
    }
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    const int count = argc > 1 ? std::atoi(argv[1]) : 100000;
    std::string tmpl = (fs::temp_directory_path() / "safekiosk-bench-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return 1;
    const fs::path dir = tmpl;

    std::vector<content::Question> questions;
    {
        auto db = storage::Database::open_memory();
        storage::migrate(db, {&content::schema()});
        questions = generate(count, content::ContentStore(db).catalogue());
    }
    write(dir / "questions.csv", csv_of(questions));
    fs::create_directories(dir / "pack");
    write(dir / "pack" / "pack.json",
          R"({"format":"safekiosk-pack","version":1,"name":"bench","questions":["questions.jsonl"],"exhibits":[]})");
    {
        std::string lines;
        for (const auto& q : questions) lines += content::formats::question_json_line(q) + "\n";
        write(dir / "pack" / "questions.jsonl", lines);
    }
    bench::Report figures("import_bench: content import");
    char sizes[160];
    std::snprintf(sizes, sizeof sizes, "%d generated questions (CSV %.1f MB, pack %.1f MB)", count,
                  static_cast<double>(fs::file_size(dir / "questions.csv")) / 1e6,
                  static_cast<double>(fs::file_size(dir / "pack" / "questions.jsonl")) / 1e6);
    figures.note(sizes);

    int status = 0;
    auto import_into = [&](const char* what, const fs::path& db_path, const fs::path& source, double target) {
        auto db = storage::open(db_path, {&content::schema()});
        content::ContentStore store(db);
        auto start = Clock::now();
        const double cpu_start = cpu_seconds();
        auto report = content::formats::import_path(store, source, {});
        double t = seconds_since(start);
        const double cpu = cpu_seconds() - cpu_start;
        if (!report.ok() || report.inserted != count) {
            std::fprintf(stderr, "%s: unexpected result: %d inserted, %zu errors\n%s", what, report.inserted,
                         report.errors.size(), report.to_text().c_str());
            status = 1;
        }
        // The machine is shared: processor time beside the wall time shows how much of it was waiting.
        const std::string n = std::to_string(count / 1000) + "k";
        figures.at_most(std::string(what) + ", " + n + " questions", t, "s", target);
        figures.info(std::string(what) + ", " + n + " questions: processor time", cpu, "s");
    };
    import_into("CSV import into a fresh database", dir / "csv.db", dir / "questions.csv", 3.0);
    import_into("pack import into a fresh database", dir / "pack.db", dir / "pack", 2.0);

    // Opening the installation database and loading the catalogue, as the kiosk does at start.
    std::vector<double> opens;
    for (int i = 0; i < 7; ++i) {
        auto start = Clock::now();
        auto db = storage::open(dir / "pack.db", {&content::schema()});
        auto cat = content::ContentStore(db).catalogue();
        opens.push_back(seconds_since(start) * 1000);
        if (cat.items.empty()) status = 1;
    }
    std::sort(opens.begin(), opens.end());
    figures.at_most("open database + load catalogue (median of 7)", opens[opens.size() / 2], "ms", 20);
    figures.at_most("open database + load catalogue (slowest of 7)", opens.back(), "ms", 20);

    std::error_code ec;
    fs::remove_all(dir, ec);
    figures.finish();
    return status;
}
