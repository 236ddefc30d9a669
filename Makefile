# mvgpu: a QEMU 10.0 fork kept as an overlay. See README.md.
#
#   make              set up the host, fetch QEMU 10.0, overlay, build
#   make check        every test suite (unit, qtest, guest)
#   make check-unit   the device model's unit tests, no QEMU needed
#   make check-vmstate  the migration format against the released ones
#   make check-libvirt  the device in a libvirt domain (docs/libvirt.md)
#   make bench        benchmarks, JSON lines
#   make run          boot a demo VM on -device mvgpu (SDL, or VNC + SPICE)

BUILD      ?= build
QEMU_TREE  := $(BUILD)/qemu-src
QEMU_BUILD := $(BUILD)/qemu-build
QEMU_BIN   ?= $(BUILD)/qemu-system-x86_64
UNIT_BUILD := $(BUILD)/unit
UNIT_ASAN  := $(BUILD)/unit-asan
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_BIN   := $(FUZZ_BUILD)/tests/fuzz/fuzz-core
FUZZ_RECORD_BIN := $(FUZZ_BUILD)/tests/fuzz/fuzz-record
FUZZ_SECONDS ?= 600
MESON      := /usr/bin/meson
PYTHON     := /usr/bin/python3

# Let ccache hit across clones in different directories.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all setup qemu check check-unit check-qtest check-vmstate check-clients check-fuzz fuzz-record \
        check-libvirt \
        fuzz bench bench-core bench-mmio run clean distclean

all: qemu

# Host packages, from Debian's archive (idempotent; re-run when it changes).
$(BUILD)/.setup-done: scripts/setup-host.sh
	bash scripts/setup-host.sh
	@mkdir -p $(BUILD) && touch $@

setup: $(BUILD)/.setup-done

# Fetch (once), overlay our files and hook edits (every time: only changed
# files are copied), configure (once), build incrementally.
qemu: setup
	bash scripts/fetch-qemu.sh $(QEMU_TREE)
	bash scripts/overlay.sh . $(QEMU_TREE)
	bash scripts/configure-qemu.sh $(QEMU_TREE) $(QEMU_BUILD)
	ninja -C $(QEMU_BUILD) qemu-system-x86_64 tests/qtest/mvgpu-test
	ln -sfn qemu-build/qemu-system-x86_64 $(QEMU_BIN)
	@echo "mvgpu: built $(QEMU_BIN) against $$(cat $(QEMU_TREE)/.mvgpu-qemu-version)"

$(UNIT_BUILD)/build.ninja: | setup
	$(MESON) setup $(UNIT_BUILD) .

# The same tests again under AddressSanitizer and UBSan: a hostile guest must
# not make the core touch memory it does not own.
$(UNIT_ASAN)/build.ninja: | setup
	$(MESON) setup $(UNIT_ASAN) . -Db_sanitize=address,undefined -Db_lundef=false

check-unit: $(UNIT_BUILD)/build.ninja $(UNIT_ASAN)/build.ninja
	$(MESON) test -C $(UNIT_BUILD) --print-errorlogs --suite unit
	$(MESON) test -C $(UNIT_ASAN) --print-errorlogs --suite unit

check-qtest: qemu
	cd $(QEMU_BUILD) && QTEST_QEMU_BINARY=./qemu-system-x86_64 \
	    ./tests/qtest/mvgpu-test --tap -k

# The migration format: each released one (tests/vmstate/) must still load
# into the current build (QEMU's scripts/vmstate-static-checker.py).
check-vmstate: qemu
	bash scripts/check-vmstate.sh $(QEMU_BUILD)/qemu-system-x86_64 $(QEMU_TREE)

# libFuzzer over the whole core (tests/fuzz/fuzz-core.c), clang + ASan/UBSan.
$(FUZZ_BUILD)/build.ninja: | setup
	CC=clang $(MESON) setup $(FUZZ_BUILD) . -Dfuzzing=true \
	    -Db_sanitize=address,undefined -Db_lundef=false

$(FUZZ_BIN) $(FUZZ_RECORD_BIN): $(FUZZ_BUILD)/build.ninja FORCE
	ninja -C $(FUZZ_BUILD) tests/fuzz/fuzz-core tests/fuzz/fuzz-record

