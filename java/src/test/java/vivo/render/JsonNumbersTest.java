package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Numbers as the C plugin prints them where that is valid and exact, and losslessly where not. */
class JsonNumbersTest {

    @Test
    void wholeFloatsPrintLikeCsPercentPointOneF() {
        assertEquals("2.0", d(2.0));
        assertEquals("-0.0", d(-0.0));
        assertEquals("0.0", d(0.0));
        assertEquals("87.0", d(87.0));
        assertEquals("10000000000000000.0", d(1e16));
        assertEquals("1795591492.0", d(1795591492.0));
        assertEquals("-9223372036854775808.0", d(-0x1p63));
        assertEquals("9223372036854774784.0", d(0x1p63 - 1024));
    }

    @Test
    void otherFloatsPrintTheirShortestDigitsLikeCsPercentG() {
        assertEquals("1.5", d(1.5));
        assertEquals("0.1", d(0.1));
        assertEquals("12.15", d(12.15));
        assertEquals("-2.75", d(-2.75));
        assertEquals("0.3333333333333333", d(1.0 / 3));
        assertEquals("1e+300", d(1e300));
        assertEquals("1e+21", d(1e21));
        assertEquals("1e-07", d(1e-7));
        assertEquals("0.0001", d(1e-4));
        assertEquals("1e-05", d(1e-5));
        assertEquals("9.223372036854776e+18", d(0x1p63));
        assertEquals("-1.234567890123457e+29", d(-1.234567890123457e29));
        assertEquals("123456789012345.67", d(123456789012345.67));
    }

    @Test
    void digitsThatCsSixteenLoseAreKept() {
        assertEquals("0.30000000000000004", d(0.30000000000000004));
        assertEquals("1.7976931348623157e+308", d(Double.MAX_VALUE));
        assertEquals("1.2345678901234568e+29", d(1.2345678901234568e29));
        assertEquals("2.0007402896881104", d(2.0007402896881104));
        assertEquals("4.9e-324", d(Double.MIN_VALUE));
        assertEquals("2.2250738585072014e-308", d(Double.MIN_NORMAL));
    }

    @Test
    void nanAndTheInfinitiesAreNull() {
        assertEquals("null", d(Double.NaN));
        assertEquals("null", d(Double.POSITIVE_INFINITY));
        assertEquals("null", d(Double.NEGATIVE_INFINITY));
        assertEquals("null", f(Float.NaN));
        assertEquals("null", f(Float.NEGATIVE_INFINITY));
    }

    @Test
    void float32PrintsItsOwnShortestDigits() {
        assertEquals("0.1", f(0.1f));
        assertEquals("1.5", f(1.5f));
        assertEquals("2.0", f(2.0f));
        assertEquals("1e+20", f(1e20f));
        assertEquals("3.4028235e+38", f(Float.MAX_VALUE));
        assertEquals("16777216.0", f(16777216f));
    }

    @Test
    void everyDoubleReadsBackAsItself() {
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                assertEquals(v, Double.parseDouble(d(v)), d(v));
            }
        }
    }

    /**
     * The short-decimal path ({@code JsonNumbers.writeShort}) against the oracle's digits ({@code
     * Double.toString} on JDK 19+), and the JDK's digits against Jackson's schubfach (what JDK 17 uses):
     * 2 million doubles, most of them the ones that path takes (decimals of up to 15 digits, as is and one
     * ulp either side), plus random bits, powers of ten and the edges of its range.
     */
    @Test
    void shortDecimalsPrintAsSchubfachPrintsThem() {
        Random r = new Random(2026_12_03);
        java.util.List<Double> edges = new java.util.ArrayList<>();
        for (int e = -330; e <= 310; e++) {
            double p = Double.parseDouble("1e" + e);
            for (double v : new double[] {p, Math.nextUp(p), Math.nextDown(p), 9.99999999999999 * p, 1.5 * p,
                    999999999999999.0 * p, 123456789012345.0 * p, 0x1p52 * p}) {
                edges.add(v);
            }
        }
        for (int e = -1022; e <= 1023; e++) {
            edges.add(Math.scalb(1.0, e));
            edges.add(Math.nextDown(Math.scalb(1.0, e)));
            edges.add(Math.nextUp(Math.scalb(1.0, e)));
        }
        edges.add(Double.MIN_NORMAL);
        edges.add(Math.nextDown(Double.MIN_NORMAL));
        edges.add(Double.MIN_VALUE);
        edges.add(Double.MAX_VALUE);
        edges.add(0x1p63);
        edges.add(Math.nextDown(0x1p63));
        edges.add(1e15 - 0.5);
        edges.add(1e15 + 0.5);
        edges.add(Math.nextDown(1e15));
        edges.add(Math.nextUp(1e15));
        for (int i = 0; i < 2_000_000; i++) {
            double v;
            if (i < edges.size()) {
                v = edges.get(i);
            } else if (i % 4 == 0) {
                v = Double.longBitsToDouble(r.nextLong());
            } else {
                // a decimal of 1 to 17 digits with an exponent from -30 to 40
                long digits = (long) (r.nextDouble() * Math.pow(10, 1 + r.nextInt(17)));
                v = Double.parseDouble(digits + "e" + (r.nextInt(71) - 30));
                int step = r.nextInt(3) - 1;
                v = step < 0 ? Math.nextDown(v) : step > 0 ? Math.nextUp(v) : v;
            }
            if (r.nextBoolean()) {
                v = -v;
            }
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            String jdk = Double.toString(v);
            assertEquals(new BigDecimal(jdk), new BigDecimal(DoubleToDecimal.toString(v)), jdk);
            assertEquals(OracleJson.doubleText(v), d(v), jdk);
        }
    }

    @Test
    void integersPrintAsJavaPrintsThemSignedAndUnsigned() {
        Random r = new Random(11);
        long[] edges = {0, 1, 9, 10, 99, 100, 9999999, 10000000, 99999999, 100000000, 999999999999999999L,
            1000000000000000000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, 1795591403846854459L};
        for (int i = 0; i < 100_000 + edges.length; i++) {
            long v = i < edges.length ? edges[i] : r.nextLong() >> r.nextInt(64);
            byte[] out = new byte[JsonNumbers.MAX_LENGTH];
            assertEquals(Long.toString(v), new String(out, 0, JsonNumbers.writeLong(out, 0, v), StandardCharsets.US_ASCII));
            assertEquals(Long.toUnsignedString(v), new String(out, 0, JsonNumbers.writeUnsigned(out, 0, v), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void eightDigitsAtOnceAreTheDigits() {
        for (int v = 0; v < 100_000_000; v += 9_973) {
            checkEight(v);
        }
        checkEight(99_999_999);
        checkEight(10_000_000);
    }

    private static void checkEight(int v) {
        long digits = JsonNumbers.eightDigits(v);
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (digits >>> (8 * i));
        }
        assertEquals(String.format("%08d", v), new String(b, StandardCharsets.US_ASCII));
    }

    private static String d(double v) {
        byte[] out = new byte[JsonNumbers.MAX_LENGTH];
        return new String(out, 0, JsonNumbers.writeDouble(out, 0, v), StandardCharsets.US_ASCII);
    }

    private static String f(float v) {
        byte[] out = new byte[JsonNumbers.MAX_LENGTH];
        return new String(out, 0, JsonNumbers.writeFloat(out, 0, v), StandardCharsets.US_ASCII);
    }
}
