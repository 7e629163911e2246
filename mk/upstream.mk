# Pristine upstream sources (Linux 8139too, lwIP TCP) from Debian: see
# docs/upstream.md. Downloads into upstream/cache/, extracts into upstream/src/.
# Not part of "all": the first run downloads ~280 MiB and may need root.

.PHONY: upstream upstream-verify

upstream:
	upstream/fetch

upstream-verify:
	upstream/fetch --verify
