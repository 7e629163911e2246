"""The port's report: why a port stopped, in terms a porter acts on.

* a required rule that did not apply: its purpose and where its idiom is
  (transform.rule_not_applied, with rule_header and functions_by_line);
* the upstream symbols, headers and macros the shims do not provide: a
  to-do list, most used first, with the places (function():line);
* any other compiler error, verbatim.
Nothing is ever stubbed silently: a symbol the shims lack stops the port.
"""
import os
import re
import shutil
import subprocess
import tempfile


def rule_header(rule):
    """First /// line (the description) and the Where: regex of a rule."""
    desc, where = "", None
    for line in open(rule):
        if line.startswith("///") and not desc:
            desc = line[3:].strip()
        if line.startswith("// Where:"):
            where = line.split(":", 1)[1].strip()
    return desc, where


def functions_by_line(text):
    """line number -> enclosing top-level function name (or None)."""
    owner = {}
    depth, cur, i, line = 0, None, 0, 1
    in_str = in_chr = in_com = in_lcom = False
    last_stmt_end = 0
    while i < len(text):
        c = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if c == "\n":
            owner[line] = cur
            line += 1
            in_lcom = False
        elif in_com:
            if c == "*" and nxt == "/":
                in_com = False
                i += 1
        elif in_lcom:
            pass
        elif in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif in_chr:
            if c == "\\":
                i += 1
            elif c == "'":
                in_chr = False
        elif c == "/" and nxt == "*":
            in_com = True
            i += 1
        elif c == "/" and nxt == "/":
            in_lcom = True
        elif c == '"':
            in_str = True
        elif c == "'":
            in_chr = True
        elif c == "{":
            if depth == 0:
                head = text[last_stmt_end:i]
                head = re.sub(r"/\*.*?\*/", " ", head, flags=re.S)
                m = re.search(r"(\w+)\s*\([^;=]*\)\s*$", head, re.S)
                cur = m.group(1) if m and "=" not in head.split("(")[0] else None
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                cur = None
                last_stmt_end = i + 1
        elif c == ";" and depth == 0:
            last_stmt_end = i + 1
        elif c == "#" and depth == 0 and (i == 0 or text[i - 1] == "\n"):
            j = text.find("\n", i)
            last_stmt_end = j if j >= 0 else len(text)
        i += 1
    owner[line] = cur
    return owner


def code_lines(text):
    """The text with comments and string literals blanked (lines kept)."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = len(text) if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = len(text) if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (j - i - 1) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


MISSING_PATTERNS = [
    (re.compile(r"implicit declaration of function '(\w+)'"), "function"),
    (re.compile(r"'(\w+)' undeclared"), "identifier"),
    (re.compile(r"unknown type name '(\w+)'"), "type"),
    (re.compile(r"'struct (\w+)' has no member named '(\w+)'"), "field"),
    (re.compile(r"invalid use of undefined type 'struct (\w+)'"), "struct"),
    (re.compile(r"(?:storage size of|field) '\w+' (?:isn't known|has incomplete type)"), "incomplete"),
    (re.compile(r"type defaults to 'int' in declaration of '(\w+)'"), "declarer"),
    (re.compile(r"'(\w+)' used but never defined"), "function, never defined"),
    # a syntax error at an unknown word is mostly an unknown macro
    (re.compile(r"^expected .* before '(\w+)'$"), "macro"),
]


def shim_check(m, tree, paths, cc, ccinclude, build):
    """Compiles each ported file against the shims (syntax only); returns
    None, or the report of what is missing. A header the shims do not have
    stops gcc at once: it is recorded and replaced by an empty stand-in,
    and the check runs again, so one report lists every missing header and
    symbol together."""
    flags = ["-fsyntax-only", "-std=gnu11", "-ffreestanding", "-fno-builtin",
             "-Werror=implicit-function-declaration", "-Werror=implicit-int",
             "-Werror=incompatible-pointer-types", "-fmax-errors=0"] + m.cflags_for(ccinclude)
    flags += ["-I" + d for d in m.include_dirs(tree)]
    flags += ["-Iinclude", "-I" + os.path.join(build, "include")]
    missing, other, texts = {}, [], {}
    included = {os.path.basename(f) for f in m.included}
    for src in paths:
        text = open(src, errors="replace").read().replace("\r\n", "\n")
        texts[src] = text
        if os.path.basename(src) in included:
            continue    # checked where a source #includes it
        fm, fo = check_file(src, text, [cc] + flags, m.include_dirs(tree))
        for k, v in fm.items():
            e = missing.setdefault(k, [v[0], []])
            e[1] += v[1]
        other += ["%s:%s" % (os.path.basename(src), o) for o in fo]
    if missing:
        out = missing_report(missing, texts, m.name)
        if other:
            out += "\nAnd %d other error(s):\n  %s" % (len(other), "\n  ".join(other[:10]))
        return out
    if other:
        return "the ported files do not compile against the shims:\n  " + "\n  ".join(other[:20])
    return None


def check_file(src, text, cmd, dirs=()):
    stand_in = tempfile.mkdtemp(prefix=".shimcheck-")
    headers = {}
    try:
        while True:
            missing, other, header = shim_compile(src, cmd + ["-idirafter", stand_in, src], dirs)
            if not header or header[0] in headers:
                break
            name, line = header
            headers[name] = line
            path = os.path.join(stand_in, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").close()
    finally:
        shutil.rmtree(stand_in, ignore_errors=True)
    for name, line in headers.items():
        missing[name] = ["header", [line]]
    # A field of a struct the file itself defines is missing only because
    # its declaration broke on something else (in "other").
    own = set(re.findall(r"\bstruct\s+(\w+)\s*\{", text))
    missing = {k: v for k, v in missing.items()
               if not (v[0].startswith("field of struct ") and v[0].split()[-1] in own)}
    return missing, other


def upstream_header(path, dirs):
    """An upstream header the ported file includes from its tree (e1000e's
    e1000.h): what it misses is upstream's too, and reported with it."""
    return path.endswith(".h") and any(
        os.path.abspath(path).startswith(os.path.abspath(d) + os.sep)
        for d in dirs if not d.startswith("shims"))


