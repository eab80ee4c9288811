// fork and exec with what posix_spawn cannot do: ask the kernel to kill the child with its parent. Only
// async-signal-safe calls happen between fork and exec, so a multi-threaded parent is safe.
#define _GNU_SOURCE
#include "leads_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

static void child(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd, int err_fd,
                  int exit_fd, int report_fd, pid_t parent) {
#ifdef __linux__
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
    _exit(127);
  }
#else
  (void)parent;
#endif
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (int signal_number = 1; signal_number < NSIG; signal_number++) {
    if (signal_number != SIGKILL && signal_number != SIGSTOP) {
      signal(signal_number, SIG_DFL);
    }
  }
  // dup2 clears close-on-exec on the copy; a descriptor already in place needs it cleared by hand.
  int wanted[3] = {in_fd, out_fd, err_fd};
  for (int target = 0; target < 3; target++) {
    if (wanted[target] == target) {
      fcntl(target, F_SETFD, 0);
    } else if (dup2(wanted[target], target) < 0) {
      goto failed;
    }
  }
  if (exit_fd >= 0 && fcntl(exit_fd, F_SETFD, 0) != 0) {
    goto failed;
  }
  execve(path, argv, envp);
failed:;
  int error = errno;
  ssize_t ignored = write(report_fd, &error, sizeof error);
  (void)ignored;
  _exit(127);
}

pid_t leads_spawn(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd, int err_fd,
                  int exit_fd) {
  int report[2];
  if (pipe(report) != 0) {
    return -errno;
  }
  fcntl(report[0], F_SETFD, FD_CLOEXEC);
  fcntl(report[1], F_SETFD, FD_CLOEXEC);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int error = errno;
    close(report[0]);
    close(report[1]);
    return -error;
  }
  if (pid == 0) {
    close(report[0]);
    child(path, argv, envp, in_fd, out_fd, err_fd, exit_fd, report[1], parent);
  }
  close(report[1]);
  // The report pipe closes on a successful exec (close-on-exec) or carries errno when exec failed.
  int error = 0;
  ssize_t got;
  do {
    got = read(report[0], &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  close(report[0]);
  if (got == (ssize_t)sizeof error) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return -error;
  }
  return pid;
}
