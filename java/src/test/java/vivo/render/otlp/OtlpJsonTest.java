package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import vivo.decode.Malformed;

/** Exact OTLP JSON for each msgpack type, and that protobuf's own parser reads it as the AnyValue meant. */
class OtlpJsonTest {

    interface Packing {
        void pack(MessageBufferPacker p) throws IOException;
    }

    private static String any(Packing packing) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        packing.pack(p);
        byte[] in = p.toByteArray();
        OtlpJson w = new OtlpJson();
        assertEquals(in.length, w.anyValue(in, 0, in.length, 1));
        return new String(w.copy(0, w.position()), StandardCharsets.US_ASCII);
    }

    private static AnyValue parsed(String json) throws IOException {
        AnyValue.Builder b = AnyValue.newBuilder();
        JsonFormat.parser().merge(json, b);
        return b.build();
    }

    @Test
    void scalars() throws IOException {
        assertEquals("{\"stringValue\":\"h\\u00e9\\\"\"}", any(p -> p.packString("hé\"")));
        assertEquals("{\"intValue\":\"9007199254740993\"}", any(p -> p.packLong(9007199254740993L)));
        assertEquals("{\"intValue\":\"-9223372036854775808\"}", any(p -> p.packLong(Long.MIN_VALUE)));
        assertEquals("{\"doubleValue\":0.30000000000000004}", any(p -> p.packDouble(0.1 + 0.2)));
        assertEquals("{\"doubleValue\":\"NaN\"}", any(p -> p.packDouble(Double.NaN)));
        assertEquals("{\"doubleValue\":\"-Infinity\"}", any(p -> p.packDouble(Double.NEGATIVE_INFINITY)));
        assertEquals("{\"doubleValue\":-0.0}", any(p -> p.packDouble(-0.0)));
        assertEquals("{\"boolValue\":true}", any(p -> p.packBoolean(true)));
        assertEquals("{}", any(MessageBufferPacker::packNil));
        assertEquals("{\"bytesValue\":\"AAH/\"}", any(p -> p.packBinaryHeader(3).writePayload(new byte[] {0, 1, -1})));
        assertEquals(Long.MIN_VALUE, parsed(any(p -> p.packLong(Long.MIN_VALUE))).getIntValue());
        assertEquals(Double.NEGATIVE_INFINITY, parsed(any(p -> p.packDouble(Double.NEGATIVE_INFINITY))).getDoubleValue());
        // (protobuf's JsonFormat parser reads -0.0 as 0.0, so negative zero is checked on the text above)
    }

    @Test
    void typesOtlpLacksAreTypedKvlists() throws IOException {
        String big = any(p -> p.packBigInteger(new java.math.BigInteger("18446744073709551615")));
        assertEquals("{\"kvlistValue\":{\"values\":[{\"key\":\"fluentbit.type\",\"value\":{\"stringValue\":\"uint64\"}},"
                + "{\"key\":\"fluentbit.value\",\"value\":{\"stringValue\":\"18446744073709551615\"}}]}}", big);
        String ext = any(p -> p.packExtensionTypeHeader((byte) -3, 2).writePayload(new byte[] {1, 2}));
        assertEquals("{\"kvlistValue\":{\"values\":[{\"key\":\"fluentbit.type\",\"value\":{\"stringValue\":\"ext\"}},"
                + "{\"key\":\"fluentbit.ext_type\",\"value\":{\"intValue\":\"-3\"}},"
                + "{\"key\":\"fluentbit.value\",\"value\":{\"bytesValue\":\"AQI=\"}}]}}", ext);
        assertEquals("-3", parsed(ext).getKvlistValue().getValues(1).getValue().getIntValue() + "");
    }

    @Test
    void containers() throws IOException {
        String json = any(p -> {
            p.packMapHeader(4);
            p.packString("a").packArrayHeader(2).packInt(1).packNil();
            p.packString("m").packMapHeader(0);
            p.packInt(7).packArrayHeader(0);
            p.packBoolean(false).packString("x");
        });
        assertEquals("{\"kvlistValue\":{\"values\":["
                + "{\"key\":\"a\",\"value\":{\"arrayValue\":{\"values\":[{\"intValue\":\"1\"},{}]}}},"
                + "{\"key\":\"m\",\"value\":{\"kvlistValue\":{}}},"
                + "{\"key\":\"7\",\"value\":{\"arrayValue\":{}}},"
                + "{\"key\":\"false\",\"value\":{\"stringValue\":\"x\"}}]}}", json);
        AnyValue v = parsed(json);
        assertEquals(4, v.getKvlistValue().getValuesCount());
        assertEquals(AnyValue.ValueCase.VALUE_NOT_SET, v.getKvlistValue().getValues(0).getValue().getArrayValue().getValues(1).getValueCase());
    }

    @Test
    void badInputIsMalformed() {
        byte[] cut = {(byte) 0x92, 0x01};
        assertThrows(Malformed.class, () -> new OtlpJson().anyValue(cut, 0, cut.length, 1));
        byte[] arrayKey = {(byte) 0x81, (byte) 0x90, 0x01};
        assertThrows(Malformed.class, () -> new OtlpJson().anyValue(arrayKey, 0, arrayKey.length, 1));
        byte[] deep = new byte[2000];
        java.util.Arrays.fill(deep, (byte) 0x91);
        assertThrows(Malformed.class, () -> new OtlpJson().anyValue(deep, 0, deep.length, 1));
    }
}
