/* COM1 console: polled output, 115200 8N1. */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H

#include <stddef.h>

void serial_init(void);
/* Writes n bytes; "\n" goes out as "\r\n" so terminals in raw mode look right. */
void serial_write(const char *s, size_t n);

#endif
