package io.ddestream.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Just enough of PromQL to find the series an expression reads: metric names, each with its equality label
 * matchers ({@code name{label="value"}}). Functions, aggregations, grouping lists ({@code by (le)}), durations
 * ({@code [5m]}), Grafana variables and strings are skipped. Test code: it backs the check that every Grafana panel
 * reads metrics the system really exposes.
 */
public final class PromQl {

    /** A metric a query reads, with the label values it requires ({@code =} matchers only). */
    public record Selector(String metric, Map<String, String> labels) {
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan");
    /** Aggregations may put their grouping first ({@code sum by (le) (...)}): never metric names. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

    private final String text;
    private int at;

    private PromQl(String text) {
        this.text = text;
    }

    /** The selectors of one expression, in order of appearance. */
    public static List<Selector> selectors(String expression) {
        return new PromQl(expression).scan();
    }

    private List<Selector> scan() {
        List<Selector> found = new ArrayList<>();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
            } else if (c == '[') {
                skipPast(']');
            } else if (c == '{') {
                // A selector without a name ({__name__=...}) is not used by the dashboards.
                labels();
            } else if (c == '$') {
                at++;
                identifier();
            } else if (Character.isDigit(c) || c == '.') {
                number();
            } else if (isIdentifierStart(c)) {
                String word = identifier();
                int afterWord = at;
                skipSpaces();
                boolean call = at < text.length() && text.charAt(at) == '(';
                String lower = word.toLowerCase(java.util.Locale.ROOT);
                if (KEYWORDS.contains(lower)) {
                    if (call) {
                        skipPast(')'); // by (le), on (instance), ...
                    }
                } else if (!call && !AGGREGATIONS.contains(lower)) {
                    Map<String, String> labels = Map.of();
                    if (at < text.length() && text.charAt(at) == '{') {
                        labels = labels();
                    } else {
                        at = afterWord;
                    }
                    found.add(new Selector(word, labels));
                }
            } else {
                at++;
            }
        }
        return found;
    }

    private Map<String, String> labels() {
        Map<String, String> equal = new LinkedHashMap<>();
        at++; // '{'
        while (at < text.length() && text.charAt(at) != '}') {
            skipSpaces();
            if (text.charAt(at) == ',') {
                at++;
                continue;
            }
            String label = identifier();
            skipSpaces();
            int opStart = at;
            while (at < text.length() && "=!~".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String op = text.substring(opStart, at);
            skipSpaces();
            char quote = text.charAt(at);
            int valueStart = at + 1;
            skipString(quote);
            String value = text.substring(valueStart, at - 1);
            if (op.equals("=")) {
                equal.put(label, value);
            }
            skipSpaces();
        }
        at++; // '}'
        return equal;
    }

    private String identifier() {
        int start = at;
        while (at < text.length() && (isIdentifierStart(text.charAt(at)) || Character.isDigit(text.charAt(at)))) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("expected a name at " + at + " in: " + text);
        }
        return text.substring(start, at);
    }

    private void number() {
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
            at++;
        }
    }

    private void skipString(char quote) {
        at++;
        while (at < text.length() && text.charAt(at) != quote) {
            at += text.charAt(at) == '\\' ? 2 : 1;
        }
        at++;
    }

    private void skipPast(char close) {
        while (at < text.length() && text.charAt(at) != close) {
            at++;
        }
        at++;
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }
}
