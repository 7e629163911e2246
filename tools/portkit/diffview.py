"""Diffs a reader can follow: hunks with context, the list of changes on top,
each hunk labelled with what caused it (make diff, make track).

Two kinds of diff:
  * upstream -> ported: a hunk is labelled with the rules whose change
    (build/ported/COMPONENT/NAME/port.json: lines each rule removed and
    added) it holds;
  * version -> version (two upstream files, or the two ported outputs): a
    hunk of the ported outputs is labelled "upstream" when upstream made the
    change, with the rules that treated the two versions differently, and
    with the shim names its new lines use that the older port did not
    (what keeps the port compiling).
Line ends do not matter (CRLF files are read as LF).
"""
import html
import os
import re
import subprocess
import tempfile

CONTEXT = 3
SKIP_WORDS = {"if", "for", "while", "switch", "return", "sizeof", "do", "else", "case"}


def lines_of(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace").replace("\r\n", "\n").split("\n")


def _lf_copy(path, tmpdir):
    out = os.path.join(tmpdir, "%d-%s" % (len(os.listdir(tmpdir)), os.path.basename(path)))
    with open(out, "w") as f:
        f.write("\n".join(lines_of(path)))
    return out


def hunks(old_path, new_path, context=CONTEXT):
    """The hunks of diff -U<context> --minimal old new (line ends ignored):
    [{"old": (start, len), "new": (start, len), "lines": [(kind, old_no,
    new_no, text)]}], kind ' ', '-' or '+'."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = _lf_copy(old_path, tmp), _lf_copy(new_path, tmp)
        p = subprocess.run(["diff", "-U%d" % context, "--minimal", a, b],
                           capture_output=True, text=True, errors="replace")
    if p.returncode > 1:
        raise RuntimeError(p.stderr)
    out, cur, o, n = [], None, 0, 0
    for line in p.stdout.split("\n"):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", line)
        if m:
            o, n = int(m.group(1)), int(m.group(3))
            cur = {"old": (o, int(m.group(2) or 1)), "new": (n, int(m.group(4) or 1)), "lines": []}
            out.append(cur)
        elif cur is None or line.startswith(("---", "+++")) and not cur["lines"]:
            continue
        elif line.startswith("-"):
            cur["lines"].append(("-", o, None, line[1:]))
            o += 1
        elif line.startswith("+"):
            cur["lines"].append(("+", None, n, line[1:]))
            n += 1
        elif line.startswith(" "):
            cur["lines"].append((" ", o, n, line[1:]))
            o += 1
            n += 1
    return out


def _strip(line, state):
    """line without comments and string/char literals; state carries an open
    block comment to the next line."""
    out, i, n = [], 0, len(line)
    while i < n:
        if state["com"]:
            j = line.find("*/", i)
            if j < 0:
                return "".join(out)
            state["com"], i = False, j + 2
        elif line.startswith("/*", i):
            state["com"], i = True, i + 2
        elif line.startswith("//", i):
            break
        elif line[i] in "\"'":
            q, i = line[i], i + 1
            while i < n and line[i] != q:
                i += 2 if line[i] == "\\" else 1
            i += 1
        else:
            out.append(line[i])
            i += 1
    return "".join(out)


def header_name(text):
    """The name a top-level header line declares: a function, or the object
    an initializer (= {...}) defines."""
    if "=" in text:
        m = re.search(r"(\w+)\s*\[[^\]]*\]", text) or \
            re.search(r"(\w+)\s*\)?\s*(?:__\w+\s*)*=", text)
        return m.group(1) if m else None
    m = re.match(r"[^=;(]*?\b(\w+)\s*\(", text)
    if m and m.group(1) not in SKIP_WORDS:
        return m.group(1) + "()"
    m = re.match(r"\s*(?:static\s+|const\s+)*(?:struct|enum|union)\s+(\w+)", text)
    return m.group(1) if m else None


def owners(lines):
    """For each line (0-based): the top-level function or object it belongs
    to, or None at top level. A block's header is the text since the last
    top-level ';' or '}' (or directive)."""
    out, depth, head, cur = [], 0, "", None
    state = {"com": False}
    for line in lines:
        code = _strip(line, state)
        if depth == 0 and code.lstrip().startswith("#"):
            out.append(None)
            head = ""
            continue
        owner_here = cur
        for c in code:
            if c == "{":
                if depth == 0:
                    cur = header_name(" ".join(head.split())) or "top level"
                    owner_here = cur
                depth += 1
            elif c == "}":
                depth = max(0, depth - 1)
                if depth == 0:
                    head = ""
            elif c == ";" and depth == 0:
                head = ""
            elif depth == 0:
                head += c
        if depth == 0 and owner_here is None:
            name = header_name(" ".join((head or code).split()))
            owner_here = name if name and "(" in code else None
        out.append(owner_here)
        if depth == 0:
            cur = None
            head += " "
    return out


def function_at(lines, no, cache={}):
    """The C function (or top-level object) line no (1-based) is in."""
    key = id(lines)
    if cache.get("key") != key:
        cache["key"], cache["owners"] = key, owners(lines)
    own = cache["owners"]
    return (own[no - 1] if 0 < no <= len(own) else None) or "top level"


def where(h, old_lines, new_lines):
    first = next((l for l in h["lines"] if l[0] != " "), h["lines"][0])
    if first[1] is not None:
        return function_at(old_lines, first[1]), "line %d" % first[1]
    return function_at(new_lines, first[2]), "new line %d" % first[2]


def _significant(text):
    t = text.strip()
    return len(t) > 2 and t not in ("{", "}", "};", "break;", "return 0;", "#endif", "else")


def rule_labels(h, rules):
    """Rules (port.json entries) whose removed or added lines the hunk holds."""
    rem = {l[3].strip() for l in h["lines"] if l[0] == "-" and _significant(l[3])}
    add = {l[3].strip() for l in h["lines"] if l[0] == "+" and _significant(l[3])}
    out = []
    for r in rules:
        if not r.get("applied"):
            continue
        if rem & {x.strip() for x in r.get("removed", [])} or add & {x.strip() for x in r.get("added", [])}:
            out.append(rule_name(r["rule"]))
    return out


def rule_name(path):
    return os.path.splitext(os.path.basename(path))[0]


IDENT = re.compile(r"\b[A-Za-z_]\w*\b")


def shim_names(shim_dir):
    """name -> shim header (relative) for every macro, function or type the
    shim headers define."""
    names = {}
    for top, dirs, files in os.walk(shim_dir):
        for f in files:
            if not f.endswith(".h"):
                continue
            path = os.path.join(top, f)
            rel = os.path.relpath(path, shim_dir)
            text = open(path, errors="replace").read()
            for m in re.finditer(r"#\s*define\s+(\w+)|\b(\w+)\s*\([^;{)]*\)\s*[;{]|"
                                 r"\bstruct\s+(\w+)\s*\{|typedef\b[^;]*?\b(\w+)\s*;", text):
                name = next(g for g in m.groups() if g)
                names.setdefault(name, rel)
    return names


def shim_labels(h, old_text, shims):
    """Shim names the hunk's new lines use that the older text does not."""
    used = set()
    for kind, _, _, text in h["lines"]:
        if kind == "+":
            used |= set(IDENT.findall(text))
    old_words = set(IDENT.findall(old_text))
    return ["shim %s (%s)" % (n, shims[n]) for n in sorted(used - old_words) if n in shims]


# ---- rendering ----

STYLE = """<style>
body { font-family: sans-serif; max-width: 1400px; }
table.h { border-collapse: collapse; font-family: monospace; font-size: 12px; width: 100%; }
table.h td { white-space: pre-wrap; vertical-align: top; padding: 0 4px; }
td.n { color: #888; text-align: right; width: 3.5em; }
tr.del td.t { background: #f8d0d0; } tr.add td.t { background: #c8f0c0; }
.label { background: #e8e8ff; border-radius: 3px; padding: 0 4px; font-size: 12px; }
.hunk { margin: 1em 0 1.5em; border-top: 1px solid #ccc; }
.hunk h3 { font-size: 14px; margin: .4em 0; }
table.pair { width: 100%; border-collapse: collapse; } table.pair > tbody > tr > td { width: 50%; vertical-align: top; padding: 4px; border-top: 1px solid #ddd; }
ol.summary li { margin: 2px 0; }
</style>"""


def hunk_table(h):
    rows = []
    for kind, o, n, text in h["lines"]:
        cls = {"-": "del", "+": "add", " ": "ctx"}[kind]
        rows.append('<tr class="%s"><td class="n">%s</td><td class="n">%s</td><td class="t">%s%s</td></tr>'
                    % (cls, o or "", n or "", kind, html.escape(text)))
    return '<table class="h">%s</table>' % "".join(rows)


def counts(h):
    return (sum(1 for l in h["lines"] if l[0] == "+"), sum(1 for l in h["lines"] if l[0] == "-"))


def page(title, intro, body):
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title>%s</head><body>"
            "<h2>%s</h2>%s%s</body></html>\n" % (html.escape(title), STYLE, html.escape(title), intro, body))


