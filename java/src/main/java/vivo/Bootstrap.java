package vivo;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vivo.bridge.Bridges;
import vivo.bridge.NativeBridge;
import vivo.config.Config;
import vivo.config.ConfigException;

/**
 * The one class the shim calls, through JNI, on its own JVM thread. Nothing is thrown back into C:
 * each entry point catches everything, logs one line and returns a status.
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
    public static int start(long instance, String shimPath, String name, int generation) {
        try {
            if (bridge == null) {
                bridge = Bridges.load(Path.of(shimPath));
            }
        } catch (Throwable t) {
            new StderrLog(name).error("cannot call the shim from Java: " + t);
            return -1;
        }
        InstanceLog log = new InstanceLog(bridge, instance, name);
        try {
            Config config = Config.read(name, key -> bridge.property(instance, key));
            RUNNING.add(Instance.start(config, bridge, instance, generation, log, KEPT, RUNNING::remove));
            log.info("Java " + Runtime.version().feature() + " with the " + bridge.name() + " bridge; "
                    + "streams of " + config.streamQueueSize() + " bytes each");
            warnIfHeapTooSmall(log);
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
            int dropped = KEPT.dropOlderThan(generation);
            if (dropped > 0) {
                anyLog().info("dropped the streams of " + dropped + " listener(s) that no longer exist after the reload");
            }
        } catch (Throwable t) {
            anyLog().error("generationStarted failed: " + t);
        }
    }

    /** A log for what belongs to no instance: any running one's, else stderr. */
    private static HostLog anyLog() {
        for (Instance instance : RUNNING) {
            return instance.log();
        }
        return StderrLog.NO_INSTANCE;
    }

    /** The heap was sized from the first instance's stream_queue_size; later ones may need more. */
    private static void warnIfHeapTooSmall(HostLog log) {
        long streams = 0;
        for (Instance instance : RUNNING) {
            streams += 3 * instance.config().streamQueueSize();
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (streams > heap * 3 / 4) {
            log.warn("the JVM heap (" + heap / 1_000_000 + " MB, sized when the first instance started) is small for "
                    + RUNNING.size() + " instance(s) keeping up to " + streams / 1_000_000 + " MB; add -Xmx"
                    + (streams * 2 / 1_000_000 + 96) + "m to jvm_options of the first vivo_java output and restart");
        }
    }
}
