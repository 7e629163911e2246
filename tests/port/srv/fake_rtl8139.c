/*
 * A model of an RTL8139 behind the pcidev service, for hosted tests of the
 * ported driver: registers (BAR 0 as I/O ports, BAR 1 as MMIO, one model),
 * the 93C46 EEPROM's serial protocol on Cfg9346 (holding the MAC), reset,
 * interrupt status/mask, transmit (TxStatus write: the frame is taken from
 * TxAddr, counted, TxOK raised) and receive (a frame is written into the RX
 * ring and RxOK raised) - enough to probe, open, send and receive.
 * Test hooks, through cfg_write/cfg_read at offsets >= 0xf0:
 *   cfg_write(0xf0, 4, len)  receive a test frame of len bytes (pattern)
 *   cfg_read(0xf4, 4)        frames transmitted so far
 *   cfg_read(0xf8, 4)        length of the last transmitted frame
 *   cfg_read(0xfc, 4)        checksum (byte sum) of the last transmitted frame
 */
#include <bss/server.h>
#include <svc/pcidev.h>
#include <svc/ioport.h>
#include <svc/mmio.h>
#include <svc/irqline.h>
#include <svc/irqhandler.h>

static const uint16_t eeprom[64] = {0x8139, [7] = 0x5452, [8] = 0x1200, [9] = 0x5634};

struct dev {
	uint8_t r[256];
	uint32_t cmd;	   /* PCI command register */
	bss_ref_t handler; /* attached irqhandler */
	uint32_t ee_state, ee_bits, ee_n, ee_data, ee_do, ee_clk;
	uint32_t rx_off; /* where the chip writes the next frame */
	uint32_t tx_count, tx_len, tx_sum;
};

struct dev_io {
	struct dev *d;
};
static struct dev_io io_obj;

BSS_SERVER(PCIDEV, struct dev, fd);
BSS_LOCAL_SERVER(io_desc, IOPORT, struct dev_io, fio);
BSS_LOCAL_SERVER(mmio_desc, MMIO, struct dev_io, fmm);
BSS_LOCAL_SERVER(line_desc, IRQLINE, struct dev, fl);

/*
 * The chip sees 32-bit bus addresses; fake_dma hands out its addresses as
 * "physical", and in the hosted runtime every server image lies in one 4 GiB
 * window next to the runtime, so the upper half is this image's own.
 */
static void *dma_ptr(uint32_t bus)
{
	static const char here;

	return (void *)(((uintptr_t)&here & ~(uintptr_t)0xffffffffu) | bus);
}

static uint32_t rd(struct dev *d, uint32_t off, int n)
{
	uint32_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | d->r[(off + i) & 0xff];
	if (off == 0x50) /* Cfg9346: EEPROM data out in bit 0 */
		v = (v & ~1u) | d->ee_do;
	if (off == 0x64) /* BasicModeStatus: the link is up (a driver sends only then) */
		v |= 0x0004;
	return v;
}

static void irq(struct dev *d)
{
	uint16_t isr = d->r[0x3e] | d->r[0x3f] << 8, imr = d->r[0x3c] | d->r[0x3d] << 8;

	if ((isr & imr) && d->handler)
		irqhandler_handle(d->handler, 11);
}

static void eeprom_write(struct dev *d, uint8_t v)
{
	uint32_t cs = v & 0x08, clk = v & 0x04, di = !!(v & 0x02);

	if (!cs) {
		d->ee_state = d->ee_bits = d->ee_n = 0;
		d->ee_do = 0;
	} else if (clk && !d->ee_clk) {	      /* rising edge */
		if (d->ee_state == 0 && di) { /* start bit */
			d->ee_state = 1;
			d->ee_bits = d->ee_n = 0;
		} else if (d->ee_state == 1) { /* opcode (2) + address (6) */
			d->ee_bits = d->ee_bits << 1 | di;
			if (++d->ee_n == 8) {
				d->ee_data = (d->ee_bits >> 6) == 2 ? eeprom[d->ee_bits & 63] : 0;
				d->ee_state = 2;
				d->ee_n = 16;
			}
		} else if (d->ee_state == 2 && d->ee_n) {
			d->ee_do = (d->ee_data >> --d->ee_n) & 1;
		}
	}
	d->ee_clk = clk;
}

