#!/usr/bin/env python3
"""Aggregates the runs of make bench-net (runs.jsonl, one line per system,
run and measure) into build/reports/bench-net.json and .svg and prints a
table. Medians with min / max over the runs; a measure with no successful
run is "available": false with the reasons; "pairs" has, per pair "A/B"
(--pairs: OURS/LINUX, ours-isolated/ours-8139too), the ratios A / B of the
medians, null (with the reason in "pairs_missing") where a side is missing."""
import argparse, json, os, statistics, sys, time

MEASURES = [
    # key, raw measure, field, unit, label, better
    ("throughput_host_to_guest", "h2g", "mib_per_s", "MiB/s", "TCP host->guest", "higher"),
    ("throughput_guest_to_host", "g2h", "mib_per_s", "MiB/s", "TCP guest->host", "higher"),
    ("cpu_per_mib_host_to_guest", "h2g", "cpu_ms_per_mib", "ms/MiB", "QEMU CPU per MiB, host->guest", "lower"),
    ("cpu_per_mib_guest_to_host", "g2h", "cpu_ms_per_mib", "ms/MiB", "QEMU CPU per MiB, guest->host", "lower"),
    ("icmp_rtt", "rtt", "rtt_ms", "ms", "ICMP round trip (median of a run)", "lower"),
    ("boot_to_ping", "boot", "boot_to_ping_s", "s", "QEMU start to first ping reply", "lower"),
]
RATIOS = ["throughput_host_to_guest", "throughput_guest_to_host", "cpu_per_mib_host_to_guest",
          "cpu_per_mib_guest_to_host", "boot_to_ping"]
COLORS = {"ours-8139cp": "#2b6cb0", "linux-8139cp": "#718096", "ours-8139too": "#63b3ed",
          "linux-8139too": "#c05621", "ours-e1000": "#2f855a", "linux-e1000": "#9c4221",
          "ours-e1000e": "#38a169", "linux-e1000e": "#dd6b20"}


def aggregate(rows, systems):
    out = {}
    for s in systems:
        ms = {}
        for key, raw, field, unit, label, better in MEASURES:
            vals, errs = [], []
            for r in rows:
                if r["system"] != s or r["measure"] != raw:
                    continue
                res = r["result"]
                if field in res:
                    vals.append(res[field])
                else:
                    errs.append("run %d: %s" % (r["run"], res.get("error", "no value")))
            if vals:
                ms[key] = {"available": True, "unit": unit, "median": statistics.median(vals),
                           "min": min(vals), "max": max(vals), "n": len(vals), "values": vals}
                if errs:
                    ms[key]["failed_runs"] = errs
            else:
                reasons = sorted(set(e.split(": ", 1)[1] if ": " in e else e for e in errs))
                ms[key] = {"available": False, "unit": unit, "reason": "; ".join(reasons) or "not run"}
        out[s] = ms
    return out


def ratios(res, a, b):
    r = {}
    for k in RATIOS:
        if a not in res or b not in res:
            r[k] = None
            continue
        x, y = res[a][k], res[b][k]
        if x["available"] and y["available"] and y["median"]:
            r[k] = x["median"] / y["median"]
        else:
            r[k] = None
    return r


def missing_reasons(res, a, b):
    m = {}
    for k in RATIOS:
        for s in (a, b):
            if s in res and not res[s][k]["available"]:
                m[k] = "%s: %s" % (s, res[s][k]["reason"])
                break
    return m


def fmt(v):
    if v is None:
        return "n/a"
    return "%.3g" % v if abs(v) < 100 else "%.0f" % v


