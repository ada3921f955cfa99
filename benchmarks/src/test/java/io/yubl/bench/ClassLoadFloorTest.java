package io.yubl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassLoadFloorTest {
    private static final String FROM_JAR = "[1.130s][info][class,load] com.networknt.schema.JsonSchema source: "
            + "file:/work/.local-cloud/tasks/1/add-to-feed/lib/add-to-feed.jar";
    private static final String FROM_RUNTIME_CLIENT = "[0.133s][info][class,load] "
            + "com.amazonaws.services.lambda.runtime.api.client.AWSLambda source: "
            + "file:/work/local-cloud/host/target/lambda-runtime/aws-lambda-java-runtime-interface-client.jar";
    private static final String FROM_JDK = "[0.134s][info][class,load] java.net.URI$Parser source: jrt:/java.base";
    private static final String FROM_ARCHIVE =
            "[0.010s][info][class,load] java.lang.Object source: shared objects file";
    private static final String GENERATED =
            "[1.2s][info][class,load] software.amazon.awssdk.Foo$$Lambda/0x1 " + "source: software.amazon.awssdk.Foo";

    @Test
    void only_the_functions_own_classes_count_and_the_jdks_modules_when_asked() {
        // Given lines of a class-loading log from each kind of source

        // When / Then: the function's jar counts, the runtime client's (the hello-world handler loads it too) does not
        assertThat(ClassLoadFloor.loaded(FROM_JAR, false)).contains("com.networknt.schema.JsonSchema");
        assertThat(ClassLoadFloor.loaded(FROM_RUNTIME_CLIENT, true)).isEmpty();
        // the JDK's modules only when asked; its class-data archive and generated classes never
        assertThat(ClassLoadFloor.loaded(FROM_JDK, false)).isEmpty();
        assertThat(ClassLoadFloor.loaded(FROM_JDK, true)).contains("java.net.URI$Parser");
        assertThat(ClassLoadFloor.loaded(FROM_ARCHIVE, true)).isEmpty();
        assertThat(ClassLoadFloor.loaded(GENERATED, true)).isEmpty();
        assertThat(ClassLoadFloor.loaded("[0.1s][info][gc] not a class", true)).isEqualTo(Optional.empty());
    }
}
