package consortia;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community (embedded) with a plain-text Bolt listener, for local development and tests.
 *
 * <p>Options (each also settable through the environment; command-line wins):
 * <pre>
 *   --home=PATH         NEO4J_HOME_DIR   store/log directory          (default: .neo4j)
 *   --listen=HOST:PORT  NEO4J_LISTEN     Bolt listen address          (default: 127.0.0.1:$NEO4J_PORT)
 *                       NEO4J_PORT       Bolt port if --listen unset  (default: 7687)
 *   --pagecache=SIZE    NEO4J_PAGECACHE  page cache, e.g. 256m, 1g    (default: 256m)
 *   --conf=FILE         NEO4J_CONF       optional neo4j.conf-style properties, loaded first
 *   --ready-timeout=SEC                  wait for database "neo4j"    (default: 120)
 *   --pid-file=FILE                      write this JVM's pid there; removed on clean shutdown
 * </pre>
 * Settings given here (Bolt, auth, page cache, tx-log size) override the same keys in --conf.
 * Auth and TLS are OFF: this is for a loopback-only dev/test database. Prints
 * {@code READY bolt://HOST:PORT} once database "neo4j" is available, then blocks until SIGTERM/SIGINT,
 * when a shutdown hook closes the DBMS cleanly.
 */
public final class Neo4jLauncher {

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        String home = env("NEO4J_HOME_DIR", ".neo4j");
        String port = env("NEO4J_PORT", "7687");
        String listen = env("NEO4J_LISTEN", "127.0.0.1:" + port);
        String pageCache = env("NEO4J_PAGECACHE", "256m");
        String conf = env("NEO4J_CONF", "");
        String pidFile = "";
        long readyTimeoutSec = 120;

        for (String arg : args) {
            if (arg.startsWith("--home=")) home = value(arg);
            else if (arg.startsWith("--listen=")) listen = value(arg);
            else if (arg.startsWith("--pagecache=")) pageCache = value(arg);
            else if (arg.startsWith("--conf=")) conf = value(arg);
            else if (arg.startsWith("--ready-timeout=")) readyTimeoutSec = Long.parseLong(value(arg));
            else if (arg.startsWith("--pid-file=")) pidFile = value(arg);
            else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println("usage: Neo4jLauncher [--home=PATH] [--listen=HOST:PORT] [--pagecache=256m]"
                        + " [--conf=FILE] [--ready-timeout=SEC] [--pid-file=FILE]");
                return;
            } else {
                System.err.println("Neo4jLauncher: unknown argument " + arg);
                System.exit(2);
            }
        }

        Path homePath = Path.of(home).toAbsolutePath().normalize();
        Files.createDirectories(homePath);
        SocketAddress boltAddress = parseAddress(listen);
        long pageCacheBytes = parseBytes(pageCache);

        final String myPid = Long.toString(ProcessHandle.current().pid());
        final Path pidPath = pidFile.isEmpty() ? null : Path.of(pidFile).toAbsolutePath();
        if (pidPath != null) {
            Files.createDirectories(pidPath.getParent());
            Files.writeString(pidPath, myPid + "\n");
        }

        System.out.printf("Neo4jLauncher: pid=%s home=%s bolt=%s pagecache=%d bytes%n", myPid, homePath, boltAddress, pageCacheBytes);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(homePath)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO));
        if (!conf.isEmpty()) {
            builder.loadPropertiesFromFile(Path.of(conf).toAbsolutePath());
        }
        builder.setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, boltAddress)
                .setConfig(BoltConnector.advertised_address, boltAddress)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Dev-sized transaction logs: the default preallocates 256 MiB per database (system + neo4j).
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 32L << 20)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files");

        final DatabaseManagementService dbms;
        try {
            dbms = builder.build();
        } catch (RuntimeException e) {
            System.err.println("Neo4jLauncher: FAILED to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Neo4jLauncher: shutting down");
            try {
                dbms.shutdown();
            } finally {
                removePidFile(pidPath, myPid);
                System.out.println("Neo4jLauncher: STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(TimeUnit.SECONDS.toMillis(readyTimeoutSec))) {
            System.err.println("Neo4jLauncher: FAILED: database 'neo4j' not available after " + readyTimeoutSec + " s");
            System.exit(1);
        }
        System.out.println("READY bolt://" + boltAddress);
        System.out.flush();

        stopped.await();
    }

    private static void removePidFile(Path pidPath, String myPid) {
        if (pidPath == null) return;
        try {
            if (Files.exists(pidPath) && Files.readString(pidPath).trim().equals(myPid)) {
                Files.delete(pidPath);
            }
        } catch (Exception ignored) {
            // best effort
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    /** "HOST:PORT", ":PORT" or "PORT"; the host defaults to 127.0.0.1. */
    static SocketAddress parseAddress(String s) {
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "" : s.substring(0, colon);
        int port = Integer.parseInt(colon < 0 ? s : s.substring(colon + 1));
        return new SocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
    }

    /** "268435456", "256k", "256m", "1g" (binary units). */
    static long parseBytes(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("b")) v = v.substring(0, v.length() - 1);
        long mult = 1;
        char last = v.charAt(v.length() - 1);
        if (last == 'k') mult = 1L << 10;
        else if (last == 'm') mult = 1L << 20;
        else if (last == 'g') mult = 1L << 30;
        if (mult != 1) v = v.substring(0, v.length() - 1);
        return Long.parseLong(v.trim()) * mult;
    }
}
