package vivo.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A client of the logs stream on a thread of its own, for load and for checking what a client sees. It
 * follows the stream as the Vivo UI polls it ({@code ?from=<next>}) and checks each answer: no id served
 * twice, none skipped unless the stream had evicted it (the answer then starts past {@code from}), and
 * the next id never going back. With http_port 0 each reload listens on a new port, which the test
 * passes on ({@link #moveTo}). With {@code whole}, it reads the whole stream every time instead, which
 * makes Java build big responses: load for the collector. A refused connection (between the old
 * instance's exit and the new one's init, in a reload) and a 503 (a request that reached the old
 * instance while it stopped) are counted and retried: a test without reloads asserts there were none.
 */
final class StreamReader implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile int port;
    private final boolean whole;
    private final Thread thread;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile long next;
    private volatile long seen;
    private volatile long evictedUnread;
    private volatile long requests;
    private volatile long bytes;
    private volatile long refused;
    private volatile long unavailable;

    private StreamReader(int port, boolean whole, String name) {
        this.port = port;
        this.whole = whole;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Follows /api/v1/logs from id 0, checking each answer. */
    static StreamReader follow(int port) {
        return new StreamReader(port, false, "stream-follower");
    }

    /** Reads the whole /logs stream over and over. */
    static StreamReader whole(int port) {
        return new StreamReader(port, true, "stream-reader");
    }

    private void run() {
        while (running) {
            try {
                if (!readOnce()) {
                    LockSupport.parkNanos(Fbhost.POLL.toNanos());   // nothing new yet: do not spin
                }
            } catch (IOException e) {
                refused++;
                LockSupport.parkNanos(Fbhost.POLL.toNanos());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                problems.add(e.toString());
            }
        }
    }

    /** One request; true when it served something. */
    private boolean readOnce() throws IOException, InterruptedException {
        String path = whole ? "/logs" : "/api/v1/logs?from=" + next;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        requests++;
        bytes += r.body().length;
        if (r.statusCode() == 503) {
            unavailable++;
            return false;
        }
        if (r.statusCode() != 200) {
            problems.add(path + " answered " + r.statusCode());
            return false;
        }
        if (whole) {
            return true;
        }
        long nextId = Long.parseLong(r.headers().firstValue("Vivo-Stream-Next-ID").orElseThrow());
        if (nextId < next) {
            problems.add("the next id went back from " + next + " to " + nextId);
        }
        if (r.headers().firstValue("Vivo-Stream-Start-ID").isEmpty()) {
            return false;
        }
        long start = Long.parseLong(r.headers().firstValue("Vivo-Stream-Start-ID").get());
        long end = Long.parseLong(r.headers().firstValue("Vivo-Stream-End-ID").get());
        if (start < next) {
            problems.add("ids from " + start + " served again (asked from " + next + ")");
        }
        evictedUnread += Math.max(0, start - next);
        seen += end - start + 1;
        next = end + 1;
        return true;
    }

    /** Reads from {@code newPort} from now on: where the reloaded instance listens. */
    void moveTo(int newPort) {
        port = newPort;
    }

    /** The next id this reader will ask for: every id below it was served to it or evicted unread. */
    long next() {
        return next;
    }

    long seen() {
        return seen;
    }

    long evictedUnread() {
        return evictedUnread;
    }

    long requests() {
        return requests;
    }

    long bytes() {
        return bytes;
    }

    long refused() {
        return refused;
    }

    long unavailable() {
        return unavailable;
    }

    /** What it found wrong; empty when every answer was as it should be. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Fbhost.WAIT.toMillis());
    }

    @Override
    public String toString() {
        return "requests=" + requests + " bytes=" + bytes + " seen=" + seen + " evicted_unread=" + evictedUnread
                + " refused=" + refused + " unavailable=" + unavailable + " next=" + next;
    }
}
