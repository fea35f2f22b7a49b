package vivo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private final List<String> lines = new ArrayList<>();
    private long now;
    private final HostLog log = new HostLog() {
        @Override
        public boolean enabled(Level level) {
            return true;
        }

        @Override
        public void log(Level level, String message) {
            lines.add(level + " " + message);
        }
    };

    @Test
    void aBurstOfWarningsGivesOneLineAnIntervalWithTheCountLeftOut() {
        RateLimitedLog warnings = new RateLimitedLog(log, "warnings about bad chunks", 10, () -> now);
        warnings.warn("bad chunk 1");
        now = 5;
        warnings.warn("bad chunk 2");
        warnings.warn("bad chunk 3");
        now = 10;
        warnings.warn("bad chunk 4");
        now = 11;
        warnings.warn("bad chunk 5");
        warnings.finish();
        assertEquals(List.of(
                "WARN bad chunk 1",
                "WARN bad chunk 4 (and 2 more since the last one)",
                "WARN 1 more warnings about bad chunks were not written"), lines);
    }

    @Test
    void aBurstThenSilenceIsCountedOnceTheIntervalIsOverNotOnlyAtStop() {
        RateLimitedLog warnings = new RateLimitedLog(log, "warnings about bad chunks", 10, () -> now);
        warnings.warn("bad chunk 1");
        now = 3;
        warnings.warn("bad chunk 2");
        warnings.warn("bad chunk 3");
        warnings.tick();
        now = 10;
        warnings.tick();
        warnings.tick();
        now = 30;
        warnings.warn("bad chunk 4");
        warnings.finish();
        assertEquals(List.of(
                "WARN bad chunk 1",
                "WARN 2 more warnings about bad chunks since the last one were not written",
                "WARN bad chunk 4"), lines);
    }
}
