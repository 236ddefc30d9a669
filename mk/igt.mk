# IGT (i915's own test suite) in mvgpu guests. Included from the top-level
# Makefile; see docs/igt.md.
#
#   make check-igt        every group of tests/guest/igt/groups on both
#                         kernels; writes the table into docs/igt.md
#   make check-igt-pass   tests/guest/igt/check.list on both kernels: the
#                         subtests that pass; any other result fails (in
#                         make check)
#
# IGT's source is test equipment beside the repository, never in it: a
# release tarball (or tree) at IGT_SRC. Without it both targets say so in
# one line and succeed; guest-images then builds no igt image.

IGT_SRC ?= ../shared/igt/igt-gpu-tools-1.27.1.tar.xz
IGT_OUT ?= $(BUILD)/igt
IGT_GROUPS ?= $(sort $(wildcard tests/guest/igt/groups/*.list))
IGT_CHECK_LIST ?= tests/guest/igt/check.list
# What build-igt.sh builds: every test these lists name.
IGT_LISTS = $(IGT_GROUPS) $(IGT_CHECK_LIST)
IGT_DOC ?= docs/igt.md
IGT_NO_SOURCE = no IGT source at $(IGT_SRC) (set IGT_SRC=tarball or tree)

IGT_RUN = /usr/bin/python3 scripts/guest/run-igt --qemu $(QEMU_BIN) \
	--images $(GUEST_OUT) --logs $(GUEST_LOGS) --work $(IGT_OUT) \
	--results $(IGT_OUT)/results $(foreach k,$(GUEST_KERNELS),--kernel $(k))

.PHONY: check-igt check-igt-pass

# Like check-guest they need QEMU and the images (guest-images builds the
# igt image when the source is there).
check-igt: qemu guest-images
	@if [ ! -e "$(IGT_SRC)" ]; then echo "check-igt: $(IGT_NO_SOURCE): skipped"; exit 0; fi; \
	$(IGT_RUN) $(foreach g,$(IGT_GROUPS),--group $(basename $(notdir $(g)))) --doc $(IGT_DOC)

check-igt-pass: qemu guest-images
	@if [ ! -e "$(IGT_SRC)" ]; then echo "check-igt-pass: $(IGT_NO_SOURCE): skipped"; exit 0; fi; \
	$(IGT_RUN) --check $(IGT_CHECK_LIST)
