"""QEMU's human monitor over a Unix socket, for the console tests: typing
with sendkey, reading the VGA text buffer back (pmemsave of 0xb8000) and
screendump. Used by tests/pc/*.py; see docs/pc-hardware.md."""
import os
import re
import socket
import time

TEXT_BASE = 0xb8000

# sendkey names of the characters a test types (QEMU's qcode names)
KEYS = {' ': 'spc', '-': 'minus', '.': 'dot', '/': 'slash', '=': 'equal', ',': 'comma',
        ';': 'semicolon', '\n': 'ret', '\b': 'backspace', '\t': 'tab', ':': 'shift-semicolon',
        '_': 'shift-minus', '!': 'shift-1', '?': 'shift-slash'}


class Monitor:
    def __init__(self, path, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.s.connect(path)
                break
            except OSError:
                self.s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.s.settimeout(timeout)
        self._until_prompt()

    def _until_prompt(self):
        buf = b''
        while not buf.endswith(b'(qemu) '):
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError('monitor closed')
            buf += chunk
        return buf.decode('latin-1')

    def cmd(self, line):
        self.s.sendall(line.encode() + b'\n')
        out = self._until_prompt()
        # the monitor echoes the command (with terminal escapes) first
        return out.split('\r\n', 1)[1] if '\r\n' in out else ''

    def key(self, name):
        self.cmd('sendkey ' + name)

    def type(self, text, gap=0.05):
        """Types text as key presses (letters, digits, the KEYS table)."""
        for ch in text:
            if ch.isalpha() and ch.isupper():
                name = 'shift-' + ch.lower()
            elif ch.isalnum():
                name = ch
            else:
                name = KEYS[ch]
            self.key(name)
            time.sleep(gap)

    def screen(self, path, cols=80, rows=25):
        """The text screen as rows of (text, attributes)."""
        if os.path.exists(path):
            os.unlink(path)
        self.cmd('pmemsave 0x%x %d "%s"' % (TEXT_BASE, cols * rows * 2, path))
        with open(path, 'rb') as f:
            data = f.read()
        lines = []
        for r in range(rows):
            row = data[r * cols * 2:(r + 1) * cols * 2]
            lines.append((''.join(chr(b) if 32 <= b < 127 else '?' for b in row[0::2]),
                          bytes(row[1::2])))
        return lines

    def wait_screen(self, path, pattern, timeout=60):
        """Waits until some row (trailing blanks cut) matches pattern; returns
        (screen, match), match None if it timed out."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            scr = self.screen(path)
            for text, _ in scr:
                m = rx.search(text.rstrip())
                if m:
                    return scr, m
            if time.monotonic() > deadline:
                return scr, None
            time.sleep(0.2)

    def close(self):
        self.s.close()
