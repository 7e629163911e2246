/* The victim server, BSS_THREADSAFE variant. */
#define VICTIM_ATTRS BSS_THREADSAFE
#include "victim.c"
