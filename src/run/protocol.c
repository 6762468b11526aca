/* protocol.c - framing of the worker protocol (see protocol.h). */
#include "run/protocol.h"

#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "base/error.h"

/* writev until everything is written: a pipe takes at most its buffer at once. */
static int write_all(int fd, struct iovec *iov, int n)
{
    while (n > 0) {
        ssize_t k = writev(fd, iov, n);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return -1;
        while (n > 0 && (size_t)k >= iov->iov_len) {
            k -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + k;
            iov->iov_len -= (size_t)k;
        }
    }
    return 0;
}

int br_msg_send(int fd, enum br_msg_type type, const void *payload, size_t len)
{
    BR_ASSERT(len <= BR_PROTOCOL_MAX_PAYLOAD);
    struct br_msg_header h = {BR_PROTOCOL_MAGIC, BR_PROTOCOL_VERSION, (uint16_t)type,
                              (uint32_t)len};
    struct iovec iov[2] = {{&h, sizeof h}, {(void *)(uintptr_t)payload, len}};
    return write_all(fd, iov, len ? 2 : 1);
}

int br_msg_check(const struct br_msg_header *h)
{
    if (h->magic != BR_PROTOCOL_MAGIC) return br_error("not a benchrun worker (no greeting)");
    if (h->version != BR_PROTOCOL_VERSION)
        return br_error("speaks worker protocol %u, this program speaks %u: build both with "
                        "the same benchrun",
                        (unsigned)h->version, (unsigned)BR_PROTOCOL_VERSION);
    if (h->length > BR_PROTOCOL_MAX_PAYLOAD)
        return br_error("sent a message of %u bytes, more than the protocol allows",
                        (unsigned)h->length);
    return 0;
}
