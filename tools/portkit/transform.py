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
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

from . import gensums, report, sanity

# A rule's own options are its "// Options:" header line (these if it has none).
SPATCH_DEFAULT_OPTS = ["--no-includes", "--include-headers-for-types"]
SPATCH_RUN_OPTS = ["--very-quiet", "-D", "patch", "--in-place", "--no-show-diff"]


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
    """Runs one rule on one file; None, or (line or None, spatch's message)."""
    opts = sanity.rule_options(rule, SPATCH_DEFAULT_OPTS)
    if m.macros and "--macro-file" not in opts:
        opts += ["--macro-file", m.macros]
    p = subprocess.run(["spatch", "--sp-file", rule] + opts + SPATCH_RUN_OPTS + [path],
                       capture_output=True, text=True, errors="replace")
    if p.returncode == 0:
        return None
    msg = p.stderr.strip().splitlines()
    for line in msg:
        hit = re.match(r"%s: (\d+): (.*)" % re.escape(path), line)
        if hit:
            return int(hit.group(1)), hit.group(2)
    return None, "\n  ".join(msg[-5:]) or "spatch exited with %d" % p.returncode


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


def port_version(m, label, tree, files, outdir, inputs=None):
    """Port one version: files maps each source's base name to the upstream
    file to read. Returns the final folder, or raises PortError. The folder
    gets port.json: the upstream files, their line ends and what each rule
    did (removed and added lines, for make diff and make track)."""
    final = os.path.join(outdir, label)
    os.makedirs(outdir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".tmp-%s." % label, dir=outdir)
    try:
        work = os.path.join(tmp, label)
        os.makedirs(work)
        eol, pristine, paths, up_of = {}, {}, [], {}
        for base, up in files:
            if not os.path.isfile(up):
                raise PortError("no upstream file %s (run make upstream)" % up)
            text, eol_ = sanity.read_source(up)
            broken = sanity.structure_errors(text)
            if broken:
                raise PortError("the upstream file is not a whole C file (truncated or garbled?):\n  %s"
                                % "\n  ".join("%s\n    %s" % (sanity.where(up, text, n), msg)
                                               for n, msg in broken[:10]))
            dst = os.path.join(work, base)
            sanity.write_source(dst, text)
            bad = sanity.parse_errors(dst, m.macros)
            if bad:
                raise PortError("spatch cannot parse %d place(s) of the upstream file, where no rule "
                                "can match (a garbled copy, or a macro spatch does not know: "
                                "give it one in %s):\n  %s" % (
                                    len(bad), m.macros or "the manifest's macros file",
                                    "\n  ".join(sanity.where(up, text, n) for n in bad[:10])))
            eol[dst], pristine[up], up_of[dst] = eol_, text, up
            paths.append(dst)
        record, snapshots = [], []
        for rule, required, _ in m.rules:
            before = {f: open(f).read() for f in paths}
            for f in paths:
                err = spatch(m, rule, f)
                if err:
                    line, msg = err
                    up = up_of[f]
                    if line:
                        raise PortError("rule %s failed inside spatch at %s\n  spatch: %s" % (
                            rule, sanity.where(up, pristine[up],
                                               sanity.upstream_line(pristine[up], before[f], line)), msg))
                    raise PortError("rule %s failed inside spatch on %s:\n  %s" % (rule, up, msg))
            after = {f: open(f).read() for f in paths}
            entry = {"rule": rule, "required": required, "applied": after != before}
            if after != before:
                entry["removed"], entry["added"] = [], []
                for f in paths:
                    r, a = sanity.changes(before[f], after[f])
                    entry["removed"] += r
                    entry["added"] += a
            record.append(entry)
            snapshots.append((rule, after))
            if required and after == before:
                raise PortError(rule_not_applied(m, rule, pristine))
        for f in paths:
            if sanity.parse_errors(f, m.macros):  # a rule left code spatch cannot parse: which one?
                for rule, texts in snapshots:
                    sanity.write_source(f, texts[f])
                    bad = sanity.parse_errors(f, m.macros)
                    if bad:
                        up = up_of[f]
                        raise PortError("rule %s left code spatch cannot parse, near %s:%d: %s" % (
                            rule, up, sanity.upstream_line(pristine[up], texts[f], bad[0]),
                            texts[f].split("\n")[bad[0] - 1].strip()))
        problem = report.shim_check(m, tree, paths, cc(), cc_include(), build_dir())
        if problem:
            raise PortError(problem)
        for f in paths:
            sanity.write_source(f, open(f).read(), eol[f])
        first = up_of[paths[0]]
        json.dump({"name": label, "upstream": first, "upstream_sha256": sha256(first),
                   "line_ends": "crlf" if eol[paths[0]] == "\r\n" else "lf",
                   "files": {os.path.basename(f): {"upstream": up_of[f], "upstream_sha256": sha256(up_of[f]),
                                                  "line_ends": "crlf" if eol[f] == "\r\n" else "lf"}
                             for f in paths},
                   "rules": record, "inputs": inputs}, open(os.path.join(work, "port.json"), "w"), indent=1)
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