def shim_compile(src, cmd, dirs=()):
    """One compile: (missing symbols, other errors, the missing header or
    None); places are (file, line)."""
    env = dict(os.environ, LC_ALL="C")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    missing, other, header = {}, [], None
    for line in p.stderr.splitlines():
        mm = re.match(r"(.*?):(\d+):(\d+): (?:fatal )?(error|warning): (.*)", line)
        if not mm or (mm.group(1) != src and not upstream_header(mm.group(1), dirs)):
            continue
        where, lineno, msg = mm.group(1), int(mm.group(2)), mm.group(5)
        hm = re.match(r"(\S+\.h): No such file or directory", msg)
        if hm:
            header = (hm.group(1), (where, lineno))
            continue
        if mm.group(4) == "warning" and "used but never defined" not in msg:
            continue
        for pat, kind in MISSING_PATTERNS:
            hit = pat.search(msg)
            if not hit:
                continue
            if kind == "field":
                name, what = hit.group(2), "field of struct %s" % hit.group(1)
            elif kind == "incomplete":
                src_line = open(where).read().splitlines()[lineno - 1]
                st = re.search(r"struct\s+(\w+)", src_line)
                if not st:
                    break
                name, what = "struct " + st.group(1), "struct"
            elif kind == "struct":
                name, what = "struct " + hit.group(1), "struct"
            else:
                name, what = hit.group(1), kind
            missing.setdefault(name, [what, []])[1].append((where, lineno))
            break
        else:
            if "has no member" not in msg:
                other.append("%s%d: %s" % ("" if where == src else os.path.basename(where) + ":",
                                           lineno, msg))
    if p.returncode != 0 and not missing and not other and not header:
        other.append(p.stderr.strip() or "compiler failed")
    return missing, other, header


def missing_report(missing, texts, name):
    """missing: symbol -> [kind, [(file, line)]] from the compiler; each
    symbol's uses are counted in the code (comments and strings blanked)."""
    several = len(texts) > 1
    code = {f: code_lines(t) for f, t in texts.items()}
    owner = {f: functions_by_line(t) for f, t in texts.items()}
    rows = []
    for sym, (what, places) in missing.items():
        word = sym.split()[-1]
        if what == "header":
            rows.append((-1, sym, what, places))
            continue
        if what.startswith("field"):
            pat = r"(?:->|\.)\s*" + re.escape(word) + r"\b"
        else:
            pat = r"\b" + re.escape(word) + r"\b"
        uses = [(f, c.count("\n", 0, mo.start()) + 1)
                for f, c in sorted(code.items()) for mo in re.finditer(pat, c)]
        if not uses:
            uses = sorted(set(places))
        rows.append((-len(uses), sym, what, uses))
    rows.sort()
    out = ["port %s: %d upstream symbol(s) have no shim (a porting to-do list):" % (name, len(rows)),
           "  %-34s %-26s %5s  where" % ("symbol", "kind", "uses")]
    for neg, sym, what, uses in rows:
        places = []
        for f, ln in uses[:4]:
            fn = owner.get(f, {}).get(ln)
            where = "%s:%d" % (fn + "()" if fn else "top level", ln)
            places.append(os.path.basename(f) + ":" + where if several else where)
        if len(uses) > 4:
            places.append("...")
        out.append("  %-34s %-26s %5d  %s" % (sym, what, -neg, ", ".join(places)))
    out.append("Add each to a shim header (mirroring the upstream header's path) or "
               "rewrite its use with a semantic patch; see docs/porting/guide.md.")
    return "\n".join(out)
