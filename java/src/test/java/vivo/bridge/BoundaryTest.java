package vivo.bridge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The start-up check of the boundary names exactly what differs (BoundaryIT runs it against a real shim). */
class BoundaryTest {

    private static String refusal(String shim) {
        return assertThrows(IllegalStateException.class, () -> Boundary.check(shim)).getMessage();
    }

    @Test
    void theLineOfThisJarIsAccepted() {
        assertDoesNotThrow(() -> Boundary.check(Boundary.expected()));
    }

    @Test
    void aCodeThatDiffersIsNamedWithBothValues() {
        String shim = Boundary.expected().replace("closed_for_reload -2", "closed_for_reload -3");
        assertEquals("vivo_java.so and vivo-java.jar disagree on the bridge (the shim has closed_for_reload -3 where "
                + "the jar has closed_for_reload -2): they come from different builds; install both from one ./build.sh",
                refusal(shim));
    }

    @Test
    void aLineOfAnotherShapeIsShownWhole() {
        assertEquals("vivo_java.so and vivo-java.jar disagree on the bridge (the shim: 'abi 4'; the jar: '"
                + Boundary.expected() + "'): they come from different builds; install both from one ./build.sh",
                refusal("abi 4"));
    }
}
