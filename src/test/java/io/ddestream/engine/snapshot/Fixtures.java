package io.ddestream.engine.snapshot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small snapshots shared by the tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** A small snapshot with metadata and one tensor of each type: a few hundred bytes encoded. */
    static Snapshot small() {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("logZ", -1.5);
        metadata.putArray("features").add("x").add("y");
        return Snapshot.builder("dde.density-model")
                .metadata(metadata)
                .tensor("layer0.weight", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6})
                .tensor("layer0.bias", new int[] {3}, new double[] {0.5, -0.5, 0.25})
                .build();
    }
}
