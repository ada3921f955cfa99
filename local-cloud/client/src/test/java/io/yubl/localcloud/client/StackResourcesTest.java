package io.yubl.localcloud.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yubl.localcloud.client.Intrinsics.Deployed;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackResourcesTest {
    @TempDir
    Path root;

    @Test
    void what_the_host_wrote_is_what_a_test_reads() {
        // Given the host wrote what it provisioned
        new StackResources(Map.of(
                        "AddToFeedQueue",
                        new Deployed(
                                "http://127.0.0.1:4566/000000000000/yubl-local-add-to-feed",
                                Map.of("Arn", "arn:aws:sqs:us-east-1:000000000000:yubl-local-add-to-feed"))))
                .write(root);

        // When a test reads it
        StackResources read = StackResources.read(root);

        // Then each resource answers Ref and GetAtt as the host resolved them
        assertThat(read.ref("AddToFeedQueue")).isEqualTo("http://127.0.0.1:4566/000000000000/yubl-local-add-to-feed");
        assertThat(read.attribute("AddToFeedQueue", "Arn"))
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:yubl-local-add-to-feed");
        assertThat(root.resolve(StackResources.FILE)).exists();
    }

    @Test
    void an_unknown_resource_or_attribute_and_a_local_cloud_never_started_are_errors_that_say_so() {
        // Given resources with one queue, and a root where nothing was provisioned
        StackResources resources = new StackResources(Map.of("Queue", new Deployed("q", Map.of())));

        // Then what is not there is named
        assertThatThrownBy(() -> resources.ref("Nowhere")).hasMessageContaining("Nowhere");
        assertThatThrownBy(() -> resources.attribute("Queue", "Arn"))
                .hasMessageContaining("Queue has no attribute Arn");
        assertThatThrownBy(() -> StackResources.read(root)).hasMessageContaining("start it with bin/run");
    }
}