def labelled(old_path, new_path, label_fn, prefix="h"):
    """(hunks with .where/.labels, summary <ol>, hunk <div>s)."""
    hs = hunks(old_path, new_path)
    old_lines, new_lines = lines_of(old_path), lines_of(new_path)
    items, divs = [], []
    for i, h in enumerate(hs, 1):
        fn, at = where(h, old_lines, new_lines)
        h["where"], h["at"], h["labels"] = fn, at, label_fn(h) or ["unattributed"]
        add, rem = counts(h)
        lab = " ".join('<span class="label">%s</span>' % html.escape(x) for x in h["labels"])
        items.append('<li><a href="#%s%d">%s, %s</a> %s <small>+%d -%d</small></li>'
                     % (prefix, i, html.escape(fn), at, lab, add, rem))
        divs.append('<div class="hunk" id="%s%d"><h3>%d. %s, %s %s</h3>%s</div>'
                    % (prefix, i, i, html.escape(fn), at, lab, hunk_table(h)))
    return hs, '<ol class="summary">%s</ol>' % "".join(items), "".join(divs)


def summary_lines(hs):
    return ["  %-28s %-14s +%-3d -%-3d %s" % (h["where"], h["at"], counts(h)[0], counts(h)[1],
                                               ", ".join(h["labels"])) for h in hs]


