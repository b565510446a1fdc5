# sealgate: the quick-start targets. Each installs missing Debian packages first (as root, or via sudo).
.PHONY: demo test build bench deps

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

build:
	@scripts/install-deps.sh
	@. scripts/env.sh && swift build

bench:
	@scripts/install-deps.sh
	@. scripts/env.sh && swift run -c release sealgate-bench load

deps:
	@scripts/install-deps.sh
