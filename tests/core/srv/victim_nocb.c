/* The victim server, BSS_NO_CALLBACKS variant. */
#define VICTIM_ATTRS BSS_NO_CALLBACKS
#include "victim.c"
