/* The two legacy 8259 interrupt controllers, remapped to vectors 32..47. */
#ifndef ARCH_PIC_H
#define ARCH_PIC_H

/* Remaps and masks every IRQ (except the cascade, IRQ 2). */
void pic_init(void);
void pic_mask(unsigned irq);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);

/*
 * Whether irq (7 or 15) is a spurious interrupt: one the PIC raised and
 * withdrew.  Those must not be handled or acknowledged at their own PIC;
 * for a spurious IRQ 15 this sends the master its EOI for the cascade.
 */
int pic_spurious(unsigned irq);

#endif
