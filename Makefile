# Gendan — the two commands: `make run` and `make test`.
GO      ?= go
BIN     ?= bin/gendan
PKGS    := ./...

.PHONY: run build pwa-build test lint vet fmt-check api-lint go-test pwa-test audit clean

## run: build and serve on the embedded default (SQLite + local disk in ./data, demo data seeded)
run: build
	./$(BIN) serve

## build: the PWA (when Node.js is there), then the single binary that embeds it
build: pwa-build
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/gendan

## pwa-build: install the PWA's npm packages if missing, and build pwa/dist —
## only when its sources changed since the last build (pwa/dist/.built)
PWA_SRC := $(shell find pwa/src pwa/public pwa/scripts -type f 2>/dev/null) \
           pwa/index.html pwa/status.html pwa/vite.config.js pwa/package.json pwa/package-lock.json
pwa-build: pwa/dist/.built

pwa/dist/.built: $(PWA_SRC)
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm not found: the binary will serve a placeholder page instead of the PWA"; \
	else \
	  ([ -d pwa/node_modules ] || (cd pwa && npm ci --no-audit --no-fund --loglevel=error)) && \
	  (cd pwa && npm run --silent build) && touch $@; \
	fi

## test: vet, formatting, then every Go test with the race detector beside the
## PWA's tests (one job each: the Go suite leaves a core idle most of its run).
## The PWA is built first: the Go tests embed pwa/dist.
test: lint
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory -j2 -O go-test pwa-test

lint: vet fmt-check api-lint

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './pwa/node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# The API document must lint clean: no error, an operationId everywhere
# (server/redocly.yaml; .ci/run installs Redocly into .cache/redocly).
api-lint:
	@REDOCLY=$${REDOCLY:-$$(ls $(CURDIR)/.cache/redocly/node_modules/.bin/redocly 2>/dev/null)} \
	  OPENAPI_LINT_REQUIRED=$${CI:-} sh server/openapi_lint.sh

go-test:
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

# The PWA's unit tests (Vitest) and browser tests (playwright-core driving
# the system Chromium against the real binary). Outside CI they skip, saying
# why, when the npm packages or Chromium are missing.
pwa-test: build
	@if [ ! -d pwa/node_modules ]; then \
	  if [ -n "$$CI" ]; then echo "CI must run the PWA tests: pwa/node_modules is missing"; exit 1; fi; \
	  echo "skipping PWA tests: run 'cd pwa && npm ci'"; exit 0; \
	fi; \
	cd pwa && npm run --silent test:unit && \
	if ! command -v $${CHROME_PATH:-chromium} >/dev/null 2>&1; then \
	  if [ -n "$$CI" ]; then echo "CI must run the browser tests: chromium is missing"; exit 1; fi; \
	  echo "skipping browser tests: needs chromium (apt-get install chromium fonts-wqy-microhei)"; \
	else npm run --silent test:e2e; fi

## audit: Lighthouse (mobile) on /login and the factory order list; fails under 90
audit: build
	cd pwa && node scripts/audit.mjs

clean:
	rm -rf bin