def ported_vs_upstream(upstream, ported, rules, title):
    """HTML page and the labelled hunks of upstream -> ported."""
    hs, summary, divs = labelled(upstream, ported, lambda h: rule_labels(h, rules))
    intro = ("<p>%d changes (%s context lines around each), each labelled with the rule that "
             "made it. Upstream: <code>%s</code>; ported: <code>%s</code>.</p>"
             % (len(hs), CONTEXT, html.escape(upstream), html.escape(ported)))
    return page(title, intro, "<h3>Changes</h3>" + summary + divs), hs


def version_pair(up_a, up_b, port_a, port_b, rules_a, rules_b, shim_dir, title):
    """HTML page: the upstream diff A -> B beside the diff of the two ported
    outputs, function by function; and both lists of labelled hunks."""
    shims = shim_names(shim_dir)
    old_port_text = "\n".join(lines_of(port_a))

    def port_label(h):
        diff_rules = {rule_name(r["rule"]) for r in rules_a if r.get("applied")} ^ \
                     {rule_name(r["rule"]) for r in rules_b if r.get("applied")}
        labs = [r for r in rule_labels(h, rules_a) + rule_labels(h, rules_b) if r in diff_rules]
        labs = sorted(set(labs))
        return ["upstream"] + labs + shim_labels(h, old_port_text, shims)

    up_h, up_sum, _ = labelled(up_a, up_b, lambda h: ["upstream"], "u")
    po_h, po_sum, _ = labelled(port_a, port_b, port_label, "p")
    by_fn = {}
    for side, hs in (("u", up_h), ("p", po_h)):
        for i, h in enumerate(hs, 1):
            by_fn.setdefault(h["where"], {"u": [], "p": []})[side].append((i, h))
    order = []
    for h in up_h + po_h:
        if h["where"] not in order:
            order.append(h["where"])
    rows = []
    for fn in order:
        cells = []
        for side in ("u", "p"):
            parts = []
            for i, h in by_fn[fn][side]:
                lab = " ".join('<span class="label">%s</span>' % html.escape(x) for x in h["labels"])
                parts.append('<div id="%s%d"><b>%s</b> %s %s</div>%s'
                             % (side, i, html.escape(fn), h["at"], lab, hunk_table(h)))
            if not parts:
                parts.append("<i>%s</i>" % ("no upstream change here" if side == "u" else
                                             "no change in the ported outputs (the port drops "
                                             "this code, or a rule absorbs the change)"))
            cells.append("<td>%s</td>" % "".join(parts))
        rows.append("<tr>%s</tr>" % "".join(cells))
    intro = ("<p>Upstream <code>%s</code> -> <code>%s</code>: %d changes; ported outputs: %d "
             "changes.</p><table class='pair'><tr><td><h3>Upstream changes</h3>%s</td>"
             "<td><h3>Changes of the ported outputs</h3>%s</td></tr></table>"
             % (html.escape(up_a), html.escape(up_b), len(up_h), len(po_h), up_sum, po_sum))
    body = ("<table class='pair'><tr><th>upstream</th><th>ported</th></tr>%s</table>" % "".join(rows))
    return page(title, intro, body), up_h, po_h
