// A plain libssh2 program that streams files as remote commands' standard input, the way ess
// does, to show what libssh2 itself can move on this machine (built by Scripts/libssh2-stream,
// not part of the package).
//
//   libssh2-stream TARGETS CIPHER MAC CONNECTIONS COMMAND FILE...
//
// TARGETS is a file of "host port user private-key" lines. CONNECTIONS connections are opened
// to every target (blocking mode, one thread each). With COMMAND's files shared out: each thread
// takes the next FILE from one queue, runs COMMAND on a channel of its own with the file as its
// standard input, and prints the command's output. With PUT=1 in the environment, every
// connection sends every FILE instead (one copy per connection, as `ess cluster put` does).
// Prints bytes sent, seconds and MB/s on standard error.
#include <libssh2.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct target { char host[64]; int port; char user[64]; char key[512]; };

static struct target targets[1024];
static int target_count;
static const char *cipher, *mac, *command;
static char **files;
static int file_count;
static int put_mode;
static atomic_int next_file;
static atomic_llong sent_bytes;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;
enum { CHUNK = 64 * 1024 };

static void die(const char *what, LIBSSH2_SESSION *session) {
    char *message = NULL;
    if (session) libssh2_session_last_error(session, &message, NULL, 0);
    fprintf(stderr, "libssh2-stream: %s%s%s\n", what, message ? ": " : "", message ? message : "");
    exit(1);
}

static void stream_file(LIBSSH2_SESSION *session, const char *path, char *buffer) {
    LIBSSH2_CHANNEL *channel = libssh2_channel_open_session(session);
    if (!channel) die("cannot open a channel", session);
    if (libssh2_channel_exec(channel, command)) die("cannot start the command", session);
    int fd = open(path, O_RDONLY);
    if (fd < 0) die(path, NULL);
    off_t offset = 0;
    ssize_t got;
    while ((got = pread(fd, buffer, CHUNK, offset)) > 0) {
        offset += got;
        for (ssize_t done = 0; done < got;) {
            ssize_t wrote = libssh2_channel_write(channel, buffer + done, got - done);
            if (wrote < 0) die("write failed", session);
            done += wrote;
        }
    }
    close(fd);
    sent_bytes += offset;
    libssh2_channel_send_eof(channel);
    char output[4096];
    ssize_t n;
    size_t kept = 0;
    while ((n = libssh2_channel_read(channel, output + kept, sizeof output - 1 - kept)) > 0) kept += n;
    output[kept] = 0;
    libssh2_channel_close(channel);
    libssh2_channel_wait_closed(channel);
    int status = libssh2_channel_get_exit_status(channel);
    libssh2_channel_free(channel);
    pthread_mutex_lock(&print_lock);
    fputs(output, stdout);
    if (status != 0) fprintf(stderr, "libssh2-stream: %s exited %d\n", path, status);
    pthread_mutex_unlock(&print_lock);
}

static void *worker(void *argument) {
    struct target *t = &targets[(long)argument % target_count];
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(t->port)};
    inet_pton(AF_INET, t->host, &address.sin_addr);
    if (connect(fd, (struct sockaddr *)&address, sizeof address)) die("cannot connect", NULL);
    LIBSSH2_SESSION *session = libssh2_session_init();
    libssh2_session_method_pref(session, LIBSSH2_METHOD_CRYPT_CS, cipher);
    libssh2_session_method_pref(session, LIBSSH2_METHOD_CRYPT_SC, cipher);
    libssh2_session_method_pref(session, LIBSSH2_METHOD_MAC_CS, mac);
    libssh2_session_method_pref(session, LIBSSH2_METHOD_MAC_SC, mac);
    if (libssh2_session_handshake(session, fd)) die("handshake failed", session);
    if (libssh2_userauth_publickey_fromfile(session, t->user, NULL, t->key, NULL)) die("authentication failed", session);
    char *buffer = malloc(CHUNK);
    if (put_mode) {
        for (int i = 0; i < file_count; i++) stream_file(session, files[i], buffer);
    } else {
        int i;
        while ((i = atomic_fetch_add(&next_file, 1)) < file_count) stream_file(session, files[i], buffer);
    }
    free(buffer);
    libssh2_session_disconnect(session, "bye");
    libssh2_session_free(session);
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: libssh2-stream TARGETS CIPHER MAC CONNECTIONS COMMAND FILE...\n");
        return 2;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) die(argv[1], NULL);
    while (target_count < 1024) {
        struct target *t = &targets[target_count];
        if (fscanf(list, "%63s %d %63s %511s", t->host, &t->port, t->user, t->key) != 4) break;
        target_count++;
    }
    fclose(list);
    if (target_count == 0) die("no targets", NULL);
    cipher = argv[2];
    mac = argv[3];
    int connections = atoi(argv[4]) * target_count;
    command = argv[5];
    files = argv + 6;
    file_count = argc - 6;
    put_mode = getenv("PUT") && strcmp(getenv("PUT"), "1") == 0;
    libssh2_init(0);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_t *threads = calloc(connections, sizeof *threads);
    for (long i = 0; i < connections; i++) pthread_create(&threads[i], NULL, worker, (void *)i);
    for (int i = 0; i < connections; i++) pthread_join(threads[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    fprintf(stderr, "libssh2-stream: %lld bytes in %.3f s, %.1f MB/s (%s, %s, %d connections)\n",
            (long long)sent_bytes, seconds, sent_bytes / seconds / 1048576, cipher, mac, connections);
    return 0;
}
