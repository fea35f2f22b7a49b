package vivo;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/** The JVM's native memory for direct buffers, where the streams keep their entries (vivo.render.Slabs). */
public final class NativeMemory {

    private NativeMemory() {
    }

    private static final String OPTION = "-XX:MaxDirectMemorySize=";

    /**
     * -XX:MaxDirectMemorySize in bytes: the last one the JVM was given (the shim's, or the user's after it
     * in jvm_options); unset, the JVM takes the heap's bound. Read from the JVM's arguments, since the
     * bundle's runtime has no jdk.management module to ask the VM for the flag.
     */
    public static long maxDirectBytes() {
        return MAX_DIRECT;
    }

    /** The JVM's arguments do not change once it runs. */
    private static final long MAX_DIRECT =
            maxDirectBytes(ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory());

    static long maxDirectBytes(List<String> arguments, long heapMax) {
        long bound = 0;
        for (String argument : arguments) {
            if (argument.startsWith(OPTION)) {
                bound = size(argument.substring(OPTION.length()));
            }
        }
        return bound > 0 ? bound : heapMax;
    }

    /** A HotSpot size: digits and an optional k, m, g or t (binary units, either case); 0 when it is not one. */
    private static long size(String text) {
        int shift = 0;
        String digits = text;
        if (!text.isEmpty()) {
            int unit = "kmgt".indexOf(Character.toLowerCase(text.charAt(text.length() - 1)));
            if (unit >= 0) {
                shift = 10 * (unit + 1);
                digits = text.substring(0, text.length() - 1);
            }
        }
        try {
            long value = Long.parseLong(digits);
            return value >= 0 && value <= (Long.MAX_VALUE >> shift) ? value << shift : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Bytes of direct buffers allocated now: the streams' slabs and the HTTP server's buffers. */
    public static long directUsedBytes() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }
}
