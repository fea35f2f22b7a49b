package vivo;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's native memory for direct buffers, where the streams keep their entries (vivo.render.Slabs). */
public final class NativeMemory {

    private NativeMemory() {
    }

    /** -XX:MaxDirectMemorySize in bytes (the shim sets it; unset, the JVM takes the heap's bound). */
    public static long maxDirectBytes() {
        long set = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("MaxDirectMemorySize").getValue());
        return set > 0 ? set : Runtime.getRuntime().maxMemory();
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