# make fuzz [FUZZ_SECONDS=600]: new inputs go to build/fuzz-corpus; merge the
# interesting ones into tests/fuzz/corpus with -merge=1 when worth keeping.
# make fuzz-record [FUZZ_SECONDS=600]: the same over workload recordings
# (tests/fuzz/fuzz-record.c, seeds in tests/fuzz/corpus-record).
fuzz: $(FUZZ_BIN)
	mkdir -p $(BUILD)/fuzz-corpus
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    $(BUILD)/fuzz-corpus tests/fuzz/corpus

fuzz-record: $(FUZZ_RECORD_BIN)
	mkdir -p $(BUILD)/fuzz-corpus-record
	$(FUZZ_RECORD_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	    $(BUILD)/fuzz-corpus-record tests/fuzz/corpus-record

# In make check: every saved input once, then a short seeded run of each.
check-fuzz: $(FUZZ_BIN) $(FUZZ_RECORD_BIN)
	$(FUZZ_BIN) -runs=0 tests/fuzz/corpus
	$(FUZZ_BIN) -seed=1 -runs=5000 -max_len=4096
	$(FUZZ_RECORD_BIN) -runs=0 tests/fuzz/corpus-record
	rm -rf $(BUILD)/fuzz-check-record; mkdir -p $(BUILD)/fuzz-check-record
	$(FUZZ_RECORD_BIN) -seed=1 -runs=5000 -max_len=16384 \
	    $(BUILD)/fuzz-check-record tests/fuzz/corpus-record

FORCE:

# Real display clients: a SPICE client and SDL under Xvfb see the image.
check-clients: qemu
	$(PYTHON) tests/clients/display-clients.py $(QEMU_BIN)

# Debian's libvirt runs a guest on the device: virsh start, screenshot,
# qemu-monitor-command, save/restore (tests/libvirt/libvirt-test.py, as
# root; it starts its own libvirtd). One TCG guest per kernel, ~30 s each.
check-libvirt: qemu guest-images
	@fail=0; for k in $(GUEST_KERNELS); do \
	    echo "== libvirt, kernel $$k"; \
	    $(PYTHON) tests/libvirt/libvirt-test.py --qemu $(QEMU_BIN) --kernel $$k \
	        --images $(GUEST_OUT) --logs $(BUILD)/libvirt-logs/$$k || fail=1; \
	done; exit $$fail

# check-guest (mk/guest.mk): Debian kernels with their stock i915 on mvgpu.
check: check-unit check-fuzz check-qtest check-vmstate check-clients check-guest check-igt-pass \
       check-libvirt

bench: bench-core bench-mmio bench-guest bench-corpus

bench-core: $(UNIT_BUILD)/build.ninja
	ninja -C $(UNIT_BUILD) tests/bench/bench-core tests/bench/bench-scanout \
	    tests/bench/bench-execlist tests/bench/bench-blit tests/bench/bench-scan \
	    tests/bench/bench-eu >/dev/null
	$(UNIT_BUILD)/tests/bench/bench-core
	$(UNIT_BUILD)/tests/bench/bench-scanout
	$(UNIT_BUILD)/tests/bench/bench-execlist
	$(UNIT_BUILD)/tests/bench/bench-blit
	$(UNIT_BUILD)/tests/bench/bench-scan
	$(UNIT_BUILD)/tests/bench/bench-eu

bench-mmio: qemu
	$(PYTHON) scripts/bench/mmio-bench.py $(QEMU_BIN)
	$(PYTHON) scripts/bench/scanout-bench.py $(QEMU_BIN)
	cd $(QEMU_BUILD) && QTEST_QEMU_BINARY=./qemu-system-x86_64 \
	    ./tests/qtest/mvgpu-test -m perf -p /x86_64/mvgpu/perf/blit-stall

run: qemu guest-images
	bash scripts/run-demo.sh $(QEMU_BIN)

clean:
	rm -rf $(UNIT_BUILD) $(UNIT_ASAN) $(FUZZ_BUILD) $(QEMU_BUILD) $(QEMU_BIN)

distclean:
	rm -rf $(BUILD)

-include mk/*.mk
