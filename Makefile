# mcp-fleet — one entry point for people and CI. `make help` lists the targets.
MVN        ?= ./mvnw -B -ntp
SERVER_JAR := server-image/target/mcp-fleet-server.jar
DEMO_PORT  ?= 8080

.DEFAULT_GOAL := help
.PHONY: help build test unit e2e conformance demo run render deploy undeploy bundle images bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## compile and package every module (no tests)
	$(MVN) -DskipTests package

$(SERVER_JAR): pom.xml server-image/pom.xml $(shell find server-image/src/main -type f 2>/dev/null)
	$(MVN) -pl server-image -am -DskipTests package

demo: $(SERVER_JAR) ## run the MCP server locally from examples/quickstart.yaml (no cluster, no auth, loopback)
	java -jar $(SERVER_JAR) --manifest examples/quickstart.yaml --host 127.0.0.1 --port $(DEMO_PORT)

test: ## the whole test suite: unit + integration (Maven), then end-to-end with the official MCP SDKs and conformance suite
	$(MVN) verify
	$(MAKE) e2e

unit: ## Maven tests only
	$(MVN) verify

e2e: $(SERVER_JAR) ## end-to-end: official TypeScript SDK clients (v1, v2) and the conformance suite against the server
	cd e2e && npm ci --no-audit --no-fund && npm test

bench: $(SERVER_JAR) ## server benchmark: wrk against raw Vert.x, this server and the TS SDK v2 server (QUICK=1 for a short run)
	bench/server-bench.sh

clean:
	$(MVN) clean
