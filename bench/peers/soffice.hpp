// LibreOffice as the peer baseline of a bench program: finds `soffice` on PATH and converts documents to PDF in
// headless mode, measuring the wall time and the memory of the whole soffice process tree (the soffice script,
// oosplash and soffice.bin), sampled every 5 ms from /proc.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sk::bench {

struct PeerRun {
    bool ok = false;           // exit code 0 and every PDF written
    double wall_ms = 0;        // from the start of soffice to its exit
    double peak_pss_mib = 0;   // the largest sum of Pss over the process tree (shared pages divided among sharers)
    double peak_rss_mib = 0;   // the largest sum of Rss over the process tree
    double max_rss_mib = 0;    // the largest single process (getrusage of the waited-for children)
    std::string error;
};

class Soffice {
public:
    // soffice on PATH, or nothing. Its private user profile goes under `work` (created by the first conversion,
    // which the caller should not time; removed with `work`).
    static std::optional<Soffice> find(const std::filesystem::path& work);

    Soffice(std::filesystem::path program, const std::filesystem::path& work);
    const std::filesystem::path& program() const { return program_; }
    std::string version() const;

    // Converts `inputs` to PDF into `outdir` with one soffice process.
    PeerRun convert(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& outdir) const;

private:
    std::filesystem::path program_;
    std::filesystem::path profile_;
};

} // namespace sk::bench
