"""PASS/FAIL lines for the Python parts of the tests (peers run inside a
test's network namespace, analyses of a run's output), in the form
tools/run-tests counts; the Python twin of check.sh, which puts this
folder on PYTHONPATH (import check). Every Python check prints through
these; none prints its own.

    check.result(name, ok, why="", detail="")
        "PASS: name" (or "PASS: name (detail)") if ok, else "FAIL: name: why";
        returns ok
    check.failed    the number of FAIL lines printed so far
"""

failed = 0


def result(name, ok, why="", detail=""):
    global failed
    if ok:
        print("PASS: %s (%s)" % (name, detail) if detail else "PASS: %s" % name, flush=True)
    else:
        failed += 1
        print("FAIL: %s: %s" % (name, why), flush=True)
    return ok
