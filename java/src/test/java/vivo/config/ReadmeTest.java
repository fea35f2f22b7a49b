package vivo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README's configuration table is Property, row for row: the key, the default ("none" for an empty one)
 * and the meaning, as written there without the backticks of code. Maven runs tests in the project's
 * folder, where README.md is.
 */
class ReadmeTest {

    @Test
    void theConfigurationTableListsEveryPropertyInOrderWithItsDefaultAndMeaning() throws IOException {
        List<String> expected = Arrays.stream(Property.values())
                .map(p -> p.key + " | " + (p.defaultValue.isEmpty() ? "none" : p.defaultValue) + " | " + p.description)
                .toList();
        assertEquals(expected, configurationTable(Files.readAllLines(Path.of("README.md"))));
    }

    /** The rows of the first table under "## Configuration", cells joined by " | ", backticks removed. */
    private static List<String> configurationTable(List<String> readme) {
        int heading = readme.indexOf("## Configuration");
        assertFalse(heading < 0, "README.md has no '## Configuration'");
        List<String> rest = readme.subList(heading + 1, readme.size());
        int header = (int) rest.stream().takeWhile(line -> !line.startsWith("|")).count();
        return rest.stream()
                .skip(header + 2) // the column names and the |---| line
                .takeWhile(line -> line.startsWith("|"))
                .map(line -> line.substring(1, line.length() - 1).strip().replace("`", ""))
                .toList();
    }
}
