// Passwords and PINs are stored only as Argon2id hashes (libsodium crypto_pwhash_str).
#pragma once

#include <string>

namespace sk::exam {

std::string hash_secret(const std::string& secret);
bool verify_secret(const std::string& hash, const std::string& secret);

} // namespace sk::exam
