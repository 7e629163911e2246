"""make port: semantic patches over the upstream sources, then a shim check.

For each upstream version of a component, every source is copied, the
rules are applied in order with spatch (each rule on each file alone:
given several files spatch matches them as one unit, and a rule that
depends on another would fire where that one did not), and the result is
compiled against the shims (syntax only). The files land in
build/ported/COMPONENT/<tree>/ only if all of that succeeded; otherwise the
port stops with a report and leaves nothing of that version behind. Output
is deterministic: the same upstream files, rules and shims give the same
bytes.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

from . import gensums, report

SPATCH_OPTS = ["--no-includes", "--include-headers-for-types", "--very-quiet",
               "-D", "patch", "--in-place", "--no-show-diff"]


class PortError(Exception):
    pass


def build_dir():
    return os.environ.get("BUILD", "build")


def cc():
    return os.environ.get("CC", "gcc")


def cc_include():
    return subprocess.run([cc(), "-print-file-name=include"], capture_output=True,
                          text=True).stdout.strip()


def spatch(m, rule, path):
    cmd = ["spatch", "--sp-file", rule] + SPATCH_OPTS
    if m.macros:
        cmd += ["--macro-file", m.macros]
    p = subprocess.run(cmd + [path], capture_output=True, text=True)
    if p.returncode != 0:
        return "%s: %s" % (os.path.basename(path), p.stderr.strip() or
                           "spatch exited with %d" % p.returncode)
    return None


def rule_not_applied(m, rule, pristine):
    """The report of a required rule that changed nothing: its purpose and
    where its idiom is (the rule's "// Where:" regex) in the upstream files."""
    desc, where = report.rule_header(rule)
    loc = "its idiom was not found in %s" % ", ".join(sorted(pristine))
    if where:
        for name, text in sorted(pristine.items()):
            owner = report.functions_by_line(text)
            for i, line in enumerate(text.splitlines(), 1):
                if re.search(where, line):
                    fn = owner.get(i)
                    loc = "its idiom is at %s:%d in %s, in a shape the rule does not match" % (
                        name, i, fn + "()" if fn else "top level")
                    break
            else:
                continue
            break
    return "required rule %s did not apply.\n  rule: %s\n  %s" % (rule, desc, loc)


def port_version(m, label, tree, files, outdir):
    """Port one version: files maps each source's base name to the upstream
    file to read. Returns the final folder, or raises PortError."""
    final = os.path.join(outdir, label)
    os.makedirs(outdir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".tmp-%s." % label, dir=outdir)
    try:
        work = os.path.join(tmp, label)
        os.makedirs(work)
        crlf, pristine, paths = {}, {}, []
        for base, up in files:
            if not os.path.isfile(up):
                raise PortError("no upstream file %s (run make upstream)" % up)
            data = open(up, "rb").read()
            # lwIP's sources have DOS line ends; spatch writes the lines it
            # adds with Unix ones. Rules run on LF text, and the result gets
            # the file's own line ends back, so only changed lines differ.
            dst = os.path.join(work, base)
            crlf[dst] = data.count(b"\r\n") == data.count(b"\n") > 0
            if crlf[dst]:
                data = data.replace(b"\r\n", b"\n")
            open(dst, "wb").write(data)
            pristine[up] = data.decode("utf-8", "replace")
            paths.append(dst)
        for rule, required, _ in m.rules:
            before = [open(f).read() for f in paths]
            for f in paths:
                err = spatch(m, rule, f)
                if err:
                    raise PortError("rule %s failed in spatch:\n%s" % (rule, err))
            if required and before == [open(f).read() for f in paths]:
                raise PortError(rule_not_applied(m, rule, pristine))
        for f in paths:
            if crlf[f]:
                data = open(f, "rb").read()
                open(f, "wb").write(data.replace(b"\n", b"\r\n"))
        problem = report.shim_check(m, tree, paths, cc(), cc_include(), build_dir())
        if problem:
            raise PortError(problem)
        shutil.rmtree(final, ignore_errors=True)
        os.rename(work, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def remove_version(m, label, version):
    shutil.rmtree(os.path.join(build_dir(), "ported", m.name, label), ignore_errors=True)
    srv = os.path.join(build_dir(), "servers", m.server_name(version) + ".srv")
    if os.path.exists(srv):
        os.remove(srv)


def port(m, out=None):
    """Every upstream version of m. Returns generated.sha256's lines and,
    per file, (upstream sha256, generated sha256, file, upstream path, tree)."""
    outdir = out or os.path.join(build_dir(), "ported", m.name)
    lines, results = [], []
    for version, tree in m.upstreams:
        label = m.tree_dir(tree)
        files = [(os.path.basename(s), os.path.join(tree, s)) for s in m.sources]
        try:
            final = port_version(m, label, tree, files, outdir)
        except PortError as e:
            if not out:
                remove_version(m, label, version)
            sys.stderr.write("port %s %s: %s\nport %s %s: stopped; nothing of %s was written.\n"
                             % (m.name, label, e, m.name, label, label))
            raise SystemExit(1)
        for base, up in files:
            p = os.path.join(final, base)
            rel = os.path.relpath(p, outdir)
            lines.append("%s  %s\n" % (sha256(p), rel))
            results.append((sha256(up), sha256(p), rel, up, tree))
        print("port %s %s: %s" % (m.name, label, final))
    lines.sort(key=lambda line: line.split("  ", 1)[1])
    with open(os.path.join(outdir, "generated.sha256"), "w") as f:
        f.writelines(lines)
    return lines, results


def check_recorded(m, results, record=False):
    """Compares the generated sources with ported/NAME/generated.sha256,
    keyed by the upstream file each comes from (gensums.py), or records
    them; True if they match."""
    recorded = os.path.join(m.dir, "generated.sha256")
    try:
        if record:
            for note in gensums.record(recorded, results):
                print("port %s: %s" % (m.name, note))
            print("port %s: recorded %s" % (m.name, recorded))
            return True
        status, notes = gensums.compare(recorded, results, "make diff", "make port-record")
    except gensums.ListError as e:
        raise SystemExit(str(e))
    if status == "match":
        print("port %s: generated files match %s" % (m.name, recorded))
    for note in notes:
        print("port %s: %s" % (m.name, note))
    return status == "match"


def port_copy(m, upstream, name):
    """make port UPSTREAM=FILE: a copy of m's (single) source as version NAME."""
    if len(m.sources) != 1:
        raise SystemExit("port: %s has %d sources; UPSTREAM= ports a copy of one"
                         % (m.name, len(m.sources)))
    outdir = os.path.join(build_dir(), "ported", m.name)
    tree = m.upstreams[0][1]
    try:
        final = port_version(m, name, tree, [(os.path.basename(m.sources[0]), upstream)], outdir)
    except PortError as e:
        remove_version(m, name, name)
        sys.stderr.write("port %s: %s\nport %s: stopped; nothing of %s was written.\n"
                         % (name, e, name, name))
        raise SystemExit(1)
    print("port %s %s: %s" % (m.name, name, final))
    return tree


def resembling(manifests, upstream):
    """The single-source component whose upstream file shares the most lines
    with the copy: the copy is another version (or a vendor's) of it."""
    try:
        copy = set(open(upstream, errors="replace").read().splitlines())
    except OSError as e:
        raise SystemExit("port: %s: %s" % (upstream, e.strerror))
    base = os.path.basename(upstream)
    best, score = None, 0.0
    for m in manifests:
        if len(m.sources) != 1:
            continue
        if os.path.basename(m.sources[0]) == base:
            return m
        ref = os.path.join(m.upstreams[0][1], m.sources[0])
        if not os.path.isfile(ref):
            continue
        lines = set(open(ref, errors="replace").read().splitlines())
        s = len(copy & lines) / max(len(lines), 1)
        if s > score:
            best, score = m, s
    if not best or score < 0.5:
        raise SystemExit("port: %s resembles no component's source; name one with "
                         "PORT_COMPONENT=" % upstream)
    return best
