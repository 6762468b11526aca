/* A program that answers the worker flag with another protocol version, as a benchrun program
 * built with a newer or older benchrun would: `benchcmp --run` must refuse it by name. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int in, out;
    if (argc < 2 || sscanf(argv[1], "--br-worker=%d,%d", &in, &out) != 2) return 2;
    /* the header of run/protocol.h: magic "BRW\0", version, type HELLO, no payload */
    struct {
        uint32_t magic;
        uint16_t version, type;
        uint32_t length;
    } hello = {0x00575242u, 99, 1, 0};
    if (write(out, &hello, sizeof hello) != (ssize_t)sizeof hello) return 1;
    (void)in;
    return 0;
}
