# sealgate: the quick-start targets. Each installs missing Debian packages first (as root, or via sudo).
.PHONY: demo test build bench deps fuzz docs lint install uninstall

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

build:
	@scripts/install-deps.sh
	@. scripts/env.sh && swift build

bench:
	@scripts/install-deps.sh
	@. scripts/env.sh && swift build -c release --product sealgate-bench && swift build -c release --product sealgate && sidecar="$$(scripts/build-sidecar.sh)" && \
	for case in load seal unseal cel check check-base git audit sidecar; do \
		echo "== sealgate-bench $$case"; extra=""; [ $$case = sidecar ] && extra="--sidecar-binary $$sidecar"; \
		"$$(swift build -c release --show-bin-path)/sealgate-bench" $$case $$extra || exit 1; done

deps:
	@scripts/install-deps.sh

# sealgate, its man page and its bash/zsh/fish completions under $(DESTDIR)$(PREFIX) (docs: README, Install).
# PREFIX=/usr/local by default; DESTDIR for packagers; CONFIGURATION=debug for a quick build (the tests).
# `make uninstall` with the same PREFIX and DESTDIR removes exactly those files.
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release

install:
	@PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" CONFIGURATION="$(CONFIGURATION)" scripts/install.sh install

uninstall:
	@PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh uninstall

# Coverage-guided fuzzing (docs/fuzzing.md): FUZZ_TARGET=<one target> FUZZ_SECONDS=<per target, default 60>
# FUZZ_KEEP_GOING=1 (collect every finding instead of stopping at the first).
fuzz:
	@scripts/install-deps.sh
	@FUZZ_TARGET="$(FUZZ_TARGET)" FUZZ_SECONDS="$(FUZZ_SECONDS)" FUZZ_KEEP_GOING="$(FUZZ_KEEP_GOING)" scripts/fuzz.sh

# The DocC catalogs of the library modules, built with warnings as errors (swift-docc-plugin).
docs:
	@scripts/install-deps.sh
	@. scripts/env.sh && for target in Diagnostics KubeManifest SealedSecrets FileIO RE2 GoFormats KubernetesValues CEL PolicyEngine GitChanges SecretAudit UnsealSidecar SidecarServer; do \
		swift package --disable-sandbox generate-documentation --target $$target --warnings-as-errors || exit 1; done

# The house style: swift format lint against .swift-format; `scripts/lint.sh --fix` rewrites the files.
lint:
	@scripts/lint.sh
