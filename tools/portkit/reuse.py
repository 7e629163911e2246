"""make reuse: the thesis's Figure 5.2 for every component and upstream version.

Rows (per component and version, metric.py): the ported sources' unmodified,
modified, new and dropped code lines; the component's glue counts as new
and as glue. Shared (once per family, with the components sharing it): the
shim headers, the shim library, the bridge and the rules a fragment brings
(shims/linux/nic.manifest for the Linux NIC drivers), so the cost per
component is visible and falls as components are added. Hand-written (per
component): its manifest, glue and own rules.

Writes build/reports/reuse.json ({"rows": [...], "shared": {...},
"handwritten": {...}}), build/reports/reuse.svg, and prints the table.
"""
import json
import os

from . import metric
from .transform import build_dir


def manifest_lines(path):
    return sum(1 for line in open(path) if line.strip() and not line.lstrip().startswith("#"))


def count(path):
    return manifest_lines(path) if path.endswith("manifest") else metric.code_line_count(path)


def rows_of(m):
    glue = sum(count(g) for g in m.glue)
    rows = []
    for version, tree in m.upstreams:
        c = {"unmodified": 0, "modified": 0, "new": 0, "dropped": 0}
        for s in m.sources:
            ported = os.path.join(build_dir(), "ported", m.name, m.tree_dir(tree),
                                  os.path.basename(s))
            if not os.path.exists(ported):
                raise SystemExit("reuse: %s missing: run make port" % ported)
            _, _, fc = metric.classify(os.path.join(tree, s), ported)
            for k in c:
                c[k] += fc[k]
        rows.append({"component": m.name, "upstream": m.tree_dir(tree),
                     "unmodified": c["unmodified"], "modified": c["modified"],
                     "new": c["new"] + glue, "dropped": c["dropped"], "glue": glue})
    return rows


def family(m):
    """The shared part a component uses: shims/<family>/ of its include dirs."""
    for d in m.includes:
        parts = os.path.normpath(d).split(os.sep)
        if parts[0] == "shims" and len(parts) > 1:
            return "/".join(parts[:2])
    return None


def shared_of(manifests):
    out = {}
    for m in manifests:
        fam = family(m)
        if not fam:
            continue
        e = out.setdefault(fam, {"components": [], "_headers": set(), "_lib": set(),
                                 "_bridge": set(), "_rules": set()})
        e["components"].append(m.name)
        for d in m.includes:
            if "{tree}" in d or not os.path.isdir(d):
                continue
            for root, _, files in os.walk(d):
                e["_headers"] |= {os.path.join(root, f) for f in files if f.endswith(".h")}
        for f in m.lib_files():
            (e["_bridge"] if f in m.bridge else e["_lib"]).add(f)
        e["_rules"] |= {r for r, _, origin in m.rules if origin}
    for fam, e in out.items():
        for k in ("headers", "lib", "bridge", "rules"):
            files = sorted(e.pop("_" + k))
            e[k if k != "lib" else "library"] = sum(count(f) for f in files)
        e["total"] = e["headers"] + e["library"] + e["bridge"] + e["rules"]
        e["count"] = len(e["components"])
        e["per_component"] = round(e["total"] / e["count"], 1)
    return out


def handwritten_of(m):
    own_rules = [r for r, _, origin in m.rules if origin is None]
    h = {"manifest": count(m.path), "glue": sum(count(g) for g in m.glue),
         "rules": sum(count(r) for r in own_rules)}
    h["total"] = h["manifest"] + h["glue"] + h["rules"]
    return h


def svg(rows, path):
    colors = {"unmodified": "#4c9a2a", "modified": "#e0b000", "new": "#d9534f"}
    w, bar_h, left = 640, 26, 170
    h = 50 + len(rows) * (bar_h + 14)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (w, h),
           '<text x="10" y="18" font-size="14">Code reuse per ported component '
           '(code lines of the server sources)</text>']
    y = 34
    for r in rows:
        total = r["unmodified"] + r["modified"] + r["new"]
        x = left
        out.append('<text x="10" y="%d">%s %s</text>' % (y + 17, r["component"], r["upstream"]))
        for k in ("unmodified", "modified", "new"):
            wd = (w - left - 20) * r[k] / total if total else 0
            out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s">'
                       '<title>%s: %d (%.0f%%)</title></rect>'
                       % (x, y, wd, bar_h, colors[k], k, r[k], 100.0 * r[k] / total))
            if wd > 40:
                out.append('<text x="%.1f" y="%d" fill="white">%d (%.0f%%)</text>'
                           % (x + 4, y + 17, r[k], 100.0 * r[k] / total))
            x += wd
        y += bar_h + 14
    lx = left
    for k in ("unmodified", "modified", "new"):
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>'
                   '<text x="%d" y="%d">%s</text>' % (lx, y, colors[k], lx + 16, y + 11, k))
        lx += 110
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


def run(manifests):
    rows = [r for m in manifests for r in rows_of(m)]
    shared = shared_of(manifests)
    hand = {m.name: handwritten_of(m) for m in manifests}
    print("%-10s %-11s %16s %16s %16s %8s %6s" % ("component", "upstream", "unmodified",
                                                   "modified", "new (glue incl.)",
                                                   "dropped", "glue"))
    for r in rows:
        t = r["unmodified"] + r["modified"] + r["new"]
        pc = lambda k: "%5d (%4.1f%%)" % (r[k], 100.0 * r[k] / t)  # noqa: E731
        print("%-10s %-11s %16s %16s %16s %8d %6d" % (r["component"], r["upstream"],
                                                      pc("unmodified"), pc("modified"),
                                                      pc("new"), r["dropped"], r["glue"]))
    print("shared, counted once (code lines):")
    for fam, e in sorted(shared.items()):
        print("  %-12s headers %4d, library %4d, bridge %3d, rules %3d = %4d, shared by %d "
              "(%s): %.1f per component" % (fam, e["headers"], e["library"], e["bridge"],
                                            e["rules"], e["total"], e["count"],
                                            ", ".join(e["components"]), e["per_component"]))
    print("hand-written per component (manifest + glue + own rules):")
    for name, h in sorted(hand.items()):
        print("  %-12s %d + %d + %d = %d" % (name, h["manifest"], h["glue"], h["rules"],
                                            h["total"]))
    out = os.path.join(build_dir(), "reports")
    os.makedirs(out, exist_ok=True)
    json.dump({"rows": rows, "shared": shared, "handwritten": hand},
              open(os.path.join(out, "reuse.json"), "w"), indent=1)
    svg(rows, os.path.join(out, "reuse.svg"))
    print("reuse: %s/reuse.json, %s/reuse.svg" % (out, out))
