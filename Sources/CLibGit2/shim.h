#ifndef LEADS_CLIBGIT2_SHIM_H
#define LEADS_CLIBGIT2_SHIM_H

#include <ctype.h>
#include <string.h>
#include <git2.h>

/// The first occurrence of `needle` (`length` bytes) in `haystack` (`count` bytes), or NULL.
static inline const void *leads_find(const void *haystack, size_t count, const char *needle, size_t length) {
  const char *text = haystack;
  if (length == 0 || count < length) return NULL;
  for (const char *at = text; at <= text + count - length; at++) {
    at = memchr(at, needle[0], (size_t)(text + count - length - at) + 1);
    if (!at) return NULL;
    if (memcmp(at, needle, length) == 0) return at;
  }
  return NULL;
}

/// Whether `text` contains `word` (lowercase ASCII), ignoring case: a cheap test before parsing trailers.
static inline int leads_contains_word(const char *text, const char *word) {
  for (; *text; text++) {
    const char *a = text, *b = word;
    while (*a && *b && tolower((unsigned char)*a) == *b) { a++; b++; }
    if (!*b) return 1;
  }
  return 0;
}

/// `git_libgit2_opts` is variadic and cannot be called from Swift; these wrap the options used.
static inline int leads_git_set_owner_validation(int enabled) {
  return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/// Reading history never writes objects; checking every object's hash on read (libgit2's default, which
/// git itself does not do) costs a SHA-1 per commit and tree.
static inline int leads_git_set_read_hash_verification(int enabled) {
  return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/// The size of libgit2's cache of parsed objects, in bytes (its default is 256 MiB).
static inline int leads_git_set_cache_max_size(ssize_t bytes) {
  return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

/// Whether libgit2 keeps the objects it reads in its cache.
static inline int leads_git_set_caching(int enabled) {
  return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}

/// How much of a pack libgit2 maps at a time, and how much it keeps mapped in all, in bytes. Pages of a
/// mapped pack that a walk has touched count as the process's memory until they are unmapped.
static inline int leads_git_set_pack_windows(size_t window, size_t limit) {
  int result = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
  return result < 0 ? result : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, limit);
}

#endif
