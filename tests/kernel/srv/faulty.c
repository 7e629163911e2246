/*
 * faulty: a server that crashes on request (services/faulty.svc). Every
 * crash must come back to the caller as BSS_E_FAULT and destroy this server
 * with everything it holds (docs/recovery.md).
 */
#include <bss/pktdesc.h>
#include <bss/server.h>
#include <svc/dma.h>
#include <svc/dmamem.h>
#include <svc/faulty.h>
#include <svc/irq.h>
#include <svc/ioport.h>
#include <svc/irqhandler.h>
#include <svc/mmio.h>
#include <svc/runnable.h>
#include <svc/thread.h>
#include <svc/timer.h>

#define THREAD BSS_REQ(0)
#define TIMER BSS_REQ(1)
#define DMA BSS_REQ(2)
#define IRQ BSS_REQ(3)

struct fy {
	uint32_t pings;
	uint64_t depth;
	uint64_t limit; /* 0: none; only so the compiler sees a way out */
	volatile uint64_t spins;
	uint32_t ticks, irqs;
	bss_ref_t tmo, dma, handler, line; /* permanent, from hold() */
};

BSS_SERVER(FAULTY, struct fy, fy,
	   BSS_REQUIRES(THREAD_SVC_ID, TIMER_SVC_ID, DMA_SVC_ID, IRQ_SVC_ID));

/* Each level keeps a buffer live across the call, so no tail call and no folding. */
__attribute__((noinline)) static uint64_t recurse(struct fy *f, uint64_t n)
{
	volatile uint8_t buf[256];

	buf[n & 255] = (uint8_t)n;
	f->depth = n;
	if (f->limit && n >= f->limit)
		return n;
	return recurse(f, n + 1) + buf[n & 255];
}

/*
 * n system calls with the stack pointer 56 bytes above a page that nothing
 * has touched yet, 32 KiB below this frame: in an isolated server its
 * stack's pages are mapped when first touched, so the kernel must not push
 * anything below (an NMI arriving as SYSCALL enters ring 0 once did,
 * and double-faulted the machine). Returns how many came back.
 */
__attribute__((noinline)) static uint64_t edge_calls(uint64_t n)
{
	int (*near)(bss_ref_t) = bss_near;
	uint64_t sp, top, calls = 0;

	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	top = ((sp - 32768) & ~4095ull) + 64;
	__asm__ volatile("mov %%rsp, %%r12\n\t"
			 "mov %[top], %%rsp\n"
			 "1:\txor %%edi, %%edi\n\t"
			 "call *%[near]\n\t"
			 "inc %[calls]\n\t"
			 "dec %[n]\n\t"
			 "jnz 1b\n\t"
			 "mov %%r12, %%rsp"
			 : [n] "+r"(n), [calls] "+r"(calls)
			 : [top] "r"(top), [near] "r"(near)
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
			   "memory", "cc");
	return calls;
}

/*
 * Isolated only: enters a try block by its system call directly, with
 * `ret` where the stub's return address would be, then throws. The catch
 * resumes at ret in ring 3 by IRETQ, which raises its #GP in ring 0 for a
 * non-canonical address: the kernel must refuse such a try, not panic.
 * ret 1: a record pointer outside the space instead (and a good return).
 */
uint32_t fy_ping(struct fy *f);
__attribute__((noinline)) static uint64_t try_returning_to(uint64_t ret)
{
	const uint8_t *stub = (const uint8_t *)(uintptr_t)bss_try_enter;
	uint32_t idx = (uint32_t)stub[4] | (uint32_t)stub[5] << 8 | (uint32_t)stub[6] << 16 |
		       (uint32_t)stub[7] << 24;
	volatile uint64_t slot[2] = {ret == 1 ? (uint64_t)(uintptr_t)fy_ping : ret, 0};
	struct bss_try t;
	uint64_t r;

	if (stub[3] != 0xb8 || stub[8] != 0x0f || stub[9] != 0x05)
		bss_throw(BSS_E_INVAL, EINVAL, "faulty: not an isolated server's stub");
	__asm__ volatile("mov %%rsp, %%r12\n\t"
			 "mov %[slot], %%rsp\n\t"
			 "syscall\n\t"
			 "mov %%r12, %%rsp"
			 : "=a"(r)
			 : "a"(idx),
			   "D"(ret == 1 ? (struct bss_try *)0x10 : &t), [slot] "r"(&slot[0])
			 : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "r12", "memory", "cc");
	if (r == 0)
		bss_throw(BSS_E_INVAL, EINVAL, "faulty: thrown inside the forged try");
	return r;
}

