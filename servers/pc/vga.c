/*
 * vga: the screen in VGA text mode (services/screen.svc). The firmware
 * left the adapter in its colour text mode (80x25 at 0xb8000); in long mode
 * no BIOS call can set a mode (docs/pc-hardware.md), so the driver checks
 * that it is one and reads its geometry from the CRT controller. The cells
 * are written through the mapped text memory; a copy in RAM makes scrolling
 * a matter of writes only (reads of device memory are the slow ones).
 */
#include <bss/server.h>
#include <svc/ioport.h>
#include <svc/mmio.h>
#include <svc/pcdev.h>
#include <svc/screen.h>

#define PCDEV BSS_REQ(0)
/* Register offsets in the pcdev's port range, which starts at 0x3c0. */
#define MISC_READ 0x0c
#define GC_INDEX 0x0e
#define GC_DATA 0x0f
#define CRTC_INDEX 0x14 /* 0x3d4: the colour modes' CRT controller */
#define CRTC_DATA 0x15
#define MISC_COLOUR 0x01 /* CRTC at 0x3d4, text memory at 0xb8000 */
#define GC_MISC 0x06
#define GC_GRAPHICS 0x01
#define CRTC_HDISP_END 0x01
#define CRTC_OVERFLOW 0x07
#define CRTC_MAX_SCAN 0x09
#define CRTC_CURSOR_START 0x0a
#define CRTC_START_HI 0x0c
#define CRTC_CURSOR_HI 0x0e
#define CRTC_CURSOR_LO 0x0f
#define CRTC_VDISP_END 0x12
#define CURSOR_OFF 0x20
#define MAX_CELLS 16384 /* the 32 KiB of text memory */

struct vga {
	bss_ref_t mem, ports; /* permanent */
	volatile uint16_t *cells;
	uint32_t cols, rows;
	uint32_t top, nrows; /* the window */
	uint32_t col, row;   /* the write position (screen row) */
	uint8_t attr;
	uint16_t copy[MAX_CELLS];
};

static void vga_init(struct vga *v);

BSS_SERVER(SCREEN, struct vga, vga, .ctor = BSS_CTOR(vga_init), BSS_REQUIRES(PCDEV_SVC_ID));

static _Noreturn void throwf(uint32_t err, const char *fmt, uint32_t a, uint32_t b, uint32_t c)
{
	char msg[120];

	bss_snprintf(msg, sizeof(msg), fmt, a, b, c);
	bss_throw(BSS_E_INVAL, (int32_t)err, msg);
}

static uint32_t crtc(struct vga *v, uint32_t reg)
{
	ioport_out8(v->ports, CRTC_INDEX, reg);
	return ioport_in8(v->ports, CRTC_DATA);
}

static void crtc_set(struct vga *v, uint32_t reg, uint32_t val)
{
	ioport_out8(v->ports, CRTC_INDEX, reg);
	ioport_out8(v->ports, CRTC_DATA, val);
}

static void set(struct vga *v, uint32_t i, uint16_t cell)
{
	if (v->copy[i] != cell) {
		v->copy[i] = cell;
		v->cells[i] = cell;
	}
}

static void vga_init(struct vga *v)
{
	v->ports = bss_keep(pcdev_ports(PCDEV));
	if (!(ioport_in8(v->ports, MISC_READ) & MISC_COLOUR))
		bss_throw(BSS_E_INVAL, ENODEV, "vga: a monochrome adapter (not supported)");
	ioport_out8(v->ports, GC_INDEX, GC_MISC);
	if (ioport_in8(v->ports, GC_DATA) & GC_GRAPHICS)
		bss_throw(BSS_E_INVAL, ENODEV,
			  "vga: the adapter is in a graphics mode, and no BIOS call can set text "
			  "mode from long mode");
	/* geometry: characters per line, and scan lines / character height */
	uint32_t ov = crtc(v, CRTC_OVERFLOW);
	uint32_t lines = (crtc(v, CRTC_VDISP_END) | (ov & 0x02) << 7 | (ov & 0x40) << 3) + 1;
	v->cols = crtc(v, CRTC_HDISP_END) + 1;
	v->rows = lines / ((crtc(v, CRTC_MAX_SCAN) & 0x1f) + 1);
	if (!v->cols || !v->rows || v->cols * v->rows > MAX_CELLS || crtc(v, CRTC_START_HI))
		throwf(ENODEV, "vga: unexpected text geometry %ux%u (start %u)", v->cols, v->rows,
		       crtc(v, CRTC_START_HI));
	v->mem = bss_keep(pcdev_mem(PCDEV));
	v->cells = (volatile uint16_t *)(uintptr_t)mmio_map(v->mem);
	for (uint32_t i = 0; i < v->cols * v->rows; i++)
		v->copy[i] = v->cells[i];
	v->top = 0;
	v->nrows = v->rows;
	v->attr = 0x07;
	/* go on where the firmware's cursor is */
	uint32_t at = crtc(v, CRTC_CURSOR_HI) << 8 | crtc(v, CRTC_CURSOR_LO);
	if (at < v->cols * v->rows) {
		v->row = at / v->cols;
		v->col = at % v->cols;
	}
}

