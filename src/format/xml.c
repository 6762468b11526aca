/* xml.c - XML-safe text (xml.h). */
#include "format/xml.h"

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s that XML 1.0 may hold (RFC 3629 byte ranges; XML
 * 1.0 section 2.2 excludes C0 controls other than tab, LF, CR, and U+FFFE, U+FFFF); 0 when
 * it is not one. */
static size_t xml_char_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80) return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
    size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] > 0x8F))
        return 0; /* overlong forms, surrogates, beyond U+10FFFF */
    if (c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)) return 0;
    return len;
}

void br_xml_escape(struct br_strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t len = xml_char_len(p);
        const char *ent = *p == '&'    ? "&amp;"
                          : *p == '<'  ? "&lt;"
                          : *p == '>'  ? "&gt;"
                          : *p == '"'  ? "&quot;"
                          : *p == '\'' ? "&#39;"
                                       : NULL;
        if (ent)
            br_strbuf_adds(sb, ent);
        else if (len)
            br_strbuf_add(sb, (const char *)p, len);
        else
            br_strbuf_adds(sb, "\xEF\xBF\xBD"); /* U+FFFD, for one bad byte */
        p += len ? len : 1;
    }
}
