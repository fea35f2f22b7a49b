package vivo.http;

import io.undertow.server.HttpServerExchange;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import vivo.stream.Stream;

/**
 * A wait, holding no thread, for a stream's entry from some id or for a time, whichever comes first:
 * the long polls of {@code wait=} and the idle followers. Both outcomes run on the exchange's I/O thread.
 */
final class NextAppend {

    private NextAppend() {
    }

    /**
     * Runs {@code onEntry} once {@code stream} has an entry from {@code id}, or {@code onTimeUp} after
     * {@code nanos}, whichever comes first, the other never. The handle cancels both.
     */
    static Runnable await(HttpServerExchange exchange, Stream stream, long id, long nanos, Runnable onEntry, Runnable onTimeUp) {
        boolean[] done = {false};   // read and written on the I/O thread
        Runnable[] cancelWait = {() -> { }};
        XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> {
            if (!done[0]) {
                done[0] = true;
                cancelWait[0].run();
                onTimeUp.run();
            }
        }, nanos, TimeUnit.NANOSECONDS);
        // the wake runs on the appending (drain) thread: it only hands over to the I/O thread
        cancelWait[0] = stream.whenEntryFrom(id, () -> exchange.getIoThread().execute(() -> {
            if (!done[0]) {
                done[0] = true;
                timer.remove();
                onEntry.run();
            }
        }));
        return () -> {
            cancelWait[0].run();
            timer.remove();
        };
    }
}
