package io.ddestream.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the samples of a Prometheus text exposition (version 0.0.4): test code for checking what is exposed. */
public final class PrometheusText {

    /** One sample line: the series' name and labels, and its value as written. */
    public record Sample(String name, Map<String, String> labels, String value) {
    }

    private PrometheusText() {
    }

    public static List<Sample> samples(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            int valueStart;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int i = brace + 1;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String label = line.substring(i, eq).trim();
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2; // past ="
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char next = line.charAt(++j);
                            value.append(next == 'n' ? '\n' : next);
                        } else {
                            value.append(c);
                        }
                    }
                    labels.put(label, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                valueStart = i + 2;
            } else {
                name = line.substring(0, space);
                valueStart = space + 1;
            }
            String rest = line.substring(valueStart).trim();
            int end = rest.indexOf(' ');
            samples.add(new Sample(name, labels, end < 0 ? rest : rest.substring(0, end)));
        }
        return samples;
    }
}
