import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients that follow a stream the way a dashboard does: {@code GET <path>?from=<next>&wait=5} again and
 * again, each on its own connection (HTTP/1.1, keep-alive), from the Vivo-Stream-Next-ID of the answer
 * before. For tests/bench/e2e.sh (POLLERS=N): the ingest rate with and without them. Runs until killed;
 * prints, every second, the requests answered and the body bytes read so far.
 *
 *   java tests/bench/Pollers.java <port> <clients> [path, default /api/v1/logs]
 */
public final class Pollers {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[1]);
        String path = args.length > 2 ? args[2] : "/api/v1/logs";
        AtomicLong answered = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> follow(port, path, answered, bytes, failed), "poller-" + c);
            client.setDaemon(true);
            client.start();
        }
        for (long s = 1; ; s++) {
            Thread.sleep(1000);
            System.out.printf("%d s: %d answered, %d bytes, %d failed%n", s, answered.get(), bytes.get(), failed.get());
        }
    }

    private static void follow(int port, String path, AtomicLong answered, AtomicLong bytes, AtomicLong failed) {
        // a client of its own: one connection per poller, as 100 dashboards would have
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long next = 0;
        while (true) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "?from=" + next + "&wait=5"))
                        .timeout(Duration.ofSeconds(30)).build();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                answered.incrementAndGet();
                bytes.addAndGet(response.body().length);
                next = response.headers().firstValueAsLong("Vivo-Stream-Next-ID").orElse(next);
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
    }
}
