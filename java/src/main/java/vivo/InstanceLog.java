package vivo;

import vivo.bridge.NativeBridge;

/**
 * An instance's {@link HostLog}: lines go through the shim into Fluent Bit's logger, under the
 * instance's prefix and log_level. Once the instance has told the shim it stopped, the shim's memory
 * for it may be gone, so later lines go to the {@link StderrLog} of its name.
 */
final class InstanceLog implements HostLog {

    private final NativeBridge bridge;
    private final long instance;
    private final StderrLog stderr;
    private boolean closed;

    InstanceLog(NativeBridge bridge, long instance, String name) {
        this.bridge = bridge;
        this.instance = instance;
        this.stderr = new StderrLog(name);
    }

    @Override
    public synchronized boolean enabled(Level level) {
        return closed ? stderr.enabled(level) : bridge.logEnabled(instance, level.code);
    }

    @Override
    public synchronized void log(Level level, String message) {
        if (closed) {
            stderr.log(level, message);
        } else {
            bridge.log(instance, level.code, message);
        }
    }

    /** From now on nothing goes through the bridge: call before telling the shim the instance stopped. */
    synchronized void close() {
        closed = true;
    }
}
