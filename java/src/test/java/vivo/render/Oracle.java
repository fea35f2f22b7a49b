package vivo.render;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;
import vivo.decode.ChunkKind;
import vivo.decode.CoreSkip;

/**
 * The test oracle for a whole chunk: the same decisions as {@link ChunkRenderer} (which records are kept,
 * skipped or cut, group keys, both log views), taken the plain way with msgpack-core and Strings. The
 * fast renderer must agree with it byte for byte, on fixtures and on fuzzed chunks.
 */
final class Oracle {

    /**
     * @param kind    null when nothing was usable
     * @param apiV1   the /api/v1 view (for metrics and traces the same as classic), null when nothing usable
     * @param classic the classic view
     */
    record Result(ChunkKind kind, String apiV1, String classic, int dropped) {
    }

    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private enum Ts { RECORD, START, END, INVALID }

    private final byte[] chunk;
    private final int length;
    private final String tagJson;
    private long nanos;
    private String open;
    private String chosen;
    private boolean several;

    private Oracle(byte[] chunk, int length, String tag) {
        this.chunk = chunk;
        this.length = length;
        this.tagJson = OracleJson.jsonString(tag);
    }

    static Result render(byte[] chunk, int length, String tag) {
        return new Oracle(chunk, length, tag).render();
    }

    private MessageUnpacker at(long pos) {
        return MessagePack.newDefaultUnpacker(chunk, (int) pos, (int) (length - pos));
    }

    private Result render() {
        if (length == 0) {
            return new Result(null, null, null, 0);
        }
        try {
            MessageUnpacker u = at(0);
            ValueType first = u.getNextFormat().getValueType();
            if (first == ValueType.ARRAY) {
                return logs();
            }
            if (first == ValueType.MAP && u.unpackMapHeader() > 0 && u.getNextFormat().getValueType() == ValueType.STRING) {
                String key = u.unpackString();
                if (key.equals("meta")) {
                    return contexts(ChunkKind.METRICS);
                }
                if (key.equals("resourceSpans")) {
                    return contexts(ChunkKind.TRACES);
                }
            }
        } catch (IOException | MessagePackException e) {
            // cut before the first object: nothing usable
        }
        return new Result(null, null, null, 1);
    }

    private Result contexts(ChunkKind kind) {
        StringBuilder lines = new StringBuilder();
        int dropped = 0;
        long pos = 0;
        while (pos < length) {
            MessageUnpacker u = at(pos);
            try {
                if (u.getNextFormat().getValueType() != ValueType.MAP) {
                    CoreSkip.skip(u, 1);
                    dropped++;
                } else {
                    lines.append(new OracleJson(u, pos, length).nonFiniteAsText().value(1)).append('\n');
                }
                pos += u.getTotalReadBytes();
            } catch (OracleJson.Skippable e) {
                long next = skipFrom(pos);
                dropped++;
                if (next < 0) {
                    break;
                }
                pos = next;
            } catch (IOException | MessagePackException | OracleJson.Truncated e) {
                dropped++;
                break;
            }
        }
        if (lines.length() == 0) {
            return new Result(null, null, null, dropped);
        }
        return new Result(kind, lines.toString(), lines.toString(), dropped);
    }

    /** The position after the value at {@code pos}, or -1 if it cannot be stepped over. */
    private long skipFrom(long pos) {
        MessageUnpacker u = at(pos);
        try {
            CoreSkip.skip(u, 1);
            return pos + u.getTotalReadBytes();
        } catch (IOException | MessagePackException e) {
            return -1;
        }
    }

    private Result logs() {
        List<String> records = new ArrayList<>();
        StringBuilder classic = new StringBuilder();
        int dropped = 0;
        long pos = 0;
        while (pos < length) {
            MessageUnpacker u = at(pos);
            OracleJson json = new OracleJson(u, pos, length);
            try {
                String[] views = record(u, json, pos);
                if (views == null) {
                    dropped++;
                } else if (views.length == 2) {
                    records.add(views[0]);
                    classic.append(views[1]).append('\n');
                    if (open != null) {
                        if (chosen == null) {
                            chosen = open;
                        } else if (!chosen.equals(open)) {
                            several = true;
                        }
                    }
                }
                pos += u.getTotalReadBytes();
            } catch (OracleJson.Skippable e) {
                dropped++;
                long next = skipFrom(pos);
                if (next < 0) {
                    break;
                }
                pos = next;
            } catch (IOException | MessagePackException | OracleJson.Truncated e) {
                dropped++;
                break;
            }
        }
        if (records.isEmpty() && dropped > 0) {
            return new Result(null, null, null, dropped);
        }
        String group = chosen == null || several ? "" : chosen;
        String api = "{\"tag\":" + tagJson + ",\"records\":[" + String.join(",", records) + "]" + group + "}\n";
        return new Result(ChunkKind.LOGS, api, classic.toString(), dropped);
    }

