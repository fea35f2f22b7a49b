package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.LogsData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The round trip: what a client sent to Fluent Bit 5.1.1's opentelemetry input ({@code input/NN-logs.pb}),
 * the chunk Fluent Bit made of it, and OtlpLogs' JSON of that chunk read back by protobuf's own parser
 * must be the same request, field for field, except where the chunk no longer carries what was sent.
 * Those differences are listed here, each with its reason, and only they are normalised (in the sent
 * request) before comparing.
 */
class OtlpLogsRoundTripTest {

    private static byte[] render(String chunk) {
        byte[] in = OtlpFixtures.read("otlp-roundtrip/" + chunk);
        byte[] json = new OtlpLogs(new OtlpJson()).render(in, in.length);
        assertNotNull(json, chunk);
        assertTrue(OtlpFixtures.ascii(json), chunk + " is not pure printable ASCII");
        return json;
    }

    private static ExportLogsServiceRequest sent(String name) throws InvalidProtocolBufferException {
        return ExportLogsServiceRequest.parseFrom(OtlpFixtures.read("otlp-roundtrip/input/" + name));
    }

    private static ExportLogsServiceRequest parsed(byte[] json) {
        return OtlpFixtures.parse(json, ExportLogsServiceRequest.newBuilder()).build();
    }

    /** One resource and scope, every field of a record, a kvlist body of every AnyValue type, a string body. */
    @Test
    void chunk0000IsTheRequestSent() throws InvalidProtocolBufferException {
        byte[] json = render("0000.msgpack");
        ExportLogsServiceRequest.Builder expected = sent("00-logs.pb").toBuilder();
        LogRecord.Builder record = expected.getResourceLogsBuilder(0).getScopeLogsBuilder(0).getLogRecordsBuilder(0);
        KeyValueList.Builder body = record.getBodyBuilder().getKvlistValueBuilder();
        // 1. Fluent Bit 5.1.1 packs an int AnyValue through a C int (in_opentelemetry's otel_pack_int(int)):
        //    an int64 outside the int32 range arrives as its low 32 bits. The chunk has big = 1, min = 0.
        setValue(body, "big", AnyValue.newBuilder().setIntValue(1).build());
        setValue(body, "min", AnyValue.newBuilder().setIntValue(0).build());
        // 2. A KeyValue whose value was not set and one set to the empty AnyValue are both nil in the chunk;
        //    OtlpJson writes nil as the empty AnyValue ("value":{}), as Fluent Bit's own OTLP encoders do.
        setValue(body, "nothing", AnyValue.getDefaultInstance());
        // 3. Not Fluent Bit: protobuf's JsonFormat parser reads -0.0 as 0.0 (the text is checked below).
        setValue(body, "negzero", AnyValue.newBuilder().setDoubleValue(0.0).build());
        assertEquals(expected.build(), parsed(json));

        String text = new String(json, StandardCharsets.US_ASCII);
        assertTrue(text.contains("{\"key\":\"negzero\",\"value\":{\"doubleValue\":-0.0}}"), text);
        assertTrue(text.contains("{\"key\":\"nan\",\"value\":{\"doubleValue\":\"NaN\"}}"), text);
        assertTrue(text.contains("{\"key\":\"inf\",\"value\":{\"doubleValue\":\"Infinity\"}}"), text);
        assertTrue(text.contains("{\"key\":\"ratio\",\"value\":{\"doubleValue\":0.30000000000000004}}"), text);
        assertTrue(text.contains("\"timeUnixNano\":\"1796000000123456789\""), text);
        assertTrue(text.contains("\"observedTimeUnixNano\":\"1796000000123456796\""), text);
        assertTrue(text.contains("\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\""), text);
        assertTrue(text.contains("{\"key\":\"numeric_text\",\"value\":{\"stringValue\":\"9007199254740993\"}}"), text);
        assertTrue(text.contains("\"body\":{\"stringValue\":\"plain message line\"}"), text);
    }

    /** Two resources × two scopes in one request: as many resourceLogs and scopeLogs, in order; nothing normalised. */
    @Test
    void chunk0001IsTheRequestSentExactly() throws InvalidProtocolBufferException {
        ExportLogsServiceRequest got = parsed(render("0001.msgpack"));
        assertEquals(sent("01-logs.pb"), got);
        assertEquals(2, got.getResourceLogsCount());
        assertEquals(2, got.getResourceLogs(1).getScopeLogsCount());
    }

    /**
     * The OTLP JSON files beside the .pb are the same requests, so comparing with the .pb is comparing with
     * them (but for -0.0, which JsonFormat reads as 0.0).
     */
    @Test
    void theJsonInputsAreThePbInputs() throws InvalidProtocolBufferException {
        ExportLogsServiceRequest.Builder sent0 = sent("00-logs.pb").toBuilder();
        setValue(sent0.getResourceLogsBuilder(0).getScopeLogsBuilder(0).getLogRecordsBuilder(0).getBodyBuilder()
                .getKvlistValueBuilder(), "negzero", AnyValue.newBuilder().setDoubleValue(0.0).build());
        assertEquals(sent0.build(), fromJsonInput("00"));
        assertEquals(sent("01-logs.pb"), fromJsonInput("01"));
    }

    private static ExportLogsServiceRequest fromJsonInput(String n) {
        String json = new String(OtlpFixtures.read("otlp-roundtrip/input/" + n + "-logs.otlp.json"), StandardCharsets.UTF_8);
        try {
            ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
            com.google.protobuf.util.JsonFormat.parser().merge(OtlpFixtures.base64Ids(json), b);
            return b.build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** Every real logs chunk in tests/fixtures renders as valid OTLP JSON (LogsData), pure ASCII. */
    @Test
    void everyLogsFixtureIsValidOtlpJson() {
        int n = 0;
        for (Path p : OtlpFixtures.chunks(b -> (b & 0xf0) == 0x90 || b == 0xdc || b == 0xdd)) {
            byte[] in = OtlpFixtures.read(p);
            byte[] json = new OtlpLogs(new OtlpJson()).render(in, in.length);
            assertNotNull(json, p.toString());
            assertTrue(OtlpFixtures.ascii(json), p + " is not pure printable ASCII");
            LogsData data = OtlpFixtures.parse(json, LogsData.newBuilder()).build();
            assertTrue(data.getResourceLogsCount() > 0, p.toString());
            n++;
        }
        assertTrue(n >= 16, "found only " + n + " logs chunks");
    }

    private static void setValue(KeyValueList.Builder kv, String key, AnyValue value) {
        for (KeyValue.Builder entry : kv.getValuesBuilderList()) {
            if (entry.getKey().equals(key)) {
                entry.setValue(value);
                return;
            }
        }
        throw new AssertionError("no key " + key);
    }
}
