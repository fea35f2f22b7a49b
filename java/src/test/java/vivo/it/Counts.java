package vivo.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What each side counted: the host's flush results, and the chunks Java took in. */
final class Counts {

    /** fbhost's line after an output stopped. */
    record Host(int generation, String output, long ok, long retried, long errors, long dropped, long maxStack) {

        static final String EVENT = "stopped generation=(\\d+) output=(\\S+) ok=(\\d+) retried=(\\d+) errors=(\\d+) "
                + "dropped=(\\d+) max_stack=(\\d+) flush_us_avg=\\S+ flush_us_max=\\S+";

        static Host of(Matcher m) {
            return new Host(Integer.parseInt(m.group(1)), m.group(2), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)),
                    Long.parseLong(m.group(7)));
        }
    }

    /** The plugin's line when an instance stopped (Drain.summary). */
    record Java(String instance, long chunks, long logs, long metrics, long traces, long unusable) {

        static final String LOG = "\\[output:vivo_java:(\\S+)\\] stopped(?: for a reload)?: (\\d+) chunks received "
                + "\\(\\d+ bytes\\): logs (\\d+), metrics (\\d+), traces (\\d+); (\\d+) unusable";

        static Java of(Matcher m) {
            return new Java(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)));
        }
    }

    static final Pattern JAVA = Pattern.compile(".*" + Java.LOG + ".*");

    private Counts() {
    }
}
