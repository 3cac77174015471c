#include "kiosk/app/admin_gate.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace sk::kiosk {

namespace {
constexpr std::int64_t kMaxDelayMs = 5 * 60 * 1000;
}

const char* AdminGate::demo_hash()
{
    // The demo PIN 135790 (docs/kiosk.md).
    return "$argon2id$v=19$m=65536,t=2,p=1$codDex/Nos7IxZxb1gkQrA$PDK+Wa/eHhNwsnNcrurTjNaY1dcRvzLR+2PuMSw10Do";
}

AdminGate::AdminGate(std::string pin_hash, const Clock& clock, std::function<void()> wake)
    : hash_(std::move(pin_hash)), clock_(clock), wake_(std::move(wake))
{
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    if (hash_.empty()) {
        hash_ = demo_hash();
        demo_ = true;
    }
}

bool AdminGate::submit(const std::string& pin)
{
    if (checking() || clock_.now_ms() < locked_until_) return false;
    check_ = std::async(std::launch::async, [hash = hash_, pin, wake = wake_] {
        const bool ok = crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0;
        if (wake) wake();
        return ok;
    });
    return true;
}

std::optional<bool> AdminGate::poll()
{
    if (!check_.valid() || check_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
    const bool ok = check_.get();
    if (ok) {
        failures_ = 0;
        locked_until_ = 0;
    } else {
        ++failures_;
        const std::int64_t delay = std::min<std::int64_t>(kMaxDelayMs, 1000LL << std::min(failures_ - 1, 20));
        locked_until_ = clock_.now_ms() + delay;
    }
    return ok;
}

std::string AdminGate::hash(const std::string& pin)
{
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("not enough memory to hash the PIN");
    return out;
}

} // namespace sk::kiosk