    /**
     * Reads one record: {api, classic} for a log record, an empty array for a group marker, null for
     * a record that is not one (all of it read).
     */
    private String[] record(MessageUnpacker u, OracleJson json, long pos) throws IOException {
        if (u.getNextFormat().getValueType() != ValueType.ARRAY) {
            CoreSkip.skip(u, 1);
            return null;
        }
        int n = u.unpackArrayHeader();
        if (n != 2) {
            CoreSkip.skip(u, n);
            return null;
        }
        boolean legacy = u.getNextFormat().getValueType() != ValueType.ARRAY;
        if (!legacy) {
            int m = u.unpackArrayHeader();
            if (m != 2) {
                CoreSkip.skip(u, m + 1);
                return null;
            }
        }
        Ts ts = timestamp(u, json);
        if (ts == Ts.INVALID) {
            CoreSkip.skip(u, legacy ? 1 : 2);
            return null;
        }
        if (!legacy && u.getNextFormat().getValueType() != ValueType.MAP) {
            CoreSkip.skip(u, 2);
            if (ts == Ts.START) {
                open = null;
            }
            return null;
        }
        if (ts == Ts.END) {
            CoreSkip.skip(u, legacy ? 1 : 2);
            open = null;
            return new String[0];
        }
        if (ts == Ts.START) {
            long meta = -1;
            if (!legacy) {
                meta = pos + u.getTotalReadBytes();
                CoreSkip.skip(u, 1);
            }
            long body = pos + u.getTotalReadBytes();
            if (u.getNextFormat().getValueType() != ValueType.MAP) {
                CoreSkip.skip(u, 1);
                open = null;
                return null;
            }
            CoreSkip.skip(u, 1);
            try {
                open = groupKey(meta, body);
            } catch (OracleJson.Skippable e) {
                open = null;
                throw e;
            }
            return new String[0];
        }
        Map<String, String> metadata = legacy ? Map.of() : OracleJson.lastWins(json.entries(1));
        if (u.getNextFormat().getValueType() != ValueType.MAP) {
            CoreSkip.skip(u, 1);
            return null;
        }
        String body = json.value(1);
        String ns = Long.toUnsignedString(nanos);
        String api = "[[" + ns + "," + OracleJson.object(metadata) + "]," + body + "]";
        if (metadata.containsKey("\"_tag\"")) {
            return new String[] {api, api};
        }
        String inner = OracleJson.object(metadata);
        String withTag = "{\"_tag\":" + tagJson + (metadata.isEmpty() ? "" : "," + inner.substring(1, inner.length() - 1)) + "}";
        return new String[] {api, "[[" + ns + "," + withTag + "]," + body + "]"};
    }

    private Ts timestamp(MessageUnpacker u, OracleJson json) throws IOException {
        MessageFormat f = u.getNextFormat();
        switch (f.getValueType()) {
            case EXTENSION: {
                ExtensionTypeHeader h = u.unpackExtensionTypeHeader();
                byte[] data = json.payload(h.getLength());
                if (h.getType() != 0 || data.length != 8) {
                    return Ts.INVALID;
                }
                long sec = Integer.toUnsignedLong(ByteBuffer.wrap(data).getInt(0));
                long nsec = Integer.toUnsignedLong(ByteBuffer.wrap(data).getInt(4));
                if (sec == 0xffffffffL) {
                    return Ts.START;
                }
                if (sec == 0xfffffffeL) {
                    return Ts.END;
                }
                nanos = sec * 1_000_000_000L + nsec;
                return Ts.RECORD;
            }
            case INTEGER:
                return seconds(u.unpackBigInteger(), BigInteger.ZERO);
            case FLOAT: {
                double d = u.unpackDouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return Ts.INVALID;
                }
                BigInteger sec = new BigDecimal(d).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
                if (d < 0) {
                    // -1.x and -2.x are group markers (trunc), any other negative is not a time
                    return sec.intValue() == -1 && sec.bitLength() < 32 ? Ts.START
                            : sec.intValue() == -2 && sec.bitLength() < 32 ? Ts.END : Ts.INVALID;
                }
                if (sec.bitLength() > 63) {
                    return seconds(sec, BigInteger.ZERO);
                }
                long whole = sec.longValue();
                return seconds(sec, BigInteger.valueOf((long) ((d - whole) * 1e9)));
            }
            default:
                CoreSkip.skip(u, 1);
                return Ts.INVALID;
        }
    }

    private Ts seconds(BigInteger sec, BigInteger nsec) {
        if (sec.signum() < 0) {
            return sec.equals(BigInteger.valueOf(-1)) ? Ts.START : sec.equals(BigInteger.valueOf(-2)) ? Ts.END : Ts.INVALID;
        }
        BigInteger ns = sec.multiply(BILLION).add(nsec);
        if (ns.compareTo(TWO_64) >= 0) {
            return Ts.INVALID;
        }
        nanos = ns.longValue();
        return Ts.RECORD;
    }

    /** The /api/v1 group key of a group whose metadata is at {@code meta} (-1: none) and attributes at {@code body}. */
    private String groupKey(long meta, long body) throws IOException {
        long schema = meta < 0 ? -1 : lastValue(meta, "\"schema\"");
        if (schema >= 0 && render(schema, 2).equals("\"otlp\"")) {
            long resource = lastValue(body, "\"resource\"");
            long scope = lastValue(body, "\"scope\"");
            List<String> parts = new ArrayList<>();
            if (resource >= 0) {
                parts.add("\"resource\":" + render(resource, 2));
            }
            if (scope >= 0) {
                parts.add("\"scope\":" + render(scope, 2));
            }
            return ",\"otlp\":{" + String.join(",", parts) + "}";
        }
        return ",\"flb_group\":{\"metadata\":" + (meta < 0 ? "{}" : render(meta, 1)) + ",\"body\":" + render(body, 1) + "}";
    }

    private String render(long pos, int depth) throws IOException {
        return new OracleJson(at(pos), pos, length).value(depth);
    }

    /** Where the value of the last entry of the map at {@code map} whose key renders as {@code key} is, or -1. */
    private long lastValue(long map, String key) throws IOException {
        MessageUnpacker u = at(map);
        OracleJson json = new OracleJson(u, map, length);
        int n = u.unpackMapHeader();
        long found = -1;
        for (int i = 0; i < n; i++) {
            if (json.key(2).equals(key)) {
                found = map + u.getTotalReadBytes();
            }
            CoreSkip.skip(u, 1);
        }
        return found;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
