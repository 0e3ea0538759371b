import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local with its usual flags, listening on one host only (default 127.0.0.1:
 * the stock jar binds every interface and has no option for it). Exits when its standard input
 * closes, so the JVM never outlives the Node process that spawned it, even after `kill -9`.
 *
 * Rebuild: javac --release 17 -cp <DynamoDBLocal.jar> -d local/java local/java/DdbLocalLoopback.java
 */
public final class DdbLocalLoopback {
    public static void main(String[] args) throws Exception {
        String host = System.getProperty("ddblocal.host", "127.0.0.1");
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        for (Connector connector : ((Server) field.get(proxy)).getConnectors()) {
            ((ServerConnector) connector).setHost(host);
        }
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent writes nothing; EOF means it is gone
                }
            } catch (Exception ignored) {
                // a broken pipe also means the parent is gone
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        proxy.start();
        System.out.println("DynamoDB Local listening on " + host);
    }
}
