#!/usr/bin/env bash
# Builds the Linux baseline of make bench-net (docs/bench-net.md) into
# $OUT (default build/bench-net/linux):
#   vmlinuz         Debian's linux-image-$ABI-amd64 kernel (signed package)
#   initrd.cpio.gz  busybox-static + /init + netd + mii.ko + 8139cp.ko,
#                   e1000.ko and e1000e.ko (stock, from the same image; its
#                   PTP clock core is built into Debian's kernel) +
#                   8139too.ko (built here, fixed)
#   8139too.c       upstream 8139too.c with exactly the kit's two driver
#                   rules applied by spatch (cocci/rtl8139/rev20-plain-8139,
#                   rx-continue): "the same fixes" our port needs on QEMU
#   versions        what was used (packages, checksums)
# The .debs are fetched with apt-get download into $CACHE (default
# build/bench-net/debs) and unpacked with dpkg-deb -x (nothing is installed).
# The module is built out of tree against the matching linux-headers package
# with the compiler the headers ask for (gcc-12).
#
# The Debian version: one consistent set of linux-image-ABI-amd64,
# linux-headers-ABI-amd64, linux-headers-ABI-common and linux-kbuild-6.1 (ABI:
# 6.1.0-NN), all of one version that apt (or the cache) has. Preferred: the
# linux-source-6.1 version of upstream/manifest, so the kernel is the one the
# kit's pinned 8139too.c comes from; else, as Debian drops superseded kernel
# builds within weeks, the newest 6.1.x version with all four.
# LINUX_DEB_VERSION= forces one. The module's source is always the pinned
# upstream/src/linux-6.1 8139too.c, whichever headers it builds against.
# "build.sh --choose" only prints the version it would take, and why
# (UPSTREAM_MANIFEST names another manifest, as for upstream/fetch).
set -euo pipefail
cd "$(dirname "$0")/../../.."
top=$PWD
B=${BUILD:-build}
OUT=${OUT:-$B/bench-net/linux}
CACHE=${CACHE:-$B/bench-net/debs}
SRC=upstream/src/linux-6.1/drivers/net/ethernet/realtek/8139too.c
RULES="cocci/rtl8139/rev20-plain-8139.cocci cocci/rtl8139/rx-continue.cocci"
say() { echo "bench-net/linux: $*"; }
die() { echo "bench-net/linux: $*" >&2; exit 1; }
abs() { case $1 in /*) echo "$1" ;; *) echo "$top/$1" ;; esac; }

MANIFEST=${UPSTREAM_MANIFEST:-upstream/manifest}
choose_only=
case ${1:-} in
--choose) choose_only=1 ;;
"") ;;
*) die "usage: $0 [--choose]" ;;
esac

[ -f "$MANIFEST" ] || die "$MANIFEST missing"
pinned=$(awk '$1 == "package" { p = $2 } p == "linux-6.1" && $1 == "debian" { print $3; exit }' "$MANIFEST")

# Every version of the four packages there is, one "NAME VERSION apt|cache" a
# line: apt's from apt-cache madison (binary "Packages" lines only), the
# cache's from the .deb names (NAME_VERSION_ARCH.deb). A cached set needs no
# archive, so a version that vanished from it still counts once fetched.
pkg_table() {
	local names f
	names=$(apt-cache pkgnames linux-image-6.1.0- 2>/dev/null; apt-cache pkgnames linux-headers-6.1.0- 2>/dev/null)
	names=$(awk '/^linux-(image-6\.1\.0-[0-9]+-amd64|headers-6\.1\.0-[0-9]+-(amd64|common))$/' <<<"$names")
	# shellcheck disable=SC2086
	apt-cache madison linux-kbuild-6.1 $names 2>/dev/null |
		awk -F'|' '$3 ~ /Packages *$/ { gsub(/ /, "", $1); gsub(/ /, "", $2); print $1, $2, "apt" }'
	for f in "$CACHE"/*.deb; do
		[ -e "$f" ] || continue
		f=${f##*/}
		f=${f%_*.deb}
		echo "${f%%_*} ${f#*_} cache"
	done
}
table=$(pkg_table)
has() { awk -v p="$1" -v v="$2" '$1 == p && $2 == v { f = 1 } END { exit !f }' <<<"$table"; }
abi_of() { # the ABI (6.1.0-NN) of the linux-image-6.1.0-NN-amd64 package at version $1
	awk -v v="$1" '$2 == v && $1 ~ /^linux-image-6\.1\.0-[0-9]+-amd64$/ {
		sub(/^linux-image-/, "", $1); sub(/-amd64$/, "", $1); print $1 }' <<<"$table" | sort -u -V | tail -n 1
}
missing() { # the packages (NAME=VERSION) of the set at version $1 that are nowhere
	local v=$1 abi p m=
	abi=$(abi_of "$v")
	if [ -z "$abi" ]; then
		m="linux-image-6.1.0-NN-amd64=$v"
		has linux-kbuild-6.1 "$v" || m+=", linux-kbuild-6.1=$v"
	else
		for p in "linux-headers-$abi-amd64" "linux-headers-$abi-common" linux-kbuild-6.1; do
			has "$p" "$v" || m+="${m:+, }$p=$v"
		done
	fi
	echo "$m"
}
where="neither in apt-cache madison nor in $CACHE; apt-get update?"
if [ -n "${LINUX_DEB_VERSION:-}" ]; then
	ver=$LINUX_DEB_VERSION
	m=$(missing "$ver")
	[ -z "$m" ] || die "LINUX_DEB_VERSION=$ver: missing $m ($where)"
	why="LINUX_DEB_VERSION"