static void wr(struct dev *d, uint32_t off, uint32_t v, int n)
{
	off &= 0xff;
	if (off == 0x3e) { /* IntrStatus: write 1 to clear */
		d->r[0x3e] &= ~v;
		d->r[0x3f] &= ~(v >> 8);
		return;
	}
	for (int i = 0; i < n; i++)
		d->r[(off + i) & 0xff] = v >> (8 * i);
	if (off == 0x37 && (v & 0x10)) { /* reset: done at once, ring empty */
		d->r[0x37] = 0x01;
		d->rx_off = 0;
	}
	if (off == 0x50)
		eeprom_write(d, v);
	if (off >= 0x10 && off < 0x20 && n == 4) { /* TxStatus: send */
		uint32_t slot = (off - 0x10) / 4, len = v & 0x1fff;
		const uint8_t *buf = dma_ptr(rd(d, 0x20 + 4 * slot, 4));

		d->tx_count++;
		d->tx_len = len;
		d->tx_sum = 0;
		for (uint32_t i = 0; i < len; i++)
			d->tx_sum += buf[i];
		v = len | 0x2000 | 0x8000; /* host owns, TxStatOK */
		for (int i = 0; i < 4; i++)
			d->r[off + i] = v >> (8 * i);
		/*
		 * TxOK. A real chip interrupts later, never inside the driver's
		 * register write (which runs with the driver's lock taken and
		 * interrupts off): the model leaves the bit for the next
		 * interrupt it raises.
		 */
		d->r[0x3e] |= 0x04;
	}
	if (off == 0x38) { /* CAPR: empty when it reaches the write pointer */
		if (((v + 16) & 0xffff) % (32768) == d->rx_off % 32768)
			d->r[0x37] |= 0x01;
	}
}

static void receive(struct dev *d, uint32_t len)
{
	uint8_t *ring = dma_ptr(rd(d, 0x30, 4));
	uint8_t *p = ring + d->rx_off;
	uint32_t hdr = 0x0001 | (len + 4) << 16; /* RxStatusOK, size incl. CRC */

	for (int i = 0; i < 4; i++)
		p[i] = hdr >> (8 * i);
	for (uint32_t i = 0; i < len; i++)
		p[4 + i] = i < 6 ? 0xff : (uint8_t)(i * 7);
	d->rx_off = (d->rx_off + len + 8 + 3) & ~3u;
	d->r[0x37] &= ~0x01; /* buffer not empty */
	d->r[0x3e] |= 0x01;  /* RxOK */
	irq(d);
}

uint64_t fd_ids(struct dev *d)
{
	(void)d;
	return 0x10ec | 0x8139ull << 16 | 0x020000ull << 32 | 0x20ull << 56;
}
uint32_t fd_location(struct dev *d)
{
	(void)d;
	return 3 << 3;
}
uint32_t fd_irq_line(struct dev *d)
{
	(void)d;
	return 11;
}
void fd_bus_master(struct dev *d, uint32_t on)
{
	d->cmd = on ? d->cmd | 4 : d->cmd & ~4u;
}

uint32_t fd_cfg_read(struct dev *d, uint32_t off, uint32_t size)
{
	(void)size;
	switch (off) {
	case 0x04:
		return d->cmd;
	case 0x2c:
		return 0x11001af4;
	case 0xf4:
		return d->tx_count;
	case 0xf8:
		return d->tx_len;
	case 0xfc:
		return d->tx_sum;
	default:
		return 0;
	}
}

void fd_cfg_write(struct dev *d, uint32_t off, uint32_t size, uint32_t v)
{
	(void)size;
	if (off == 0x04)
		d->cmd = v;
	if (off == 0xf0)
		receive(d, v);
}

uint64_t fd_bar(struct dev *d, uint32_t n)
{
	(void)d;
	if (n == 0)
		return 256 | 1ull << 56;
	return n == 1 ? 256 : 0;
}

