"""make diff: what the kit changed, per component and version, and what
changed from one version to the next (diffview.py).

For each ported version of each component (build/ported/COMPONENT/LABEL/,
the upstream versions and the samples make port ported):
  COMPONENT-LABEL.diff   unified diff of every ported source, upstream ->
                         ported (line ends normalised)
  COMPONENT-LABEL.html   the list of changes on top, then each hunk with
                         context, labelled with the rule that made it
For each two neighbouring versions (by version number):
  COMPONENT-A..B.html    the upstream diff A -> B beside the diff of the two
                         ported outputs, function by function
and index.html. Prints each version's list of changes.
"""
import html
import json
import os
import re
import subprocess
import tempfile

from . import diffview
from .transform import build_dir


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


def version_key(label):
    """linux-6.12 -> ((6, 12), 1); sample-2.6.24 -> ((2, 6, 24), 0); lwip-2.1.3 ..."""
    kind = label.split("-", 1)[0]
    return tuple(int(x) for x in re.findall(r"\d+", label)), 0 if kind == "sample" else 1


def versions(m):
    """[(label, port.json)] of every version of m that make port ported."""
    d = os.path.join(build_dir(), "ported", m.name)
    out = []
    for label in os.listdir(d) if os.path.isdir(d) else []:
        pj = os.path.join(d, label, "port.json")
        if not os.path.exists(pj):
            continue
        j = json.load(open(pj))
        ups = [f["upstream"] for f in (j.get("files") or {"": {"upstream": j["upstream"]}}).values()]
        if all(os.path.exists(u) for u in ups):  # a copy ported from a file since gone: left out
            out.append((label, j))
    return sorted(out, key=lambda v: version_key(v[0]))


def files_of(m, label, pj):
    """[(source base name, upstream file, ported file)] of one version."""
    d = os.path.join(build_dir(), "ported", m.name, label)
    files = pj.get("files") or {os.path.basename(m.sources[0]): {"upstream": pj["upstream"]}}
    return [(base, f["upstream"], os.path.join(d, base)) for base, f in sorted(files.items())]


def run(manifests):
    outdir = os.path.join(build_dir(), "reports", "diff")
    os.makedirs(outdir, exist_ok=True)
    rows = []
    for m in manifests:
        vs = versions(m)
        for _, tree in m.upstreams:
            if not any(label == m.tree_dir(tree) for label, _ in vs):
                raise SystemExit("diff: %s/ported/%s/%s missing: run make port"
                                 % (build_dir(), m.name, m.tree_dir(tree)))
        for label, pj in vs:
            stem = "%s-%s" % (m.name, label)
            diffs, pages, n = [], [], 0
            for base, up, ported in files_of(m, label, pj):
                diffs.append(unified(up, ported, base))
                page, hs = diffview.ported_vs_upstream(up, ported, pj["rules"],
                                                       "%s %s: %s" % (m.name, label, base))
                pages.append(page)
                n += len(hs)
                print("diff %s %s %s: %d changes" % (m.name, label, base, len(hs)))
                for line in diffview.summary_lines(hs):
                    print(line)
            open(os.path.join(outdir, stem + ".diff"), "w").write("".join(diffs))
            open(os.path.join(outdir, stem + ".html"), "w").write("".join(pages))
            applied = [diffview.rule_name(r["rule"]) for r in pj["rules"] if r["applied"]]
            rows.append((m.name, label, str(n), ", ".join(applied), stem, True))
        for (la, pa), (lb, pb) in zip(vs, vs[1:]):
            stem = "%s-%s..%s" % (m.name, la, lb)
            pages, nu, np_ = [], 0, 0
            fa = {b: (u, p) for b, u, p in files_of(m, la, pa)}
            for base, ub, pbf in files_of(m, lb, pb):
                if base not in fa:
                    continue
                page, uh, ph = diffview.version_pair(
                    fa[base][0], ub, fa[base][1], pbf, pa["rules"], pb["rules"],
                    next((d for d in m.includes if "{tree}" not in d), "shims"),
                    "%s %s -> %s: %s, upstream beside ported" % (m.name, la, lb, base))
                pages.append(page)
                nu, np_ = nu + len(uh), np_ + len(ph)
            open(os.path.join(outdir, stem + ".html"), "w").write("".join(pages))
            rows.append((m.name, "%s -> %s" % (la, lb), "upstream %d, ported %d" % (nu, np_), "",
                         stem, False))
    body = ["<table border=1 cellpadding=3><tr><th>component</th><th>version</th>"
            "<th>changes</th><th>rules that applied</th></tr>"]
    for comp, name, n, applied, stem, single in rows:
        link = "<a href='%s.html'>%s</a>" % (stem, html.escape(name))
        if single:
            link += " (<a href='%s.diff'>diff</a>)" % stem
        body.append("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                    % (comp, link, n, html.escape(applied)))
    body.append("</table>")
    open(os.path.join(outdir, "index.html"), "w").write(diffview.page(
        "Ported vs upstream, version vs version", "", "".join(body)))
    print("diff: %s/index.html" % outdir)
