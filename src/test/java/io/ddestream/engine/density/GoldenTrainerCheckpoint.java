package io.ddestream.engine.density;

import io.ddestream.engine.dde.DenoisingLearner;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.Standardizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@value #RESOURCE}, the golden trainer checkpoint that {@link TrainerCheckpointTest} reads: a 2-d learner
 * of width 4, depth 1 after 3 denoising steps on fixed points, a frozen standardizer, model version 7 and a sigma
 * selection of two candidates (one failed). Run once, by hand, with the encoder of commit dab279f (before the codecs shared their fragments), when the file was first committed; run it again only
 * for a new format version (a new file), never to "fix" a failing test.
 *
 * <pre>java -cp target/test-classes:target/classes:$(deps) io.ddestream.engine.density.GoldenTrainerCheckpoint DIR</pre>
 */
final class GoldenTrainerCheckpoint {

    static final String RESOURCE = "/model/trainer-checkpoint-v1.ddesnap";

    private GoldenTrainerCheckpoint() {
    }

    static TrainerCheckpoint build() {
        TrainingConfig config = new TrainingConfig(4, 1, 4, 1e-2, SigmaSchedule.constant(0.5), 11, 1e4);
        DenoisingLearner learner = DenoisingLearner.create(2, config, DataType.FLOAT);
        float[][] points = {{0.1f, -0.2f}, {1.0f, 0.5f}, {-0.7f, 0.3f}, {0.2f, 1.1f}};
        for (int step = 0; step < 3; step++) {
            learner.learn(Nd4j.create(points));
        }
        SigmaSelection selection = new SigmaSelection(List.of(
                new SigmaSelection.Candidate(0.5, 0.85, 0.97, -2.25, true, null),
                new SigmaSelection.Candidate(5.0, Double.NaN, Double.NaN, Double.NaN, false, "training diverged")),
                0.5, SigmaSelection.RULE, 0.8, 1000, 50, 100, 1.5);
        return new TrainerCheckpoint(List.of("x", "y"), learner.state(),
                Standardizer.of(new double[] {2.5, -1.25}, new double[] {0.75, 3.0}), 7, selection);
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0], RESOURCE.substring(1));
        TrainerCheckpoint checkpoint = build();
        Files.write(file, checkpoint.encode());
        System.out.println(file + ": " + Files.size(file) + " bytes, steps " + checkpoint.learner().steps()
                + ", parameters[0] " + checkpoint.learner().parameters().getFloat(0)
                + ", averaged[0] " + checkpoint.learner().averagedParameters().getFloat(0)
                + ", optimizer[0] " + checkpoint.learner().optimizerState().getFloat(0)
                + ", optimizer[last] " + checkpoint.learner().optimizerState()
                .getFloat(checkpoint.learner().optimizerState().length() - 1));
    }
}
