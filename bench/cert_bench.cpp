// Certificate rendering benchmark: one certificate without and with a photo, 500 certificates into one PDF and into
// 500 files, and the peak memory, each beside its target. Where LibreOffice is installed (`soffice` on PATH) the same
// run measures the peer baseline: the equivalent certificate document (bench/peers/certificate.fodt: the same fields,
// photo, Chinese text and QR code) converted to PDF by soffice, with the wall time and the memory of its process
// tree, and prints the ratios. Without it the baseline column says so; no figure is ever copied from elsewhere.
// Run: scripts/bench cert_bench
#include "bench/peers/soffice.hpp"
#include "bench/report.hpp"
#include "certs/demo_photo.hpp"
#include "certs/layouts.hpp"
#include "certs/pdf/canvas.hpp"
#include "certs/qr.hpp"
#include "certs/signing.hpp"
#include "exam/idnumber.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <time.h>
#include <vector>

#include <sodium.h>
#include <stb_image_write.h>

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

std::string base64(const std::vector<unsigned char>& bytes)
{
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // the terminating NUL
    return out;
}

// The QR code of `text` as a PNG, 6 pixels per module (what the peer document embeds as its picture).
std::vector<unsigned char> qr_png(const std::string& text)
{
    const auto m = encode_qr(text);
    const int scale = 6, side = m.size * scale;
    std::vector<unsigned char> px(static_cast<std::size_t>(side) * side);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
            px[static_cast<std::size_t>(y) * side + x] =
                m.dark[static_cast<std::size_t>(y / scale) * m.size + x / scale] ? 0 : 255;
    std::vector<unsigned char> png;
    stbi_write_png_to_func(
        [](void* ctx, void* data, int size) {
            auto* out = static_cast<std::vector<unsigned char>*>(ctx);
            out->insert(out->end(), static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + size);
        },
        &png, side, side, 1, px.data(), side);
    return png;
}

std::string zh_date(const Date& d)
{
    return std::to_string(static_cast<int>(d.year())) + "年" + std::to_string(static_cast<unsigned>(d.month())) + "月" +
           std::to_string(static_cast<unsigned>(d.day())) + "日";
}

// The peer document of one certificate: bench/peers/certificate.fodt with the holder's fields, photo and QR code.
std::string peer_document(const std::string& tmpl, const Certificate& c, const std::string& qr_payload,
                          const std::string& key_id)
{
    const std::map<std::string, std::string> fields{
        {"NUMBER", c.number},
        {"NAME", c.name},
        {"SEX", c.sex},
        {"ID", c.id_number},
        {"CATEGORY", c.category},
        {"ITEM", c.item},
        {"FIRST", zh_date(c.first_issued)},
        {"UNTIL", zh_date(c.valid_until)},
        {"REVIEW", c.review_due ? zh_date(*c.review_due) : "—"},
        {"AUTHORITY", c.authority},
        {"ISSUED", zh_date(c.valid_from)},
        {"KEYID", key_id},
        {"PHOTO", base64(c.photo)},
        {"QR", base64(qr_png(qr_payload))},
    };
    std::string out;
    out.reserve(tmpl.size() + 64 * 1024);
    for (std::size_t i = 0; i < tmpl.size();) {
        const auto at = tmpl.find('@', i);
        if (at == std::string::npos) {
            out.append(tmpl, i, std::string::npos);
            break;
        }
        out.append(tmpl, i, at - i);
        const auto end = tmpl.find('@', at + 1);
        const auto it = end == std::string::npos ? fields.end() : fields.find(tmpl.substr(at + 1, end - at - 1));
        if (it == fields.end()) {
            out += '@';
            i = at + 1;
        } else {
            out += it->second;
            i = end + 1;
        }
    }
    return out;
}

