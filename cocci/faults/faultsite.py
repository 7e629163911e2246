"""Site numbering for the fault rules (cocci/faults/*.cocci, docs/faults.md).

Every rule's python script calls site(kind, p) for each place it mutates.
Sites are numbered in the order the rules run and spatch reports matches,
which is deterministic for a given input, so a site number names the same
place in every run. Each site is appended to $FAULT_SITES as a JSON line;
$FAULT_STATE holds the next number between spatch runs. With $FAULT_ONLY
set (a comma-separated list), only those sites are mutated: a single
mutant, for reading; otherwise every site (the mutant schema).
"""
import json
import os

_state = {"next": None}


def _next_id():
    path = os.environ["FAULT_STATE"]
    if _state["next"] is None:
        try:
            _state["next"] = int(open(path).read().strip() or 1)
        except FileNotFoundError:
            _state["next"] = 1
    n = _state["next"]
    _state["next"] = n + 1
    with open(path, "w") as f:
        f.write("%d\n" % (n + 1))
    return n


_files = {}


def _lines(path):
    if path not in _files:
        try:
            with open(path, errors="replace") as f:
                _files[path] = f.read().split("\n")
        except OSError:
            _files[path] = []
    return _files[path]


def _in_macro(path, n):
    """Is line n (1-based) part of a #define? Its body is no place for a site."""
    lines = _lines(path)
    i = n - 1
    while i >= 0 and i < len(lines):
        if lines[i].lstrip().startswith("#"):
            return True
        if i == 0 or not lines[i - 1].rstrip().endswith("\\"):
            return False
        i -= 1
    return False


def _line(path, n):
    try:
        with open(path, errors="replace") as f:
            for i, line in enumerate(f, 1):
                if i == n:
                    return line.strip()
    except OSError:
        pass
    return ""


def site(kind, p, what=""):
    """Number the site at position p; returns (number as a string, include?)."""
    pos = p[0]
    if _in_macro(pos.file, int(pos.line)):
        return "0", False
    n = _next_id()
    rec = {
        "site": n,
        "kind": kind,
        "function": pos.current_element,
        "line": int(pos.line),
        "column": int(pos.column),
        "code": _line(pos.file, int(pos.line)),
        "what": what,
    }
    with open(os.environ["FAULT_SITES"], "a") as f:
        f.write(json.dumps(rec, sort_keys=True) + "\n")
    only = os.environ.get("FAULT_ONLY", "")
    keep = not only or str(n) in only.split(",")
    return str(n), keep
