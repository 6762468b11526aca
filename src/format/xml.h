/* xml.h - text that any XML parser accepts, for the HTML reports and the JUnit output.
 *
 * Escapes the five markup characters and replaces what XML 1.0 cannot carry (control
 * characters other than tab, LF and CR; invalid UTF-8; U+FFFE and U+FFFF) by U+FFFD, one per
 * bad byte, so a benchmark or file name never breaks a report.
 */
#ifndef BR_XML_H
#define BR_XML_H

#include "base/strbuf.h"

/* Appends `s` with & < > " ' escaped (safe in text and in attribute values). */
void br_xml_escape(struct br_strbuf *sb, const char *s);

#endif
