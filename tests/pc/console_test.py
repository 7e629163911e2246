#!/usr/bin/env python3
"""The console in QEMU (docs/pc-hardware.md), driven like a person would:
keys through the monitor's sendkey, the screen read back from the VGA text
buffer (pmemsave of 0xb8000), the serial port through a socket. Prints one
PASS/FAIL line per check (tools/run-tests counts them).

    console_test.py WORKDIR [SHOT.png SHOT.txt]

Boots tools/qemu-sys 6.1 on QEMU's user network (the peer, 10.0.2.2, is
QEMU itself). With SHOT.png, a screendump of the final screen is written
there as PNG and its text to SHOT.txt."""
import calendar
import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qmon  # noqa: E402
from check import result  # noqa: E402 (tests/harness/check.py)

COLS, ROWS = 80, 25
WAIT = 90  # seconds a step may take on a loaded host (only a limit, never expected)
failed = 0


def check(name, ok, why=''):
    global failed
    failed += not ok
    return result(name, ok, why)


class Serial:
    """The guest's COM1: everything it sends, kept; what the test types."""

    def __init__(self, path):
        self.buf = b''
        self.lock = threading.Lock()
        deadline = time.monotonic() + WAIT
        while True:
            self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.s.connect(path)
                break
            except OSError:
                self.s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        # always drained: a UART whose output nobody takes stalls the guest
        while True:
            try:
                d = self.s.recv(65536)
            except OSError:
                return
            if not d:
                return
            with self.lock:
                self.buf += d

    def text(self):
        with self.lock:
            return self.buf.decode('latin-1').replace('\r', '')

    def send(self, data):
        self.s.sendall(data)

    def wait(self, pattern, start=0, timeout=WAIT):
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = rx.search(self.text(), start)
            if m:
                return m
            time.sleep(0.1)
        return None


class Console:
    def __init__(self, work):
        self.work = work
        self.dump = os.path.join(work, 'screen.bin')

    def screen(self):
        return self.mon.screen(self.dump, COLS, ROWS)

    def rows(self):
        return [t for t, _ in self.screen()]

    def wait_row(self, pattern, timeout=WAIT):
        """The screen once some row matches pattern, and the match (None: timed out)."""
        return self.mon.wait_screen(self.dump, pattern, timeout)

    def command(self, line, expect, timeout=WAIT):
        """Types line and Enter; waits until a row matches expect."""
        self.mon.type(line + '\n')
        return self.wait_row(expect, timeout)


def input_row(scr):
    return scr[ROWS - 1][0].rstrip()


def log_rows(scr):
    return [t.rstrip() for t, _ in scr[1:ROWS - 1]]


def wrapped(lines):
    out = []
    for line in lines:
        line = ''.join(c if 32 <= ord(c) < 127 or c == '\t' else '?' for c in line)
        while len(line) > COLS:
            out.append(line[:COLS].rstrip())
            line = line[COLS:]
        out.append(line.rstrip())
    return out


def main():
    work = sys.argv[1]
    shot = sys.argv[2:4]
    sersock = os.path.join(work, 'serial.sock')
    monsock = os.path.join(work, 'monitor.sock')
    env = dict(os.environ, QSYS_DIR=os.path.join(work, 'qsys'))
    qemu = subprocess.Popen(
        ['tools/qemu-sys', '6.1', 'user', 'unix:%s,server=on,wait=on' % sersock,
         '-monitor', 'unix:%s,server=on,wait=off' % monsock],
        env=env, stdout=open(os.path.join(work, 'qemu.out'), 'w'), stderr=subprocess.STDOUT)
    c = Console(work)
    try:
        ser = Serial(sersock)
        c.mon = qmon.Monitor(monsock, WAIT)
        run(c, ser, shot)
    finally:
        qemu.kill()
        qemu.wait()
        with open(os.path.join(work, 'serial.log'), 'w') as f:
            f.write(ser.text() if 'ser' in locals() else '')
    return 1 if failed else 0


