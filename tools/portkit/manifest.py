"""The port manifest: one grammar for every ported component.

A component is a folder ported/NAME/ with a file "manifest"; lines are
"key value...", '#' starts a comment (except in cflags, where quotes may
hold one). Keys, in any order (rule order is kept):

  component NAME          optional; must equal the folder's name
  upstream VERSION TREE   an upstream tree (make upstream fetches it); the
                          generated sources go to build/ported/NAME/<basename TREE>/
  source PATH...          the upstream files ported, relative to each tree
  included PATH...        upstream files ported as sources are, but compiled only
                          where another source #includes them (8390.c: lib8390.c)
  server NAME             the server file, build/servers/NAME.srv; {version}
                          is the upstream version (default "{component}-{version}")
  use FILE                reads FILE (a manifest fragment) here: what a family
                          of components shares, e.g. shims/linux/nic.manifest
  rule FILE [required]    a semantic patch, applied in order to each source;
                          a required one must change at least one source
  macros FILE             spatch's --macro-file
  include DIR...          include path of the ported code, the glue and the
                          library; {tree} is the upstream tree
  lib FILE...             shared shim library sources compiled into the server
  bridge FILE...          the same, and part of the bridge the family shares
  glue FILE...            this component's own hand-written files (.c compiled,
                          .h included by them)
  support PATH...         upstream files compiled unmodified (relative to the tree)
  module NAME             the Linux module the sources make, if not the first
                          source's name without ".c" (e1000_main.c ... -> e1000)
  cflags FLAGS            how upstream's build compiles the ported and support
                          code; {module} is the module's name, {ccinclude} the
                          compiler's own header directory

A manifest is data, not code: nothing here runs a command.
"""
import os
import shlex

KEYS = ("component", "upstream", "source", "included", "server", "use", "rule", "macros", "include",
        "lib", "bridge", "glue", "support", "module", "cflags")


class ManifestError(Exception):
    pass


class Manifest:
    def __init__(self, path):
        self.path = path
        self.dir = os.path.dirname(path)
        self.name = os.path.basename(self.dir)
        self.upstreams = []     # [(version, tree)]
        self.sources = []
        self.included = []
        self.server = "{component}-{version}"
        self.rules = []         # [(file, required, origin)]
        self.macros = None
        self.includes = []
        self.libs = []          # [(file, origin)]
        self.bridge = []        # files among libs that are the family's bridge
        self.glue = []
        self.support = []
        self.cflags = []        # raw strings, expanded by cflags_for()
        self.module_name = None
        self.uses = []          # fragments read (their paths)
        self._read(path, None, set())
        self._check()

    # ---- reading ----

    def _read(self, path, origin, seen):
        if path in seen:
            raise ManifestError("%s: used twice" % path)
        seen.add(path)
        try:
            lines = open(path).read().splitlines()
        except OSError as e:
            raise ManifestError("%s: %s" % (path, e.strerror))
        for n, raw in enumerate(lines, 1):
            where = "%s:%d" % (path, n)
            parts = raw.strip().split(None, 1)
            key, rest = (parts + ["", ""])[:2]
            if key != "cflags":
                rest = rest.split("#", 1)[0]
            rest = rest.strip()
            if not key or key.startswith("#"):
                continue
            if key not in KEYS:
                raise ManifestError("%s: unknown key %r" % (where, key))
            words = rest.split()
            if key != "cflags" and not words:
                raise ManifestError("%s: %s needs a value" % (where, key))
            if key == "component":
                if words[0] != self.name:
                    raise ManifestError("%s: component %s is in folder %s" %
                                        (where, words[0], self.name))
            elif key == "upstream":
                if len(words) != 2:
                    raise ManifestError("%s: upstream VERSION TREE" % where)
                self.upstreams.append((words[0], words[1]))
            elif key == "source":
                self.sources += words
            elif key == "included":
                self.sources += words
                self.included += words
            elif key == "server":
                self.server = words[0]
            elif key == "use":
                self.uses.append(words[0])
                self._read(words[0], words[0], seen)
            elif key == "rule":
                if len(words) > 2 or words[1:] not in ([], ["required"]):
                    raise ManifestError("%s: rule FILE [required]" % where)
                self.rules.append((words[0], len(words) == 2, origin))
            elif key == "macros":
                self.macros = words[0]
            elif key == "include":
                self.includes += words
            elif key in ("lib", "bridge"):
                self.libs += [(w, origin) for w in words]
                if key == "bridge":
                    self.bridge += words
            elif key == "glue":
                self.glue += words
            elif key == "support":
                self.support += words
            elif key == "module":
                self.module_name = words[0]
            elif key == "cflags":
                self.cflags.append(rest)

    def _check(self):
        if not self.upstreams or not self.sources:
            raise ManifestError("%s: needs upstream and source lines" % self.path)
        if len(self.upstreams) > 1 and "{version}" not in self.server:
            raise ManifestError("%s: several upstream versions need {version} in the server name"
                                % self.path)
        bases = [os.path.basename(s) for s in self.sources]
        if len(set(bases)) != len(bases):
            raise ManifestError("%s: two sources with one file name" % self.path)
        for f in ([r for r, _, _ in self.rules] + [f for f, _ in self.libs] + self.glue +
                  self.uses + ([self.macros] if self.macros else [])):
            if not os.path.isfile(f):
                raise ManifestError("%s: no file %s" % (self.path, f))

    # ---- derived ----

    def module(self):
        return self.module_name or os.path.splitext(os.path.basename(self.sources[0]))[0]

    def server_name(self, version):
        return self.server.replace("{component}", self.name).replace("{version}", version)

    @staticmethod
    def tree_dir(tree):
        """The generated sources' folder name for an upstream tree."""
        return os.path.basename(os.path.normpath(tree))

    def include_dirs(self, tree):
        return [d.replace("{tree}", tree) for d in self.includes]

    def tree_independent(self):
        """Can the glue and library be compiled once for every version?"""
        return not any("{tree}" in d for d in self.includes)

    def cflags_for(self, ccinclude):
        out = []
        for raw in self.cflags:
            out += shlex.split(raw.replace("{module}", self.module())
                               .replace("{ccinclude}", ccinclude))
        return out

    def lib_files(self):
        return [f for f, _ in self.libs]

    def handwritten_files(self):
        """What a porter wrote for this component alone: its manifest, its
        glue, and the rules no fragment brought in."""
        own_rules = [r for r, _, origin in self.rules if origin is None]
        return [self.path] + self.glue + own_rules


def find(root="ported"):
    """Every component's manifest, by name."""
    out = []
    if os.path.isdir(root):
        for d in sorted(os.listdir(root)):
            p = os.path.join(root, d, "manifest")
            if os.path.isfile(p):
                out.append(p)
    return out


def load_all(paths=None):
    return [Manifest(p) for p in (paths or find())]
