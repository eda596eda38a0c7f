// The ceiling of bench/server-bench.sh: plain Vert.x 5 answering every POST with a fixed JSON-RPC result, one
// HTTP server instance per core (as the mcp-fleet server deploys them), no routing, no parsing, no MCP.
// Run with the server jar on the classpath (it carries Vert.x):
//   java -Xmx64m -cp server-image/target/mcp-fleet-server.jar bench/RawCeiling.java PORT
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

public class RawCeiling {

  static final Buffer REPLY = Buffer.buffer(
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello from the bench\"}],"
          + "\"resultType\":\"complete\"}}");

  static final class Server extends VerticleBase {
    private final int port;

    Server(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer()
          .requestHandler(req -> {
            if (req.method() != HttpMethod.POST) {
              req.response().setStatusCode(405).end();
              return;
            }
            // read the whole body, as a real endpoint must, then answer
            req.body().onComplete(ar -> req.response()
                .putHeader("content-type", "application/json")
                .end(REPLY.copy()));
          })
          .listen(port, "127.0.0.1");
    }
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args.length > 0 ? args[0] : "8090");
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new Server(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("raw-ceiling listening on http://127.0.0.1:" + port + "/mcp (" + instances + " instances)"))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }
}
