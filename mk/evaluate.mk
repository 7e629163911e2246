# make evaluate: regenerates docs/results.md from the tools' reports (tools/evaluate).
.PHONY: evaluate
evaluate: all
	tools/bench-core
	-$(MAKE) reuse
	-$(MAKE) matrix
	BUILD=$(BUILD) $(PYTHON) tools/evaluate
