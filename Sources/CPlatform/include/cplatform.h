#ifndef ESS_CPLATFORM_H
#define ESS_CPLATFORM_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) in a new session, stdin/stdout/stderr on
/// /dev/null, every other descriptor closed and an empty signal mask. Returns 0 and sets
/// *pid, or an errno value.
int ess_spawn_detached(const char *path, char *const argv[], pid_t *pid);

/// Names the calling thread (the kernel keeps the first 15 bytes). Returns 0 or an errno value.
int ess_thread_set_name(const char *name);

#endif
