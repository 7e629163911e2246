# Loaded by "make gdb" after connecting to QEMU's gdb stub.
# Stop where the C code starts; the 32-bit boot path before it is best
# stepped with "set architecture i386" and "stepi".
hbreak kmain
continue
