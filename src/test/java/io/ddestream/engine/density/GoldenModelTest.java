package io.ddestream.engine.density;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A model file written by an earlier build (format version 1: a 2-d model of width 8, depth 2, 200 steps) still
 * loads and scores as it did then: users' saved models must outlive upgrades.
 */
class GoldenModelTest {

    @Test
    void shouldLoadAndScoreAModelSavedByAnEarlierBuild() throws IOException {
        DensityModel model;
        try (InputStream in = getClass().getResourceAsStream("/model/density-model-v1.ddesnap")) {
            model = DensityModelCodec.decode(in.readAllBytes());
        }
        assertThat(model.features()).isEqualTo(List.of("x", "y"));
        assertThat(model.provenance().steps()).isEqualTo(200);
        assertThat(model.provenance().build()).isEqualTo("golden-v1");
        // Values printed by the build that wrote the file.
        assertThat(model.logDensity(new double[][] {{0.5, 3.2}})[0]).isCloseTo(-3.0831560771728936, within(1e-6));
        assertThat(model.score(new double[] {0.5, 3.2}).pValue()).isCloseTo(0.835340265670419, within(1e-3));
        assertThat(model.threshold()).isCloseTo(4.818180559184689, within(1e-9));
        // Written before the standardization method and the sigma selection were recorded: moments, sigma given.
        assertThat(model.standardizer().method()).isEqualTo(Standardizer.Method.MOMENTS);
        assertThat(model.sigmaSelection()).isEmpty();
    }
}
