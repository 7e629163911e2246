# Targets of the make interface whose issues are still open: they fail with a
# clear message instead of silently doing nothing (see docs/status.md).
PENDING_TARGETS :=
.PHONY: $(PENDING_TARGETS)
$(PENDING_TARGETS):
	@echo "make $@: not implemented yet (see docs/status.md)" >&2; exit 1
