#include "certs/printing.hpp"
#include "tests/certs/exam_fixture.hpp"
#include "tests/certs/pdf_tools.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <thread>

using namespace sk;
using namespace sk::certs;
using test::has;

namespace {

std::vector<std::filesystem::path> split_dirs(const std::string& list)
{
    std::vector<std::filesystem::path> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(':', start);
        if (end == std::string::npos) end = list.size();
        if (end > start) out.emplace_back(list.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::set<std::filesystem::path> pdfs_in(const std::vector<std::filesystem::path>& dirs)
{
    std::set<std::filesystem::path> out;
    for (const auto& d : dirs) {
        std::error_code ec;
        for (auto it = std::filesystem::directory_iterator(d, ec); !ec && it != std::filesystem::directory_iterator();
             it.increment(ec))
            if (it->path().extension() == ".pdf") out.insert(it->path());
    }
    return out;
}

} // namespace

TEST_CASE("a certificate printed to the cups-pdf virtual printer comes out with the holder's name")
{
    const auto setup = test::run("bash " + test::quoted(test::source_path("scripts/start-cups-pdf.sh")));
    const auto marker = setup.out.rfind("CUPS_PDF_OUT=");
    if (setup.status != 0 || marker == std::string::npos) {
        MESSAGE("SKIPPED: no cupsd could be started (scripts/start-cups-pdf.sh): " << setup.out);
        return;
    }
    auto line = setup.out.substr(marker + 13);
    line = line.substr(0, line.find('\n'));
    const auto dirs = split_dirs(line);
    REQUIRE_FALSE(dirs.empty());

    test::ExamFixture f;
    auto signer = Signer::create(f.dir / "data");
    auto c = f.registry.issue(f.officer, f.passed_electrician(test::id_number("19900909", 191), "诸葛明远"));
    auto file = f.dir / "print.pdf";
    pdf::write_file(file, certificate_pdf(f.registry, signer, f.officer, c.id, Layout::A4Landscape));

    CHECK_THROWS_AS(print_pdf("NoSuchPrinter", file, "test"), PrintError);
    CHECK_THROWS_AS(print_pdf("PDF", f.dir / "missing.pdf", "test"), PrintError);

    const auto before = pdfs_in(dirs);
    const std::string title = "safekiosk-print-test-" + std::to_string(::getpid());
    const int job = print_pdf("PDF", file, title);
    CHECK(job > 0);
    std::filesystem::path printed;
    for (int i = 0; i < 120 && printed.empty(); ++i) { // cups-pdf runs Ghostscript: allow up to a minute
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        for (const auto& p : pdfs_in(dirs)) {
            std::error_code ec; // cups-pdf may still be writing or moving the file
            const auto size = std::filesystem::file_size(p, ec);
            if (!before.count(p) && has(p.filename().string(), title) && !ec && size > 0) printed = p;
        }
    }
    REQUIRE_MESSAGE(!printed.empty(), "no file from cups-pdf in " << line);
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // let the backend finish writing
    const auto text = test::pdftotext(printed);
    CHECK_MESSAGE(has(text.out, "诸葛明远"), text.out.substr(0, 400));
    CHECK(has(text.out, "特种作业操作证"));
    std::error_code ec;
    std::filesystem::remove(printed, ec);
}