uint64_t fy_fault(struct fy *f, uint32_t kind, uint64_t arg)
{
	volatile uint64_t a = arg;

	switch (kind) {
	case 0:
		return *(volatile uint64_t *)(uintptr_t)a;
	case 1:
		return 100 / a;
	case 2:
		__asm__ volatile("ud2");
		return 0;
	case 3:
		return recurse(f, 0);
	case 4:
		*(volatile uint64_t *)(uintptr_t)a = 1;
		return 0;
	case 5: /* a jump into nowhere (or into someone else's code) */
		return ((uint64_t(*)(void))(uintptr_t)a)();
	case 6: /* a bad pointer handed to the runtime */
		bss_debug((const char *)(uintptr_t)a, 16);
		return 0;
	case 7:
		bss_abort("faulty asked to fail");
	case 8:
		while (!f->limit)
			f->spins++;
		return f->spins;
	case 9:
		return *(volatile uint32_t *)(uintptr_t)a;
	case 10: {
		uint8_t v;
		__asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"((uint16_t)a));
		return v;
	}
	case 11:
		__asm__ volatile("outb %b0, %w1" : : "a"((uint8_t)0), "Nd"((uint16_t)a));
		return 0;
	case 12:
		return a ? edge_calls(a) : 0;
	case 13:
		return try_returning_to(a);
	case 14: { /* bss_keep_n writing to the pointer arg */
		bss_ref_t in[1] = {bss_self()};
		return bss_keep_n(in, (bss_ref_t *)(uintptr_t)a, 1);
	}
	case 15: { /* bss_unkeep_n reading the pointer arg */
		bss_ref_t out[1];
		return bss_unkeep_n((const bss_ref_t *)(uintptr_t)a, out, 1);
	}
	case 17: { /* bss_here_n writing its answers to the pointer arg */
		bss_ref_t in[1] = {bss_self()};
		struct bss_pkt_desc d[1] = {{.addr = 0x1000, .cap = 64, .flags = PKT_DESC_VALID}};
		return bss_here_n(in, d, (uint64_t *)(uintptr_t)a, 1);
	}
	case 18: { /* bss_same_n reading the pointer arg */
		bss_ref_t in[1] = {bss_self()};
		return bss_same_n(in, (const bss_ref_t *)(uintptr_t)a, 1);
	}
	case 16: /* a hang with the stack pointer gone (a wild return, a corrupt frame) */
		__asm__ volatile("mov %0, %%rsp\n1:\tjmp 1b" : : "r"(a) : "memory");
		return 0;
	}
	bss_printf("faulty: no fault kind %u\n", kind);
	return 0;
}

uint64_t fy_hw(struct fy *f, bss_ref_t io, bss_ref_t mm)
{
	uint64_t va = 0;

	(void)f;
	if (io) {
		if (!ioport_grant(io))
			bss_throw(BSS_E_INVAL, ENOSYS, "faulty: ioport.grant said no");
		uint16_t port = (uint16_t)ioport_base(io);
		uint8_t v;
		__asm__ volatile("outb %b0, %w1" : : "a"((uint8_t)0), "Nd"(port));
		__asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
		(void)v;
	}
	if (mm)
		va = mmio_map(mm);
	return va;
}

uint32_t fy_ping(struct fy *f)
{
	return ++f->pings;
}

uint32_t fy_near(struct fy *f, bss_ref_t r)
{
	(void)f;
	return (uint32_t)bss_near(r) | (uint32_t)bss_near(0) << 1;
}

/* A thread that waits in this server forever. */
void fw_run(struct fy *f)
{
	for (;;)
		bss_wait((uintptr_t)&f->pings);
}

/* A thread that sleeps in the timer server, in a call from this one. */
void fs_run(struct fy *f)
{
	(void)f;
	for (;;)
		timer_sleep_us(TIMER, 10000000);
}

/* A periodic timeout's body. */
void ft_run(struct fy *f)
{
	f->ticks++;
}

uint32_t fi_handle(struct fy *f, uint32_t line)
{
	(void)line;
	f->irqs++;
	return 0;
}

BSS_LOCAL_SERVER(waiter_desc, RUNNABLE, struct fy, fw);
BSS_LOCAL_SERVER(sleeper_desc, RUNNABLE, struct fy, fs);
BSS_LOCAL_SERVER(tick_desc, RUNNABLE, struct fy, ft);
BSS_LOCAL_SERVER(handler_desc, IRQHANDLER, struct fy, fi);

bss_ref_t fy_hold(struct fy *f, uint32_t line)
{
	thread_start(THREAD, bss_local(&waiter_desc, f));
	thread_start(THREAD, bss_local(&sleeper_desc, f));
	f->tmo = bss_keep(timer_after_us(TIMER, 1000, 1000, bss_local(&tick_desc, f)));
	f->dma = bss_keep(dma_alloc(DMA, 8192, 1));
	f->handler = bss_keep(bss_local(&handler_desc, f));
	f->line = bss_keep(irq_attach(IRQ, line, f->handler));
	return f->dma;
}