bss_ref_t fd_bar_io(struct dev *d, uint32_t n)
{
	if (n != 0)
		bss_throw(BSS_E_INVAL, EINVAL, "not an I/O BAR");
	io_obj.d = d;
	return bss_local(&io_desc, &io_obj);
}

bss_ref_t fd_bar_mmio(struct dev *d, uint32_t n)
{
	if (n != 1)
		bss_throw(BSS_E_INVAL, EINVAL, "not an MMIO BAR");
	io_obj.d = d;
	return bss_local(&mmio_desc, &io_obj);
}

bss_ref_t fd_attach_irq(struct dev *d, bss_ref_t handler)
{
	d->handler = bss_keep(handler);
	return bss_local(&line_desc, d);
}

/* an RTL8139 has no MSI capability */
bss_ref_t fd_attach_msi(struct dev *d, bss_ref_t handler)
{
	(void)d, (void)handler;
	bss_throw(BSS_E_INVAL, EOPNOTSUPP, "pcidev: function has no MSI capability");
}

void fd_disable_msi(struct dev *d)
{
	(void)d;
}

/* nor an MSI-X one */
bss_ref_t fd_attach_msix(struct dev *d, uint32_t entry, bss_ref_t handler)
{
	(void)d, (void)entry, (void)handler;
	bss_throw(BSS_E_INVAL, EOPNOTSUPP, "pcidev: function has no MSI-X capability");
}

void fd_detach_msix(struct dev *d, uint32_t entry)
{
	(void)d, (void)entry;
}

void fd_disable_msix(struct dev *d)
{
	(void)d;
}

void fl_mask(struct dev *d)
{
	(void)d;
}
void fl_unmask(struct dev *d)
{
	(void)d;
}
uint64_t fl_count(struct dev *d)
{
	(void)d;
	return 0;
}
uint64_t fl_msi(struct dev *d)
{
	(void)d;
	bss_throw(BSS_E_INVAL, EINVAL, "irqline: not message-signalled");
}

uint32_t fio_in8(struct dev_io *o, uint32_t off)
{
	return rd(o->d, off, 1);
}
uint32_t fio_in16(struct dev_io *o, uint32_t off)
{
	return rd(o->d, off, 2);
}
uint32_t fio_in32(struct dev_io *o, uint32_t off)
{
	return rd(o->d, off, 4);
}
void fio_out8(struct dev_io *o, uint32_t off, uint32_t v)
{
	wr(o->d, off, v, 1);
}
void fio_out16(struct dev_io *o, uint32_t off, uint32_t v)
{
	wr(o->d, off, v, 2);
}
void fio_out32(struct dev_io *o, uint32_t off, uint32_t v)
{
	wr(o->d, off, v, 4);
}
uint32_t fio_base(struct dev_io *o)
{
	(void)o;
	return 0xc000;
}
uint32_t fio_count(struct dev_io *o)
{
	(void)o;
	return 256;
}

/* A model, not ports: the caller uses the calls. */
uint32_t fio_grant(struct dev_io *o)
{
	(void)o;
	return 0;
}

uint32_t fmm_read8(struct dev_io *o, uint64_t off)
{
	return rd(o->d, off, 1);
}
uint32_t fmm_read16(struct dev_io *o, uint64_t off)
{
	return rd(o->d, off, 2);
}
uint32_t fmm_read32(struct dev_io *o, uint64_t off)
{
	return rd(o->d, off, 4);
}
void fmm_write8(struct dev_io *o, uint64_t off, uint32_t v)
{
	wr(o->d, off, v, 1);
}
void fmm_write16(struct dev_io *o, uint64_t off, uint32_t v)
{
	wr(o->d, off, v, 2);
}
void fmm_write32(struct dev_io *o, uint64_t off, uint32_t v)
{
	wr(o->d, off, v, 4);
}
uint64_t fmm_map(struct dev_io *o)
{
	(void)o;
	return 0;
}
uint64_t fmm_phys(struct dev_io *o)
{
	(void)o;
	return 0xfebf0000;
}
uint64_t fmm_size(struct dev_io *o)
{
	(void)o;
	return 256;
}
