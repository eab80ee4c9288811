#ifndef LEADS_CLIBGIT2_SHIM_H
#define LEADS_CLIBGIT2_SHIM_H

#include <git2.h>

/// `git_libgit2_opts` is variadic and cannot be called from Swift; these wrap the options used.
static inline int leads_git_set_owner_validation(int enabled) {
  return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

#endif
