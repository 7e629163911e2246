// The broken driver of tests/isolate/crash.test: the ported 8139too with a
// wild write into the kernel's first page of code where its RX path starts,
// so the first frame the peer sends crashes it.
@@
identifier f = rtl8139_rx;
@@
 f(...) {
+	*(volatile unsigned int *)0x100000 = 0xdeadbeef;
 ...
 }
