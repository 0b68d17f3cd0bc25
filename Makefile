# m365route - the two commands a new user needs:
#   make demo    build, then run the main job on the embedded default data
#   make check   build, then run every test (ctest)
# Both install missing Debian packages first (scripts/install-deps).
# Other targets: make asan (sanitizer tests), make valgrind (unit tests
# and the CLI under memcheck), make release, make bench,
# make fuzz, make format, make clean, make install (binary, libraries,
# headers, man page, bash/zsh completion; PREFIX=/usr/local, DESTDIR),
# make lab DESIGN=design.yaml [EDGE=bird] (the BGP lab, as root:
# docs/lab.md).

PRESET ?= dev
BUILD  := build/$(PRESET)

.PHONY: all deps build demo check asan valgrind release bench fuzz format clean \
	install lab

all: build

deps:
	@scripts/install-deps

# Configure again when the presets or the top-level CMakeLists.txt change
# (ninja re-runs CMake for CMakeLists.txt, but never for the presets).
$(BUILD)/build.ninja: CMakePresets.json CMakeLists.txt | deps
	@cmake --preset $(PRESET)
	@touch $@

build: deps $(BUILD)/build.ninja
	@cmake --build --preset $(PRESET)

demo: build
	@scripts/demo $(BUILD)/m365route

check: build
	@ctest --preset $(PRESET)

asan:
	@$(MAKE) --no-print-directory check PRESET=asan

valgrind: deps
	@$(MAKE) --no-print-directory build PRESET=valgrind
	@scripts/run-valgrind build/valgrind

release:
	@$(MAKE) --no-print-directory build PRESET=release

bench: deps
	@$(MAKE) --no-print-directory build PRESET=release
	@bench/run-all build/release

fuzz: deps
	@$(MAKE) --no-print-directory build PRESET=fuzz
	@scripts/run-fuzz build/fuzz $${FUZZ_SECONDS:-60}

# The BGP lab (docs/lab.md) for a design: FRR (or EDGE=bird) customer
# edges running the generated configuration, Microsoft's and the
# Internet's routers, in network namespaces; prints the agreement table
# with `m365route simulate`. Needs root. DESIGN=example:NAME for an
# example.
EDGE ?= frr
lab: build
	@if [ -z "$(DESIGN)" ]; then \
		echo "usage: make lab DESIGN=design.yaml|example:NAME [EDGE=frr|bird]" >&2; \
		exit 2; fi
	@bash tests/lab/lab.sh $(BUILD)/m365route $(BUILD)/tests/labdesc \
		'$(DESIGN)' --edge $(EDGE)

PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
