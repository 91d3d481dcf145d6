package io.ddestream.streaming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * A microbenchmark (no JMH) of the trainer's path for one point, from the raw record to the value the trainer
 * processor receives: validation ({@link PointParser}), then the validated-points topic's serializer and
 * deserializer, as canonical JSON ({@link PointJson}) or as the compact binary form ({@link PointBinary}). Also
 * times each serde's round trip alone. N records per pass, a warm-up, then 5 passes of each, alternated; prints
 * the median nanoseconds per record and the encoded size. Not a test: run it by hand,
 *
 * <pre>java -cp target/test-classes:target/classes:$(deps) io.ddestream.streaming.ValidPointsPathBench [N]</pre>
 */
final class ValidPointsPathBench {

    private static final int PASSES = 5;
    private static long sink;

    private ValidPointsPathBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        for (int d : new int[] {2, 16}) {
            run(n, d);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static void run(int n, int d) {
        List<String> features = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            features.add("f" + i);
        }
        PointParser parser = new PointParser(features, 1 << 20);
        byte[][] raw = rawRecords(n, d, new Random(42));
        Point[] parsed = new Point[n];
        for (int i = 0; i < n; i++) {
            parsed[i] = ((PointParser.Valid) parser.parse(raw[i], "x", 0)).point();
        }
        Function<Point, byte[]> jsonWrite = PointJson::write;
        Function<Point, byte[]> binaryWrite = PointBinary::write;
        Function<byte[], Point> jsonRead = PointJson::read;
        Function<byte[], Point> binaryRead = PointBinary::read;

        String[] names = {"parse only", "parse + JSON write/read", "parse + binary write/read", "JSON write/read",
                "binary write/read"};
        Runnable[] passes = {
            () -> parseOnly(parser, raw),
            () -> fullPath(parser, raw, jsonWrite, jsonRead),
            () -> fullPath(parser, raw, binaryWrite, binaryRead),
            () -> serdeOnly(parsed, jsonWrite, jsonRead),
            () -> serdeOnly(parsed, binaryWrite, binaryRead),
        };
        for (int warmup = 0; warmup < 3; warmup++) {
            for (Runnable pass : passes) {
                pass.run();
            }
        }
        long[][] nanos = new long[passes.length][PASSES];
        for (int rep = 0; rep < PASSES; rep++) {
            for (int p = 0; p < passes.length; p++) {
                long start = System.nanoTime();
                passes[p].run();
                nanos[p][rep] = System.nanoTime() - start;
            }
        }
        System.out.printf(Locale.ROOT, "d=%d, N=%d: JSON value %d bytes, binary value %d bytes (first record)%n", d,
                n, PointJson.write(parsed[0]).length, PointBinary.write(parsed[0]).length);
        for (int p = 0; p < passes.length; p++) {
            long[] sorted = nanos[p].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "  %-28s median %7.1f ns/record   (passes: %s ms)%n", names[p],
                    (double) sorted[PASSES / 2] / n, millis(nanos[p]));
        }
    }

    private static String millis(long[] nanos) {
        StringBuilder out = new StringBuilder();
        for (long t : nanos) {
            out.append(out.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f", t / 1e6));
        }
        return out.toString();
    }

    /** Producer records as a CSV replay writes them: an id, full-precision values, a ts. */
    private static byte[][] rawRecords(int n, int d, Random random) {
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            StringBuilder json = new StringBuilder("{\"id\":\"p-").append(i).append("\",\"features\":[");
            for (int j = 0; j < d; j++) {
                json.append(j == 0 ? "" : ",").append(random.nextGaussian() * 3);
            }
            out[i] = json.append("],\"ts\":").append(1_700_000_000_000L + i).append('}')
                    .toString().getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static void parseOnly(PointParser parser, byte[][] raw) {
        long sum = 0;
        for (byte[] record : raw) {
            sum += ((PointParser.Valid) parser.parse(record, "x", 0)).point().timestamp();
        }
        sink += sum;
    }

    private static void fullPath(PointParser parser, byte[][] raw, Function<Point, byte[]> write,
                                 Function<byte[], Point> read) {
        long sum = 0;
        for (byte[] record : raw) {
            Point point = ((PointParser.Valid) parser.parse(record, "x", 0)).point();
            sum += read.apply(write.apply(point)).features().length;
        }
        sink += sum;
    }

    private static void serdeOnly(Point[] points, Function<Point, byte[]> write, Function<byte[], Point> read) {
        long sum = 0;
        for (Point point : points) {
            sum += read.apply(write.apply(point)).features().length;
        }
        sink += sum;
    }
}