def samples_of(m, d):
    """(label, file, recorded sha256) of each copy of m's (single) source in
    the samples directory d: a folder per version and d/SOURCES.tsv (version,
    repository, commit, path, sha256, note; tab-separated)."""
    if len(m.sources) != 1 or not d:
        return []
    base = os.path.basename(m.sources[0])
    tsv = os.path.join(d, "SOURCES.tsv")
    if not os.path.exists(tsv):
        return []
    out = []
    for n, line in enumerate(open(tsv), 1):
        f = line.rstrip("\n").split("\t")
        if not f[0] or f[0].startswith("#"):
            continue
        if len(f) < 5 or not re.fullmatch(r"[0-9a-f]{64}", f[4]):
            raise SystemExit("port: %s:%d: not 'VERSION REPO COMMIT PATH SHA256 NOTE'" % (tsv, n))
        if os.path.basename(f[3]) == base:
            out.append(("sample-" + f[0], os.path.join(d, f[0], base), f[4]))
    return out


def _job(args):
    """One version in a worker: (label, folder or None, report or None)."""
    m, label, tree, files, outdir, want_sha = args
    try:
        if want_sha and os.path.isfile(files[0][1]) and sha256(files[0][1]) != want_sha:
            raise PortError("%s does not have the sha256 its SOURCES.tsv records (%s)"
                            % (files[0][1], want_sha))
        return label, port_version(m, label, tree, files, outdir), None
    except PortError as e:
        return label, None, str(e)


def port(m, out=None, samples=None):
    """Every upstream version of m, and every copy of its source in the
    samples directory (as sample-VERSION), in parallel (PORT_JOBS, default
    the CPUs). Returns generated.sha256's lines and, per file, (upstream
    sha256, generated sha256, file, upstream path, tree). Every version that
    stops is reported; then the port exits 1."""
    outdir = out or os.path.join(build_dir(), "ported", m.name)
    jobs = []
    for version, tree in m.upstreams:
        files = [(os.path.basename(s), os.path.join(tree, s)) for s in m.sources]
        jobs.append((m, m.tree_dir(tree), tree, files, outdir, None))
    for label, f, sha in samples_of(m, samples):
        jobs.append((m, label, m.upstreams[0][1], [(os.path.basename(m.sources[0]), f)], outdir, sha))
    workers = int(os.environ.get("PORT_JOBS") or os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as ex:
        done = list(ex.map(_job, jobs))
    lines, results, failed = [], [], []
    for (_, label, tree, files, _, _), (_, final, err) in zip(jobs, done):
        if err:
            if not out:
                remove_version(m, label, label[len("linux-"):] if label.startswith("linux-") else label)
            sys.stderr.write("port %s %s: %s\nport %s %s: stopped; nothing of %s was written.\n"
                             % (m.name, label, err, m.name, label, label))
            failed.append(label)
            continue
        for base, up in files:
            p = os.path.join(final, base)
            rel = os.path.relpath(p, outdir)
            lines.append("%s  %s\n" % (sha256(p), rel))
            results.append((sha256(up), sha256(p), rel, up, tree))
        print("port %s %s: %s" % (m.name, label, final))
    if failed:
        sys.stderr.write("port %s: %d of %d versions did not port: %s\n"
                         % (m.name, len(failed), len(jobs), " ".join(failed)))
        raise SystemExit(1)
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
