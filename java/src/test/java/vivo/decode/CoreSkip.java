package vivo.decode;

import java.io.IOException;
import org.msgpack.core.MessageUnpacker;

/**
 * Steps over msgpack values with msgpack-core, for the test oracles. msgpack-core's own
 * {@code skipValue} adds a map's count twice into an int, so a map32 header of 2^30 keys or more wraps
 * negative and is "skipped" as its 5 header bytes alone (found by LogsFuzzTest, kept in its corpus as
 * {@code map32-count-overflows-msgpack-core}); here the pending count is a long.
 */
public final class CoreSkip {

    private CoreSkip() {
    }

    /** Steps over the next {@code n} values; throws as msgpack-core does when they are cut short. */
    public static void skip(MessageUnpacker u, long n) throws IOException {
        long pending = n;
        while (pending > 0) {
            pending--;
            switch (u.getNextFormat().getValueType()) {
                case ARRAY:
                    pending += u.unpackArrayHeader();
                    break;
                case MAP:
                    pending += 2L * u.unpackMapHeader();
                    break;
                default:
                    u.skipValue();
                    break;
            }
        }
    }
}
