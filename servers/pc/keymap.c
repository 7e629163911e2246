/*
 * Scan code set 1 (what an i8042 with translation delivers, whatever the
 * keyboard speaks) to key events with the US layout. The tables are the
 * layout's facts: index = make code, value = the character.
 */
#include "keymap.h"

#define PREFIX_E0 0xe0
#define SKIP_E1 2 /* 0xe1 is followed by two bytes (Pause sends two such groups) */

/* Make codes of the keys with a state. */
#define K_LCTRL 0x1d
#define K_LSHIFT 0x2a
#define K_RSHIFT 0x36
#define K_LALT 0x38
#define K_CAPS 0x3a
#define K_E0 0x80 /* added to the make code of a key sent with the 0xe0 prefix */

static const char plain[0x3a] = {
	0,    27,  '1', '2', '3', '4', '5', '6', '7', '8', '9',	 '0', '-', '=',	 8,
	'\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p',	 '[', ']', '\n', 0,
	'a',  's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,   '\\', 'z',
	'x',  'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,   '*',	 0,   ' ',
};

static const char shifted[0x3a] = {
	0,    27,  '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',	8,
	'\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n', 0,
	'A',  'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0,	  '|',	'Z',
	'X',  'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0,   '*', 0,   ' ',
};

static uint32_t mods(const struct keymap *k)
{
	return (k->lshift || k->rshift ? MOD_SHIFT : 0) | (k->lctrl || k->rctrl ? MOD_CTRL : 0) |
	       (k->lalt || k->ralt ? MOD_ALT : 0) | (k->caps ? MOD_CAPS : 0);
}

/* The character of a pressed key under the modifiers, 0 if it has none. */
static char character(uint32_t key, uint32_t m)
{
	char c = 0;

	if (key < sizeof(plain)) {
		bool letter = plain[key] >= 'a' && plain[key] <= 'z';
		bool shift = (m & MOD_SHIFT) != 0;
		if (letter && (m & MOD_CAPS))
			shift = !shift;
		c = shift ? shifted[key] : plain[key];
		if ((m & MOD_CTRL) && letter)
			c = (char)(plain[key] & 0x1f);
	} else if (key == 0x4a) {
		c = '-'; /* keypad */
	} else if (key == 0x4e) {
		c = '+';
	} else if (key == (K_E0 | 0x1c)) {
		c = '\n'; /* keypad Enter */
	} else if (key == (K_E0 | 0x35)) {
		c = '/';
	}
	return c;
}

/* Keeps the modifier state; caps lock toggles on each press. */
static void track(struct keymap *k, uint32_t key, bool down)
{
	switch (key) {
	case K_LSHIFT:
		k->lshift = down;
		break;
	case K_RSHIFT:
		k->rshift = down;
		break;
	case K_LCTRL:
		k->lctrl = down;
		break;
	case K_E0 | K_LCTRL:
		k->rctrl = down;
		break;
	case K_LALT:
		k->lalt = down;
		break;
	case K_E0 | K_LALT:
		k->ralt = down;
		break;
	case K_CAPS:
		if (down)
			k->caps = !k->caps;
		break;
	default:
		break;
	}
}

uint32_t keymap_byte(struct keymap *k, uint8_t byte)
{
	if (k->prefix && k->prefix <= SKIP_E1) {
		k->prefix--;
		return 0;
	}
	if (byte == PREFIX_E0) {
		k->prefix = PREFIX_E0;
		return 0;
	}
	if (byte == 0xe1) {
		k->prefix = SKIP_E1;
		return 0;
	}
	uint32_t key = (byte & 0x7fu) | (k->prefix == PREFIX_E0 ? K_E0 : 0);
	bool down = !(byte & 0x80);
	k->prefix = 0;
	if (!key)
		return 0; /* 0x00 / 0x80: the keyboard's error code, not a key */
	/* Print Screen and friends wrap themselves in E0 2A / E0 AA: no real shift */
	if (key == (K_E0 | K_LSHIFT) || key == (K_E0 | K_RSHIFT))
		return 0;
	track(k, key, down);
	uint32_t m = mods(k);
	uint32_t c = down ? (uint8_t)character(key, m) : 0;
	return c | key << 8 | m << 16 | (down ? 0 : KEY_RELEASE);
}
