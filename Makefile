# Gendan — the two commands: `make run` and `make test`.
GO      ?= go
BIN     ?= bin/gendan
PKGS    := ./...

.PHONY: run build test lint vet fmt-check go-test pwa clean

## run: build and serve on the embedded default (SQLite + local disk in ./data, demo data seeded)
run: build
	./$(BIN) serve

## build: the single binary, with the PWA embedded
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/gendan

## test: vet, formatting, and every Go test with the race detector
test: lint go-test

lint: vet fmt-check

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './pwa/node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

go-test:
	$(GO) test -race -count=1 $(PKGS)

clean:
	rm -rf bin
