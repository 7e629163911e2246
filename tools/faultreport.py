"""The report of a fault campaign (tools/faults, docs/faults.md): the
figures over all injections, per fault type and for the classes one address
space can contain (faults.json), and a bar chart (faults.svg)."""
import json
import os


def median(xs):
    xs = sorted(xs)
    if not xs:
        return None
    m = len(xs) // 2
    return round(xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2.0, 1)


# Fault classes a driver in the kernel's address space does not contain: a
# device writing where the driver told it to (only an IOMMU stops it), a
# pointer that may land in another server's memory (an address space of
# the driver's own stops it: --isolated). They are reported apart
# (docs/faults.md).
NEEDS_IOMMU = {
    "dma-address": "the device writes where a wrong bus address points: needs an IOMMU",
    "dma-length": "the device reads or writes past its buffer: needs an IOMMU",
}
NEEDS_SPACE = {
    "pointer": "a corrupted pointer can land in another server's memory: needs the driver "
               "isolated in an address space of its own (tools/faults --isolated)",
}


def needs(r):
    """Why r's fault class is not contained in the configuration it ran in, or None."""
    return (None if r.get("iommu") else NEEDS_IOMMU.get(r["kind"])) or \
        (None if r.get("isolated") else NEEDS_SPACE.get(r["kind"]))


def first_connected(r):
    """Whether the peer's first connection was opened (verdicts before the
    field existed: the first error was not the connect's)."""
    if "first_connected" in r:
        return r["first_connected"]
    return not (r["peer_errors"] and r["peer_errors"][0].startswith("connect:"))


def tally(rs):
    act = [r for r in rs if r["activated"]]
    return {
        "injected": len(rs),
        "activated": len(act),
        "kernel_survived": sum(r["kernel_survived"] for r in act),
        "driver_recovered": sum(r["driver_recovered"] for r in act),
        "transfers_intact": sum(r["intact"] for r in act),
        "transfers_reopened": sum(r["intact"] and r["reopened"] for r in act),
        "reopened_never_connected": sum(r["intact"] and r["reopened"] and
                                        not first_connected(r) for r in act),
        "reopened_after_break": sum(r["intact"] and r["reopened"] and first_connected(r)
                                    for r in act),
        # the peer's longest wait for an echo on a connection that survived a restart
        "median_stall_ms": median([r["max_stall_ms"] for r in act if r["restarts"] and
                                   not r["reopened"] and r.get("max_stall_ms") is not None]),
        "corrupt_accepted": sum(r["corrupt"] for r in act),
        "restarted": sum(r["restarts"] > 0 for r in act),
        "median_recovery_ms": median([r["recovery_ms"] for r in act if r["recovery_ms"]]),
        # the NMI watchdog's (watchdog=2000): how late a hang was noticed
        "median_hang_detect_ms": median([r["detect_ms"] for r in act if r.get("detect_ms") and
                                         (r["crash"] or "").startswith("hang")]),
        "outcomes": {o: sum(r["outcome"] == o for r in rs)
                     for o in sorted({r["outcome"] for r in rs})},
    }


def report(results, seed, reports):
    out = tally(results)
    out["seed"] = seed
    out["drivers"] = sorted({r["driver"] for r in results})
    out["by_type"] = {k: tally([r for r in results if r["kind"] == k])
                      for k in sorted({r["kind"] for r in results})}
    out["isolated"] = sorted({bool(r.get("isolated")) for r in results}) == [True]
    out["iommu"] = sorted({bool(r.get("iommu")) for r in results}) == [True]
    out["dma_blocked"] = sum(r.get("dma_blocked", 0) > 0 for r in results if r["activated"])
    out["dma_crashed"] = sum(bool(r.get("dma_crash")) for r in results if r["activated"])
    out["contained_classes"] = tally([r for r in results if not needs(r)])
    out["isolation"] = {}
    for r in results:
        why = needs(r)
        if why:
            e = out["isolation"].setdefault(r["kind"], {"why": why, "failed": 0})
            e["failed"] += r["activated"] and (not r["kernel_survived"] or r["corrupt"])
    json.dump(out, open(os.path.join(reports, "faults.json"), "w"), indent=1, sort_keys=True)
    open(os.path.join(reports, "faults.svg"), "w").write(svg(out))
    return out


def svg(s):
    """Per fault type: activated, kernel survived, recovered, transfer intact."""
    types = sorted(s["by_type"])
    bars = [("activated", "#999"), ("kernel_survived", "#4a7"), ("driver_recovered", "#47a"),
            ("transfers_intact", "#a74")]
    w, rowh, left = 760, 26, 130
    h = 60 + rowh * len(types) + 40
    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif"'
         ' font-size="12">' % (w, h),
         '<text x="10" y="20" font-size="14">Fault injection: %d injected, %d activated, %d '
         'kernel survived, %d recovered, %d transfers intact (%s)</text>' % (
             s["injected"], s["activated"], s["kernel_survived"], s["driver_recovered"],
             s["transfers_intact"], ", ".join(s["drivers"]) +
             (", isolated" if s.get("isolated") else ""))]
    for i, (k, c) in enumerate(bars):
        o.append('<rect x="%d" y="32" width="10" height="10" fill="%s"/><text x="%d" y="41">%s'
                 '</text>' % (left + i * 150, c, left + i * 150 + 14, k.replace("_", " ")))
    for j, t in enumerate(types):
        b = s["by_type"][t]
        y = 60 + j * rowh
        o.append('<text x="10" y="%d">%s</text>' % (y + 14, t))
        scale = (w - left - 80) / max(1, b["injected"])
        for i, (k, c) in enumerate(bars):
            o.append('<rect x="%d" y="%d" width="%.1f" height="5" fill="%s"/>' % (
                left, y + 2 + i * 5, b[k] * scale, c))
        o.append('<text x="%d" y="%d">%d/%d</text>' % (
            w - 70, y + 14, b["driver_recovered"], b["activated"]))
    o.append('<text x="10" y="%d">recovered / activated per type; median recovery %s ms '
             '(fault to the first frame from the restarted driver)</text>' % (
                 h - 12, s["median_recovery_ms"]))
    o.append("</svg>")
    return "\n".join(o) + "\n"
