/*
 * spatch macro file of the general Linux rules (a rule names it in its
 * "// Options:" line; tools/port passes those options to spatch).
 * Coccinelle's standard.h defines the section markers below as nothing,
 * which hides them from the rules; declared as annotations here, a rule can
 * match and remove them (devinit.cocci).
 */
#define __devinit MACROANNOTATION
#define __devexit MACROANNOTATION
#define __devinitdata MACROANNOTATION
#define __devinitconst MACROANNOTATION
#define __devexitdata MACROANNOTATION
#define __devexitconst MACROANNOTATION
/*
 * A declaration spatch cannot parse (e1000e's e1000e_set_eee, 6.12: "...(supported) = {};"),
 * declared as one: expanded to its C, its tokens could not be deleted.
 */
#define __ETHTOOL_DECLARE_LINK_MODE_MASK(name) YACFE_DECLARATOR
