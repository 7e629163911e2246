/* The victim server, BSS_SERIALIZED variant. */
#define VICTIM_ATTRS BSS_SERIALIZED
#include "victim.c"
