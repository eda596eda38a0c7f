# mcp-fleet — one entry point for people and CI. `make help` lists the targets.
MVN        ?= ./mvnw -B -ntp
SERVER_JAR := server-image/target/mcp-fleet-server.jar
DEMO_PORT  ?= 8080

.DEFAULT_GOAL := help
.PHONY: help build test unit e2e conformance demo demo-secured token run render deploy undeploy bundle images bench bench-redis bench-operator clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## compile and package every module (no tests)
	$(MVN) -DskipTests package

$(SERVER_JAR): pom.xml server-image/pom.xml $(shell find server-image/src/main -type f 2>/dev/null)
	$(MVN) -pl server-image -am -DskipTests package

demo: $(SERVER_JAR) ## run the MCP server locally from examples/quickstart.yaml (no cluster, no auth, loopback)
	@echo "Serving examples/quickstart.yaml on http://127.0.0.1:$(DEMO_PORT)/mcp (Ctrl-C stops it). Point any MCP client at it, or:"
	@echo "  curl -s http://127.0.0.1:$(DEMO_PORT)/mcp -H 'Content-Type: application/json' -H 'MCP-Protocol-Version: 2026-07-28' \\"
	@echo "    -H 'Mcp-Method: tools/call' -H 'Mcp-Name: echo' -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hello\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}'"
	@MCP_FLEET_LOG_FORMAT=text java -jar $(SERVER_JAR) --manifest examples/quickstart.yaml --host 127.0.0.1 --port $(DEMO_PORT)

demo-secured: $(SERVER_JAR) ## run examples/secured.yaml locally (JWT ES256 with DEV-ONLY keys); mint a token with `make token`
	java -jar $(SERVER_JAR) --manifest examples/secured.yaml --host 127.0.0.1 --port $(DEMO_PORT)

token: $(SERVER_JAR) ## print a dev token for examples/secured.yaml (SUBJECT=alice ROLES=admin)
	@java -jar $(SERVER_JAR) token --manifest examples/secured.yaml --subject $(or $(SUBJECT),alice) --roles $(or $(ROLES),admin)

test: ## the whole test suite: unit + integration (Maven), then end-to-end with the official MCP SDKs and conformance suite
	$(MVN) verify
	$(MAKE) e2e

unit: ## Maven tests only
	$(MVN) verify

e2e: $(SERVER_JAR) ## end-to-end: official TypeScript SDK clients (v1, v2) and the conformance suite against the server
	cd e2e && npm ci --no-audit --no-fund && npm test

bench: $(SERVER_JAR) ## server benchmark: wrk against raw Vert.x, this server and the TS SDK v2 server (QUICK=1 for a short run)
	bench/server-bench.sh

bench-redis: $(SERVER_JAR) ## Redis benchmark: sessions redis vs memory, rate limiter redis vs local (QUICK=1 for a short run)
	bench/redis-bench.sh

# --- operator ---
OPERATOR_RUNNER := operator/target/quarkus-app/quarkus-run.jar
REGISTRY        ?= ghcr.io/mcp-fleet
VERSION         ?= 0.1.0-SNAPSHOT
MVN_LOCK        ?= $(shell command -v flock >/dev/null && echo flock /tmp/mcp-fleet-maven.lock)

$(OPERATOR_RUNNER): pom.xml operator/pom.xml $(shell find operator/src/main -type f 2>/dev/null)
	$(MVN_LOCK) $(MVN) -pl operator -DskipTests package

run: $(OPERATOR_RUNNER) ## run the operator against the current kubeconfig, all namespaces (install the CRD first: kubectl apply -f crds/)
	java -jar $(OPERATOR_RUNNER)

render: $(OPERATOR_RUNNER) ## print the manifests the operator would create for F=examples/x.yaml (offline, no cluster)
	@test -n "$(F)" || { echo "usage: make render F=examples/quickstart.yaml [NS=namespace]"; exit 2; }
	@java -jar $(OPERATOR_RUNNER) render -f $(F) $(if $(NS),-n $(NS))

deploy: ## install CRD, RBAC and the operator into the current cluster (kubectl apply -k config/default)
	kubectl apply --server-side -k config/default

undeploy: ## remove the operator, RBAC and CRD (deletes every McpServer and its fleet)
	kubectl delete --ignore-not-found -k config/default

bundle: ## regenerate crds/, config/crd/, docs/crd-reference.md and the OLM bundle/ from the Java classes
	$(MVN_LOCK) $(MVN) -pl operator test -Dtest=CrdDriftTest,CrdReferenceTest -Dcrds.update=true -Dsurefire.failIfNoSpecifiedTests=false
	$(MVN_LOCK) $(MVN) -pl operator -DskipTests package
	rm -rf bundle/mcp-fleet-operator && mkdir -p bundle && cp -r operator/target/bundle/mcp-fleet-operator bundle/

images: ## build the server and operator images (needs a Docker engine)
	@command -v docker >/dev/null && docker info >/dev/null 2>&1 || { echo "images: no Docker engine here"; exit 1; }
	docker build -f server-image/Dockerfile -t $(REGISTRY)/mcp-fleet-server:$(VERSION) .
	docker build -f operator/Dockerfile -t $(REGISTRY)/mcp-fleet-operator:$(VERSION) .

bench-operator: ## operator benchmark: reconcile N=200 McpServers against the mock API server (bench/README.md, Operator)
	$(MVN_LOCK) $(MVN) -pl operator test -Dtest=OperatorBench -Doperator.tests.excluded=none -Dsurefire.failIfNoSpecifiedTests=false $(if $(N),-Dbench.n=$(N))

clean:
	$(MVN) clean