def svg(res, systems, labels, path, title):
    W, ph, pw, margin = 960, 190, 300, 14
    cols = 3
    rows = (len(MEASURES) + cols - 1) // cols
    H = 70 + rows * (ph + 40) + 20
    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">' % (W, H),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="%d" y="20" font-size="14" font-weight="bold">%s</text>' % (margin, title)]
    x = margin
    for s in systems:
        o.append('<rect x="%d" y="32" width="12" height="12" fill="%s"/>' % (x, COLORS.get(s, "#999")))
        o.append('<text x="%d" y="42">%s</text>' % (x + 16, labels.get(s, s).replace("&", "&amp;")))
        x += 16 + 6 * len(labels.get(s, s)) + 20
    for i, (key, raw, field, unit, label, better) in enumerate(MEASURES):
        cx = margin + (i % cols) * (pw + 12)
        cy = 70 + (i // cols) * (ph + 40)
        o.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (cx, cy, label.replace(">", "&gt;")))
        o.append('<text x="%d" y="%d" fill="#555">%s, %s is better</text>' % (cx, cy + 13, unit, better))
        top = max([res[s][key]["max"] for s in systems if res[s][key]["available"]] or [1]) * 1.1
        base = cy + ph
        bw = (pw - 40) / max(1, len(systems))
        o.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>' % (cx, base, cx + pw - 10, base))
        for j, s in enumerate(systems):
            m = res[s][key]
            bx = cx + 10 + j * bw
            if not m["available"]:
                o.append('<text x="%.1f" y="%d" fill="#999">n/a</text>' % (bx + bw / 2 - 8, base - 6))
                continue
            h = (ph - 20) * m["median"] / top
            o.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>' % (bx, base - h, bw * 0.7, h, COLORS.get(s, "#999")))
            lo = base - (ph - 20) * m["min"] / top
            hi = base - (ph - 20) * m["max"] / top
            mx = bx + bw * 0.35
            o.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (mx, lo, mx, hi))
            o.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (mx - 4, hi, mx + 4, hi))
            o.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (mx - 4, lo, mx + 4, lo))
            o.append('<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>' % (mx, hi - 4, fmt(m["median"])))
    o.append('<text x="%d" y="%d" fill="#555">bars: medians; whiskers: min-max over the runs; n/a: not measurable on that system (see bench-net.json)</text>' % (margin, H - 8))
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--svg", required=True)
    ap.add_argument("--runs", type=int)
    ap.add_argument("--mib", type=int)
    ap.add_argument("--pings", type=int)
    ap.add_argument("--linux-versions")
    ap.add_argument("--qemu")
    ap.add_argument("--load-start", default="")
    ap.add_argument("--pairs", default="", help="A/B ...: systems to compare (A against B)")
    ap.add_argument("systems", nargs="+", help="NAME=LABEL, in order")
    a = ap.parse_args()
    systems = [s.split("=", 1)[0] for s in a.systems]
    labels = dict(s.split("=", 1) for s in a.systems)
    rows = [json.loads(l) for l in open(a.raw) if l.strip()]
    # optional counts, one per direction: BENCH_NET_ICOUNT (the guest's own
    # work, which the host's load does not move), BENCH_NET_IRQS (the NIC's
    # interrupts: raises of its line)
    for field, unit, what in (("insns_per_mib", "insns/MiB", "guest instructions per MiB"),
                              ("irqs_per_mib", "irqs/MiB", "NIC interrupts per MiB")):
        if not any(field in r["result"] for r in rows):
            continue
        for raw, label in (("h2g", "host->guest"), ("g2h", "guest->host")):
            key = "%s_%s" % (field, label.replace("->", "_to_"))
            MEASURES.append((key, raw, field, unit, what + ", " + label, "lower"))
            RATIOS.append(key)
    res = aggregate(rows, systems)
    lv = []
    if a.linux_versions and os.path.exists(a.linux_versions):
        lv = [l.rstrip("\n") for l in open(a.linux_versions)]
    doc = {
        "benchmark": "bench-net",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": {
            "runs_per_system": a.runs, "order": "alternating: " + ", ".join(systems) + " per round",
            "tcp_mib": a.mib, "icmp_echo_requests_per_run": a.pings,
            "qemu": a.qemu, "accel": "tcg", "machine": "-m 256M -smp 1 -device rtl8139|e1000 (the system's driver's) -netdev tap",
            "host_cpus": os.cpu_count(), "host_loadavg_at_start": a.load_start.split(),
            "host_loadavg_at_report": open("/proc/loadavg").read().split()[:3],
            "linux": lv,
        },
        "systems": {s: {"label": labels[s], "measures": res[s]} for s in systems},
    }
    doc["pairs"], doc["pairs_missing"] = {}, {}
    for pair in a.pairs.split():
        x, y = pair.split("/")
        if x in res and y in res:
            doc["pairs"][pair] = ratios(res, x, y)
            miss = missing_reasons(res, x, y)
            if miss:
                doc["pairs_missing"][pair] = miss
    # the isolation pair under the name its issue gives it: "ours" is the
    # same system not isolated, ours-8139too
    doc["pairs_aliases"] = {}
    for alias, pair in (("ours-isolated/ours", "ours-isolated/ours-8139too"),):
        if pair in doc["pairs"]:
            doc["pairs"][alias] = doc["pairs"][pair]
            doc["pairs_aliases"][alias] = pair
            if pair in doc["pairs_missing"]:
                doc["pairs_missing"][alias] = doc["pairs_missing"][pair]
    doc["pairs_note"] = ("pairs: A/B, ratios of the medians: OURS/LINUX on the same driver, "
                         "and ours-isolated/ours-8139too, also named ours-isolated/ours "
                         "(what isolation costs) "
                         "(throughput > 1: A is faster; CPU per MiB and boot < 1: A is "
                         "cheaper); null where a side could not be measured (pairs_missing)")
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    svg(res, systems, labels, a.svg, "make bench-net: %d runs per system, %s MiB TCP, QEMU TCG + rtl8139/e1000 + tap" % (a.runs or 0, a.mib))

    # table
    w = 26
    print("\nbench-net: medians [min-max] over %s runs per system (n/a: see the reason below)" % a.runs)
    print("%-36s" % "measure" + "".join("%-*s" % (w, s) for s in systems))
    for key, raw, field, unit, label, better in MEASURES:
        line = "%-36s" % ("%s (%s)" % (key, unit))
        for s in systems:
            m = res[s][key]
            cell = "%s [%s-%s]" % (fmt(m["median"]), fmt(m["min"]), fmt(m["max"])) if m["available"] else "n/a"
            line += "%-*s" % (w, cell)
        print(line)
    for pair, r in doc["pairs"].items():
        if pair in doc["pairs_aliases"]:
            continue
        print("%s: %s" % (pair, ", ".join("%s %s" % (k, fmt(v)) for k, v in r.items())))
    for s in systems:
        for key, m in res[s].items():
            if not m["available"]:
                print("n/a: %s %s: %s" % (s, key, m["reason"]))
            elif m.get("failed_runs"):
                print("note: %s %s: %d failed runs: %s" % (s, key, len(m["failed_runs"]), "; ".join(m["failed_runs"])))
    print("bench-net: wrote %s and %s" % (a.json, a.svg))


if __name__ == "__main__":
    main()
