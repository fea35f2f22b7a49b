package vivo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    @Test
    void theLastMaxDirectMemorySizeGivenIsTheBound() {
        assertEquals(124L << 20, NativeMemory.maxDirectBytes(List.of("-Xrs", "-XX:MaxDirectMemorySize=124m"), 7));
        assertEquals(2L << 30, NativeMemory.maxDirectBytes(List.of("-XX:MaxDirectMemorySize=124m", "-XX:MaxDirectMemorySize=2G"), 7));
        assertEquals(4096, NativeMemory.maxDirectBytes(List.of("-XX:MaxDirectMemorySize=4K"), 7));
        assertEquals(1000, NativeMemory.maxDirectBytes(List.of("-XX:MaxDirectMemorySize=1000"), 7));
    }

    @Test
    void withoutOneOrWithZeroTheHeapsBoundIs() {
        assertEquals(7, NativeMemory.maxDirectBytes(List.of("-Xmx96m"), 7));
        assertEquals(7, NativeMemory.maxDirectBytes(List.of("-XX:MaxDirectMemorySize=0"), 7));
        assertEquals(7, NativeMemory.maxDirectBytes(List.of("-XX:MaxDirectMemorySize=lots"), 7));
    }
}
