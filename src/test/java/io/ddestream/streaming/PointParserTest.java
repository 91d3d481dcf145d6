package io.ddestream.streaming;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PointParserTest {

    private final PointParser parser = new PointParser(List.of("x", "y"), 200);

    private PointParser.Result parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), "t-0-5", 42L);
    }

    @Test
    void shouldReadAnArrayPointWithIdAndTimestamp() {
        assertThat(parse("{\"id\":\"a\",\"features\":[1.5,-2],\"ts\":1700000000000}"))
                .isEqualTo(new PointParser.Valid(new Point("a", new double[] {1.5, -2}, 1700000000000L)));
    }

    @Test
    void shouldPutObjectFeaturesInTheConfiguredOrder() {
        assertThat(parse("{\"features\":{\"y\":2,\"x\":1},\"extra\":{\"ignored\":[1]}}"))
                .isEqualTo(new PointParser.Valid(new Point("t-0-5", new double[] {1, 2}, 42L)));
    }

    @Test
    void shouldTakeAnIntegerIdAsTextAndNullIdOrTsAsAbsent() {
        assertThat(parse("{\"id\":17,\"features\":[0,0]}"))
                .isEqualTo(new PointParser.Valid(new Point("17", new double[] {0, 0}, 42L)));
        assertThat(parse("{\"id\":null,\"ts\":null,\"features\":[0,0]}"))
                .isEqualTo(new PointParser.Valid(new Point("t-0-5", new double[] {0, 0}, 42L)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                              | MALFORMED_JSON",
            "not json                                        | MALFORMED_JSON",
            "[1,2]                                           | MALFORMED_JSON",
            "{\"features\":[1,2]} trailing                   | MALFORMED_JSON",
            "{\"features\":[1,2],\"features\":[1,2]}         | MALFORMED_JSON",
            "{\"id\":\"a\"}                                  | MISSING_FEATURES",
            "{\"features\":null}                             | MISSING_FEATURES",
            "{\"features\":{\"x\":1}}                        | MISSING_FEATURES",
            "{\"features\":[1]}                              | WRONG_DIMENSION",
            "{\"features\":[1,2,3]}                          | WRONG_DIMENSION",
            "{\"features\":{\"x\":1,\"y\":2,\"z\":3}}        | UNKNOWN_FEATURE",
            "{\"features\":[1,\"2\"]}                        | NON_NUMERIC",
            "{\"features\":[1,null]}                         | NON_NUMERIC",
            "{\"features\":[1,[2]]}                          | NON_NUMERIC",
            "{\"features\":\"1,2\"}                          | NON_NUMERIC",
            "{\"features\":[1,NaN]}                          | NON_FINITE",
            "{\"features\":[1,-Infinity]}                    | NON_FINITE",
            "{\"features\":[1,1e999]}                        | NON_FINITE",
            "{\"id\":true,\"features\":[1,2]}                | BAD_ID",
            "{\"id\":\"\",\"features\":[1,2]}                | BAD_ID",
            "{\"id\":\"\\ud800\",\"features\":[1,2]}          | BAD_ID",
            "{\"id\":\"a\\udc00\",\"features\":[1,2]}         | BAD_ID",
            "{\"id\":\"a\\u0000b\",\"features\":[1,2]}        | BAD_ID",
            "{\"id\":\"line\\nbreak\",\"features\":[1,2]}     | BAD_ID",
            "{\"id\":\"\\u001b[31mred\",\"features\":[1,2]}    | BAD_ID",
            "{\"id\":\"del\\u007f\",\"features\":[1,2]}       | BAD_ID",
            "{\"id\":\"c1\\u0085\",\"features\":[1,2]}        | BAD_ID",
            "{\"id\":\"rtl\\u202egnp.exe\",\"features\":[1,2]} | BAD_ID",
            "{\"id\":\"zero\\u200bwidth\",\"features\":[1,2]} | BAD_ID",
            "{\"id\":\"nbsp\\u00a0\",\"features\":[1,2]}      | BAD_ID",
            "{\"id\":\"ls\\u2028\",\"features\":[1,2]}        | BAD_ID",
            "{\"id\":\"pua\\ue000\",\"features\":[1,2]}       | BAD_ID",
            "{\"id\":\"nonchar\\uffff\",\"features\":[1,2]}   | BAD_ID",
            "{\"features\":[1,1.0000001e100]}                | HUGE_VALUE",
            "{\"features\":{\"x\":-1.7e308,\"y\":0}}         | HUGE_VALUE",
            "{\"ts\":-1,\"features\":[1,2]}                  | BAD_TIMESTAMP",
            "{\"ts\":1.5,\"features\":[1,2]}                 | BAD_TIMESTAMP",
            "{\"ts\":99999999999999999999,\"features\":[1,2]}| BAD_TIMESTAMP",
    })
    void shouldRejectWithTheReason(String json, RejectionReason reason) {
        PointParser.Result result = parse(json);
        assertThat(result).isInstanceOf(PointParser.Invalid.class);
        PointParser.Invalid invalid = (PointParser.Invalid) result;
        assertThat(invalid.reason()).isEqualTo(reason);
        assertThat(invalid.detail()).isNotBlank();
    }

    @Test
    void shouldAcceptValuesUpToTheMagnitudeLimitAndIdsWithSurrogatePairs() {
        PointParser.Valid valid = (PointParser.Valid) parse("{\"id\":\"\\ud83d\\ude00\",\"features\":[1e100,-1e100]}");
        assertThat(valid.point().features()).containsExactly(PointParser.MAX_MAGNITUDE, -PointParser.MAX_MAGNITUDE);
        assertThat(valid.point().id()).isEqualTo(new String(Character.toChars(0x1F600)));
    }

    @Test
    void shouldAcceptPrintableIdsInAnyScriptWithSpacesAndNameTheFirstUnprintableCharacterOtherwise() {
        List<String> printable = List.of("p 17", "caf\u00e9-\u65e5\u672c", "\u0645\u0631\u062d\u0628\u0627",
                "a~!@#$%^&*()_+{}|:<>?");
        for (String id : printable) {
            String json = "{\"id\":\"" + id + "\",\"features\":[1,2]}";
            assertThat(parse(json)).as(id).isEqualTo(new PointParser.Valid(new Point(id, new double[] {1, 2}, 42L)));
        }
        PointParser.Invalid nul = (PointParser.Invalid) parse("{\"id\":\"ab\\u0000\",\"features\":[1,2]}");
        assertThat(nul.reason()).isEqualTo(RejectionReason.BAD_ID);
        assertThat(nul.detail()).isEqualTo("id has a character that is not printable, U+0000 at index 2");
        // The fallback id of a point without one (topic-partition-offset) is printable
        assertThat(PointParser.firstUnprintable("dde.points-3-1700")).isEqualTo(-1);
    }

    @Test
    void shouldRejectNullAndOversizedRecords() {
        assertThat(((PointParser.Invalid) parser.parse(null, "id", 0)).reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
        String big = "{\"features\":[1,2],\"pad\":\"" + "x".repeat(300) + "\"}";
        assertThat(((PointParser.Invalid) parse(big)).reason()).isEqualTo(RejectionReason.TOO_LARGE);
    }

    @Test
    void shouldNameTheProblemInTheDetail() {
        assertThat(((PointParser.Invalid) parse("{\"features\":{\"x\":1,\"q\":2}}")).detail())
                .contains("'q'").contains("[x, y]");
        assertThat(((PointParser.Invalid) parse("{\"features\":[1]}")).detail()).contains("expected 2").contains("got 1");
    }
}
