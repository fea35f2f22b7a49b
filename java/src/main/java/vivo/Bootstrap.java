package vivo;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vivo.bridge.Bridges;
import vivo.bridge.NativeBridge;
import vivo.config.Config;
import vivo.config.ConfigException;

/**
 * The one class the shim calls, through JNI, on its own JVM thread. Nothing is thrown back into C once
 * the bridge is loaded: each entry point catches everything, logs one line and returns a status. Before
 * that, Java has no way into Fluent Bit's log, so a bridge that cannot load is thrown, and the shim logs it.
 *
 * <p>What lives here lives as long as the JVM, that is the process: the bridge, the streams kept across
 * a hot reload, the set of running instances. Everything else belongs to an {@link Instance}.
 */
public final class Bootstrap {

    private static final KeptStreams KEPT = new KeptStreams();
    private static final Set<Instance> RUNNING = ConcurrentHashMap.newKeySet();
    /** Loaded by the first start; start and generationStarted run only on the shim's one JVM thread. */
    private static NativeBridge bridge;

    private Bootstrap() {
    }

    /**
     * Starts the instance the shim created at address {@code instance}. 0 on success; otherwise the reason
     * is already in Fluent Bit's log and Java keeps nothing of the instance.
     */
    public static int start(long instance, String shimPath, String name, int generation)
            throws ReflectiveOperationException {
        if (bridge == null) {
            // without a bridge there is no way into Fluent Bit's log but the shim's: it logs what is thrown
            bridge = Bridges.load(Path.of(shimPath));
        }
        InstanceLog log = new InstanceLog(bridge, instance, name);
        try {
            Config config = Config.read(name, key -> bridge.property(instance, key));
            dropKeptBefore(generation - 1, log);
            RUNNING.add(Instance.start(config, bridge, instance, generation, log, KEPT, RUNNING::remove));
            log.info("Java " + Runtime.version().feature() + " with the " + bridge.name() + " bridge; "
                    + "streams of " + config.streamQueueSize() + " bytes each");
            warnIfNativeMemoryTooSmall(log);
            return 0;
        } catch (ConfigException e) {
            e.getMessage().lines().forEach(log::error);
        } catch (Throwable t) {
            log.error("cannot start: " + t);
        }
        log.close();
        return -1;
    }

    /** Every instance of this generation is initialised (FLBPluginOutputPreRun). */
    public static void generationStarted(int generation) {
        try {
            dropKeptBefore(generation, anyLog());
        } catch (Throwable t) {
            anyLog().error("generationStarted failed: " + t);
        }
    }

    /**
     * Streams kept by a reload before the last are never wanted again. A host with PreRun (2.2+) drops
     * them sooner, in generationStarted; on 2.1, which has none, this is what bounds them to one reload's.
     */
    private static void dropKeptBefore(int generation, HostLog log) {
        int dropped = KEPT.dropOlderThan(generation);
        if (dropped > 0) {
            log.info("dropped the streams of " + dropped + " listener(s) that no longer exist after the reload");
        }
    }

    /** A log for what belongs to no instance: any running one's, else stderr. */
    private static HostLog anyLog() {
        for (Instance instance : RUNNING) {
            return instance.log();
        }
        return StderrLog.NO_INSTANCE;
    }

    /**
     * The native memory for entries was sized from the first instance's stream_queue_size; later ones
     * (or a reload to a larger size) may need more. Without it, new entries stay on the Java heap.
     */
    private static void warnIfNativeMemoryTooSmall(HostLog log) {
        long queues = 0;
        for (Instance instance : RUNNING) {
            queues += instance.config().streamQueueSize();
        }
        long needed = bridge.directMegabytes(queues) << 20;
        long bound = NativeMemory.maxDirectBytes();
        if (needed > bound) {
            log.warn("the JVM's native memory for entries (MaxDirectMemorySize " + (bound >> 20) + " MiB, sized when the "
                    + "first instance started) is small for " + RUNNING.size() + " instance(s) of stream_queue_size "
                    + queues / 1_000_000 + " MB in all; add -XX:MaxDirectMemorySize=" + (needed >> 20)
                    + "m to jvm_options of the first vivo_java output and restart");
        }
    }
}