elif [ -n "$pinned" ] && [ -z "$(missing "$pinned")" ]; then
	ver=$pinned
	why="the linux-source-6.1 version of $MANIFEST"
else
	if [ -n "$pinned" ]; then
		pm="$MANIFEST's $pinned lacks $(missing "$pinned")"
	else
		pm="$MANIFEST names no linux-source-6.1 version"
	fi
	ver=
	for v in $(awk '$1 == "linux-kbuild-6.1" && $2 ~ /^6\.1\.[0-9]/ { print $2 }' <<<"$table" | sort -u); do
		if [ -z "$(missing "$v")" ] && { [ -z "$ver" ] || dpkg --compare-versions "$v" gt "$ver"; }; then
			ver=$v
		fi
	done
	[ -n "$ver" ] || die "no 6.1.x version has all of linux-image-6.1.0-NN-amd64, linux-headers-6.1.0-NN-amd64, linux-headers-6.1.0-NN-common and linux-kbuild-6.1 ($where); $pm"
	why="the newest 6.1.x with all four packages ($pm)"
fi
abi=$(abi_of "$ver")
kver=$abi-amd64
say "Debian $ver (kernel $kver): $why"
[ -z "$choose_only" ] || exit 0

[ -f "$SRC" ] || die "$SRC missing (run make upstream)"
mkdir -p "$CACHE" "$OUT"
pkgs=("linux-image-$kver=$ver" "linux-headers-$kver=$ver" "linux-headers-$abi-common=$ver" "linux-kbuild-6.1=$ver")

for p in "${pkgs[@]}"; do
	n=${p%%=*}
	if ! ls "$CACHE/${n}_${ver}_"*.deb >/dev/null 2>&1; then
		say "apt-get download $p"
		out=$(cd "$CACHE" && apt-get download -q "$p" 2>&1) ||
			die "apt-get download $p failed: $(grep -v '^W: Download is performed unsandboxed' <<<"$out" | tail -n 1)"
		ls "$CACHE/${n}_${ver}_"*.deb >/dev/null 2>&1 || die "apt-get download $p left no ${n}_${ver}_*.deb in $CACHE"
	fi
done

stamp=$OUT/.stamp
want=$(cat bench/net/linux/build.sh bench/net/linux/init bench/net/linux/netd.c $RULES "$SRC" "$CACHE"/*_"$ver"_*.deb | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$OUT/initrd.cpio.gz" ] && [ -f "$OUT/vmlinuz" ]; then
	say "up to date ($kver, Debian $ver)"
	exit 0
fi

root=$OUT/root
rm -rf "$root" "$OUT/mod" "$OUT/initramfs"
mkdir -p "$root"
for p in "${pkgs[@]}"; do
	n=${p%%=*}
	say "unpack ${n}"
	case $n in
	linux-image-*) # only the kernel and the stock modules the initramfs needs
		dpkg-deb --fsys-tarfile "$CACHE/${n}_${ver}_"*.deb | tar -x -C "$root" --wildcards \
			"./boot/vmlinuz-$kver" "*/$kver/kernel/drivers/net/mii.ko" \
			"*/$kver/kernel/drivers/net/ethernet/realtek/8139cp.ko" \
			"*/$kver/kernel/drivers/net/ethernet/intel/e1000/e1000.ko" \
			"*/$kver/kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko" ;;
	*) dpkg-deb -x "$CACHE/${n}_${ver}_"*.deb "$root" ;;
	esac
