#ifndef ESS_CLIBSSH2_SHIM_H
#define ESS_CLIBSSH2_SHIM_H

#include <errno.h>
#include <sys/socket.h>
#include <libssh2.h>
#include <libssh2_publickey.h>

// Macros that Swift cannot import are wrapped as typed inline functions, once, here.

static inline LIBSSH2_SESSION *ess_libssh2_session_init(void) {
    return libssh2_session_init_ex(NULL, NULL, NULL, NULL);
}

static inline LIBSSH2_CHANNEL *ess_libssh2_channel_open_session(LIBSSH2_SESSION *session) {
    return libssh2_channel_open_ex(session, "session", sizeof("session") - 1,
                                   LIBSSH2_CHANNEL_WINDOW_DEFAULT, LIBSSH2_CHANNEL_PACKET_DEFAULT,
                                   NULL, 0);
}

static inline int ess_libssh2_channel_exec(LIBSSH2_CHANNEL *channel, const char *command, unsigned int length) {
    return libssh2_channel_process_startup(channel, "exec", sizeof("exec") - 1, command, length);
}

static inline ssize_t ess_libssh2_channel_read(LIBSSH2_CHANNEL *channel, int stream, char *buffer, size_t size) {
    return libssh2_channel_read_ex(channel, stream, buffer, size);
}

static inline ssize_t ess_libssh2_channel_write(LIBSSH2_CHANNEL *channel, const char *buffer, size_t size) {
    return libssh2_channel_write_ex(channel, 0, buffer, size);
}

static inline int ess_libssh2_channel_close(LIBSSH2_CHANNEL *channel) {
    return libssh2_channel_close(channel);
}

static inline int ess_libssh2_session_disconnect(LIBSSH2_SESSION *session, const char *reason) {
    return libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, reason, "");
}

static inline int ess_libssh2_userauth_publickey_fromfile(LIBSSH2_SESSION *session, const char *user,
                                                          unsigned int user_length, const char *private_key,
                                                          const char *passphrase) {
    return libssh2_userauth_publickey_fromfile_ex(session, user, user_length, NULL, private_key, passphrase);
}

static inline int ess_libssh2_channel_send_eof(LIBSSH2_CHANNEL *channel) {
    return libssh2_channel_send_eof(channel);
}

static inline int ess_libssh2_channel_eof(LIBSSH2_CHANNEL *channel) {
    return libssh2_channel_eof(channel);
}

// Bytes a session has taken from its socket, counted by its receive callback, so that a caller
// can tell whether a libssh2 call read packets meant for another channel.
typedef struct {
    unsigned long long received;
} ess_libssh2_traffic;

// libssh2's own receive function, counting: recv, with -errno on failure as libssh2 expects.
static ssize_t ess_libssh2_counting_recv(libssh2_socket_t socket, void *buffer, size_t length, int flags, void **abstract) {
    ssize_t got = recv(socket, buffer, length, flags);
    if (got < 0) return -errno;
    if (abstract != NULL && *abstract != NULL) ((ess_libssh2_traffic *)*abstract)->received += (unsigned long long)got;
    return got;
}

// Counts what `session` receives into `traffic`, which must outlive the session.
static inline void ess_libssh2_count_traffic(LIBSSH2_SESSION *session, ess_libssh2_traffic *traffic) {
    *libssh2_session_abstract(session) = traffic;
    libssh2_session_callback_set(session, LIBSSH2_CALLBACK_RECV, (void *)ess_libssh2_counting_recv);
}

enum {
    ESS_LIBSSH2_ERROR_EAGAIN = LIBSSH2_ERROR_EAGAIN,
    ESS_LIBSSH2_HOSTKEY_HASH_SHA256 = LIBSSH2_HOSTKEY_HASH_SHA256,
    ESS_LIBSSH2_SESSION_BLOCK_INBOUND = LIBSSH2_SESSION_BLOCK_INBOUND,
    ESS_LIBSSH2_SESSION_BLOCK_OUTBOUND = LIBSSH2_SESSION_BLOCK_OUTBOUND,
    ESS_SSH_EXTENDED_DATA_STDERR = SSH_EXTENDED_DATA_STDERR,
};

#endif
