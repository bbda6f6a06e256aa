import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A throwaway SolrCloud on 127.0.0.1 for tests and development: an embedded ZooKeeper and two
 * Solr nodes. Usage: java -cp CLASSPATH SolrCloud.java DATA_DIR READY_FILE
 *
 * <p>Node 1 runs in this JVM beside ZooKeeper. Node 2 runs in a JVM of its own (this file again,
 * with the arguments "node ZK_ADDRESS SOLR_HOME PORT"), so that tests can kill it as a crash
 * would: SIGKILL, no shutdown, its ZooKeeper session left to expire.
 *
 * <p>When both nodes are live it writes READY_FILE: shell assignments of SEARCH_URL (the
 * collection "archive" on node 1, which `manage.py solr_configset --upload` then creates, as it
 * would on any SolrCloud) and SOLR_CONTROL_URL, where POST /nodes/N/stop and /nodes/N/start stop
 * and start node N: node 1 is stopped as Jetty stops, node 2 is killed. It shuts down on SIGTERM,
 * and on its own when the process that started it is gone (node 2 likewise when this JVM is), so
 * no Solr outlives its test run.
 */
public class SolrCloud {
  static final String COLLECTION = "archive";
  static final int SHARDS = 2, REPLICAS = 2;
  static final int ACTIVE_TIMEOUT_SECONDS = 180; // a node catching up on a busy 2-core machine
  // A killed node's ZooKeeper session ends after this long; until then it still counts as live.
  static final String NODE_SESSION_TIMEOUT_MS = "10000";

  public static void main(String[] args) {
    try {
      if (args.length == 4 && "node".equals(args[0])) {
        runNode(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
      } else {
        runCluster(Path.of(args[0]), Path.of(args[1]));
      }
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1); // Solr's own threads would keep a failed launcher alive
    }
  }

  static void runCluster(Path dataDir, Path readyFile) throws Exception {
    ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();

    MiniSolrCloudCluster cluster =
        new MiniSolrCloudCluster.Builder(1, dataDir)
            .withJettyConfig(jetty -> jetty.setContext("/solr"))
            .build();
    NodeProcess other = new NodeProcess(cluster, dataDir.resolve("node2"), freePort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(cluster, other)));
    other.start();

    HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    control.createContext("/nodes/", exchange -> control(cluster, other, exchange));
    control.start();

    String searchUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
    Path partial = readyFile.resolveSibling(readyFile.getFileName() + ".part");
    Files.writeString(
        partial,
        String.join(
            "\n",
            "SEARCH_URL=" + searchUrl.replaceFirst("^http", "solr") + "/" + COLLECTION,
            "SOLR_NODE_URLS=" + searchUrl + "," + other.baseUrl(),
            "SOLR_CONTROL_URL=http://127.0.0.1:" + control.getAddress().getPort(),
            ""));
    Files.move(partial, readyFile); // whoever waits for the file sees it whole

    exitWith(parent);
  }

  /** Node 2: one Solr node of the cluster whose ZooKeeper is at zkAddress. */
  static void runNode(String zkAddress, Path home, int port) throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("solr.xml"), MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML);
    Properties properties = new Properties();
    properties.setProperty("zkHost", zkAddress);
    properties.setProperty("hostPort", Integer.toString(port));
    properties.setProperty("solr.zkclienttimeout", NODE_SESSION_TIMEOUT_MS);
    JettyConfig config = JettyConfig.builder().setContext("/solr").setPort(port).build();
    JettySolrRunner node = new JettySolrRunner(home.toString(), properties, config);
    node.start();
    exitWith(ProcessHandle.current().parent().orElseThrow());
  }

  /** Waits for the process that started this one to end, then exits (running shutdown hooks). */
  static void exitWith(ProcessHandle parent) throws InterruptedException {
    while (parent.isAlive()) {
      TimeUnit.SECONDS.sleep(1);
    }
    System.exit(0);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  static void waitForCollection(MiniSolrCloudCluster cluster) {
    cluster.waitForActiveCollection(
        COLLECTION, ACTIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS, SHARDS, SHARDS * REPLICAS);
  }

  /** Node 2's JVM: started with this JVM's own command line and node 2's arguments. */
  static class NodeProcess {
    final MiniSolrCloudCluster cluster;
    final Path home;
    final int port;
    Process process;

    NodeProcess(MiniSolrCloudCluster cluster, Path home, int port) {
      this.cluster = cluster;
      this.home = home;
      this.port = port;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + port + "/solr";
    }

    String nodeName() {
      return "127.0.0.1:" + port + "_solr";
    }

    List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add(System.getProperty("jdk.launcher.sourcefile")); // this file
      command.addAll(List.of("node", zkAddress(), home.toString(), Integer.toString(port)));
      return command;
    }

    String zkAddress() {
      return cluster.getZkServer().getZkAddress();
    }

    /** Starts the node and waits until ZooKeeper lists it as live. */
    void start() throws Exception {
      process = new ProcessBuilder(command()).inheritIO().start();
      waitForLiveNode(true);
    }

    /** SIGKILL, then wait until its ZooKeeper session has expired and it is no longer live. */
    void kill() throws Exception {
      process.destroyForcibly().waitFor(ACTIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      waitForLiveNode(false);
    }

    void stop() {
      if (process != null) {
        process.destroy();
      }
    }

    void waitForLiveNode(boolean live) throws Exception {
      cluster
          .getZkStateReader()
          .waitForLiveNodes(
              ACTIVE_TIMEOUT_SECONDS,
              TimeUnit.SECONDS,
              (before, now) -> now.contains(nodeName()) == live);
    }
  }

  /**
   * POST /nodes/N/stop or /nodes/N/start; a start answers once every replica of the collection
   * (two shards of two replicas) is active again.
   */
  static void control(MiniSolrCloudCluster cluster, NodeProcess other, HttpExchange exchange)
      throws IOException {
    List<String> parts = List.of(exchange.getRequestURI().getPath().split("/"));
    int status = 200;
    String answer = "ok\n";
    try {
      if (!"POST".equals(exchange.getRequestMethod()) || parts.size() != 4) {
        throw new IllegalArgumentException("POST /nodes/N/stop or /nodes/N/start");
      }
      int number = Integer.parseInt(parts.get(2));
      if (number != 1 && number != 2) {
        throw new IllegalArgumentException("node 1 or 2, not " + parts.get(2));
      }
      switch (parts.get(3)) {
        case "stop" -> {
          if (number == 1) {
            JettySolrRunner node = cluster.getJettySolrRunner(0);
            node.stop();
            cluster.waitForJettyToStop(node);
          } else {
            other.kill();
          }
        }
        case "start" -> {
          if (number == 1) {
            JettySolrRunner node = cluster.getJettySolrRunner(0);
            node.start(); // on the port it had, so SEARCH_URL stays right
            cluster.waitForNode(node, ACTIVE_TIMEOUT_SECONDS);
          } else {
            other.start();
          }
          waitForCollection(cluster);
        }
        default -> throw new IllegalArgumentException("stop or start, not " + parts.get(3));
      }
    } catch (IllegalArgumentException e) {
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

  static void shutdown(MiniSolrCloudCluster cluster, NodeProcess other) {
    other.stop();
    try {
      cluster.shutdown();
    } catch (Exception e) {
      System.err.println("SolrCloud shutdown: " + e);
    }
  }
}
