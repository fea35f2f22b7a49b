package vivo.it;

/**
 * The budget of the reliability tests (RELIABILITY.md): quick in {@code ./build.sh test}, what CI runs;
 * full with {@code -Dvivo.soak=full}, what {@code ./build.sh soak} passes. Only the figures change, never
 * what is asserted.
 */
final class Soak {

    static final boolean FULL = "full".equals(System.getProperty("vivo.soak", "quick"));

    static int pick(int quick, int full) {
        return FULL ? full : quick;
    }

    /** One line of figures, on stdout (the console and the failsafe report), for RELIABILITY.md. */
    static void figures(String test, String format, Object... args) {
        System.out.println("[figures] " + test + (FULL ? " (full)" : " (quick)") + ": " + format.formatted(args));
    }

    private Soak() {
    }
}
