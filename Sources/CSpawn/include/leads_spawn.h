#ifndef LEADS_SPAWN_H
#define LEADS_SPAWN_H

#include <sys/types.h>

/// Starts a child process running `path` with `argv` and `envp` (NULL-terminated), its standard input,
/// output and error on `in_fd`, `out_fd` and `err_fd`, and `exit_fd` left open in it (and nothing else of this
/// process: every other descriptor here is close-on-exec). On Linux the child is killed when this thread's
/// process dies (PR_SET_PDEATHSIG), also if that happened before it could ask; its signal dispositions and mask
/// are the defaults. Returns the child's pid, or -errno when it could not be started (the exec failing
/// included: the child reports that through a pipe before it exits).
pid_t leads_spawn(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd, int err_fd,
                  int exit_fd);

#endif
