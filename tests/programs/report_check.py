#!/usr/bin/env python3
"""Checks benchrun's reports with nothing but the standard library.

  report_check.py html FILE KIND   a benchreport / benchcmp HTML page: well-formed XML
                                   (xml.etree, strict), self-contained, the SVG marks of KIND
                                   (run, compare, history) present; prints what it counted
  report_check.py png FILE MODE    a screenshot: decoded with zlib, not blank (colours and
                                   non-background pixels counted); MODE light or dark: the
                                   background is light or dark
  report_check.py junit FILE       benchcmp --format junit: the rules of the Jenkins JUnit
                                   schema (jenkinsci/xunit-plugin junit-10.xsd) and of GitLab's
                                   parser (lib/gitlab/ci/parsers/test/junit.rb); prints one
                                   line per test case: status, name, message
Exit status 0 when every check holds, 1 with one line per failed check otherwise.
"""
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)


# ---- HTML ----------------------------------------------------------------------------------

# The classes (plot.h) each kind of report must draw.
MARKS = {
    "run": ["v0", "b0", "d0", "med", "fence", "grid", "axis"],
    "compare": ["v0", "v1", "b0", "b1", "d0", "d1", "med", "band", "zero"],
    "history": ["l0", "d0", "b0", "level"],
}


def classes(root):
    seen = {}
    for el in root.iter():
        for c in el.get("class", "").split():
            seen[c] = seen.get(c, 0) + 1
    return seen


def check_html(path, kind):
    text = open(path, encoding="utf-8").read()
    root = ET.fromstring(text)  # raises on anything not well-formed
    expect(root.tag == XHTML + "html", "root element is <html> in the XHTML namespace")
    low = text.lower()
    # Self-contained: nothing fetched, nothing run.
    expect("<script" not in low, "no <script>")
    expect(not re.search(r'\b(src|href)\s*=\s*"(https?:)?//', low), "no external src or href")
    expect("@import" not in low and "url(" not in low and "@font-face" not in low,
           "no CSS import, url() or web font")
    style = "".join(s.text or "" for s in root.iter(XHTML + "style"))
    expect("prefers-color-scheme:dark" in style.replace(" ", ""), "a dark style")
    svgs = list(root.iter(SVG + "svg"))
    expect(len(svgs) > 0, "at least one <svg>")
    for s in svgs:
        expect(s.get("viewBox") and s.find(SVG + "title") is not None,
               "every <svg> has a viewBox and a <title>")
    seen = classes(root)
    for c in MARKS[kind]:
        expect(seen.get(c, 0) > 0, "%s report draws class %s" % (kind, c))
    sections = [e for e in root.iter(XHTML + "section")]
    print("html %s: %d bytes, %d svg, %d sections, %d paths, classes %s" % (
        kind, len(text.encode()), len(svgs), len(sections), len(list(root.iter(SVG + "path"))),
        " ".join("%s=%d" % (k, seen[k]) for k in sorted(seen) if k in MARKS[kind] or
                 k.startswith("k-") or k in ("cp", "cpt", "fit", "out"))))


# ---- PNG -----------------------------------------------------------------------------------

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def read_png(path):
    """(width, height, rows of pixel tuples) of an 8-bit RGB or RGBA PNG (PNG spec, 2003)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, head = 8, b"", None
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if ctype == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat += body
        pos += 12 + length
    w, h, depth, color, _, _, interlace = head
    if depth != 8 or color not in (2, 6) or interlace:
        raise ValueError("only 8-bit RGB/RGBA, non-interlaced PNGs are read here")
    bpp = 3 if color == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            c = prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, a, prev[i], (a + prev[i]) // 2, paeth(a, prev[i], c))[f]) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def check_png(path, mode):
    w, h, rows = read_png(path)
    counts = {}
    for row in rows:
        for px in row:
            counts[px] = counts.get(px, 0) + 1
    bg, nbg = max(counts.items(), key=lambda kv: kv[1])
    ink = 1 - nbg / float(w * h)
    luma = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]
    print("png %s: %dx%d, %d colours, background %s, %.1f%% not background" % (
        mode, w, h, len(counts), "#%02x%02x%02x" % bg, 100 * ink))
    # A blank or failed render is one colour (or a handful, for an error page's text).
    expect(len(counts) >= 32, "at least 32 colours (a blank page has 1)")
    expect(ink >= 0.02, "at least 2% of the pixels are not background")
    if mode == "dark":
        expect(luma < 60, "a dark background in dark mode")
    else:
        expect(luma > 200, "a light background in light mode")


# ---- JUnit ---------------------------------------------------------------------------------

def check_junit(path):
    root = ET.parse(path).getroot()
    expect(root.tag == "testsuites", "root <testsuites>")
    # junit-10.xsd: <testsuites> may carry name, time, tests, failures, errors only.
    expect(set(root.attrib) <= {"name", "time", "tests", "failures", "errors"},
           "<testsuites> attributes allowed by the schema")
    suites = list(root)
    expect(len(suites) >= 1 and all(s.tag == "testsuite" for s in suites),
           "<testsuites> holds <testsuite> elements only")
    total = fails = 0
    for s in suites:
        for a in ("name", "tests", "failures", "errors"):  # required
            expect(a in s.attrib, "<testsuite %s> present" % a)
        cases = [c for c in s if c.tag == "testcase"]
        expect(all(c.tag in ("testcase", "properties", "system-out", "system-err", "testsuite")
                   for c in s), "<testsuite> children allowed by the schema")
        for p in s.iter("property"):
            expect("name" in p.attrib and "value" in p.attrib, "<property name value>")
        nf = ns = 0
        for c in cases:
            expect(c.get("name"), "<testcase name> present and not empty")
            expect(set(c.attrib) <= {"name", "time", "classname", "group"},
                   "<testcase> attributes allowed by the schema")
            kids = [k.tag for k in c]
            expect(all(k in ("skipped", "error", "failure", "system-out", "system-err")
                       for k in kids), "<testcase> children allowed by the schema")
            # GitLab: the status is the first of failure, error, skipped; the text is shown.
            status = next((k for k in ("failure", "error", "skipped") if k in kids), "success")
            node = c.find(status) if status != "success" else c.find("system-out")
            msg = node.get("message", node.text or "") if node is not None else ""
            if status != "success":
                expect(node.get("message") and node.text and node.get("message") == node.text,
                       "%s of %s: the numbers in both message and text" % (status, c.get("name")))
            nf += status == "failure"
            ns += status == "skipped"
            print("%s\t%s\t%s" % (status, c.get("name"), msg))
        expect(int(s.get("tests", -1)) == len(cases), "tests= counts the test cases")
        expect(int(s.get("failures", -1)) == nf, "failures= counts the failures")
        expect(int(s.get("skipped", 0)) == ns, "skipped= counts the skipped")
        total, fails = total + len(cases), fails + nf
    expect(int(root.get("tests", -1)) == total and int(root.get("failures", -1)) == fails,
           "<testsuites> totals")


def main(argv):
    what = argv[1] if len(argv) > 1 else ""
    try:
        if what == "html" and len(argv) == 4 and argv[3] in MARKS:
            check_html(argv[2], argv[3])
        elif what == "png" and len(argv) == 4 and argv[3] in ("light", "dark"):
            check_png(argv[2], argv[3])
        elif what == "junit" and len(argv) == 3:
            check_junit(argv[2])
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (ET.ParseError, ValueError, OSError, KeyError, TypeError) as e:
        failures.append("%s: %s" % (argv[2], e))
    for f in failures:
        print("FAILED: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
