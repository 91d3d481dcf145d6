package io.ddestream.streaming;

import io.ddestream.data.ToyDistribution;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A seeded mix of malformed and valid point records for features {@code x, y}, each with the outcome the validator
 * must give it: a {@link RejectionReason}, or valid with a known id. The malformed kinds cover what a hostile or
 * broken producer sends: bad JSON, empty values, wrong dimensions, NaN and infinities as numbers and as strings,
 * numbers beyond any measurement, oversized payloads, wrong types, binary garbage, deep nesting, bad ids and
 * timestamps. The valid records are points of the 8-gaussians toy in every accepted shape (array or object,
 * integer or float values, extra fields, with or without id and ts).
 */
final class PointFuzzer {

    /** One record and what the validator must make of it. */
    record Case(String kind, byte[] value, RejectionReason expected, String validId, double[] validFeatures) {

        boolean valid() {
            return expected == null;
        }

        String text() {
            return value == null ? "<null>" : new String(value, StandardCharsets.UTF_8);
        }
    }

    private record Kind(String name, RejectionReason reason, Function<Random, String> body) {
    }

    private final Random rng;
    private final int maxPointBytes;
    private final List<Kind> malformed = new ArrayList<>();
    private int validCount;

    /**
     * @param seed          the generator's seed: the same seed gives the same records
     * @param maxPointBytes the validator's size limit, which the oversized records exceed
     */
    PointFuzzer(long seed, int maxPointBytes) {
        this.rng = new Random(seed);
        this.maxPointBytes = maxPointBytes;
        defineMalformedKinds();
    }

    /** {@code malformedCount} malformed and {@code validCount} valid records, shuffled with the seed. */
    List<Case> mix(int malformedCount, int validCount) {
        List<Case> cases = new ArrayList<>(malformedCount + validCount);
        for (int i = 0; i < malformedCount; i++) {
            cases.add(malformed());
        }
        for (int i = 0; i < validCount; i++) {
            cases.add(valid());
        }
        Collections.shuffle(cases, rng);
        return cases;
    }

    /** The names of the malformed kinds, for coverage checks. */
    List<String> malformedKinds() {
        return malformed.stream().map(Kind::name).toList();
    }

    Case malformed() {
        Kind kind = malformed.get(rng.nextInt(malformed.size()));
        if (kind.name().equals("binary-garbage")) {
            return new Case(kind.name(), binaryGarbage(), kind.reason(), null, null);
        }
        if (kind.name().equals("null-value")) {
            return new Case(kind.name(), null, kind.reason(), null, null);
        }
        return new Case(kind.name(), kind.body().apply(rng).getBytes(StandardCharsets.UTF_8), kind.reason(), null,
                null);
    }

    /** A valid toy point with id {@code v-<n>} in one of the accepted shapes. */
    Case valid() {
        double[] x = ToyDistribution.EIGHT_GAUSSIANS.sample(1, rng)[0];
        String id = "v-" + validCount++;
        String ts = rng.nextBoolean() ? ",\"ts\":" + (1_700_000_000_000L + rng.nextInt(1_000_000)) : "";
        String features = switch (rng.nextInt(4)) {
            case 0 -> "[" + x[0] + "," + x[1] + "]";
            case 1 -> "{\"y\":" + x[1] + ",\"x\":" + x[0] + "}";
            case 2 -> { // integer-valued: still numbers
                x = new double[] {Math.rint(x[0]), Math.rint(x[1])};
                yield "[" + (long) x[0] + "," + (long) x[1] + "]";
            }
            default -> "{\"x\":" + x[0] + ",\"y\":" + x[1] + "}";
        };
        String extra = rng.nextInt(4) == 0 ? ",\"note\":{\"nested\":[1,{\"deep\":null}],\"s\":\"ok\"}" : "";
        String json = "{\"id\":\"" + id + "\",\"features\":" + features + ts + extra + "}";
        return new Case("valid", json.getBytes(StandardCharsets.UTF_8), null, id, x);
    }

    private byte[] binaryGarbage() {
        byte[] bytes = new byte[1 + rng.nextInt(200)];
        rng.nextBytes(bytes);
        // Never whitespace then '{': random bytes must not by chance open an object that is then a point.
        bytes[0] = (byte) (0x80 | rng.nextInt(0x80));
        return bytes;
    }

    private static String point(String features) {
        return "{\"id\":\"m\",\"features\":" + features + "}";
    }

