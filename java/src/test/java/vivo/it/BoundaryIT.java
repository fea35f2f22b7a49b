package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.it.Fbhost.Jdk;

/**
 * The C/Java boundary is checked field by field at start-up: a shim built with two fields of
 * struct vj_chunk_view swapped (build.sh test makes it in build/test/swapped/) is refused by the jar,
 * on either bridge, with one line that shows both sides, instead of reading a size as a pointer.
 */
class BoundaryIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void aShimWithTwoFieldsSwappedIsRefusedAtStart(Jdk jdk) throws Exception {
        Path swapped = Fbhost.BUILD.resolve("test/swapped/vivo_java.so");
        String config = """
                [INPUT]
                    name  dummy
                    count 1
                [OUTPUT]
                    name      vivo_java
                    match     *
                    jar_path  %s
                    http_port 0
                """.formatted(Fbhost.BUILD.resolve("vivo-java.jar").toAbsolutePath());
        try (Fbhost host = Fbhost.run(config).jdk(jdk).plugin(swapped.toAbsolutePath()).start(dir)) {
            assertEquals(1, host.exitCode());
            host.awaitLog("\\[error\\] \\[output:vivo_java:vivo_java.0\\] Java failed to start the instance: "
                    + "java.lang.IllegalStateException: vivo_java.so and vivo-java.jar disagree on the bridge \\(the shim "
                    + "has chunk_view 40: token 8, data 0 where the jar has chunk_view 40: token 0, data 8\\): they come "
                    + "from different builds; install both from one ./build.sh");
            host.awaitLog("\\[error\\] \\[output\\] failed to initialize 'vivo_java' plugin");
        }
    }
}