std::string read_text(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// What LibreOffice measured, or why there is nothing.
struct Peer {
    bool measured = false;
    std::string what; // version, or the reason there is no baseline
    double one_ms = 0;        // one certificate, a fresh soffice process (median of 3)
    double one_kib = 0;       // its PDF
    double per_file_ms = 0;   // per certificate, 20 files converted by one soffice process
    double peak_pss_mib = 0;  // the process tree, the largest of all runs
    double peak_rss_mib = 0;
    double max_rss_mib = 0;
};

Peer measure_peer(const std::filesystem::path& dir, const std::vector<Certificate>& holders, const Signer& signer)
{
    Peer peer;
    auto soffice = sk::bench::Soffice::find(dir);
    if (!soffice) {
        peer.what = "LibreOffice not installed (no soffice on PATH): no baseline";
        return peer;
    }
    const std::string tmpl = read_text(SAFEKIOSK_PEERS_DIR "/certificate.fodt");
    if (tmpl.find("@QR@") == std::string::npos) {
        peer.what = "bench/peers/certificate.fodt cannot be read: no baseline";
        return peer;
    }
    const auto docs = dir / "peer";
    std::filesystem::create_directories(docs);
    std::vector<std::filesystem::path> files;
    for (int i = 0; i < 24; ++i) {
        const auto& c = holders[static_cast<std::size_t>(i)];
        files.push_back(docs / ("cert-" + std::to_string(i) + ".fodt"));
        std::ofstream(files.back(), std::ios::binary) << peer_document(tmpl, c, payload(c, signer), signer.public_key().key_id());
    }
    // The first conversion creates soffice's user profile: not timed.
    const auto warm = soffice->convert({files[0]}, dir / "peer-warm");
    if (!warm.ok) {
        peer.what = soffice->version() + ": the conversion failed (" + warm.error + "): no baseline";
        return peer;
    }
    std::vector<double> times;
    const auto keep_peak = [&](const sk::bench::PeerRun& r) {
        peer.peak_pss_mib = std::max(peer.peak_pss_mib, r.peak_pss_mib);
        peer.peak_rss_mib = std::max(peer.peak_rss_mib, r.peak_rss_mib);
        peer.max_rss_mib = std::max(peer.max_rss_mib, r.max_rss_mib);
    };
    for (int i = 1; i <= 3; ++i) {
        const auto r = soffice->convert({files[static_cast<std::size_t>(i)]}, dir / "peer-one");
        if (!r.ok) {
            peer.what = soffice->version() + ": the conversion failed (" + r.error + "): no baseline";
            return peer;
        }
        times.push_back(r.wall_ms);
        keep_peak(r);
    }
    peer.one_ms = median(times);
    peer.one_kib = std::filesystem::file_size(dir / "peer-one" / "cert-1.pdf") / 1024.0;
    const std::vector<std::filesystem::path> batch(files.begin() + 4, files.end());
    const auto r = soffice->convert(batch, dir / "peer-batch");
    if (!r.ok) {
        peer.what = soffice->version() + ": the conversion failed (" + r.error + "): no baseline";
        return peer;
    }
    keep_peak(r);
    peer.per_file_ms = r.wall_ms / static_cast<double>(batch.size());
    peer.measured = true;
    peer.what = soffice->version();
    return peer;
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

    // The peer, in the same run, after SafeKiosk's figures (so its processes do not weigh on them).
    const Peer peer = measure_peer(dir, holders, signer);
    std::filesystem::remove_all(dir);

    sk::bench::Report report("cert_bench: certificates (A4 landscape, libharu + HarfBuzz subset of WenQuanYi Micro Hei, signed QR code)");
    report.note("load average at the end: " + std::to_string(load_average()).substr(0, 4) + " on " +
                std::to_string(std::thread::hardware_concurrency()) + " cores; time targets hold for the wall clock or, on "
                "a busy machine, the processor time");
    report.note("baseline: " + (peer.measured ? peer.what + ", bench/peers/certificate.fodt converted by soffice --headless "
                                                "--convert-to pdf (profile made before timing)"
                                              : peer.what));
    const auto base = [&](double v) { return peer.measured ? std::optional<double>(v) : std::nullopt; };
    report.at_most("one certificate, no photo: time (median of 50, wall or processor time if less)",
                   std::min(plain_ms, plain_cpu_ms), "ms", 20);
    report.info("one certificate, no photo: wall time (median of 50)", plain_ms, "ms");
    report.info("one certificate, no photo: first call (opens the font)", first_ms, "ms");
    report.at_most("one certificate, no photo: size", plain_kib, "KiB", 15);
    report.at_most("one certificate with photo: time (median of 50; baseline: one soffice conversion)", photo_ms, "ms", 20,
                   base(peer.one_ms));
    report.at_most("one certificate with photo: size beyond the " + std::to_string(photo_kib).substr(0, 3) + " KiB photo",
                   photo_pdf_kib - photo_kib, "KiB", 15);
    report.info("one certificate with photo: size (baseline: soffice's PDF)", photo_pdf_kib, "KiB", base(peer.one_kib));
    report.at_most("500 certificates into one PDF (with photos): time (wall or processor time if less)",
                   std::min(batch_s, batch_cpu_s), "s", 1);
    report.info("500 certificates into one PDF: wall time", batch_s, "s");
    report.at_most("500 certificates into one PDF: font programs stored", static_cast<double>(fonts_stored), "", 1);
    report.info("500 certificates into one PDF: size", batch_mib, "MiB");
    report.info("500 certificates as 500 files: per certificate (baseline: 20 files in one soffice run)",
                separate_s * 1000 / 500, "ms", base(peer.per_file_ms));
    report.info("500 certificates as 500 files: size each (photos " + std::to_string(avg_photo_kib).substr(0, 3) + " KiB)",
                separate_kib, "KiB");
    report.at_most("peak memory, VmHWM of the whole run (baseline: soffice process tree, peak PSS)", hwm / 1024.0, "MiB",
                   40, base(peer.peak_pss_mib));
    report.info("memory at start (VmHWM)", hwm_start / 1024.0, "MiB");
    if (peer.measured) {
        report.info("LibreOffice: peak RSS of the soffice process tree", peer.peak_rss_mib, "MiB");
        report.info("LibreOffice: largest single process (ru_maxrss)", peer.max_rss_mib, "MiB");
        char ratio[256];
        std::snprintf(ratio, sizeof ratio,
                      "ratio LibreOffice / SafeKiosk: one certificate %.0f× the time, per certificate in a batch %.0f×, "
                      "PDF %.1f× the size, memory %.1f× (PSS of the tree against VmHWM)",
                      peer.one_ms / photo_ms, peer.per_file_ms / (separate_s * 1000 / 500), peer.one_kib / photo_pdf_kib,
                      peer.peak_pss_mib / (hwm / 1024.0));
        report.note(ratio);
        report.info("ratio: one certificate, LibreOffice time / SafeKiosk time", peer.one_ms / photo_ms, "x");
        report.info("ratio: peak memory, LibreOffice PSS / SafeKiosk VmHWM", peer.peak_pss_mib / (hwm / 1024.0), "x");
    }
    return report.finish();
}
