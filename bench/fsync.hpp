// The disk's floor for a durable write: one bare write + fsync, the baseline beside every durable-commit figure.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <vector>

namespace sk::bench {

// Median time of `n` one-byte writes, each followed by fsync, to a file in `dir`, in ms; -1 when the file cannot be
// written.
inline double bare_fsync_ms(const std::filesystem::path& dir, int n = 300)
{
    const auto file = dir / "fsync.bin";
    int fd = open(file.c_str(), O_CREAT | O_WRONLY, 0600);
    if (fd < 0) return -1;
    std::vector<double> syncs;
    char byte = 'x';
    for (int i = 0; i < n; ++i) {
        const auto t = std::chrono::steady_clock::now();
        if (pwrite(fd, &byte, 1, i) != 1) {
            close(fd);
            return -1;
        }
        fsync(fd);
        syncs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    }
    close(fd);
    std::filesystem::remove(file);
    std::sort(syncs.begin(), syncs.end());
    return syncs[syncs.size() / 2];
}

} // namespace sk::bench
