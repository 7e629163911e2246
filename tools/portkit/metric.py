"""The reuse metric's line classification (make reuse, make diff).

The metric (docs/porting/reuse.md):
  * Only code lines count: a line is code if anything but white space is
    left after removing comments (C block and line comments; string
    literals are not comments). Blank and comment-only lines count nowhere.
  * GNU diff (diff -U0 --minimal) pairs the ported file with the pristine
    upstream file. A ported code line outside every hunk is *unmodified*.
  * In a hunk, the added code lines are paired in order with the removed
    code lines: the first min(added, removed) are *modified*, the other
    added ones are *new*, the other removed ones are *dropped*.
  * Every code line of the glue (all of its files) is *new* (and also
    counted as *glue*).
The shims and the bridge are shared by a family of ports: reported once,
with the number of components sharing them (reuse.py).
"""
import re
import subprocess


def code_mask(text):
    """For each line of text: True if it has code outside comments."""
    mask, cur, i, n = [], False, 0, len(text)
    in_com = False
    while i < n:
        c = text[i]
        if c == "\n":
            mask.append(cur)
            cur = False
            i += 1
            continue
        if in_com:
            if text.startswith("*/", i):
                in_com = False
                i += 2
            else:
                i += 1
            continue
        if text.startswith("/*", i):
            in_com = True
            i += 2
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif c in "\"'":
            cur = True
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        else:
            if not c.isspace():
                cur = True
            i += 1
    if text and not text.endswith("\n"):
        mask.append(cur)
    return mask


def hunks(old_path, new_path):
    """[(old_start, old_len, new_start, new_len)] from diff -U0 (1-based)."""
    p = subprocess.run(["diff", "-U0", "--minimal", old_path, new_path],
                       capture_output=True, text=True)
    if p.returncode > 1:
        raise RuntimeError(p.stderr)
    out = []
    for line in p.stdout.splitlines():
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", line)
        if m:
            out.append((int(m.group(1)), int(m.group(2) or 1),
                        int(m.group(3)), int(m.group(4) or 1)))
    return out


def classify(old_path, new_path):
    """Per ported line: 'unmodified', 'modified', 'new' or None (not code);
    per upstream line: 'dropped', 'modified-old' or None; and the counts."""
    old = open(old_path, errors="replace").read()
    new = open(new_path, errors="replace").read()
    om, nm = code_mask(old), code_mask(new)
    new_cls = ["unmodified" if c else None for c in nm]
    old_cls = [None] * len(om)
    counts = {"unmodified": 0, "modified": 0, "new": 0, "dropped": 0}
    for os_, ol, ns, nl in hunks(old_path, new_path):
        removed = [i for i in range(os_ - 1, os_ - 1 + ol) if ol and om[i]]
        added = [i for i in range(ns - 1, ns - 1 + nl) if nl and nm[i]]
        pair = min(len(removed), len(added))
        for k, i in enumerate(added):
            new_cls[i] = "modified" if k < pair else "new"
        for k, i in enumerate(removed):
            old_cls[i] = "modified-old" if k < pair else "dropped"
    for c in new_cls:
        if c:
            counts[c] += 1
    counts["dropped"] = sum(1 for c in old_cls if c == "dropped")
    return new_cls, old_cls, counts


def code_line_count(path):
    return sum(code_mask(open(path, errors="replace").read().replace("\r\n", "\n")))
