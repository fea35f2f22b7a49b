package vivo.http;

import java.util.List;
import java.util.function.UnaryOperator;
import vivo.decode.ChunkKind;
import vivo.render.LogRecords;
import vivo.stream.Entry;

/**
 * The filters of a stream request, applied to each entry before {@code limit} counts it: {@code tag}
 * keeps the chunks whose tag matches one of its patterns, {@code grep} the log records whose JSON holds
 * its text (a chunk left with no record is left out; ids stay the chunks' ids).
 */
final class Filters {

    private Filters() {
    }

    /** The filter of {@code request} on a stream of {@code kind}; null when it asks for none. */
    static UnaryOperator<Entry> of(Query.Request request, ChunkKind kind) throws Query.Invalid {
        List<String> tags = request.tags();
        String grep = request.grep();
        if (grep != null && kind != ChunkKind.LOGS) {
            throw new Query.Invalid("grep: only the log streams can be searched; filter " + kind.path() + " by tag");
        }
        if (tags.isEmpty() && grep == null) {
            return null;
        }
        return entry -> {
            if (!tags.isEmpty() && tags.stream().noneMatch(pattern -> matches(pattern, entry.tag()))) {
                return null;
            }
            if (grep == null || !(entry.payload() instanceof LogRecords records)) {
                return entry;
            }
            LogRecords kept = records.keepContaining(grep);
            return kept == null ? null : kept == records ? entry : entry.with(kept);
        };
    }

    /**
     * Fluent Bit's {@code Match}: {@code *} stands for any run of characters (dots included), everything
     * else for itself, case-sensitively (flb_router_match). Greedy with one backtrack point, so a pattern
     * of many stars costs at most its length times the tag's, never more.
     */
    static boolean matches(String pattern, String tag) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < tag.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == tag.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
