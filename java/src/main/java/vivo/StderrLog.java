package vivo;

/** For the rare line that belongs to no running instance. */
final class StderrLog implements HostLog {

    static final StderrLog INSTANCE = new StderrLog();

    @Override
    public boolean enabled(Level level) {
        return level.code <= Level.INFO.code;
    }

    @Override
    public void log(Level level, String message) {
        if (enabled(level)) {
            System.err.println("[vivo_java] [" + level.name().toLowerCase() + "] " + message);
        }
    }
}
