package vivo.bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * The C/Java boundary as Java sees it: the ABI number, {@code struct vj_chunk_view} of native/bridge.h
 * field by field, and the codes that cross it ({@link NativeBridge}'s). Both bridges read the struct
 * through these offsets only. At start-up, {@link #check} compares the line the shim writes of its own
 * side ({@code vj_bridge_layout}, from {@code offsetof} and its enums) with the line written here, so that
 * a jar and a shim that disagree on any offset or code refuse to run together instead of misreading.
 */
public final class Boundary {

    /** VJ_BRIDGE_ABI: bumped on any change of a signature. */
    static final int ABI = 5;

    /** struct vj_chunk_view: five 8-byte fields (pointers and int64_t on the 64-bit ABIs the shim builds for). */
    static final int TOKEN = 0;
    static final int DATA = 8;
    static final int SIZE = 16;
    static final int TAG = 24;
    static final int TAG_LEN = 32;
    static final int VIEW_BYTES = 40;

    private Boundary() {
    }

    /** The line vj_bridge_layout must write, byte for byte. */
    static String expected() {
        return "abi " + ABI + "; chunk_view " + VIEW_BYTES + ": token " + TOKEN + ", data " + DATA + ", size " + SIZE
                + ", tag " + TAG + ", tag_len " + TAG_LEN + "; next_chunk: chunk " + NativeBridge.CHUNK
                + ", none " + NativeBridge.NONE + ", closed " + NativeBridge.CLOSED
                + ", closed_for_reload " + NativeBridge.CLOSED_FOR_RELOAD + "; log: error " + NativeBridge.LOG_ERROR
                + ", warn " + NativeBridge.LOG_WARN + ", info " + NativeBridge.LOG_INFO
                + ", debug " + NativeBridge.LOG_DEBUG + ", trace " + NativeBridge.LOG_TRACE;
    }

    /** Throws, naming what differs on each side, unless the shim's line is the one expected. */
    static void check(String shim) {
        String jar = expected();
        if (jar.equals(shim)) {
            return;
        }
        List<String> ours = items(jar);
        List<String> theirs = items(shim);
        String differs;
        if (ours.size() == theirs.size()) {
            List<String> shimSide = new ArrayList<>();
            List<String> jarSide = new ArrayList<>();
            for (int i = 0; i < ours.size(); i++) {
                if (!ours.get(i).equals(theirs.get(i))) {
                    shimSide.add(theirs.get(i));
                    jarSide.add(ours.get(i));
                }
            }
            differs = "the shim has " + String.join(", ", shimSide) + " where the jar has " + String.join(", ", jarSide);
        } else {
            differs = "the shim: '" + shim + "'; the jar: '" + jar + "'";
        }
        throw new IllegalStateException("vivo_java.so and vivo-java.jar disagree on the bridge (" + differs
                + "): they come from different builds; install both from one ./build.sh");
    }

    /** "abi 3", "chunk_view 40: token 0", "data 8", ...: the line's items, in order. */
    private static List<String> items(String line) {
        return List.of(line.split("; |, "));
    }
}
