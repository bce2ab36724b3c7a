# fedchain: the two set-up commands are `make devnet` and `make test` (see README.md).
MVN ?= mvn -B
FEDCHAIN := bin/fedchain

.PHONY: all build test devnet bench data clean

all: build

build:
	$(MVN) -q -DskipTests package

test: data
	$(MVN) test

data:
	@scripts/ensure-data.sh

# Until the devnet exists (its own issue), `make devnet` runs the in-process simulation of the
# same federated setup: 10 clients, Dirichlet(0.5), MLP, with the validation filter on.
devnet: data build
	@echo "make devnet: the multi-node devnet is not built yet; running the in-process simulation instead."
	$(FEDCHAIN) simulate --clients 10 --partition dirichlet:0.5 --model mlp --rounds 30 --filter on --seed 1 \
	  --out out/devnet-simulation

bench: data build
	$(FEDCHAIN) bench learning --out out/bench-learning.md
	$(FEDCHAIN) bench filter --rounds 30 --out out/bench-filter
	$(FEDCHAIN) bench p2p --out out/bench-p2p.md
	$(FEDCHAIN) bench storage --out out/bench-storage.md
	$(FEDCHAIN) bench consensus --out out/bench-consensus.md

clean:
	$(MVN) -q clean
	rm -rf out
