package vivo.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import vivo.decode.ChunkKind;
import vivo.render.Payload;
import vivo.render.View;
import vivo.render.otlp.OtlpChunks;

/** A payload that renders differently in each view, to prove which view a path serves. */
record TwoViews(ChunkKind kind, String classic, String apiV1) implements Payload {

    /** The shapes of a one-record logs chunk: a classic line, and an /api/v1 object. */
    static TwoViews log(String tag, String body) {
        return new TwoViews(ChunkKind.LOGS,
                "[[1700000000000000000,{\"_tag\":\"" + tag + "\"}]," + body + "]\n",
                "{\"tag\":\"" + tag + "\",\"records\":[[[1700000000000000000,{}]," + body + "]]}\n");
    }

    private byte[] bytes(View view) {
        return view == View.API_V2 ? OtlpChunks.empty(kind).toArray() : (view == View.CLASSIC ? classic : apiV1).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int records() {
        return 1;
    }

    @Override
    public int size() {
        return bytes(View.CLASSIC).length + bytes(View.API_V1).length;
    }

    @Override
    public long length(View view) {
        return bytes(view).length;
    }

    @Override
    public void write(View view, OutputStream out) throws IOException {
        out.write(bytes(view));
    }
}
