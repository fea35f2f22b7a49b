package vivo;

import java.util.function.Consumer;
import vivo.bridge.NativeBridge;
import vivo.config.Config;
import vivo.config.ConfigException;
import vivo.http.HttpServer;
import vivo.http.Ingest;
import vivo.stream.Streams;

/**
 * One {@code [OUTPUT]} of vivo_java: its streams, its HTTP server and its drain thread. Started by
 * Bootstrap on the shim's JVM thread; stopped by its own drain thread once the shim closes the queue
 * (Fluent Bit's ExitCtx), in reverse order: server, streams kept or dropped, then the shim is told.
 */
final class Instance {

    private final Config config;
    private final NativeBridge bridge;
    private final long instance;
    private final int generation;
    private final InstanceLog log;
    private final KeptStreams kept;
    private final Streams streams;
    private final HttpServer server;
    private final Drain drain;
    /** What the drains of earlier generations took into these streams (hot reloads that kept them). */
    private final Ingest earlier;
    private final Consumer<Instance> onStop;

    private Instance(Config config, NativeBridge bridge, long instance, int generation, InstanceLog log,
                     KeptStreams kept, Consumer<Instance> onStop) {
        this.config = config;
        this.bridge = bridge;
        this.instance = instance;
        this.generation = generation;
        this.log = log;
        this.kept = kept;
        this.onStop = onStop;
        KeptStreams.Kept adopted = kept.take(config.listener());
        if (adopted != null) {
            adopted.streams().setCapacity(config.streamQueueSize());
            log.info("kept the streams of " + config.listener() + " across the reload");
        }
        this.streams = adopted != null ? adopted.streams() : new Streams(config.streamQueueSize());
        this.earlier = adopted != null ? adopted.ingest() : Ingest.NONE;
        streams.setPageSize(config.streamPageSize());
        this.drain = new Drain(bridge, instance, streams, log, config.chunkQueueSize());
        this.server = new HttpServer(config, streams, this::ingest, log, this::lowerThisThread);
    }

    /** What the drains of these streams took, this one's and those of the generations before it. */
    private Ingest ingest() {
        return earlier.plus(drain.ingest());
    }

    /**
     * On each HTTP thread as it starts: the lowest scheduling priority, so that serving, however many
     * clients read, takes only the CPU the pipeline leaves; or a debug line saying why not.
     */
    private void lowerThisThread() {
        int errno = bridge.lowerThreadPriority();
        if (errno != 0) {
            log.debug(Thread.currentThread().getName() + " keeps the host's scheduling priority: setpriority failed, errno " + errno);
        }
    }

    /** Starts it, or throws having started nothing (the shim then frees {@code instance}). */
    static Instance start(Config config, NativeBridge bridge, long instance, int generation, InstanceLog log,
                          KeptStreams kept, Consumer<Instance> onStop) throws ConfigException {
        Instance started = new Instance(config, bridge, instance, generation, log, kept, onStop);
        try {
            started.server.start();
        } catch (ConfigException | RuntimeException e) {
            // a failed start of a reloaded instance must not lose the streams it adopted
            kept.keep(config.listener(), started.streams, started.ingest(), generation);
            throw e;
        }
        bridge.setChunkQueueSize(instance, config.chunkQueueSize());
        Thread thread = new Thread(started::drainThenStop, "vivo-java-drain-" + config.name());
        thread.setDaemon(true);
        thread.start();
        return started;
    }

    Config config() {
        return config;
    }

    HostLog log() {
        return log;
    }

    private void drainThenStop() {
        boolean reload = false;
        try {
            reload = drain.run();
        } catch (Throwable t) {
            log.error("the drain thread failed: " + t + "; no more chunks are stored");
        } finally {
            stop(reload);
        }
    }

    private void stop(boolean reload) {
        try {
            server.stop();
            if (reload) {
                kept.keep(config.listener(), streams, ingest(), generation);
            }
            log.info("stopped" + (reload ? " for a reload" : "") + ": " + drain.summary());
        } catch (Throwable t) {
            log.error("stopping failed: " + t);
        } finally {
            onStop.accept(this);
            log.close();
            bridge.stopped(instance);
        }
    }
}
