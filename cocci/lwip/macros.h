// Macro hints for spatch (--macro-file) when parsing lwIP sources.
// IF__NETIF_CHECKSUM_ENABLED expands to an if-head in netif.h; without this
// hint spatch cannot parse the functions that use it and no rule matches
// inside them.
#define IF__NETIF_CHECKSUM_ENABLED(netif, chksumflag) if (1)
