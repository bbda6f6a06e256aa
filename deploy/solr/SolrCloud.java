import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A throwaway SolrCloud on 127.0.0.1 for tests and development: an embedded ZooKeeper and two
 * Solr nodes. Usage: java -cp CLASSPATH SolrCloud.java DATA_DIR READY_FILE
 *
 * <p>When both nodes are live it writes READY_FILE: shell assignments of SEARCH_URL (the
 * collection "archive" on node 1, which `manage.py solr_configset --upload` then creates, as it
 * would on any SolrCloud) and SOLR_CONTROL_URL, where POST /nodes/N/stop and /nodes/N/start stop
 * and start node N (1 or 2), so tests can take a node away. It shuts down on SIGTERM, and on its
 * own when the process that started it is gone, so no Solr outlives its test run.
 */
public class SolrCloud {
  static final String COLLECTION = "archive";
  static final int SHARDS = 2, REPLICAS = 2, NODES = 2;
  static final int ACTIVE_TIMEOUT_SECONDS = 180; // a node catching up on a busy 2-core machine

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    Path readyFile = Path.of(args[1]);
    ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();

    MiniSolrCloudCluster cluster =
        new MiniSolrCloudCluster.Builder(NODES, dataDir)
            .withJettyConfig(jetty -> jetty.setContext("/solr"))
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(cluster)));

    HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    control.createContext("/nodes/", exchange -> control(cluster, exchange));
    control.start();

    String nodeUrls =
        cluster.getJettySolrRunners().stream()
            .map(jetty -> jetty.getBaseUrl().toString())
            .collect(Collectors.joining(","));
    String searchUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
    Path partial = readyFile.resolveSibling(readyFile.getFileName() + ".part");
    Files.writeString(
        partial,
        String.join(
            "\n",
            "SEARCH_URL=" + searchUrl.replaceFirst("^http", "solr") + "/" + COLLECTION,
            "SOLR_NODE_URLS=" + nodeUrls,
            "SOLR_CONTROL_URL=http://127.0.0.1:" + control.getAddress().getPort(),
            ""));
    Files.move(partial, readyFile); // whoever waits for the file sees it whole

    while (parent.isAlive()) {
      TimeUnit.SECONDS.sleep(1);
    }
    System.exit(0); // runs the shutdown hook
  }

  static void waitForCollection(MiniSolrCloudCluster cluster) {
    cluster.waitForActiveCollection(
        COLLECTION, ACTIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS, SHARDS, SHARDS * REPLICAS);
  }

  /**
   * POST /nodes/N/stop or /nodes/N/start; a start answers once every replica of the collection
   * (two shards of two replicas) is active again.
   */
  static void control(MiniSolrCloudCluster cluster, HttpExchange exchange) throws IOException {
    List<String> parts = List.of(exchange.getRequestURI().getPath().split("/"));
    int status = 200;
    String answer = "ok\n";
    try {
      if (!"POST".equals(exchange.getRequestMethod()) || parts.size() != 4) {
        throw new IllegalArgumentException("POST /nodes/N/stop or /nodes/N/start");
      }
      JettySolrRunner node = cluster.getJettySolrRunner(Integer.parseInt(parts.get(2)) - 1);
      switch (parts.get(3)) {
        case "stop" -> {
          node.stop();
          cluster.waitForJettyToStop(node);
        }
        case "start" -> {
          node.start(); // on the port it had, so SEARCH_URL stays right
          cluster.waitForNode(node, ACTIVE_TIMEOUT_SECONDS);
          waitForCollection(cluster);
        }
        default -> throw new IllegalArgumentException("stop or start, not " + parts.get(3));
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      status = 400;
      answer = e.getMessage() + "\n";
    } catch (Exception e) {
      status = 500;
      answer = e + "\n";
    }
    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  static void shutdown(MiniSolrCloudCluster cluster) {
    try {
      cluster.shutdown();
    } catch (Exception e) {
      System.err.println("SolrCloud shutdown: " + e);
    }
  }
}