def run(c, ser, shot):
    # ---- boot: the log on both, the status line, the prompt ----
    up = ser.wait(r'^netboot: ready$')
    if not check('boot', up is not None, 'no "netboot: ready" on the serial port'):
        return
    scr, m = c.wait_row(r'^netboot: ready')
    check('log-on-screen', m is not None, 'the log line "netboot: ready" is not on the screen')
    scr, m = c.wait_row(r'^bss>$')
    check('prompt-on-screen', m is not None and input_row(scr) == 'bss>',
          'no prompt on the last row: %r' % input_row(scr))
    status, attrs = scr[0]
    check('status-line', re.match(r' BSS  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  up \d+:\d\d:\d\d  '
                                  r'nic0 10\.0\.2\.15', status) is not None and
          set(attrs) == {0x1f}, 'row 0 is %r (colours %s)' % (status, sorted(set(attrs))))
    # the screen is the log: its rows are the serial port's last lines, wrapped
    tail = ser.text()[:ser.wait(r'^netboot: ready$').end()].split('\n')
    want = wrapped(tail)[-(ROWS - 2):]
    got = log_rows(c.screen())
    check('screen-matches-log', got == want,
          'rows 1-23 differ from the log: first difference at row %s: %r vs %r' % next(
              ((i + 1, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w),
              ('?', got[-1:], want[-1:])))

    # ---- the keyboard: keys, line editing, modifiers, the US layout ----
    c.mon.type('dat')
    scr, m = c.wait_row(r'^bss> dat$')
    check('keys-echo-on-input-row', m is not None and input_row(scr) == 'bss> dat',
          'the last row is %r' % input_row(scr))
    check('input-row-colours', scr[ROWS - 1][1][:5] == bytes([0x0e] * 5) and
          scr[ROWS - 1][1][5] == 0x0f, 'attributes %s' % scr[ROWS - 1][1][:8].hex())
    c.mon.type('x\b')  # a typo, taken back with Backspace
    c.mon.key('ctrl-u')  # the whole line away
    scr, m = c.command('help', r'^  ping +ADDR \[COUNT\] +ICMP echo')
    check('keys-reach-command-line', m is not None,
          'help did not run; rows: %s' % log_rows(scr)[-3:])
    rows = [t.rstrip() for t, _ in scr]
    cmd_row = next((i for i, r in enumerate(rows) if r == 'bss> help'), None)
    check('ctrl-u-and-backspace', cmd_row is not None,
          'no row "bss> help" (the editing keys did not clear "datx")')
    if cmd_row is not None:
        check('command-colour', set(scr[cmd_row][1][:9]) == {0x0e},
              'the command row has colours %s' % scr[cmd_row][1][:9].hex())
    check('help-on-serial', ser.wait(r'^bss> help\n(  .*\n){9}  clear ') is not None,
          'the help text is not on the serial port')

    # shift, caps lock and symbols: an unknown command echoes what the layout made
    c.mon.type('Ab_')
    c.mon.key('caps_lock')
    c.mon.type('cd')
    c.mon.key('shift-e')
    c.mon.key('caps_lock')
    c.mon.type('-1.2/3;=,')
    for k in ('shift-slash', 'shift-2', 'shift-0', 'shift-backslash', 'shift-apostrophe',
              'grave_accent', 'bracket_left', 'shift-bracket_right'):
        c.mon.key(k)
    c.mon.type('\n')
    want = 'Ab_CDe-1.2/3;=,?@)|"`[}'
    scr, m = c.wait_row(r'^' + re.escape(want) + r': unknown command')
    check('us-layout-shift-caps', m is not None,
          'expected "%s: unknown command"; rows: %s' % (want, log_rows(scr)[-2:]))

    # ---- the RTC: its date is the host's ----
    t0 = time.time()
    scr, m = c.command('date', r'^date: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC \(unix (\d+)\)')
    t1 = time.time()
    if check('date-command', m is not None, 'no date line; rows: %s' % log_rows(scr)[-2:]):
        rtc = int(m.group(2))
        shown = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(rtc))
        # the RTC counts whole seconds; between t0 and t1 the guest read it
        check('rtc-date-is-host-date', t0 - 2 <= rtc <= t1 + 2,
              'RTC %d, host %.0f..%.0f' % (rtc, t0, t1))
        check('rtc-date-format', m.group(1) == shown,
              '%s is not the date of %d (%s)' % (m.group(1), rtc, shown))
    # redrawn twice a second from the RTC: it catches up with the host's clock
    # (however slow a loaded host makes the guest) and never runs ahead of it
    t0 = time.time()
    deadline = time.monotonic() + WAIT
    while True:
        status = c.rows()[0]
        t1 = time.time()
        m = re.search(r'(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC', status)
        shown = m and calendar.timegm(time.strptime(m.group(1), '%Y-%m-%d %H:%M:%S'))
        if not m or shown > t1 + 2 or shown >= t0 - 2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if check('status-clock', m is not None, 'no time in %r' % status):
        check('status-clock-is-host-time', t0 - 2 <= shown <= t1 + 2,
              'status %s, host %.0f..%.0f' % (m.group(1), t0, t1))

    # ---- the system: servers, threads, drivers, network ----
    scr, m = c.command('servers', r'^  console#\d+ +refs \d+ +locals \d+ +threads \d+')
    check('servers-command', m is not None, 'no console line; rows: %s' % log_rows(scr)[-2:])
    scr, m = c.command('threads', r'^  thread \d+ +blocked +in ps2kbd#\d+')
    check('threads-command', m is not None,
          'no thread waiting in the keyboard driver; rows: %s' % log_rows(scr)[-3:])
    scr, m = c.command('drivers', r'^  \d\d:\d\d\.\d 10ec:8139 rtl8139-6\.1#\d+, NIC of stack nic0')
    check('drivers-nic', m is not None, 'no line for the NIC; rows: %s' % log_rows(scr)[-3:])
    rows = log_rows(scr)
    for dev, drv in (('kbd', 'ps2kbd'), ('vga', 'vga'), ('com1', 'serial'), ('rtc', 'rtc')):
        check('drivers-%s' % dev, any(re.match(r'  %s ports .* driver %s#\d+$' % (dev, drv), r)
                                     for r in rows), 'no line for %s' % dev)
    check('drivers-pit-is-kernel', any(r.startswith('  pit ports 0x40/4 irq 0 kernel')
                                       for r in rows), 'no line for the PIT')
    scr, m = c.command('ping 10.0.2.2 3', r'^ping 10\.0\.2\.2: 3 sent, (\d) received')
    rows = log_rows(scr)
    # each echo has a second to come back; a host too loaded for that loses one, not all
    check('ping-from-console', m is not None and int(m.group(1)) >= 1 and all(
        any(re.match(r'ping 10\.0\.2\.2: seq %d: (reply in \d+\.\d{3} ms \(stack nic0\)|'
                     r'no reply within 1 s)$' % q, r) for r in rows) for q in (1, 2, 3)),
          'rows: %s' % rows[-4:])
    scr, m = c.command('net', r'^  icmp\.rx (\d+)')
    rows = log_rows(scr)
    check('net-statistics', m is not None and int(m.group(1)) >= 1 and any(
        re.match(r'stack nic0: 10\.0\.2\.15/24 link 100 Mbit/s mac 52:54:00:12:34:56$', r)
        for r in rows) and any(re.match(r'  driver rtl8139-6\.1#\d+$', r) for r in rows),
          'rows: %s' % rows[-6:])

    # ---- reloading drivers ----
    scr, m = c.command('reload kbd', r'^reload: kbd: ps2kbd#(\d+) -> ps2kbd#(\d+)$')
    if check('reload-kbd', m is not None and m.group(1) != m.group(2),
             'rows: %s' % log_rows(scr)[-3:]):
        old, new = m.groups()
        scr, m2 = c.command('servers', r'^  ps2kbd#%s +refs' % new)
        rows = log_rows(scr)
        check('reload-kbd-new-driver-types', m2 is not None,
              'the new keyboard driver does not take keys; rows: %s' % rows[-3:])
        check('reload-kbd-old-driver-gone', not any(r.startswith('  ps2kbd#%s ' % old)
                                                    for r in rows),
              'ps2kbd#%s still runs' % old)
    scr, m = c.command('reload vga', r'^reload: vga: vga#(\d+) -> vga#(\d+)$')
    check('reload-vga', m is not None and m.group(1) != m.group(2) and
          scr[0][0].startswith(' BSS  ') and input_row(scr) == 'bss>',
          'rows: %s' % [t.rstrip() for t, _ in scr][-3:])
    scr, m = c.command('date', r'^date: .* UTC \(unix \d+\)$')
    check('reload-vga-screen-works', m is not None, 'the new screen shows no date line')
    # the PCI bus server restarts the NIC's driver, the stack re-attaches (docs/recovery.md)
    scr, m = c.command('reload nic0', r'^reload: PCI \d\d:\d\d\.\d: rtl8139-6\.1#(\d+) -> '
                       r'rtl8139-6\.1#(\d+)$')
    if check('reload-nic', m is not None and m.group(1) != m.group(2),
             'rows: %s' % log_rows(scr)[-2:]):
        scr, m = c.command('ping 10.0.2.2 3', r'^ping 10\.0\.2\.2: 3 sent, (\d) received')
        check('reload-nic-stack-answers', m is not None and int(m.group(1)) >= 1,
              'rows: %s' % log_rows(scr)[-4:])
    scr, m = c.command('reload pit', r'^reload: pit: pc: the kernel drives that device itself$')
    check('reload-pit-refused', m is not None, 'rows: %s' % log_rows(scr)[-2:])

    # ---- the serial port's command line ----
    start = len(ser.text())
    ser.send(b'date\r')
    # the echo while typing ends with an erase (ESC [ K); then the log's own line
    m = ser.wait(r'\x1b\[Kbss> date\ndate: .* UTC \(unix \d+\)$', start)
    check('serial-command-line', m is not None,
          'no date after typing on the serial port: %r' % ser.text()[start:][-200:])
    scr, m = c.wait_row(r'^date: .* UTC')
    check('serial-command-on-screen', m is not None and
          [t.rstrip() for t, _ in scr].count('bss> date') >= 1, 'not on the screen')

    # ---- a screenshot for the README ----
    if shot:
        c.command('clear', r'^bss>$')
        c.command('date', r'^date: ')
        c.command('ping 10.0.2.2 2', r'^ping 10\.0\.2\.2: 2 sent')
        c.command('drivers', r'NIC of stack nic0')
        scr, m = c.wait_row(r'^  00:03\.0 10ec:8139')
        check('clear', [t.rstrip() for t, _ in scr][1] == 'bss> date',
              'row 1 after clear is %r' % scr[1][0].rstrip())
        ppm = os.path.join(c.work, 'shot.ppm')
        c.mon.cmd('screendump "%s"' % ppm)
        ok = os.path.exists(ppm) and subprocess.call(['tools/ppm2png', ppm, shot[0]]) == 0
        with open(shot[1], 'w') as f:
            f.write('\n'.join(t.rstrip() for t, _ in c.screen()) + '\n')
        with open(shot[0], 'rb') as f:
            head = f.read(24)
        check('screendump', ok and head[:8] == b'\x89PNG\r\n\x1a\n' and
              head[16:24] == (720).to_bytes(4, 'big') + (400).to_bytes(4, 'big'),
              'no 720x400 PNG from screendump')
        same_as_docs(shot[1])


def masked(text):
    # times, numbers, server IDs and a ping lost on a loaded host differ from
    # run to run; the rest may not
    text = re.sub(r'no reply within 1 s', 'reply in 0.000 ms (stack nic0)', text)
    text = re.sub(r', round trip .*', '', text)
    return re.sub(r'\d+', '#', text)


def same_as_docs(txt):
    """docs/console.png and .txt (and the README's copy of the text) show what
    this run shows, up to the numbers: else they need regenerating."""
    with open(txt) as f:
        now = f.read()
    try:
        with open('docs/console.txt') as f:
            docs = f.read()
        with open('README.md') as f:
            readme = f.read()
    except OSError as e:
        check('screenshot-in-docs-current', False, str(e))
        return
    check('screenshot-in-docs-current', masked(now) == masked(docs),
          'the console no longer looks like docs/console.txt: '
          'cp build/reports/console.png build/reports/console.txt docs/')
    check('screenshot-in-readme', all(line in readme for line in docs.split('\n') if line),
          'README.md does not show docs/console.txt')


if __name__ == '__main__':
    sys.exit(main())
