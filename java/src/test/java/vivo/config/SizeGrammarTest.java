package vivo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Java's size grammar against tests/sizes.tsv, the table the shim's own parser is tested with
 * (tests/native/jvm_options_test.c): the shim sizes the heap from stream_queue_size before Java reads
 * it, so the two must read every text alike.
 */
class SizeGrammarTest {

    @Test
    void everySizeOfTheSharedTableReadsAsTheShimReadsIt() throws Exception {
        List<String> cases = Files.readAllLines(Path.of("tests/sizes.tsv")).stream()
                .filter(line -> !line.startsWith("#") && line.contains("\t"))
                .toList();
        assertTrue(cases.size() >= 40, "only " + cases.size() + " cases");
        for (String line : cases) {
            String text = line.substring(0, line.indexOf('\t'));
            String expected = line.substring(line.indexOf('\t') + 1);
            if (expected.equals("error")) {
                assertThrows(ConfigException.class, () -> Sizes.parse("stream_queue_size", text), "'" + text + "'");
            } else {
                assertEquals(Long.parseLong(expected), Sizes.parse("stream_queue_size", text), "'" + text + "'");
            }
        }
    }
}
