# Guest tests of mvgpu: Debian kernels + busybox initramfs under QEMU.
# Included from the top-level Makefile; paths are relative to the repository
# root. See docs/guest-tests.md.
#
#   make guest-images   kernels 6.1 and 6.12, base, tools and mesa initramfs
#                       (and igt, with IGT's source: mk/igt.mk)
#   make guest-nested   the nested image: tools + our QEMU and its qtest
#   make check-guest    every scenario on both kernels, summary at the end
#   make bench-guest    boot-to-init JSON lines, std beside mvgpu
#   make run-guest      interactive tools image (serial shell, SDL or VNC)
#   make bench-corpus   record guest workloads (x-record), bench the scan on them

BUILD ?= build
QEMU_BIN ?= $(BUILD)/qemu-system-x86_64

GUEST_OUT ?= $(BUILD)/guest
GUEST_LOGS ?= $(BUILD)/guest-logs
GUEST_KERNELS ?= 6.1 6.12
# Every scenario; each one names its display and image in its header
# ("# mvgpu: display=std image=base timeout=90"), which run-scenario follows.
GUEST_SCENARIOS ?= $(sort $(wildcard tests/guest/*.sh))
# Scenarios that also run on -M pc (PIIX3: i915 infers the PCH from it).
GUEST_PC_SCENARIOS ?= tests/guest/i915-kms.sh
# Scenarios that also boot through UEFI (Debian's OVMF) instead of SeaBIOS.
GUEST_OVMF_SCENARIOS ?= tests/guest/i915-kms.sh
GUEST_BENCH_REPEAT ?= 3
# Scenarios that print "BENCH {json}" lines (figures, not checks).
GUEST_BENCH_SCENARIOS ?= $(sort $(wildcard tests/guest/bench/*.sh))
# Scenarios whose workloads `make bench-corpus` records: driver init alone,
# then the GT and blitter tests, Mesa's 3D and compute batches (iris) and
# anv's compute and transfer batches.
# One corpus per scenario and kernel.
GUEST_CORPUS_SCENARIOS ?= tests/guest/i915-load.sh tests/guest/i915-gt.sh \
	tests/guest/i915-blit.sh tests/guest/mesa-render.sh \
	tests/guest/vulkan-compute.sh
GUEST_CORPUS ?= $(BUILD)/corpus
# make run-guest GUEST_KERNEL=6.1 GUEST_DISPLAY=std
GUEST_KERNEL ?= 6.12
GUEST_DISPLAY ?= mvgpu
# GUEST_KVM=1 uses KVM where /dev/kvm works (TCG otherwise).
GUEST_KVM ?=
# GUEST_BOOT=pvh boots the uncompressed vmlinux through QEMU's PVH entry
# (faster under TCG, no BIOS/VGA text console); default: bzImage via SeaBIOS.
GUEST_BOOT ?=

GUEST_RUN = /usr/bin/python3 scripts/guest/run-scenario --qemu $(QEMU_BIN) \
	--images $(GUEST_OUT) --logs $(GUEST_LOGS) $(if $(GUEST_KVM),--kvm) \
	$(if $(GUEST_BOOT),--boot $(GUEST_BOOT))

.PHONY: guest-images guest-nested check-guest bench-guest bench-corpus run-guest

# With IGT's source (mk/igt.mk: IGT_SRC) the igt image too: the tests the
# lists name, built on the host into $(IGT_OUT). Then the firmware image
# (base + i915's DMC from firmware-misc-nonfree).
guest-images:
	@if [ -e "$(IGT_SRC)" ]; then \
	    bash scripts/guest/build-igt.sh "$(IGT_SRC)" $(IGT_OUT) $(IGT_LISTS) && \
	    bash scripts/guest/build-images.sh --igt $(IGT_OUT)/tree $(GUEST_OUT); \
	else \
	    echo "guest-images: $(IGT_NO_SOURCE), so no igt image"; \
	    bash scripts/guest/build-images.sh $(GUEST_OUT); \
	fi
	bash scripts/guest/build-firmware-image.sh $(GUEST_OUT)

# After QEMU and the tools image: it carries both (tests/guest/drm-qtest.sh).
guest-nested: qemu guest-images
	bash scripts/guest/build-nested-image.sh $(GUEST_OUT) $(QEMU_BUILD)

check-guest: qemu guest-images guest-nested
	@mkdir -p $(GUEST_LOGS); summary=$(GUEST_LOGS)/summary.txt; : >$$summary; fail=0; \
	for k in $(GUEST_KERNELS); do \
	    for s in $(GUEST_SCENARIOS) $(addprefix pc:,$(GUEST_PC_SCENARIOS)) \
	             $(addprefix ovmf:,$(GUEST_OVMF_SCENARIOS)); do \
	        m=q35; f=seabios; \
	        case $$s in pc:*) m=pc; s=$${s#pc:};; ovmf:*) f=ovmf; s=$${s#ovmf:};; esac; \
	        echo "== $$s on kernel $$k, machine $$m, firmware $$f"; \
	        $(GUEST_RUN) --kernel $$k --machine $$m --firmware $$f --summary-file $$summary $$s; \
	        rc=$$?; \
	        if [ $$rc -ne 0 ]; then \
	            fail=1; \
	            [ $$rc -eq 1 ] || echo "ERR  $$s $$k $$m: run-scenario could not run (status $$rc)" >>$$summary; \
	        fi; \
	    done; \
	done; \
	echo; echo "== guest scenarios (logs in $(GUEST_LOGS)):"; cat $$summary; \
	if [ $$fail -ne 0 ]; then echo "check-guest: FAILED"; else echo "check-guest: all passed"; fi; \
	exit $$fail

bench-guest: qemu guest-images guest-nested
	@fail=0; \
	for k in $(GUEST_KERNELS); do \
	    for d in std mvgpu; do \
	        $(GUEST_RUN) --bench --repeat $(GUEST_BENCH_REPEAT) --kernel $$k --display $$d || fail=1; \
	    done; \
	    for s in $(GUEST_BENCH_SCENARIOS); do \
	        $(GUEST_RUN) --quiet --kernel $$k $$s >/dev/null || fail=1; \
	        sed -n 's/^BENCH //p' $(GUEST_LOGS)/$$(basename $$s .sh)-$$k-mvgpu/serial.log | tr -d '\r'; \
	    done; \
	done; \
	exit $$fail

bench-corpus: qemu guest-images $(UNIT_BUILD)/build.ninja
	ninja -C $(UNIT_BUILD) tests/bench/bench-scan >/dev/null
	@fail=0; \
	for k in $(GUEST_KERNELS); do \
	    for s in $(GUEST_CORPUS_SCENARIOS); do \
	        dir=$(GUEST_CORPUS)/$$k-$$(basename $$s .sh); rm -rf $$dir; \
	        $(GUEST_RUN) --quiet --kernel $$k --record $$dir $$s >/dev/null || fail=1; \
	        $(UNIT_BUILD)/tests/bench/bench-scan $$dir || fail=1; \
	    done; \
	done; \
	exit $$fail

run-guest: qemu guest-images
	$(GUEST_RUN) --interactive --kernel $(GUEST_KERNEL) --display $(GUEST_DISPLAY)
