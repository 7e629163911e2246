"""The committed checksum lists of generated sources (tools/port,
ported/COMPONENT/generated.sha256, docs/upstream.md).

A line is "UPSTREAM  GENERATED  FILE": FILE is a generated source (relative
to build/ported/COMPONENT/), GENERATED its sha256 and UPSTREAM the sha256 of
the upstream file it was generated from. The key is the upstream file, not
its version: a list can hold entries for several upstream copies of the
same FILE (the pinned Debian version and a newer one that make upstream took
when the archive had dropped the pinned one), and a newer copy whose file
did not change needs no entry of its own. '#' starts a comment line.
"""
import os
import re

HEADER = """\
# Generated sources of make port, keyed by the upstream file each is made from:
# upstream sha256, generated sha256, generated file (docs/upstream.md).
# Written by make port-record; not by hand.
"""

LINE = re.compile(r"^([0-9a-f]{64})  ([0-9a-f]{64})  (\S.*)$")


class ListError(Exception):
    pass


def read(path):
    """The entries (upstream, generated, file) of the list at path ([] if none)."""
    if not os.path.exists(path):
        return []
    entries = []
    for n, line in enumerate(open(path), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            raise ListError("%s:%d: not 'UPSTREAM-SHA256  GENERATED-SHA256  FILE': %r"
                            % (path, n, line))
        entries.append(m.groups())
    return entries


def upstream_note(tree):
    """Which Debian version a tree of make upstream is, when it is a fallback."""
    rec = os.path.join(tree, ".resolved")
    if not os.path.exists(rec):
        return ""
    debian = pinned = ""
    for line in open(rec):
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "debian":
            debian = "%s %s" % (parts[1], parts[2])
        elif len(parts) >= 3 and parts[0] == "pinned":
            pinned = parts[2]
    return "; %s, taken instead of the pinned %s (%s)" % (debian, pinned, rec)


def compare(path, results, review, record):
    """Check results, a list of (upstream sha, generated sha, file, upstream
    path, tree), against the list at path. Returns (status, lines): status is
    "match", "differ" (an entry for that upstream file says otherwise) or
    "unrecorded" (no entry for that upstream file); lines say which and what
    to run ("review" and "record" are the commands)."""
    known = {}
    for up, gen, f in read(path):
        known[(up, f)] = gen
    differ, unrecorded = [], []
    for up, gen, f, up_path, tree in results:
        want = known.get((up, f))
        if want is None:
            unrecorded.append("%s: nothing recorded for its upstream file %s (sha256 %s%s)"
                              % (f, up_path, up, upstream_note(tree)))
        elif want != gen:
            differ.append("%s differs from the output recorded for its upstream file %s"
                          % (f, up_path))
    lines = differ + unrecorded
    if lines:
        lines.append("review (%s), then record: %s" % (review, record))
    return ("differ" if differ else "unrecorded" if unrecorded else "match"), lines


def record(path, results):
    """Write results into the list at path; returns what it did, one line each.

    Entries for the upstream files ported now are replaced. Entries for other
    upstream copies of a file are kept, unless the output for a copy recorded
    before changed here: then the rules or shims changed, and what they make
    of the copies not ported here is no longer known, so those are dropped."""
    old = read(path)
    new = {(up, f): gen for up, gen, f, _, _ in results}
    changed = {f for up, gen, f in old if (up, f) in new and new[(up, f)] != gen}
    kept, notes = [], []
    for up, gen, f in old:
        if (up, f) in new:
            continue
        if f in changed:
            notes.append("dropped %s from upstream sha256 %s: the output of %s changed here, "
                         "so that entry is stale" % (f, up, f))
        else:
            kept.append((up, gen, f))
            notes.append("kept %s from upstream sha256 %s (not ported here)" % (f, up))
    entries = kept + [(up, gen, f) for (up, f), gen in new.items()]
    entries.sort(key=lambda e: (e[2], e[0]))
    tmp = path + ".tmp"
    try:
        with open(tmp, "w") as out:
            out.write(HEADER)
            for up, gen, f in entries:
                out.write("%s  %s  %s\n" % (up, gen, f))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return notes
