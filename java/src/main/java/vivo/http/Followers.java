package vivo.http;

import java.util.concurrent.atomic.AtomicInteger;

/** How many clients follow one server's streams at once: at most {@code http_max_followers}. */
final class Followers {

    private final int max;
    private final AtomicInteger following = new AtomicInteger();

    Followers(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    int following() {
        return following.get();
    }

    /** Takes a place if one is free. */
    boolean join() {
        while (true) {
            int now = following.get();
            if (now >= max) {
                return false;
            }
            if (following.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void leave() {
        following.decrementAndGet();
    }
}
