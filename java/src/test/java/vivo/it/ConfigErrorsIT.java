package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad configuration makes FLBPluginInit fail with one line, through Fluent Bit's logger, that names
 * the property and the fix; Fluent Bit then stops, as for its own plugins.
 */
class ConfigErrorsIT {

    @TempDir
    Path dir;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("java_home /nonexistent/jdk",
                        "java_home: cannot use '/nonexistent/jdk' \\(No such file or directory\\); set java_home to a JDK 17 or later"),
                Arguments.of("java_home /tmp",
                        "java_home: '/tmp' is not a JDK \\(no lib/server/libjvm.so\\); set java_home to a JDK 17 or later"),
                Arguments.of("jar_path /nonexistent/vivo-java.jar",
                        "jar_path: cannot read '/nonexistent/vivo-java.jar' \\(No such file or directory\\); set jar_path to vivo-java.jar"),
                Arguments.of("jvm_options -XX:+NoSuchOption",
                        "the JVM did not start: Unrecognized VM option 'NoSuchOption'; check jvm_options \\(JNI error -6\\)"),
                Arguments.of("jvm_options -cp /tmp/x.jar",
                        "jvm_options: '-cp' is not allowed: the class path is the jar \\(set jar_path instead\\)"),
                Arguments.of("jvm_options -XX:+ExitOnOutOfMemoryError",
                        "jvm_options: '-XX:\\+ExitOnOutOfMemoryError' is not allowed: it would end Fluent Bit on a Java OutOfMemoryError"),
                Arguments.of("listen 0.0.0.0",
                        "listen: unknown property; did you mean http_listen\\?"),
                Arguments.of("stream_queue_size 20MiB",
                        "stream_queue_size: expecting a size such as 20M or 512K; found '20MiB'"),
                Arguments.of("http_port 70000",
                        "http_port: expecting a TCP port from 0 to 65535; found '70000'"),
                Arguments.of("empty_stream_on_read maybe",
                        "empty_stream_on_read: expecting on or off; found 'maybe'"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void initFailsWithOneLineNamingThePropertyAndTheFix(String property, String expected) throws Exception {
        String config = """
                [INPUT]
                    name  dummy
                    count 1
                [OUTPUT]
                    name      vivo_java
                    match     *
                    %s
                    http_port 0
                """.formatted(property);
        try (Fbhost host = Fbhost.run(config).start(dir)) {
            assertEquals(1, host.exitCode());
            host.awaitLog("\\[error\\] \\[output:vivo_java:vivo_java.0\\] " + expected);
            host.awaitLog("\\[error\\] \\[output\\] failed to initialize 'vivo_java' plugin");
        }
    }
}
