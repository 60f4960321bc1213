# compose-lint - build, test, bench.
#   make          build ./compose-lint
#   make demo     build and lint the bundled example stack
#   make check    every test, also under AddressSanitizer + UBSan
#   make bench    speed and memory figures (not part of check)
# Build with every core unless told otherwise (make -jN overrides).
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
CC      ?= cc
PREFIX  ?= /usr/local
PKGS     = libfyaml libpcre2-8
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)
WARN     = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC      := $(sort $(wildcard parser/*.c schema/*.c model/*.c rules/*.c emitters/*.c cli/*.c))
LIBSRC   := $(filter-out cli/main.c,$(SRC))
OBJ      := $(SRC:%.c=build/rel/%.o)
ASAN_OBJ := $(SRC:%.c=build/asan/%.o)
ASAN_LIBOBJ := $(LIBSRC:%.c=build/asan/%.o)
# ThreadSanitizer build: the threads a lone big file is checked with, and the --jobs pool
TSAN     = -fsanitize=thread -fno-omit-frame-pointer
TSAN_OBJ := $(SRC:%.c=build/tsan/%.o)
TSAN_LIBOBJ := $(LIBSRC:%.c=build/tsan/%.o)
TSAN_BIN := build/tsan/compose-lint build/tsan/tests/test_parse_threaded build/tsan/tests/test_source
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)

.PHONY: all deps demo check unit scripts bench install clean docs fuzz fuzz-build
# deps first, then the build in a sub-make: the -dev packages may only just
# have been installed, and parallel jobs must not race the installation.
all:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory compose-lint

deps:
	@sh scripts/deps.sh

compose-lint: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(PKG_LIBS) -lm -lpthread

build/rel/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -c -o $@ $<

build/tsan/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(TSAN) $(PKG_CFLAGS) -c -o $@ $<

build/tsan/compose-lint: $(TSAN_OBJ)
	$(CC) $(TSAN) -o $@ $(TSAN_OBJ) $(PKG_LIBS) -lm -lpthread

build/tsan/tests/%: tests/unit/%.c $(TSAN_LIBOBJ) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(TSAN) $(PKG_CFLAGS) -I. -o $@ $< $(TSAN_LIBOBJ) $(PKG_LIBS) $(CMOCKA_LIBS) -lm -lpthread

build/asan/compose-lint: $(ASAN_OBJ)
	$(CC) $(SAN) -o $@ $(ASAN_OBJ) $(PKG_LIBS) -lm -lpthread

build/asan/tests/%: tests/unit/%.c $(ASAN_LIBOBJ) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -I. -o $@ $< $(ASAN_LIBOBJ) $(PKG_LIBS) $(CMOCKA_LIBS) -lm -lpthread

build/memcheck_driver: tests/tools/memcheck_driver.c $(filter-out build/rel/cli/main.o,$(OBJ))
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -I. -o $@ $< $(filter-out build/rel/cli/main.o,$(OBJ)) $(PKG_LIBS) -lm -lpthread

build/touch_before_write.so: tests/tools/touch_before_write.c
	@mkdir -p build
	$(CC) -shared -fPIC -O2 -o $@ $< -ldl

demo: all
	@echo "== compose-lint examples/compose.yaml"
	@./compose-lint examples/compose.yaml; rc=$$?; echo "(exit code $$rc)"; test $$rc -le 1

# Every test: unit tests and end-to-end scripts, run against the sanitized build
# (ASan + UBSan; the threaded paths also under ThreadSanitizer, tests/scripts/threads_tsan.sh).
check:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory compose-lint build/asan/compose-lint $(UNIT_BIN) $(TSAN_BIN)
	@sh tests/run.sh $(UNIT_BIN)

# libFuzzer harnesses (clang, ASan + UBSan). `make fuzz FUZZ_SECONDS=600` runs each
# harness that long, seeded from tests/fixtures and ../shared/corpus; crashes land in build/fuzz/.
CLANG     ?= clang
FUZZ_SAN   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRC  := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_LIBOBJ := $(LIBSRC:%.c=build/fuzz/%.o)
FUZZ_SECONDS ?= 60

build/fuzz/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(WARN) -Wno-unknown-warning-option -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) $(PKG_CFLAGS) -c -o $@ $<

build/fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_LIBOBJ)
	$(CLANG) $(WARN) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) $(PKG_CFLAGS) -I. -o $@ $< $(FUZZ_LIBOBJ) $(PKG_LIBS) -lm -lpthread

fuzz-build:
	@sh scripts/deps.sh clang libclang-rt-dev
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-build
	@sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

bench: all
	@sh scripts/deps.sh valgrind
	@sh bench/run.sh

# docs/rules/ from the rule registry (tests/scripts/rules_docs.sh fails when it is stale).
docs: compose-lint
	@sh scripts/gen-rule-docs.sh ./compose-lint docs/rules

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 compose-lint $(DESTDIR)$(PREFIX)/bin/compose-lint
	@if [ -f compose-lint.1 ]; then install -d $(DESTDIR)$(PREFIX)/share/man/man1 && \
	  install -m 644 compose-lint.1 $(DESTDIR)$(PREFIX)/share/man/man1/compose-lint.1; fi

clean:
	rm -rf build compose-lint
