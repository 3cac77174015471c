#include "exam/secrets.hpp"

#include <sodium.h>

#include <stdexcept>

namespace sk::exam {

std::string hash_secret(const std::string& secret)
{
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("out of memory hashing a secret");
    return hash;
}

bool verify_secret(const std::string& hash, const std::string& secret)
{
    if (hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), secret.data(), secret.size()) == 0;
}

} // namespace sk::exam
