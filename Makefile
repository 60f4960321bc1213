# compose-lint - build, test, bench.
#   make          build ./compose-lint
#   make demo     build and lint the bundled example stack
#   make check    every test, also under AddressSanitizer + UBSan
#   make bench    speed and memory figures (not part of check)
#   make dist     a source tarball of the committed tree, in build/
#   make install  binary, man page and bash completion (PREFIX, DESTDIR)
#   V=1           show the compiler and linker commands (quiet otherwise)
# Build with every core unless told otherwise (make -jN overrides). Only the
# top-level make sets it: a sub-make shares its jobserver, and forcing -j there
# again made make warn "resetting jobserver mode".
ifeq ($(MAKELEVEL),0)
ifeq ($(filter -j% j%,$(MAKEFLAGS))$(findstring jobserver,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
endif
ifeq ($(V),1)
Q =
else
Q = @
endif
# The version: `git describe --tags` in a git checkout (0.2.0 on the tag
# v0.2.0, 0.2.0-3-gabc1234 three commits after it), else the VERSION file
# (release tarballs, or a checkout without tags). build/gen/cl_version.h holds
# it for cli/cli.h and changes only when the version does.
VERSION := $(shell test -e .git && git describe --tags --match 'v[0-9]*' 2>/dev/null | sed 's/^v//')
ifeq ($(VERSION),)
VERSION := $(shell cat VERSION 2>/dev/null || echo unknown)
endif
GEN_VERSION = build/gen/cl_version.h
CC      ?= cc
PREFIX  ?= /usr/local
PKGS     = libfyaml libpcre2-8
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)
WARN     = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Ibuild/gen
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
TSAN_BIN := build/tsan/compose-lint build/tsan/tests/test_parse_threaded build/tsan/tests/test_source build/tsan/tests/test_render_thread
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)

.PHONY: all deps demo check unit scripts bench install clean docs fuzz fuzz-build dist FORCE
# deps first, then the build in a sub-make: the -dev packages may only just
# have been installed, and parallel jobs must not race the installation.
all:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory compose-lint

deps:
	@sh scripts/deps.sh

# The release binary is linked statically (-static-pie, still placed at a
# random address) when the static libraries are installed (Debian's -dev
# packages ship them): a run then maps only the library code it calls. Linked
# against the shared libraries, the pages of them it touched made most of a
# small file's peak (3.6 MB of 3.7, 1.2 MB of it libc's code) and 1.2 MiB of
# a 10,000-service file's. Its relocations are packed (RELR, binutils 2.38 and
# glibc 2.36 on): the 5,000 of them took 120 KB of the peak, read at start.
# Each way is kept only when the binary it made runs; `make LINK=dynamic`
# links it as before, as does the fallback when no static way works.
# build/dyn/compose-lint is the same objects linked dynamically, for the test
# that preloads a library (and for valgrind's heap tools).
LINK ?= static
STATIC_WAYS = "-static-pie -Wl,-z,pack-relative-relocs" "-static-pie"
compose-lint: $(OBJ)
	$(Q)rm -f $@; if [ "$(LINK)" = static ]; then \
	  for way in $(STATIC_WAYS); do \
	    $(CC) $(CFLAGS) $$way -o $@ $(OBJ) $(PKG_LIBS) -lm -lpthread 2>build/link-static.err && \
	      ./$@ --version >/dev/null 2>&1 && { cat build/link-static.err >&2; break; }; \
	    rm -f $@; \
	  done; \
	  [ -e $@ ] || echo "compose-lint: linked dynamically (no static link worked: build/link-static.err)" >&2; \
	fi; \
	[ -e $@ ] || $(CC) $(CFLAGS) -o $@ $(OBJ) $(PKG_LIBS) -lm -lpthread

build/dyn/compose-lint: $(OBJ)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $(OBJ) $(PKG_LIBS) -lm -lpthread

build/rel/%.o: %.c $(wildcard */*.h) | $(GEN_VERSION)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c $(wildcard */*.h) | $(GEN_VERSION)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -c -o $@ $<

