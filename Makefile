# inetcheck -- convenience wrappers around Meson. See README.md.
#   make            build (build/inetcheck)
#   make demo       install packages, build, run web+mail tests on the bundled mini-internet
#   make serve-demo the same mini-internet with `inetcheck serve` on it: open
#                   http://127.0.0.1:8080/ (PORT=N for another port)
#   make check      install packages, build, unit tests, end-to-end tests, then all again
#                   under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench      compare `inetcheck tls` with testssl and sslscan on the mini-internet
#   make fuzz       build every fuzz target for clang's libFuzzer (fuzz/README.md)
#   make install    install the binary and man page (PREFIX, default /usr/local)

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
PREFIX     ?= /usr/local

.PHONY: all deps build demo serve-demo check unit e2e asan fuzz bench install clean

all: build

# Install the Debian packages of packages.txt and tests/fixture/packages.txt that are
# missing (needs root or sudo; a no-op when everything is there).
deps:
	@scripts/install-deps.sh packages.txt tests/fixture/packages.txt

$(BUILD)/build.ninja:
	meson setup $(BUILD) --prefix=$(PREFIX)

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: deps build
	scripts/demo.sh $(BUILD)

PORT ?= 8080
serve-demo: deps build
	scripts/serve-demo.sh $(BUILD) $(PORT)

unit: build
	meson test -C $(BUILD) --suite unit --suite fuzz --print-errorlogs

e2e: build
	tests/e2e/run.sh $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fno-sanitize-recover=all -Dbuildtype=debug

# tests/lsan.supp: leaks inside libraries only, each with its reason
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp

asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	$(SAN_ENV) meson test -C $(ASAN_BUILD) --suite unit --suite fuzz --print-errorlogs
	$(SAN_ENV) tests/e2e/run.sh $(ASAN_BUILD)

# Every fuzz target for libFuzzer, from the same library and meson.build as `make check`
# builds them with fuzz/driver.c: one command, no source lists to keep in step.
$(FUZZ_BUILD)/build.ninja:
	CC=clang meson setup $(FUZZ_BUILD) -Dlibfuzzer=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debug -Dc_args='-O1 -fsanitize=fuzzer-no-link -fno-sanitize-recover=all'

fuzz: $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD) $(addprefix fuzz/,$(notdir $(basename $(wildcard fuzz/fuzz_*.c))))

check: deps
	$(MAKE) unit
	$(MAKE) e2e
	$(MAKE) asan

bench: build
	@scripts/install-deps.sh packages.txt tests/fixture/packages.txt bench/packages.txt
	bench/tls.sh $(BUILD)

install: build
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