uint32_t vga_size(struct vga *v)
{
	return v->cols | v->rows << 16;
}

static void scroll(struct vga *v)
{
	uint32_t first = v->top * v->cols, n = (v->nrows - 1) * v->cols;

	for (uint32_t i = 0; i < n; i++)
		set(v, first + i, v->copy[first + v->cols + i]);
	for (uint32_t i = 0; i < v->cols; i++)
		set(v, first + n + i, (uint16_t)(v->attr << 8 | ' '));
}

static void newline(struct vga *v)
{
	v->col = 0;
	if (v->row + 1 < v->top + v->nrows)
		v->row++;
	else
		scroll(v);
}

void vga_write(struct vga *v, const void *text, uint32_t len)
{
	const uint8_t *t = text;

	for (uint32_t i = 0; i < len; i++) {
		uint8_t c = t[i];
		if (c == '\n') {
			newline(v);
		} else if (c == '\r') {
			v->col = 0;
		} else if (c == '\b') {
			if (v->col)
				v->col--;
		} else if (c == '\t') {
			v->col = (v->col + 8) & ~7u;
			if (v->col >= v->cols)
				newline(v);
		} else {
			if (v->col >= v->cols)
				newline(v);
			set(v, v->row * v->cols + v->col++, (uint16_t)(v->attr << 8 | c));
		}
	}
}

void vga_colour(struct vga *v, uint32_t attr)
{
	v->attr = (uint8_t)attr;
}

void vga_window(struct vga *v, uint32_t top, uint32_t rows)
{
	if (!rows || top >= v->rows || rows > v->rows - top)
		throwf(EINVAL, "vga: window %u+%u outside the %u rows", top, rows, v->rows);
	v->top = top;
	v->nrows = rows;
	v->row = top;
	v->col = 0;
}

void vga_put(struct vga *v, uint32_t pos, uint32_t attr, const void *text, uint32_t len)
{
	uint32_t col = pos & 0xffff, row = pos >> 16;
	const uint8_t *t = text;

	if (row >= v->rows)
		throwf(EINVAL, "vga: row %u outside the %u rows (column %u)", row, v->rows, col);
	for (uint32_t i = 0; i < len && col + i < v->cols; i++)
		set(v, row * v->cols + col + i, (uint16_t)((attr & 0xff) << 8 | t[i]));
}

void vga_cursor(struct vga *v, uint32_t pos)
{
	uint32_t col = pos & 0xffff, row = pos >> 16;
	uint32_t start = crtc(v, CRTC_CURSOR_START);

	if (col >= v->cols || row >= v->rows) {
		crtc_set(v, CRTC_CURSOR_START, start | CURSOR_OFF);
		return;
	}
	uint32_t at = row * v->cols + col;
	crtc_set(v, CRTC_CURSOR_HI, at >> 8);
	crtc_set(v, CRTC_CURSOR_LO, at & 0xff);
	crtc_set(v, CRTC_CURSOR_START, start & ~(uint32_t)CURSOR_OFF);
}

void vga_clear(struct vga *v)
{
	for (uint32_t i = v->top * v->cols; i < (v->top + v->nrows) * v->cols; i++)
		set(v, i, (uint16_t)(v->attr << 8 | ' '));
	v->row = v->top;
	v->col = 0;
}
