#!/usr/bin/env bash
# Builds the Linux baseline of make bench-net (docs/bench-net.md) into
# $OUT (default build/bench-net/linux):
#   vmlinuz         Debian's linux-image-$ABI-amd64 kernel (signed package)
#   initrd.cpio.gz  busybox-static + /init + netd + mii.ko + 8139cp.ko (stock,
#                   from the same image) + 8139too.ko (built here, fixed)
#   8139too.c       upstream 8139too.c with exactly the kit's two driver
#                   rules applied by spatch (cocci/rtl8139/rev20-plain-8139,
#                   rx-continue): "the same fixes" our port needs on QEMU
#   versions        what was used (packages, checksums)
# The .debs are fetched with apt-get download into $CACHE (default
# build/bench-net/debs) and unpacked with dpkg-deb -x (nothing is installed).
# The module is built out of tree against the matching linux-headers package
# with the compiler the headers ask for (gcc-12).
#
# LINUX_DEB_VERSION selects the Debian version (default: the linux-source
# version of upstream/manifest, so the module's source is the very 8139too.c
# the kit ports); the ABI name (6.1.0-NN) is looked up with apt-cache.
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

[ -f "$SRC" ] || die "$SRC missing (run make upstream)"
mkdir -p "$CACHE" "$OUT"
ver=${LINUX_DEB_VERSION:-$(awk '$1 == "package" { p = $2 } p == "linux-6.1" && $1 == "debian" { print $3; exit }' upstream/manifest)}
[ -n "$ver" ] || die "no linux-6.1 Debian version in upstream/manifest"
# the ABI name: from a cached image .deb, else linux-image-amd64 at $ver
# depends on the ABI-named image package
# (|| true: with nothing cached yet, ls fails, and pipefail would end the script)
abi=$(ls "$CACHE"/linux-image-6.1.0-*-amd64_"$ver"_amd64.deb 2>/dev/null | head -n 1 |
	sed -n 's|.*/linux-image-\(6\.1\.0-[0-9]*\)-amd64_.*|\1|p' || true)
[ -n "$abi" ] || abi=$(apt-cache show "linux-image-amd64=$ver" 2>/dev/null |
	sed -n 's/^Depends:.*linux-image-\(6\.1\.0-[0-9]*\)-amd64.*/\1/p' | head -n 1)
if [ -z "$abi" ]; then
	# the meta package moved on: find the ABI package carrying $ver
	abi=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{ print $1 }' |
		while read -r p; do
			apt-cache show "$p=$ver" >/dev/null 2>&1 && echo "$p" | sed 's/linux-image-\(.*\)-amd64/\1/'
		done | head -n 1)
fi
[ -n "$abi" ] || die "no linux-image-6.1.0-*-amd64 at version $ver in apt (apt-get update?)"
kver=$abi-amd64
pkgs=("linux-image-$kver=$ver" "linux-headers-$kver=$ver" "linux-headers-$abi-common=$ver" "linux-kbuild-6.1=$ver")

for p in "${pkgs[@]}"; do
	n=${p%%=*}
	if ! ls "$CACHE/${n}_${ver}_"*.deb >/dev/null 2>&1; then
		say "apt-get download $p"
		(cd "$CACHE" && apt-get download -q "$p" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
		ls "$CACHE/${n}_${ver}_"*.deb >/dev/null 2>&1 || die "apt-get download $p failed"
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
	linux-image-*) # only the kernel and the two stock modules the initramfs needs
		dpkg-deb --fsys-tarfile "$CACHE/${n}_${ver}_"*.deb | tar -x -C "$root" --wildcards \
			"./boot/vmlinuz-$kver" "*/$kver/kernel/drivers/net/mii.ko" \
			"*/$kver/kernel/drivers/net/ethernet/realtek/8139cp.ko" ;;
	*) dpkg-deb -x "$CACHE/${n}_${ver}_"*.deb "$root" ;;
	esac
done
hdr=$root/usr/src/linux-headers-$kver
# The arch headers' Makefile includes the common tree by absolute /usr/src path.
sed -i "s|^include /usr/src/|include $top/$root/usr/src/|" "$hdr/Makefile"
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
make -s -C "$hdr" M="$top/$mod" modules >"$mod/build.log" 2>&1 ||
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
cp "$kmods/mii.ko" "$kmods/ethernet/realtek/8139cp.ko" "$ir/lib/modules/"
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
	echo "8139too.c upstream $SRC $(sha256sum <"$SRC" | cut -d' ' -f1)"
	echo "8139too.c fixed $(sha256sum <"$OUT/8139too.c" | cut -d' ' -f1) (rules: $RULES)"
	echo "compiler $cc"
	echo "busybox $(/bin/busybox | head -n 1)"
} >"$OUT/versions"
rm -rf "$root" # everything needed is in $OUT now
echo "$kver" >"$OUT/kver"
echo "$want" >"$stamp"
say "done: $OUT/vmlinuz, $OUT/initrd.cpio.gz ($kver)"
