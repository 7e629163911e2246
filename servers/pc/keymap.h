/*
 * Scan code set 1 to key events (services/keyboard.svc): the modifier
 * state machine and the US layout, apart from the controller so that the
 * decoding is one small, testable piece.
 */
#ifndef SERVERS_PC_KEYMAP_H
#define SERVERS_PC_KEYMAP_H

#include <stdbool.h>
#include <stdint.h>

#define KEY_RELEASE 0x80000000u
#define MOD_SHIFT 1u
#define MOD_CTRL 2u
#define MOD_ALT 4u
#define MOD_CAPS 8u

struct keymap {
	uint8_t lshift, rshift, lctrl, rctrl, lalt, ralt, caps;
	uint8_t prefix; /* 0xe0 seen; or bytes of a 0xe1 sequence still to skip */
};

/*
 * Feeds one byte from the controller. Returns a key event (nonzero) when
 * the byte completes one, 0 when it was a prefix, part of the Pause key's
 * sequence, or a fake shift some keys send around themselves.
 */
uint32_t keymap_byte(struct keymap *k, uint8_t byte);

#endif
