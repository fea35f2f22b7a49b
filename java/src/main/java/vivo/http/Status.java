package vivo.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import vivo.NativeMemory;
import vivo.decode.ChunkKind;
import vivo.stream.InflightBudget;
import vivo.stream.Selection;
import vivo.stream.Streams;

/**
 * One instance's state at one moment, gathered for {@link Health} and {@link InternalMetrics} from the
 * streams, the drain, the server and the JVM.
 */
record Status(String generation, Map<ChunkKind, Selection.State> streams, Ingest ingest, int connections, int followers,
              long inflightBytes, long heapUsed, long heapMax, long directUsed, long directMax) {

    /** Where a status is read from: the same for every request of one server. */
    record Sources(Streams streams, Supplier<Ingest> ingest, Supplier<Integer> connections, Followers followers,
                   InflightBudget budget) {

        Status read() {
            Map<ChunkKind, Selection.State> states = new EnumMap<>(ChunkKind.class);
            for (ChunkKind kind : ChunkKind.values()) {
                states.put(kind, streams.get(kind).snapshot());
            }
            Runtime jvm = Runtime.getRuntime();
            return new Status(streams.generation(), states, ingest.get(), connections.get(), followers.following(),
                    budget.held(), jvm.totalMemory() - jvm.freeMemory(), jvm.maxMemory(),
                    NativeMemory.directUsedBytes(), NativeMemory.maxDirectBytes());
        }
    }
}