build/tsan/%.o: %.c $(wildcard */*.h) | $(GEN_VERSION)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(WARN) -O1 -g $(TSAN) $(PKG_CFLAGS) -c -o $@ $<

build/tsan/compose-lint: $(TSAN_OBJ)
	$(Q)$(CC) $(TSAN) -o $@ $(TSAN_OBJ) $(PKG_LIBS) -lm -lpthread

build/tsan/tests/%: tests/unit/%.c $(TSAN_LIBOBJ) tests/unit/testutil.h | $(GEN_VERSION)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(WARN) -O1 -g $(TSAN) $(PKG_CFLAGS) -I. -o $@ $< $(TSAN_LIBOBJ) $(PKG_LIBS) $(CMOCKA_LIBS) -lm -lpthread

build/asan/compose-lint: $(ASAN_OBJ)
	$(Q)$(CC) $(SAN) -o $@ $(ASAN_OBJ) $(PKG_LIBS) -lm -lpthread

build/asan/tests/%: tests/unit/%.c $(ASAN_LIBOBJ) tests/unit/testutil.h | $(GEN_VERSION)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -I. -o $@ $< $(ASAN_LIBOBJ) $(PKG_LIBS) $(CMOCKA_LIBS) -lm -lpthread

build/memcheck_driver: tests/tools/memcheck_driver.c fuzz/harness.h $(filter-out build/rel/cli/main.o,$(OBJ)) | $(GEN_VERSION)
	$(Q)$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -I. -o $@ $< $(filter-out build/rel/cli/main.o,$(OBJ)) $(PKG_LIBS) -lm -lpthread

build/touch_before_write.so: tests/tools/touch_before_write.c
	@mkdir -p build
	$(Q)$(CC) -shared -fPIC -O2 -o $@ $< -ldl

$(GEN_VERSION): FORCE
	@mkdir -p $(dir $@)
	@printf '#define CL_VERSION "%s"\n' '$(VERSION)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

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
# fuzz_project cuts each input into the files of a project (fuzz/seeds/project,
# fuzz/project_unpack.sh); `make fuzz FUZZ_HARNESSES=build/fuzz/fuzz_project` runs one.
CLANG     ?= clang
FUZZ_SAN   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRC  := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_LIBOBJ := $(LIBSRC:%.c=build/fuzz/%.o)
FUZZ_SECONDS ?= 60

build/fuzz/%.o: %.c $(wildcard */*.h) | $(GEN_VERSION)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) $(WARN) -Wno-unknown-warning-option -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) $(PKG_CFLAGS) -c -o $@ $<

build/fuzz/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) $(FUZZ_LIBOBJ)
	$(Q)$(CLANG) $(WARN) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) $(PKG_CFLAGS) -I. -o $@ $< $(FUZZ_LIBOBJ) $(PKG_LIBS) -lm -lpthread

fuzz-build:
	@sh scripts/deps.sh clang libclang-rt-dev
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

FUZZ_HARNESSES ?= $(FUZZ_BIN)
fuzz: fuzz-build
	@sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

bench: all
	@sh scripts/deps.sh valgrind
	@sh bench/run.sh

# docs/rules/ from the rule registry (tests/scripts/rules_docs.sh fails when it is stale).
docs: compose-lint
	@sh scripts/gen-rule-docs.sh ./compose-lint docs/rules

# The binary, the man page and, where bash-completion is installed (its
# pkg-config file or /usr/share/bash-completion), the completion script under
# $(PREFIX)/share/bash-completion/completions, a folder bash-completion reads
# (XDG_DATA_DIRS); BASHCOMPDIR= chooses another, BASHCOMPDIR=no none.
BASHCOMP_FOUND := $(shell pkg-config --exists bash-completion 2>/dev/null || test -d /usr/share/bash-completion && echo yes)
BASHCOMPDIR ?= $(if $(BASHCOMP_FOUND),$(PREFIX)/share/bash-completion/completions,no)
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 compose-lint $(DESTDIR)$(PREFIX)/bin/compose-lint
	install -m 644 compose-lint.1 $(DESTDIR)$(PREFIX)/share/man/man1/compose-lint.1
	@if [ "$(BASHCOMPDIR)" != no ]; then \
	  echo "install completions/compose-lint.bash $(DESTDIR)$(BASHCOMPDIR)/compose-lint"; \
	  install -d $(DESTDIR)$(BASHCOMPDIR) && \
	  install -m 644 completions/compose-lint.bash $(DESTDIR)$(BASHCOMPDIR)/compose-lint; fi

# A source tarball of the committed tree with VERSION set to this version:
# build/compose-lint-VERSION.tar.gz. Unpacked, `make` (or `make demo`) builds
# it and `compose-lint --version` names the same version.
DIST = compose-lint-$(VERSION)
dist:
	@git diff --quiet HEAD 2>/dev/null || echo "dist: uncommitted changes are not in the tarball" >&2
	@rm -rf build/dist && mkdir -p build/dist
	@git archive --format=tar --prefix=$(DIST)/ HEAD | tar -x -C build/dist
	@echo '$(VERSION)' > build/dist/$(DIST)/VERSION
	@tar -C build/dist -czf build/$(DIST).tar.gz --owner=0 --group=0 --sort=name $(DIST)
	@rm -rf build/dist
	@echo build/$(DIST).tar.gz

clean:
	rm -rf build compose-lint

# Only the files that print the version are rebuilt when it changes.
$(filter %/cli/options.o %/cli/report_sarif.o %/cli/report_json.o,$(OBJ) $(ASAN_OBJ) $(TSAN_OBJ) $(FUZZ_LIBOBJ)): $(GEN_VERSION)
