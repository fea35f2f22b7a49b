package vivo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Facts the shim must know in C, before there is a JVM, and that Java or README state too: each copy is
 * pinned to the C source here, so that changing one side without the other fails.
 */
class NativeFactsTest {

    private static String read(String path) throws Exception {
        return Files.readString(Path.of(path));
    }

    @Test
    void theShimSizesTheHeapForPropertysDefaultStreamQueueSize() throws Exception {
        assertTrue(read("native/jvm_options.h").contains(
                        "#define VJ_DEFAULT_STREAM_QUEUE_SIZE \"" + Property.STREAM_QUEUE_SIZE.defaultValue + "\""),
                "native/jvm_options.h and Property.STREAM_QUEUE_SIZE disagree on the default");
    }

    @Test
    void readmeListsTheJdkSearchPlacesOfTheShim() throws Exception {
        Matcher array = Pattern.compile("jdk_search_places\\[\\] = \\{([^}]*)\\}").matcher(read("native/jdk.c"));
        assertTrue(array.find(), "no jdk_search_places in native/jdk.c");
        List<String> places = Arrays.stream(array.group(1).split(","))
                .map(String::strip)
                .filter(p -> p.startsWith("\""))
                .map(p -> p.substring(1, p.length() - 1))
                .toList();
        assertEquals(5, places.size(), places.toString());
        String readme = places.stream().map(p -> "`" + p + "`").reduce((a, b) -> a + ", " + b).orElseThrow();
        assertTrue(read("README.md").contains("else the newest JDK >= 17 under " + readme),
                "README's java_home row does not list " + readme);
    }
}
