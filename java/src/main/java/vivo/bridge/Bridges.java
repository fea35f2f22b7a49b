package vivo.bridge;

import java.nio.file.Path;

/**
 * Picks the bridge once per process: Panama on JDK 22 and later, jnr-ffi before. The system property
 * {@code vivo.bridge} (panama or jnr, through jvm_options) overrides the choice, for tests and for
 * working around a problem with one of them.
 */
public final class Bridges {

    private Bridges() {
    }

    public static NativeBridge load(Path shimPath) throws ReflectiveOperationException {
        NativeBridge bridge = switch (choice()) {
            case "panama" -> panama(shimPath);
            case "jnr" -> new JnrBridge(shimPath);
            default -> throw new IllegalArgumentException(
                    "-Dvivo.bridge: expecting panama or jnr; found '" + System.getProperty("vivo.bridge") + "'");
        };
        Boundary.check(bridge.layout());
        return bridge;
    }

    private static String choice() {
        String forced = System.getProperty("vivo.bridge");
        if (forced != null) {
            return forced;
        }
        return Runtime.version().feature() >= 22 ? "panama" : "jnr";
    }

    /** PanamaBridge is compiled for release 22 into META-INF/versions/22, so it is looked up by name. */
    private static NativeBridge panama(Path shimPath) throws ReflectiveOperationException {
        if (Runtime.version().feature() < 22) {
            throw new IllegalStateException("-Dvivo.bridge=panama needs JDK 22 or later; this is JDK "
                    + Runtime.version().feature());
        }
        return (NativeBridge) Class.forName("vivo.bridge.PanamaBridge")
                .getConstructor(Path.class)
                .newInstance(shimPath);
    }
}