done
hdr=$root/usr/src/linux-headers-$kver
# The arch headers' Makefile includes the common tree by absolute /usr/src path.
sed -i "s|^include /usr/src/|include $(abs "$root")/usr/src/|" "$hdr/Makefile"
cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\?\([^ ]*\) .*/\1/p' "$hdr/include/config/auto.conf")
command -v "$cc" >/dev/null || die "the headers were built with $cc, which is not installed"

say "8139too.c: upstream $SRC + $RULES (spatch)"
mod=$OUT/mod
mkdir -p "$mod"
cp "$SRC" "$mod/8139too.c"
for r in $RULES; do
	before=$(sha256sum <"$mod/8139too.c")
	spatch --sp-file "$r" --no-includes --include-headers-for-types --very-quiet \
		-D patch --in-place --no-show-diff "$mod/8139too.c" >"$mod/spatch.log" 2>&1 ||
		{ cat "$mod/spatch.log" >&2; die "spatch $r failed"; }
	[ "$(sha256sum <"$mod/8139too.c")" != "$before" ] || die "rule $r did not apply to $SRC"
done
diff -u "$SRC" "$mod/8139too.c" >"$OUT/8139too.diff" || true
cp "$mod/8139too.c" "$OUT/8139too.c"
echo 'obj-m := 8139too.o' >"$mod/Kbuild"
say "make -C $hdr M=$mod modules ($cc)"
make -s -C "$hdr" M="$(abs "$mod")" modules >"$mod/build.log" 2>&1 ||
	{ cat "$mod/build.log" >&2; die "module build failed"; }
grep -q "vermagic=$kver " <(strings "$mod/8139too.ko") || die "8139too.ko: vermagic is not $kver"

say "netd (static)"
gcc -static -O2 -Wall -Wextra -Werror -o "$OUT/netd" bench/net/linux/netd.c

say "initramfs (busybox-static)"
ir=$OUT/initramfs
mkdir -p "$ir"/{bin,proc,sys,dev,lib/modules,tmp}
cp /bin/busybox "$ir/bin/busybox"
for a in $(/bin/busybox --list); do
	[ "$a" = busybox ] || ln -s busybox "$ir/bin/$a"
done
install -m 755 bench/net/linux/init "$ir/init"
install -m 755 "$OUT/netd" "$ir/bin/netd"
kmods=$(dirname "$(find "$root" -path "*/$kver/kernel/drivers/net/mii.ko")")
cp "$kmods/mii.ko" "$kmods/ethernet/realtek/8139cp.ko" "$kmods/ethernet/intel/e1000/e1000.ko" \
	"$kmods/ethernet/intel/e1000e/e1000e.ko" "$ir/lib/modules/"
strip --strip-debug -o "$ir/lib/modules/8139too.ko" "$mod/8139too.ko"
(cd "$ir" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) | gzip -9 >"$OUT/initrd.cpio.gz"
cp "$root/boot/vmlinuz-$kver" "$OUT/vmlinuz"
{
	echo "kernel $kver (Debian $ver)"
	for p in "${pkgs[@]}"; do
		n=${p%%=*}
		f=$(ls "$CACHE/${n}_${ver}_"*.deb)
		echo "deb $(basename "$f") $(sha256sum <"$f" | cut -d' ' -f1)"
	done
	echo "chosen: $why"
	echo "8139too.c upstream $SRC $(sha256sum <"$SRC" | cut -d' ' -f1) (linux-source-6.1 ${pinned:-?} in $MANIFEST)"
	echo "8139too.c fixed $(sha256sum <"$OUT/8139too.c" | cut -d' ' -f1) (rules: $RULES)"
	echo "compiler $cc"
	echo "busybox $(/bin/busybox 2>&1 | sed -n 1p)"
} >"$OUT/versions"
rm -rf "$root" # everything needed is in $OUT now
echo "$kver" >"$OUT/kver"
echo "$want" >"$stamp"
say "done: $OUT/vmlinuz, $OUT/initrd.cpio.gz ($kver)"
