"""make diff: what the kit changed, per component and upstream version.

build/reports/diff/COMPONENT-TREE.diff (unified diff of every ported
source, upstream -> ported, line ends normalised) and COMPONENT-TREE.html,
side by side, each line coloured as the reuse metric classifies it
(unmodified, modified, new; upstream lines dropped), plus index.html.
"""
import html
import os
import subprocess
import tempfile

from . import metric
from .transform import build_dir

STYLE = """<style>
body { font-family: sans-serif; }
table { border-collapse: collapse; font-family: monospace; font-size: 12px; width: 100%; }
td { white-space: pre-wrap; vertical-align: top; padding: 0 4px; }
td.n { color: #888; text-align: right; width: 3em; }
.unmodified { background: #fff; } .modified { background: #fff3b0; }
.new { background: #c8f0c0; } .dropped { background: #f8c8c8; }
.modified-old { background: #fff3b0; } .none { background: #f4f4f4; color: #777; }
</style>"""


def side_by_side(old_path, new_path, title):
    old = open(old_path, errors="replace").read().replace("\r\n", "\n").splitlines()
    new = open(new_path, errors="replace").read().replace("\r\n", "\n").splitlines()
    new_cls, old_cls, counts = metric.classify(old_path, new_path)
    rows = []
    oi = ni = 0

    def cell(lines, cls, i):
        return '<td class="n">%d</td><td class="%s">%s</td>' % (i + 1, cls[i] or "none",
                                                               html.escape(lines[i]))

    def same_until(o_end):
        nonlocal oi, ni
        while oi < o_end:
            rows.append("<tr>%s%s</tr>" % (cell(old, old_cls, oi), cell(new, new_cls, ni)))
            oi += 1
            ni += 1

    for os_, ol, ns, nl in metric.hunks(old_path, new_path):
        same_until(os_ - 1 if ol else os_)
        rem = list(range(oi, oi + ol)) if ol else []
        add = list(range(ni, ni + nl)) if nl else []
        for k in range(max(len(rem), len(add))):
            left = cell(old, old_cls, rem[k]) if k < len(rem) else '<td class="n"></td><td></td>'
            right = cell(new, new_cls, add[k]) if k < len(add) else '<td class="n"></td><td></td>'
            rows.append("<tr>%s%s</tr>" % (left, right))
        oi += len(rem)
        ni += len(add)
    same_until(len(old))
    return ("<h2>%s</h2><p>code lines: %d unmodified, <span class='modified'>%d modified</span>, "
            "<span class='new'>%d new</span>, <span class='dropped'>%d upstream lines dropped"
            "</span> (comments and blank lines grey)</p>"
            "<table><tr><th></th><th>upstream</th><th></th><th>ported</th></tr>%s</table>\n"
            % (html.escape(title), counts["unmodified"], counts["modified"], counts["new"],
               counts["dropped"], "\n".join(rows)))


def unified(up, ported, label):
    def lf(p):
        return open(p, errors="replace").read().replace("\r\n", "\n")
    a, b = lf(up).splitlines(True), lf(ported).splitlines(True)
    # GNU diff, as the metric uses; fed LF text through temporary files
    with tempfile.NamedTemporaryFile("w", suffix=".a") as fa, \
            tempfile.NamedTemporaryFile("w", suffix=".b") as fb:
        fa.writelines(a)
        fb.writelines(b)
        fa.flush()
        fb.flush()
        return subprocess.run(["diff", "-u", "--minimal", "--label", "upstream/" + label,
                               "--label", "ported/" + label, fa.name, fb.name],
                              capture_output=True, text=True).stdout


def run(manifests):
    outdir = os.path.join(build_dir(), "reports", "diff")
    os.makedirs(outdir, exist_ok=True)
    index = []
    for m in manifests:
        for version, tree in m.upstreams:
            label = m.tree_dir(tree)
            name = "%s-%s" % (m.name, label)
            diffs, pages = [], []
            for s in m.sources:
                up = os.path.join(tree, s)
                ported = os.path.join(build_dir(), "ported", m.name, label, os.path.basename(s))
                if not os.path.exists(ported):
                    raise SystemExit("diff: %s missing: run make port" % ported)
                diffs.append(unified(up, ported, s))
                pages.append(side_by_side(up, ported, "%s %s: %s" % (m.name, label, s)))
            open(os.path.join(outdir, name + ".diff"), "w").write("".join(diffs))
            open(os.path.join(outdir, name + ".html"), "w").write(
                "<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title>%s</head>"
                "<body>%s</body></html>\n" % (name, STYLE, "".join(pages)))
            index.append('<li><a href="%s.html">%s</a> (<a href="%s.diff">diff</a>)</li>'
                         % (name, name, name))
            print("diff: %s/%s.diff, %s.html" % (outdir, name, name))
    open(os.path.join(outdir, "index.html"), "w").write(
        "<!DOCTYPE html><html><body><h2>Ported vs upstream</h2><ul>%s</ul></body></html>\n"
        % "".join(index))
