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

# The local devnet: 4 node JVMs train the default manifest's model for 20 rounds, with Prometheus
# dashboards when Prometheus is installed (installed here when run as root on Debian); prints the
# per-round table, checks the invariants and stops everything (devnet/README.md).
devnet: data build
	@scripts/ensure-prometheus.sh
	$(FEDCHAIN) devnet run --manifest devnet/manifests/default.yaml

bench: data build
	$(FEDCHAIN) bench learning --out out/bench-learning.md
	$(FEDCHAIN) bench filter --rounds 30 --out out/bench-filter
	$(FEDCHAIN) bench p2p --out out/bench-p2p.md
	$(FEDCHAIN) bench storage --out out/bench-storage.md
	$(FEDCHAIN) bench consensus --out out/bench-consensus.md

clean:
	$(MVN) -q clean
	rm -rf out
