package vivo.render;

import vivo.decode.ChunkKind;
import vivo.decode.Malformed;
import vivo.decode.Msgpack;
import vivo.render.otlp.OtlpForm;

/**
 * Renders a metrics or traces chunk: concatenated cmetrics or ctraces contexts (msgpack maps), one JSON
 * line each. Every context is kept; the C plugin converts only the first and loses the others.
 *
 * <p>One per renderer; not thread-safe.
 */
final class Contexts {

    private final JsonWriter w;
    private final Drops drops = new Drops();

    Contexts(JsonWriter w) {
        this.w = w;
    }

    /** @param otlp the chunk's /api/v2 form, which the payload keeps */
    ChunkRenderer.Rendered render(byte[] in, int end, ChunkKind kind, String tag, OtlpForm otlp) {
        drops.reset();
        w.nonFiniteAsText();
        int p = 0;
        while (p < end) {
            int start = p;
            int mark = w.position();
            try {
                int b = in[p] & 0xff;
                if (!Msgpack.isMap(b)) {
                    p = Msgpack.skip(in, p, end);
                    drops.skip("the context is " + Msgpack.typeName(b) + ", not a map", start);
                    continue;
                }
                p = w.value(p, 1);
                w.raw((byte) '\n');
                drops.kept++;
            } catch (Malformed e) {
                w.rollback(mark);
                p = drops.recover(e, in, start, end);
                if (p < 0) {
                    break;
                }
            }
        }
        Lines payload = drops.kept == 0 ? null : new Lines(kind, w.written(w.position()), otlp, drops.kept);
        return new ChunkRenderer.Rendered(payload, drops.dropped(), drops.problem(kind, tag, "context"));
    }
}
