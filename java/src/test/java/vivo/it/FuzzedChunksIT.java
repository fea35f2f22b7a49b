package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vivo.render.ChunkRenderer;

/**
 * Bad chunks through the real host path: the fuzz corpus of the renderer and the fixtures cut short and
 * bit-flipped (a fixed seed) are flushed by fbhost into the plugin. The host does not crash and exits 0,
 * the API still answers, every chunk is received, the ones nothing could be made of are counted as
 * unusable, and each chunk with a problem is accounted for exactly once in the warnings: its own line, or
 * a count in a later line (they are rate-limited).
 */
class FuzzedChunksIT {

    private static final Path CORPUS = Path.of("java/src/test/resources/vivo/render");
    private static final Pattern LEFT_OUT = Pattern.compile(
            "\\(and (\\d+) more since the last one\\)|(\\d+) more warnings about bad chunks");

    @TempDir
    Path dir;

    @Test
    void badChunksAreCountedAndWarnedOfOnceAndTheHostLivesOn() throws Exception {
        List<byte[]> chunks = badChunks();
        Files.createDirectories(dir.resolve("chunks"));
        for (int i = 0; i < chunks.size(); i++) {
            Files.write(dir.resolve("chunks").resolve("%04d.msgpack".formatted(i)), chunks.get(i));
            Files.writeString(dir.resolve("chunks").resolve("%04d.tag".formatted(i)), "fuzz." + i);
        }
        String config = """
                [INPUT]
                    name  chunks
                    dir   %s/chunks
                    rate  200
                    count %d
                [OUTPUT]
                    name      vivo_java
                    match     *
                    http_port 0
                """.formatted(dir, chunks.size());
        try (Fbhost host = Fbhost.run(config).start(dir)) {
            int port = host.httpPort();
            host.awaitEvent("inputs done generation=1 ok=" + chunks.size());
            HttpResponse<String> logs = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/logs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, logs.statusCode(), "the API answers after the bad chunks");
            assertEquals(0, host.stop(), host.transcript());

            Counts.Java java = Counts.Java.of(host.awaitLog(Counts.Java.LOG));
            assertEquals(chunks.size(), java.chunks());
            assertEquals(expected(chunks, true), java.unusable(), "chunks nothing could be made of");
            assertEquals(expected(chunks, false), warnedOf(host.log()), "chunks warned of, each once: " + host.transcript());
            System.out.printf("FuzzedChunksIT: %d chunks flushed, %d unusable, %d with a problem, %d warning lines%n",
                    chunks.size(), java.unusable(), expected(chunks, false), warningLines(host.log()));
        }
    }

    /** The renderer's own count, chunk by chunk: unusable (no payload) or with a problem at all. */
    private static long expected(List<byte[]> chunks, boolean unusable) {
        ChunkRenderer renderer = new ChunkRenderer();
        return chunks.stream().map(c -> renderer.render(c, c.length, "t"))
                .filter(r -> unusable ? r.payload() == null : r.problem() != null).count();
    }

    /** Warning lines about chunks, each standing for itself plus the count it says was left out. */
    private static long warnedOf(List<String> log) {
        long n = 0;
        for (String line : log) {
            if (!line.contains("[ warn]") || !line.contains("chunk")) {
                continue;
            }
            Matcher m = LEFT_OUT.matcher(line);
            if (m.find()) {
                long left = Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2));
                n += m.group(1) != null ? left + 1 : left;
            } else {
                n++;
            }
        }
        return n;
    }

    private static long warningLines(List<String> log) {
        return log.stream().filter(l -> l.contains("[ warn]") && l.contains("chunk")).count();
    }

    /** The renderer's fuzz corpus, then each fixture cut in half and with 8 bits flipped. */
    private static List<byte[]> badChunks() throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path p : files.filter(p -> p.toString().contains("FuzzTestInputs") && Files.isRegularFile(p)).sorted().toList()) {
                byte[] c = Files.readAllBytes(p);
                if (c.length > 0) {
                    chunks.add(c);
                }
            }
        }
        Random random = new Random(10);
        try (Stream<Path> files = Files.walk(Fbhost.FIXTURES)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".msgpack") && !p.toString().contains("big-chunk")).sorted().toList()) {
                byte[] c = Files.readAllBytes(p);
                chunks.add(Arrays.copyOf(c, c.length / 2));
                byte[] flipped = c.clone();
                for (int i = 0; i < 8; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                chunks.add(flipped);
            }
        }
        return chunks;
    }
}