    private static String numbers(Random rng, int n) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append(rng.nextGaussian());
        }
        return out.append(']').toString();
    }

    private static String pick(Random rng, String... options) {
        return options[rng.nextInt(options.length)];
    }

    private void add(String name, RejectionReason reason, Function<Random, String> body) {
        malformed.add(new Kind(name, reason, body));
    }

    private void defineMalformedKinds() {
        RejectionReason malformedJson = RejectionReason.MALFORMED_JSON;
        // Bad JSON
        add("truncated", malformedJson, r -> {
            String full = "{\"id\":\"t\",\"features\":{\"x\":1.25,\"y\":-2.5},\"ts\":1700000000000}";
            return full.substring(0, 1 + r.nextInt(full.length() - 1));
        });
        add("not-json", malformedJson, r -> pick(r, "x=1,y=2", "<point x='1'/>", "{x:1,y:2}", "{'features':[1,2]}",
                "{\"features\":[1,2],}", "{\"features\":[1 2]}", "{\"features\":[1,2]", "{\"features\":[01,2]}",
                "{\"features\":[1,2]} // comment", "{\"features\":[.5,2]}"));
        add("not-an-object", malformedJson, r -> pick(r, "[1,2]", "\"a string\"", "42", "null", "true", "[]"));
        add("trailing-content", malformedJson, r -> point("[1,2]") + pick(r, "{}", "x", "[1]", point("[3,4]")));
        add("duplicate-key", malformedJson, r -> "{\"id\":\"d\",\"features\":[1,2],\"features\":[3,4]}");
        add("whitespace-only", malformedJson, r -> pick(r, " ", "\n\t ", "\r\n"));
        add("empty-value", malformedJson, r -> "");
        add("null-value", malformedJson, r -> null);
        add("binary-garbage", malformedJson, r -> null);
        add("deep-nesting", malformedJson, r -> {
            int depth = 1200 + r.nextInt(400); // beyond the parser's nesting limit (1,000)
            return "{\"id\":\"deep\",\"features\":[1,2],\"junk\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        });
        add("number-too-long", malformedJson, r -> point("[1" + "0".repeat(1200 + r.nextInt(200)) + ",2]"));
        // Empty or missing features
        add("empty-object", RejectionReason.MISSING_FEATURES, r -> pick(r, "{}", "{\"id\":\"e\"}", "{\"ts\":1}"));
        add("null-features", RejectionReason.MISSING_FEATURES, r -> point("null"));
        add("missing-feature", RejectionReason.MISSING_FEATURES, r -> point(pick(r, "{\"x\":1}", "{\"y\":2}", "{}")));
        // Wrong dimension and names
        add("wrong-dimension", RejectionReason.WRONG_DIMENSION, r -> {
            int n = r.nextInt(12);
            return point(numbers(r, n == 2 ? 3 : n));
        });
        add("unknown-feature", RejectionReason.UNKNOWN_FEATURE,
                r -> point(pick(r, "{\"x\":1,\"z\":2}", "{\"X\":1,\"y\":2}", "{\"x\":1,\"y\":2,\"w\":3}")));
        // NaN and infinities as numbers, and numbers beyond a double
        add("non-finite-number", RejectionReason.NON_FINITE, r -> point("[" + pick(r, "NaN", "Infinity", "-Infinity",
                "1e309", "-1e400", "2e308") + "," + pick(r, "1", "NaN") + "]"));
        // Finite, but beyond any measurement: it would overflow the standardizer's moments and the model
        add("huge-number", RejectionReason.HUGE_VALUE, r -> point("{\"x\":" + pick(r, "1e101", "-1e150", "1e200",
                "1.7e308", "-1.7976931348623157e308") + ",\"y\":1}"));
        // Wrong types
        add("string-numbers", RejectionReason.NON_NUMERIC, r -> point("[\"" + pick(r, "NaN", "Infinity", "1.5", "",
                "one") + "\",1]"));
        add("wrong-type-value", RejectionReason.NON_NUMERIC, r -> point("[" + pick(r, "true", "false", "null", "[1]",
                "{\"v\":1}") + ",1]"));
        add("wrong-type-features", RejectionReason.NON_NUMERIC, r -> point(pick(r, "\"1,2\"", "12", "true", "1.5")));
        add("nested-features", RejectionReason.NON_NUMERIC, r -> {
            int depth = 1 + r.nextInt(50);
            return point("[" + "[".repeat(depth) + "1" + "]".repeat(depth) + ",2]");
        });
        // Bad ids and timestamps
        add("bad-id", RejectionReason.BAD_ID, r -> "{\"id\":" + pick(r, "\"\"", "1.5", "true", "[\"a\"]",
                "{\"a\":1}", "\"" + "i".repeat(PointParser.MAX_ID_LENGTH + 1) + "\"", "\"\\ud800\"",
                "\"a\\udc00b\"") + ",\"features\":[1,2]}");
        // Control, format and separator characters: a NUL, a newline, a terminal escape, a right-to-left override
        add("unprintable-id", RejectionReason.BAD_ID, r -> "{\"id\":\"p" + pick(r, "\\u0000", "\\n", "\\t",
                "\\u001b[2J", "\\u007f", "\\u0085", "\\u200b", "\\u202e", "\\u2028", "\\ufeff")
                + "x\",\"features\":[1,2]}");
        add("bad-timestamp", RejectionReason.BAD_TIMESTAMP, r -> "{\"features\":[1,2],\"ts\":" + pick(r, "-1", "1.5",
                "\"2024-01-01\"", "true", "99999999999999999999999", "[1]") + "}");
        // Oversized: a valid point padded past the limit
        add("oversized", RejectionReason.TOO_LARGE, r -> "{\"id\":\"big\",\"features\":[1,2],\"pad\":\""
                + "p".repeat(maxPointBytes + r.nextInt(4096)) + "\"}");
    }
}
