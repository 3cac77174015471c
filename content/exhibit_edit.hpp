// Editing accident-case exhibits with their images, for the admin window: the checks that depend on what is stored
// (a new case's uid is free, every image is stored or brought along as a PNG or JPEG, quiz uids belong to no
// catalogue question and to no other case) on top of content::validate, and saving the case together with the
// image files it brings in one transaction, so that a refused or failed save stores nothing.
//
// Removing an image from a case only drops the reference: the media blob stays (another case or question may show
// it, and a pack export writes only what is referenced).
#pragma once

#include "content/model.hpp"
#include "content/storage/content_store.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sk::content {

// An image file an editor brings in: PNG or JPEG bytes and the media path they will be stored under.
using NewMedia = std::map<std::string, std::vector<unsigned char>>;

inline constexpr std::size_t kMaxImageBytes = 10 * 1024 * 1024;

// True when the bytes start with the PNG or JPEG signature.
bool is_png_or_jpeg(const std::vector<unsigned char>& bytes);

// Reads an image file for an exhibit or a question. Throws std::invalid_argument naming the file when it cannot be
// read, is larger than kMaxImageBytes or is neither a PNG nor a JPEG.
std::vector<unsigned char> read_image_file(const std::filesystem::path& file);

// A media path for `file` that is neither stored nor in `taken`: "images/<name>.<png|jpg>", the name made of the
// file's ASCII letters, digits, '-' and '_' (else "image"), with "-2", "-3" … when needed.
std::string free_media_path(ContentStore& store, const std::filesystem::path& file, const NewMedia& taken);

// A uid for a new case that no case has yet: "case-<industry code>-NN" ("case-build-03").
std::string free_exhibit_uid(ContentStore& store, const std::string& industry);
// A uid for a new quiz question of case `exhibit_uid` that neither the case's other quiz questions nor any stored
// question has: "<exhibit uid>-qN".
std::string free_quiz_uid(ContentStore& store, const Exhibit& e);

// Every problem of the case, by field: content::validate, then "uid" (a new case whose uid is taken),
// "images[i].file" (neither stored nor brought along; brought along but not a PNG/JPEG, or under a path that another
// save stored meanwhile with other bytes),
// "quiz[i].uid" (twice in the case, a catalogue question's, another case's).
std::vector<FieldProblem> check_exhibit(ContentStore& store, const Exhibit& e, const NewMedia& media, bool is_new);

// Checks, then stores the brought media that the case (or a quiz question) refers to and the case, in one
// transaction. Returns the problems when there are any (nothing stored); a storage failure rolls back and throws.
std::vector<FieldProblem> save_exhibit_with_media(ContentStore& store, const Exhibit& e, const NewMedia& media,
                                                  bool is_new);

} // namespace sk::content
