"""Odd and bad upstream input, before and while the rules run.

* line ends: a file with CRLF lines is ported as LF text and gets CRLF
  back (read_source, write_source), so its diff to upstream holds only
  what the rules changed;
* a truncated copy: an #if or a { the file ends inside, no final newline
  (structure_errors); spatch alone would parse the prefix without a word;
* a garbled copy: lines spatch cannot parse, outside preprocessor
  directives (parse_errors): no rule can match there;
* a rule failing inside spatch: its message names a line of the file as the
  earlier rules left it; upstream_line maps it back to the upstream file.
Every answer names the file, the line and the function (where).
"""
import difflib
import re
import subprocess

from . import report


def read_source(path):
    """The file as LF text, and the line end its output gets: CRLF when most
    of its lines end so."""
    raw = open(path, "rb").read().decode("utf-8", errors="surrogateescape")
    crlf = raw.count("\r\n")
    eol = "\r\n" if crlf and crlf * 2 >= raw.count("\n") else "\n"
    return raw.replace("\r\n", "\n"), eol


def write_source(path, text, eol="\n"):
    if eol != "\n":
        text = text.replace("\n", eol)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8", errors="surrogateescape"))


def directive_lines(text):
    """Line numbers of preprocessor directives, continuation lines included."""
    out, cont = set(), False
    for i, line in enumerate(text.split("\n"), 1):
        if cont or line.lstrip().startswith("#"):
            out.add(i)
            cont = line.endswith("\\")
        else:
            cont = False
    return out


def structure_errors(text):
    """(line, message) for what a whole C file cannot have: an #if without
    #endif (or the reverse), a { never closed, no final newline."""
    errs, conds, opened = [], [], []
    code = report.code_lines(text)
    for i, line in enumerate(code.split("\n"), 1):
        d = re.match(r"\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b", line)
        if d and d.group(1).startswith("if"):
            conds.append([i, True])     # [line, in its first branch]
        elif d and not conds:
            errs.append((i, "#%s without an #if" % d.group(1)))
        elif d and d.group(1) == "endif":
            conds.pop()
        elif d:
            conds[-1][1] = False
        # braces are counted in the first branch of each conditional only,
        # as code like "#if A / if (x) { / #else / if (y) { / #endif" opens one
        if line.lstrip().startswith("#") or not all(c[1] for c in conds):
            continue
        for c in line:
            if c == "{":
                opened.append(i)
            elif c == "}" and opened:
                opened.pop()
    if conds:
        errs.append((conds[-1][0], "#if not closed: the file ends inside it"))
    if opened:
        errs.append((opened[0], "{ not closed: the file ends inside it"))
    if text and not text.endswith("\n"):
        errs.append((text.count("\n") + 1, "no newline at the end: the file is cut short"))
    return errs


def parse_errors(path, macros=None):
    """Lines spatch cannot parse (with the component's macro file), directives
    left out (spatch gives up on some #define bodies, which no rule needs)."""
    p = subprocess.run(["spatch", "--parse-c"] + (["--macro-file", macros] if macros else []) + [path],
                       capture_output=True, text=True, errors="replace")
    skip = directive_lines(open(path, errors="replace").read())
    lines = set()
    for mm in re.finditer(r'parse error\s*\n\s*= File "[^"]*", line (\d+), column', p.stdout + p.stderr):
        if int(mm.group(1)) not in skip:
            lines.add(int(mm.group(1)))
    return sorted(lines)


def upstream_line(pristine, text, n):
    """The upstream line that line n of an intermediate text came from (an
    inserted line: the upstream line it was inserted before)."""
    a, b = pristine.split("\n"), text.split("\n")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if j1 <= n - 1 < j2:
            return i1 + 1 + (n - 1 - j1 if tag == "equal" else 0)
    return len(a)


def where(upstream_file, pristine, line):
    """'file:line in function(): text' for a line of the upstream file; in a
    function whose braces do not balance, the last header above it."""
    fn = report.functions_by_line(pristine).get(line)
    lines = pristine.split("\n")
    if not fn and 0 < line <= len(lines) and lines[line - 1][:1] in (" ", "\t"):
        for prev in reversed(lines[:line - 1]):
            hd = re.match(r"(?:[A-Za-z_][\w\s\*]*?\s\**)?(\w+)\s*\([^;]*$", prev)
            if hd and not prev.startswith((" ", "\t", "#")) and \
                    hd.group(1) not in ("if", "while", "for", "switch"):
                fn = hd.group(1)
                break
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return "%s:%d%s: %s" % (upstream_file, line, " in %s()" % fn if fn else "", text)


def rule_options(rule, default):
    """A rule's spatch options: its header's "// Options:" line, as Linux's
    coccicheck reads them (paths relative to the repository)."""
    for line in open(rule):
        if line.startswith("// Options:"):
            return line.split(":", 1)[1].split()
    return list(default)


def changes(before, after):
    """The lines a rule removed and added (for make diff's labels)."""
    a, b = before.split("\n"), after.split("\n")
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return ([l for t, i1, i2, j1, j2 in ops if t != "equal" for l in a[i1:i2]],
            [l for t, i1, i2, j1, j2 in ops if t != "equal" for l in b[j1:j2]])
